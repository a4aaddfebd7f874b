// ApiKeyKeychain against a real Secret Service: gnome-keyring-daemon in a private D-Bus session, started by
// tests/support/with-secret-service (see tests/unit/CMakeLists.txt). Never run against a user's own session:
// the test refuses to start outside the wrapper.

#include "config/apikeykeychain.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QSignalSpy>
#include <QTest>

namespace {

// Distinctive, so that a message quoting it would be noticed.
const QString kKey = QStringLiteral("vs-test-key-7Hq2ZpX9wL");

bool mentions(const Error &error, const QString &text)
{
    return error.message.contains(text) || error.detail.contains(text);
}

} // namespace

class TestApiKeyKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // with-secret-service puts the keyring under a temporary XDG_DATA_HOME; a keyring under the user's
        // home would mean the wrapper was not used.
        const QString data = qEnvironmentVariable("XDG_DATA_HOME");
        QVERIFY2(data.contains(QLatin1String("versionscope-keyring.")),
                 "run this test through tests/support/with-secret-service (ctest does)");
    }

    void entryNameIsTheProfile_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("entry");
        QTest::newRow("named") << QStringLiteral("prod") << QStringLiteral("prod");
        QTest::newRow("unnamed is default") << QString() << QStringLiteral("default");
    }
    void entryNameIsTheProfile()
    {
        QFETCH(QString, profile);
        QFETCH(QString, entry);
        QCOMPARE(ApiKeyKeychain::entryName(profile), entry);
        QCOMPARE(ApiKeyKeychain::serviceName(), QStringLiteral("versionscope"));
    }

    void storeReadRemove_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("key");
        QTest::newRow("ascii") << QStringLiteral("alpha") << kKey;
        QTest::newRow("unicode profile and key")
            << QStringLiteral("prod-\u00e9") << QStringLiteral("cl\u00e9-\u4e2d\u6587-") + kKey;
        QTest::newRow("long key (a JWT is about 1 KB)")
            << QStringLiteral("jwt") << QString(4096, QLatin1Char('k'));
        QTest::newRow("spaces and quotes kept")
            << QStringLiteral("quoted") << QStringLiteral(" a \"b\" 'c' ") + kKey;
    }
    void storeReadRemove()
    {
        QFETCH(QString, profile);
        QFETCH(QString, key);
        const Result<Done> stored = ApiKeyKeychain::storeNow(profile, key);
        QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().toString()));
        const Result<QString> read = ApiKeyKeychain::readNow(profile);
        QVERIFY2(read, qPrintable(read ? QString() : read.error().toString()));
        QCOMPARE(read.value(), key);
        QVERIFY(ApiKeyKeychain::removeNow(profile));
        const Result<QString> gone = ApiKeyKeychain::readNow(profile);
        QVERIFY(!gone);
        QCOMPARE(gone.error().reason, QStringLiteral("keychain-no-entry"));
    }

    void storeReplacesAndProfilesAreSeparate()
    {
        QVERIFY(ApiKeyKeychain::storeNow(QStringLiteral("one"), QStringLiteral("first-") + kKey));
        QVERIFY(ApiKeyKeychain::storeNow(QStringLiteral("two"), QStringLiteral("second-") + kKey));
        QVERIFY(ApiKeyKeychain::storeNow(QStringLiteral("one"), QStringLiteral("replaced-") + kKey));
        QCOMPARE(ApiKeyKeychain::readNow(QStringLiteral("one")).value(), QStringLiteral("replaced-") + kKey);
        QCOMPARE(ApiKeyKeychain::readNow(QStringLiteral("two")).value(), QStringLiteral("second-") + kKey);
        QVERIFY(ApiKeyKeychain::removeNow(QStringLiteral("one")));
        QCOMPARE(ApiKeyKeychain::readNow(QStringLiteral("two")).value(), QStringLiteral("second-") + kKey);
        QVERIFY(ApiKeyKeychain::removeNow(QStringLiteral("two")));
    }

    void missingEntryIsNamed()
    {
        const Result<QString> read = ApiKeyKeychain::readNow(QStringLiteral("never-stored"));
        QVERIFY(!read);
        QCOMPARE(read.error().reason, QStringLiteral("keychain-no-entry"));
        QVERIFY2(read.error().message.contains(QLatin1String("never-stored")),
                 qPrintable(read.error().message));
        QVERIFY2(read.error().detail.contains(QLatin1String("keychain set --profile never-stored")),
                 qPrintable(read.error().detail));
    }

    void removingWhatIsNotThereSucceeds()
    {
        QVERIFY(ApiKeyKeychain::removeNow(QStringLiteral("never-stored")));
    }

    // The window's form: the answer comes later, from the event loop, on the context's thread.
    void readAnswersFromTheEventLoop()
    {
        QVERIFY(ApiKeyKeychain::storeNow(QStringLiteral("async"), kKey));
        QObject context;
        std::optional<Result<QString>> answer;
        int calls = 0;
        ApiKeyKeychain::read(QStringLiteral("async"), &context, [&](const Result<QString> &result) {
            ++calls;
            answer = result;
        });
        QCOMPARE(calls, 0);
        QTRY_COMPARE(calls, 1);
        QVERIFY(answer && answer->isOk());
        QCOMPARE(answer->value(), kKey);
        // Exactly once.
        QTest::qWait(50);
        QCOMPARE(calls, 1);
        QVERIFY(ApiKeyKeychain::removeNow(QStringLiteral("async")));
    }

    void aGoneContextGetsNoAnswer()
    {
        QVERIFY(ApiKeyKeychain::storeNow(QStringLiteral("gone"), kKey));
        int calls = 0;
        {
            QObject context;
            ApiKeyKeychain::read(QStringLiteral("gone"), &context, [&](const Result<QString> &) { ++calls; });
        }
        // A later job finishes after the first one (the Secret Service answers in order).
        QVERIFY(ApiKeyKeychain::readNow(QStringLiteral("gone")));
        QCOMPARE(calls, 0);
        QVERIFY(ApiKeyKeychain::removeNow(QStringLiteral("gone")));
    }

    // Last: the keyring stays locked (unlocking needs a prompt, which a test session does not have).
    void lockedKeychainIsNamed()
    {
        QVERIFY(ApiKeyKeychain::storeNow(QStringLiteral("locked"), kKey));
        QDBusMessage lock = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
            QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("Lock"));
        lock << QVariant::fromValue(QList<QDBusObjectPath>{
            QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/collection/login"))});
        const QDBusMessage reply = QDBusConnection::sessionBus().call(lock);
        QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));

        const Result<QString> read = ApiKeyKeychain::readNow(QStringLiteral("locked"));
        QVERIFY(!read);
        QCOMPARE(read.error().reason, QStringLiteral("keychain-locked"));
        QVERIFY(!mentions(read.error(), kKey));
        const Result<Done> stored =
            ApiKeyKeychain::storeNow(QStringLiteral("locked"), QStringLiteral("new-") + kKey);
        QVERIFY(!stored);
        QCOMPARE(stored.error().reason, QStringLiteral("keychain-locked"));
        QVERIFY(!mentions(stored.error(), kKey));
    }
};

QTEST_GUILESS_MAIN(TestApiKeyKeychain)
#include "tst_apikeykeychain.moc"
