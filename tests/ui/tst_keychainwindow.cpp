// The window and the system keychain, against a real Secret Service (gnome-keyring-daemon in a private D-Bus
// session, tests/support/with-secret-service): "Keep the API key in the system keychain" in the connection
// dialog stores the typed key there, the session gets it back from the keychain, and the window's settings
// file only says where the key is. No Temporal server is needed: the address leads nowhere, and what is
// checked happens before and apart from any call.

#include "config/apikeykeychain.h"
#include "dialogs/connectiondialog.h"
#include "dialogs/previewdialog.h"
#include "session/namespacesession.h"
#include "window/mainwindow.h"
#include "window/windowmenus.h"
#include "window/windowsettings.h"

#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kKey = QStringLiteral("vs-window-key-R5tY2kP0");
}

class TestKeychainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcessEnvironment m_environment;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("XDG_DATA_HOME").contains(QLatin1String("versionscope-keyring.")),
                 "run this test through tests/support/with-secret-service (ctest does)");
        m_environment.insert(QStringLiteral("HOME"), m_dir.path());
        m_environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"),
                             m_dir.filePath(QStringLiteral("temporal.toml")));
        m_environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
                             m_dir.filePath(QStringLiteral("versionscope.toml")));
        m_environment.insert(QStringLiteral("VERSIONSCOPE_HISTORY"),
                             m_dir.filePath(QStringLiteral("history.sqlite")));
    }

    void dialogStoresTheKeyInTheKeychainOnly()
    {
        const QString settingsFile = m_dir.filePath(QStringLiteral("window.conf"));
        ConnectionOverrides start;
        start.address = QStringLiteral("127.0.0.1:1");
        {
            WindowSettings settings(settingsFile);
            MainWindow window(&settings, start, m_environment);
            window.findChild<WindowMenus *>()->connectAction()->trigger();
            auto *dialog = window.findChild<ConnectionDialog *>();
            QVERIFY(dialog);
            dialog->findChild<QLineEdit *>(QStringLiteral("apiKey"))->setText(kKey);
            dialog->findChild<QCheckBox *>(QStringLiteral("keepKeyInKeychain"))->setChecked(true);
            dialog->accept();

            // Stored, then read back for the session.
            QTRY_VERIFY(window.session() && window.session()->settings().apiKey == kKey);
            QCOMPARE(window.session()->settings().apiKeyOrigin, SettingOrigin::Keychain);
            const Result<QString> stored = ApiKeyKeychain::readNow(QStringLiteral("default"));
            QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().toString()));
            QCOMPARE(stored.value(), kKey);
        }
        QFile file(settingsFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(written.contains("apiKeyFromKeychain=true"));
        QVERIFY2(!written.contains(kKey.toUtf8()), written.constData());

        // Next start: the remembered choice reads the key from the keychain again.
        WindowSettings settings(settingsFile);
        MainWindow again(&settings, start, m_environment);
        QTRY_VERIFY(again.session() && again.session()->settings().apiKey == kKey);

        // Without the entry the window says so and starts no session with a missing key.
        QVERIFY(ApiKeyKeychain::removeNow(QStringLiteral("default")));
        MainWindow third(&settings, start, m_environment);
        QTRY_VERIFY2(third.explanationText().contains(QLatin1String("has no API key for profile")),
                     qPrintable(third.explanationText()));
        QVERIFY(!third.session());
    }
};

QTEST_MAIN(TestKeychainWindow)
#include "tst_keychainwindow.moc"
