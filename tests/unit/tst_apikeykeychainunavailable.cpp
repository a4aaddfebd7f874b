// ApiKeyKeychain where no Secret Service can be reached: a private D-Bus session without one
// (tests/support/with-secret-service --no-secret-service), or a session bus address that leads nowhere. Every
// operation fails with "keychain-unavailable", quickly, and says what is missing.

#include "config/apikeykeychain.h"

#include <QElapsedTimer>
#include <QTest>

class TestApiKeyKeychainUnavailable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Never the user's own session bus: only a private one or none.
        const QString data = qEnvironmentVariable("XDG_DATA_HOME");
        const QString bus = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        QVERIFY2(data.contains(QLatin1String("versionscope-keyring.")) ||
                     bus.contains(QLatin1String("nowhere")),
                 "run this test as ctest registers it");
    }

    void everyOperationSaysTheKeychainIsUnavailable_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::newRow("read") << QStringLiteral("read");
        QTest::newRow("store") << QStringLiteral("store");
        QTest::newRow("remove") << QStringLiteral("remove");
    }
    void everyOperationSaysTheKeychainIsUnavailable()
    {
        QFETCH(QString, operation);
        const QString key = QStringLiteral("vs-unavailable-key-Q8rT");
        QElapsedTimer timer;
        timer.start();
        Error error;
        if (operation == QLatin1String("read")) {
            const Result<QString> result = ApiKeyKeychain::readNow(QStringLiteral("prod"), 20000);
            QVERIFY(!result);
            error = result.error();
        } else {
            const Result<Done> result = operation == QLatin1String("store")
                                            ? ApiKeyKeychain::storeNow(QStringLiteral("prod"), key, 20000)
                                            : ApiKeyKeychain::removeNow(QStringLiteral("prod"), 20000);
            QVERIFY(!result);
            error = result.error();
        }
        QCOMPARE(error.reason, QStringLiteral("keychain-unavailable"));
        QVERIFY2(error.message.contains(QLatin1String("session bus")), qPrintable(error.message));
        QVERIFY(!error.message.contains(key) && !error.detail.contains(key));
        // Not the timeout: the missing service is known at once.
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestApiKeyKeychainUnavailable)
#include "tst_apikeykeychainunavailable.moc"
