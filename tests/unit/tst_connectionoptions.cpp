#include "cliinvocation.h"
#include "config/connectionoptions.h"
#include "guioptions.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// versionscope and versionscope-cli take the same connection flags, check them the same way and describe
// them with the same help.
class TestConnectionOptions : public QObject
{
    Q_OBJECT

    static QString collapsed(QString text) { return text.replace(QRegularExpression("\\s+"), " "); }

private Q_SLOTS:
    void sameFlagsSameOverrides_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<ConnectionOverrides>("expected");

        ConnectionOverrides none;
        QTest::newRow("nothing") << QStringList{} << none;

        ConnectionOverrides basic;
        basic.address = "temporal.internal:7233";
        basic.namespaceName = "payments";
        QTest::newRow("address and -n")
            << QStringList{"--address", "temporal.internal:7233", "-n", "payments"} << basic;
        QTest::newRow("single-dash long")
            << QStringList{"-address", "temporal.internal:7233", "--namespace", "payments"} << basic;

        ConnectionOverrides tlsOff;
        tlsOff.apiKey = "k";
        tlsOff.tls = false;
        tlsOff.allowInsecureApiKey = true;
        QTest::newRow("--tls=false") << QStringList{"--api-key", "k", "--tls=false",
                                                    "--allow-insecure-api-key"}
                                     << tlsOff;

        ConnectionOverrides keychain;
        keychain.apiKeyFromKeychain = true;
        keychain.profile = "prod";
        QTest::newRow("api key from the keychain")
            << QStringList{"--api-key-from-keychain", "--profile", "prod"} << keychain;

        ConnectionOverrides mtls;
        mtls.tls = true;
        mtls.tlsCertPath = "/c.pem";
        mtls.tlsKeyPath = "/k.pem";
        mtls.tlsCaPath = "/ca.pem";
        mtls.tlsServerName = "prod.example";
        mtls.tlsDisableHostVerification = true;
        QTest::newRow("mtls") << QStringList{"--tls",        "--tls-cert-path",
                                             "/c.pem",       "--tls-key-path",
                                             "/k.pem",       "--tls-ca-path",
                                             "/ca.pem",      "--tls-server-name",
                                             "prod.example", "--tls-disable-host-verification"}
                              << mtls;

        ConnectionOverrides rest;
        rest.profile = "prod";
        rest.configFile = "/etc/temporal.toml";
        rest.grpcMeta = {{"x-team", "pay"}, {"x-env", "a=b"}};
        rest.callTimeoutMs = 30000;
        rest.maxSets = 20;
        rest.maxBuildIds = 0;
        rest.maxBuildIdLength = 64;
        QTest::newRow("profile, meta, timeout, limits")
            << QStringList{"--profile",         "prod",       "--config-file",         "/etc/temporal.toml",
                           "--grpc-meta",       "x-team=pay", "--grpc-meta",           "x-env=a=b",
                           "--command-timeout", "30",         "--version-set-limit",   "20",
                           "--build-id-limit",  "0",          "--build-id-max-length", "64"}
            << rest;
    }

    void sameFlagsSameOverrides()
    {
        QFETCH(QStringList, arguments);
        QFETCH(ConnectionOverrides, expected);
        const Result<CliInvocation> cli = parseCliArguments(arguments);
        QVERIFY2(cli.isOk(), qPrintable(cli.isOk() ? QString() : cli.error().message));
        const Result<GuiOptions> gui = parseGuiArguments(arguments);
        QVERIFY2(gui.isOk(), qPrintable(gui.isOk() ? QString() : gui.error().message));
        QVERIFY(cli.value().connection == expected);
        QVERIFY(gui.value().connection == expected);
    }

    void sameValidation_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");

        QTest::newRow("zero timeout")
            << QStringList{"--command-timeout", "0"}
            << "--command-timeout takes a whole number from 1 to 2147483, not \"0\"";
        QTest::newRow("negative timeout")
            << QStringList{"--command-timeout", "-5"}
            << "--command-timeout takes a whole number from 1 to 2147483, not \"-5\"";
        QTest::newRow("timeout overflowing milliseconds")
            << QStringList{"--command-timeout", "3000000"}
            << "--command-timeout takes a whole number from 1 to 2147483, not \"3000000\"";
        QTest::newRow("words for a timeout")
            << QStringList{"--command-timeout", "ten\n"}
            << "--command-timeout takes a whole number from 1 to 2147483, not "
               "\"ten\\n\"";
        QTest::newRow("negative limit")
            << QStringList{"--version-set-limit", "-1"}
            << "--version-set-limit takes a whole number from 0 to 2147483647, not \"-1\"";
        QTest::newRow("key and keychain") << QStringList{"--api-key", "k", "--api-key-from-keychain"}
                                          << "--api-key and --api-key-from-keychain contradict each other";
        QTest::newRow("meta without value")
            << QStringList{"--grpc-meta", "x-team"} << "--grpc-meta takes KEY=VALUE, not \"x-team\"";
        QTest::newRow("meta without key")
            << QStringList{"--grpc-meta", "=v\x1b"} << "--grpc-meta takes KEY=VALUE, not \"=v\\u{1B}\"";
    }

    void sameValidation()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Result<CliInvocation> cli = parseCliArguments(arguments);
        QVERIFY(!cli.isOk());
        QCOMPARE(cli.error().message, message);
        const Result<GuiOptions> gui = parseGuiArguments(arguments);
        QVERIFY(!gui.isOk());
        QCOMPARE(gui.error().message, message);
    }

    void sameHelp()
    {
        const QString cli = collapsed(parseCliArguments({"--help"}).value().helpText);
        const QString gui = collapsed(parseGuiArguments({"--help"}).value().helpText);
        const ConnectionOptions connection;
        for (const QCommandLineOption &option : connection.options()) {
            const QString description = collapsed(option.description());
            QVERIFY2(cli.contains(description), qPrintable(description));
            QVERIFY2(gui.contains(description), qPrintable(description));
            QString spelled = "--" + option.names().constLast();
            if (!option.valueName().isEmpty())
                spelled += " <" + option.valueName() + ">";
            QVERIFY2(cli.contains(spelled), qPrintable(spelled));
            QVERIFY2(gui.contains(spelled), qPrintable(spelled));
        }
        QVERIFY(cli.contains("--allow-insecure-api-key"));
    }

    // The equivalent command, run by a real shell with the same variables, parses back into settings that
    // reach the same server the same way.
    void equivalentCommandRunsAsPrinted_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("environmentEntries");
        QTest::newRow("plain") << QStringList{"--address", "temporal.internal:7233", "-n", "payments"}
                               << QStringList{};
        QTest::newRow("api key from a flag")
            << QStringList{"--address", "[::1]:7233", "--api-key", "k$y'1\"", "--grpc-meta", "x-team=p q"}
            << QStringList{"TEMPORAL_API_KEY=k$y'1\"", "TEMPORAL_GRPC_META_X_TEAM=p q"};
        QTest::newRow("api key from the environment, insecure")
            << QStringList{"--tls=false", "--allow-insecure-api-key", "-n", "it's"}
            << QStringList{"TEMPORAL_API_KEY=secret"};
        QTest::newRow("api key from the keychain")
            << QStringList{"--api-key-from-keychain", "--tls=false", "--allow-insecure-api-key"}
            << QStringList{"TEMPORAL_API_KEY=secret"};
        QTest::newRow("mtls paths with spaces") << QStringList{"--tls-cert-path",
                                                               "/certs/my client.pem",
                                                               "--tls-key-path",
                                                               "/certs/$key",
                                                               "--tls-server-name",
                                                               "t.example",
                                                               "--tls-disable-host-verification"}
                                                << QStringList{};
    }

    void equivalentCommandRunsAsPrinted()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, environmentEntries);
        QTemporaryDir home;
        QProcessEnvironment environment;
        environment.insert("HOME", home.path());
        environment.insert("USER", "alice");
        for (const QString &entry : environmentEntries)
            environment.insert(entry.section('=', 0, 0), entry.section('=', 1));

        const Result<CliInvocation> first = parseCliArguments(arguments);
        QVERIFY(first.isOk());
        const auto settings = ConnectionSettingsResolver::resolve(first.value().connection, environment);
        QVERIFY2(settings.isOk(), qPrintable(settings.isOk() ? QString() : settings.error().message));
        const QStringList words = settings.value().commandLineArguments();
        QVERIFY(!words.join(' ').contains("secret"));

        // The shell splits and expands the words; printf hands them back one per NUL.
        QProcess shell;
        shell.setProcessEnvironment(environment);
        shell.start("sh", {"-c", "printf '%s\\0' " + words.join(' ')});
        QVERIFY(shell.waitForFinished(10000));
        QCOMPARE(shell.exitCode(), 0);
        QStringList again = QString::fromUtf8(shell.readAllStandardOutput()).split(QChar(0));
        again.removeLast();

        const Result<CliInvocation> second = parseCliArguments(again);
        QVERIFY2(second.isOk(), qPrintable(again.join(" | ")));
        const auto resolvedAgain =
            ConnectionSettingsResolver::resolve(second.value().connection, environment);
        QVERIFY2(resolvedAgain.isOk(),
                 qPrintable(resolvedAgain.isOk() ? QString() : resolvedAgain.error().message));
        const ConnectionSettings &a = settings.value();
        const ConnectionSettings &b = resolvedAgain.value();
        QCOMPARE(b.address, a.address);
        QCOMPARE(b.namespaceName, a.namespaceName);
        QCOMPARE(b.apiKey, a.apiKey);
        QCOMPARE(b.apiKeyOrigin == SettingOrigin::Keychain, a.apiKeyOrigin == SettingOrigin::Keychain);
        QVERIFY(b.tls == a.tls);
        QCOMPARE(b.grpcMeta, a.grpcMeta);
        QCOMPARE(b.allowInsecureApiKey, a.allowInsecureApiKey);
    }

    void oddNamesAreJudgedAgainstTheServer_data()
    {
        QTest::addColumn<QString>("queue");
        QTest::newRow("newline") << "orders\n";
        QTest::newRow("only spaces") << "  ";
        QTest::newRow("zero-width space") << QString::fromUtf8("orders\u200b");
    }

    // Neither the window nor the CLI refuses an odd queue or deployment name at once: whether it is new is
    // known from the server only (an odd queue or deployment made by another tool stays readable); see
    // MainWindow::openTaskQueueByName, WindowDeployments::openDeploymentByName and tst_cli. An empty name is
    // refused by both.
    void oddNamesAreJudgedAgainstTheServer()
    {
        QFETCH(QString, queue);
        const Result<GuiOptions> gui = parseGuiArguments({"-t", queue});
        QVERIFY(gui.isOk());
        QCOMPARE(gui.value().taskQueue, queue);
        const Result<GuiOptions> deployment = parseGuiArguments({"-d", queue});
        QVERIFY(deployment.isOk());
        QCOMPARE(deployment.value().deployment, queue);
        const Result<CliInvocation> cli = parseCliArguments({"task-queue", "get-build-ids", "-t", queue});
        QVERIFY(cli.isOk());
        QCOMPARE(cli.value().taskQueue, queue);

        const Result<CliInvocation> empty = parseCliArguments({"task-queue", "get-build-ids", "-t", ""});
        QVERIFY(!empty.isOk());
        QCOMPARE(empty.error().message, QStringLiteral("--task-queue: the task queue name is empty"));
        const Result<GuiOptions> emptyQueue = parseGuiArguments({"-t", ""});
        QVERIFY(!emptyQueue.isOk());
        QCOMPARE(emptyQueue.error().message, QStringLiteral("--task-queue: the task queue name is empty"));
        const Result<GuiOptions> emptyDeployment = parseGuiArguments({"-d", ""});
        QVERIFY(!emptyDeployment.isOk());
        QCOMPARE(emptyDeployment.error().message,
                 QStringLiteral("--deployment: the deployment name is empty"));
    }
};

QTEST_GUILESS_MAIN(TestConnectionOptions)
#include "tst_connectionoptions.moc"
