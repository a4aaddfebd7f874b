#include "dialogs/connectiondialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

// The connection dialog offers Temporal's profiles and resolves what is typed exactly as the CLI would.
class TestConnectionDialog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcessEnvironment m_environment;

private Q_SLOTS:
    void initTestCase()
    {
        const QString config = m_dir.filePath(QStringLiteral("temporal.toml"));
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[profile.default]\naddress = \"127.0.0.1:7233\"\n\n"
                   "[profile.staging]\naddress = \"staging.example:7233\"\nnamespace = \"payments\"\n");
        file.close();
        m_environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"), config);
        m_environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
                             m_dir.filePath(QStringLiteral("none.toml")));
    }

    void offersProfilesAndResolvesThem()
    {
        ConnectionDialog dialog(ConnectionOverrides(), m_environment);
        auto *profile = dialog.findChild<QComboBox *>(QStringLiteral("profile"));
        QVERIFY(profile);
        QCOMPARE(profile->count(), 3); // (environment and defaults), default, staging
        profile->setCurrentIndex(profile->findData(QStringLiteral("staging")));
        QVERIFY(dialog.resolved().isOk());
        QCOMPARE(dialog.resolved().value().address, QString("staging.example:7233"));
        QCOMPARE(dialog.resolved().value().namespaceName, QString("payments"));
        QVERIFY(
            dialog.findChild<QLabel *>(QStringLiteral("resolved"))->text().contains("staging.example:7233"));

        // What is typed wins over the profile, as a flag does.
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("namespace")), "orders-ns");
        QCOMPARE(dialog.resolved().value().namespaceName, QString("orders-ns"));
        QCOMPARE(dialog.overrides().profile.value_or(QString()), QString("staging"));
        QCOMPARE(dialog.overrides().address.has_value(), false);
    }

    void apiKeyIsHiddenAndImpliesTls()
    {
        ConnectionOverrides current;
        current.address = QStringLiteral("cloud.example:7233");
        ConnectionDialog dialog(current, m_environment);
        auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("apiKey"));
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        QTest::keyClicks(key, "k-123");
        QCOMPARE(dialog.overrides().apiKey.value_or(QString()), QString("k-123"));
        QVERIFY(dialog.resolved().value().tls.enabled);
        // The summary never shows the key itself.
        QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("resolved"))->text().contains("k-123"));
    }

    // With the keychain box checked, a typed key is handed over for the keychain and the connection reads it
    // from there: the overrides the window keeps (and remembers) never hold it.
    void keyForTheKeychainStaysOutOfTheOverrides()
    {
        ConnectionOverrides current;
        current.address = QStringLiteral("cloud.example:7233");
        ConnectionDialog dialog(current, m_environment);
        auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("apiKey"));
        auto *keep = dialog.findChild<QCheckBox *>(QStringLiteral("keepKeyInKeychain"));
        QVERIFY(keep);
        QVERIFY(!keep->isChecked());
        QTest::keyClicks(key, "k-kept-456");
        QVERIFY(!dialog.keyForKeychain());
        keep->setChecked(true);
        QCOMPARE(dialog.keyForKeychain().value_or(QString()), QString("k-kept-456"));
        const ConnectionOverrides overrides = dialog.overrides();
        QVERIFY(!overrides.apiKey);
        QCOMPARE(overrides.apiKeyFromKeychain.value_or(false), true);
        const Result<ConnectionSettings> resolved = dialog.resolved();
        QVERIFY2(resolved.isOk(), qPrintable(resolved.isOk() ? QString() : resolved.error().toString()));
        QCOMPARE(resolved.value().apiKeyOrigin, SettingOrigin::Keychain);
        QCOMPARE(resolved.value().profile, QString("default"));
        QVERIFY(resolved.value().apiKey.isEmpty());
        QVERIFY(resolved.value().tls.enabled);
        const QString summary = dialog.findChild<QLabel *>(QStringLiteral("resolved"))->text();
        QVERIFY2(summary.contains("API key from the keychain"), qPrintable(summary));
        QVERIFY(!summary.contains("k-kept-456"));

        // Reopened from what the window remembered: still the keychain, an empty field.
        ConnectionDialog again(overrides, m_environment);
        QVERIFY(again.findChild<QCheckBox *>(QStringLiteral("keepKeyInKeychain"))->isChecked());
        QVERIFY(again.findChild<QLineEdit *>(QStringLiteral("apiKey"))->text().isEmpty());
        QVERIFY(!again.keyForKeychain());
        QCOMPARE(again.overrides().apiKeyFromKeychain.value_or(false), true);
    }

    void tlsFilesAreTakenAsTheCliTakesThem()
    {
        ConnectionDialog dialog(ConnectionOverrides(), m_environment);
        dialog.findChild<QLineEdit *>(QStringLiteral("address"))->setText(QStringLiteral("x.example:7233"));
        QVERIFY(!dialog.resolved().value().tls.enabled);
        dialog.findChild<QLineEdit *>(QStringLiteral("caPath"))->setText(QStringLiteral("/etc/ca.pem"));
        dialog.findChild<QLineEdit *>(QStringLiteral("serverName"))
            ->setText(QStringLiteral("frontend.internal"));
        const ConnectionSettings settings = dialog.resolved().value();
        // Any TLS setting turns TLS on, as in versionscope-cli.
        QVERIFY(settings.tls.enabled);
        QCOMPARE(settings.tls.serverCaCertPath, QString("/etc/ca.pem"));
        QCOMPARE(settings.tls.serverName, QString("frontend.internal"));
        QCOMPARE(dialog.overrides().tlsCaPath.value_or(QString()), QString("/etc/ca.pem"));
    }
};

QTEST_MAIN(TestConnectionDialog)
#include "tst_connectiondialog.moc"
