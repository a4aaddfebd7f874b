// versionscope-cli keychain set | status | delete, and --api-key-from-keychain, against a real Secret Service
// (gnome-keyring-daemon in a private D-Bus session, tests/support/with-secret-service). The key goes in on
// standard input and is never printed. Nothing here talks to Temporal: a keychain problem stops a command
// before it connects.

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray kKey = "vs-cli-key-M3nB8vQ1";

struct Output
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestKeychainCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    Output cli(const QStringList &arguments, const QByteArray &input = {})
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // No profile of the user's, no TEMPORAL_* from the caller.
        environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"),
                           m_dir.filePath(QStringLiteral("temporal.toml")));
        environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
                           m_dir.filePath(QStringLiteral("versionscope.toml")));
        for (const QString &name : environment.keys()) {
            if (name.startsWith(QLatin1String("TEMPORAL_")) && !name.endsWith(QLatin1String("CONFIG_FILE")))
                environment.remove(name);
        }
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(VERSIONSCOPE_CLI_PATH), arguments);
        if (!process.waitForStarted(10000))
            return {};
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(60000))
            process.kill();
        const Output output{process.exitCode(), process.readAllStandardOutput(),
                            process.readAllStandardError()};
        return output;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("XDG_DATA_HOME").contains(QLatin1String("versionscope-keyring.")),
                 "run this test through tests/support/with-secret-service (ctest does)");
    }

    void setStatusDelete()
    {
        const QStringList profile{QStringLiteral("--profile"), QStringLiteral("prod")};
        Output output = cli(QStringList{QStringLiteral("keychain"), QStringLiteral("status")} + profile);
        QCOMPARE(output.exitCode, 1);
        QVERIFY2(output.out.contains("has no API key for profile \"prod\""), output.out.constData());

        // A pasted key often ends with a newline or a space.
        output = cli(QStringList{QStringLiteral("keychain"), QStringLiteral("set")} + profile, kKey + " \n");
        QVERIFY2(output.exitCode == 0, output.err.constData());
        QVERIFY(output.out.contains("stored the API key of profile \"prod\""));

        output = cli(QStringList{QStringLiteral("keychain"), QStringLiteral("status")} + profile);
        QCOMPARE(output.exitCode, 0);
        QVERIFY2(output.out.contains(QByteArray("has an API key for profile \"prod\"") +
                                     " (service versionscope, "
                                     "entry \"prod\", " +
                                     QByteArray::number(kKey.size()) + " characters long)"),
                 output.out.constData());
        output = cli(QStringList{QStringLiteral("keychain"), QStringLiteral("status"), QStringLiteral("-o"),
                                 QStringLiteral("json")} +
                     profile);
        QVERIFY(output.out.contains("\"present\": true"));
        // Another profile has none.
        output = cli({QStringLiteral("keychain"), QStringLiteral("status")});
        QCOMPARE(output.exitCode, 1);
        QVERIFY(output.out.contains("profile \"default\""));

        output = cli(QStringList{QStringLiteral("keychain"), QStringLiteral("delete")} + profile);
        QCOMPARE(output.exitCode, 0);
        QVERIFY(output.out.contains("deleted the API key of profile \"prod\""));
        output = cli(QStringList{QStringLiteral("keychain"), QStringLiteral("delete")} + profile);
        QCOMPARE(output.exitCode, 0);
        QVERIFY(output.out.contains("nothing to delete"));
    }

    void keyNeverOnTheCommandLineNorEmpty()
    {
        Output output = cli({QStringLiteral("keychain"), QStringLiteral("set"), QStringLiteral("--api-key"),
                             QString::fromLatin1(kKey)});
        QCOMPARE(output.exitCode, 2);
        QVERIFY(output.err.contains("reads the key from standard input"));
        QVERIFY(!output.err.contains(kKey) && !output.out.contains(kKey));
        output = cli({QStringLiteral("keychain"), QStringLiteral("set")}, "  \n");
        QCOMPARE(output.exitCode, 1);
        QVERIFY(output.err.contains("no API key on standard input"));
        QCOMPARE(cli({QStringLiteral("keychain"), QStringLiteral("status")}).exitCode, 1);
        output = cli({QStringLiteral("keychain"), QStringLiteral("unlock")});
        QCOMPARE(output.exitCode, 2);
    }

    // The key is read before anything is sent; a missing entry stops the command and says how to add one.
    void missingEntryStopsTheConnection_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("versionscopeToml");
        QTest::newRow("flag") << QStringList{QStringLiteral("--api-key-from-keychain")} << QByteArray();
        QTest::newRow("profile") << QStringList{}
                                 << QByteArray("[profile.default]\napi_key_source = \"keychain\"\n");
    }
    void missingEntryStopsTheConnection()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, versionscopeToml);
        QFile file(m_dir.filePath(QStringLiteral("versionscope.toml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(versionscopeToml);
        file.close();
        // Port 1: were anything sent, the message would be about the connection.
        const Output output =
            cli(arguments + QStringList{QStringLiteral("--address"), QStringLiteral("127.0.0.1:1"),
                                        QStringLiteral("task-queue"), QStringLiteral("get-build-ids"),
                                        QStringLiteral("-t"), QStringLiteral("q")});
        QFile::remove(file.fileName());
        QCOMPARE(output.exitCode, 1);
        QVERIFY2(output.err.contains("error: the system keychain has no API key for profile \"default\""),
                 output.err.constData());
        QVERIFY(output.err.contains("versionscope-cli keychain set --profile default"));
    }
};

QTEST_GUILESS_MAIN(TestKeychainCli)
#include "tst_keychaincli.moc"
