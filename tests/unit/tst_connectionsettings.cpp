#include "config/connectionsettingsresolver.h"

#include <QTemporaryDir>
#include <QTest>

// Connection settings come from flags, then the environment, then the Temporal profile, then defaults.
class TestConnectionSettings : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &text)
    {
        QFile file(m_dir.filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(text);
        return file.fileName();
    }

    QProcessEnvironment baseEnvironment()
    {
        QProcessEnvironment environment;
        environment.insert("HOME", m_dir.path());
        environment.insert("USER", "alice");
        return environment;
    }

private Q_SLOTS:
    void defaultsWithoutAnyConfig()
    {
        const auto settings = ConnectionSettingsResolver::resolve({}, baseEnvironment());
        QVERIFY(settings.isOk());
        QCOMPARE(settings.value().address, QString("127.0.0.1:7233"));
        QCOMPARE(settings.value().namespaceName, QString("default"));
        QVERIFY(!settings.value().tls.enabled);
        QCOMPARE(settings.value().limits, VersioningLimits());
        QVERIFY(settings.value().identity.startsWith("alice@"));
    }

    void precedenceFlagsOverEnvironmentOverProfile()
    {
        auto environment = baseEnvironment();
        environment.insert("TEMPORAL_CONFIG_FILE",
                           write("t.toml", "[profile.default]\naddress = \"profile:1\"\n"
                                           "namespace = \"from-profile\"\napi_key = \"k\"\n"));
        auto settings = ConnectionSettingsResolver::resolve({}, environment);
        QCOMPARE(settings.value().address, QString("profile:1"));
        QCOMPARE(settings.value().namespaceName, QString("from-profile"));
        // An API key implies TLS, as in the Temporal CLI.
        QVERIFY(settings.value().tls.enabled);

        environment.insert("TEMPORAL_ADDRESS", "env:2");
        settings = ConnectionSettingsResolver::resolve({}, environment);
        QCOMPARE(settings.value().address, QString("env:2"));
        QCOMPARE(settings.value().namespaceName, QString("from-profile"));

        ConnectionOverrides flags;
        flags.address = "flag:3";
        flags.tls = false;
        flags.allowInsecureApiKey = true;
        settings = ConnectionSettingsResolver::resolve(flags, environment);
        QCOMPARE(settings.value().address, QString("flag:3"));
        QVERIFY(!settings.value().tls.enabled);
    }

    void namedProfileAndTls()
    {
        auto environment = baseEnvironment();
        const QString file =
            write("p.toml", "[profile.prod]\naddress = \"prod:7233\"\n[profile.prod.tls]\n"
                            "client_cert_path = \"/c.pem\"\nclient_key_path = \"/k.pem\"\n"
                            "server_name = \"prod.example\"\n[profile.prod.grpc_meta]\nx-team = \"pay\"\n");
        ConnectionOverrides flags;
        flags.configFile = file;
        flags.profile = "prod";
        const auto settings = ConnectionSettingsResolver::resolve(flags, environment);
        QVERIFY(settings.isOk());
        QCOMPARE(settings.value().profile, QString("prod"));
        QVERIFY(settings.value().tls.enabled);
        QCOMPARE(settings.value().tls.clientCertPath, QString("/c.pem"));
        QCOMPARE(settings.value().tls.serverName, QString("prod.example"));
        QCOMPARE(settings.value().grpcMeta, (QList<QPair<QString, QString>>{{"x-team", "pay"}}));
        QVERIFY(!settings.value().describe().contains("pay"));
        QCOMPARE(settings.value().describe(), QString("prod:7233 / default (mTLS)"));
    }

    void environmentTlsAndMetadata()
    {
        auto environment = baseEnvironment();
        environment.insert("TEMPORAL_TLS_SERVER_CA_CERT_PATH", "/ca.pem");
        environment.insert("TEMPORAL_GRPC_META_X_REQUEST_SOURCE", "ops");
        const auto settings = ConnectionSettingsResolver::resolve({}, environment);
        QVERIFY(settings.value().tls.enabled);
        QCOMPARE(settings.value().tls.serverCaCertPath, QString("/ca.pem"));
        QCOMPARE(settings.value().grpcMeta, (QList<QPair<QString, QString>>{{"x-request-source", "ops"}}));
    }

    void missingNamedProfileIsAnError()
    {
        auto environment = baseEnvironment();
        environment.insert("TEMPORAL_CONFIG_FILE", write("m.toml", "[profile.default]\n"));
        environment.insert("TEMPORAL_PROFILE", "staging");
        const auto settings = ConnectionSettingsResolver::resolve({}, environment);
        QVERIFY(!settings.isOk());
        QVERIFY(settings.error().message.contains("profile \"staging\" not found"));
        QVERIFY(settings.error().message.contains("it has: default"));
    }

    void brokenConfigFileIsAnError()
    {
        auto environment = baseEnvironment();
        environment.insert("TEMPORAL_CONFIG_FILE", write("b.toml", "[profile.default\n"));
        const auto settings = ConnectionSettingsResolver::resolve({}, environment);
        QVERIFY(!settings.isOk());
        QVERIFY(settings.error().message.contains("b.toml, line 1"));
    }

    void limitsFromVersionscopeFileAndFlags()
    {
        auto environment = baseEnvironment();
        environment.insert(
            "VERSIONSCOPE_CONFIG_FILE",
            write("v.toml", "[profile.default]\nversion_set_limit = 20\nbuild_id_limit = 300\n"));
        auto settings = ConnectionSettingsResolver::resolve({}, environment);
        QCOMPARE(settings.value().limits.maxSets, 20);
        QCOMPARE(settings.value().limits.maxBuildIds, 300);
        QCOMPARE(settings.value().limits.maxBuildIdLength, 255);
        ConnectionOverrides flags;
        flags.maxSets = 3;
        settings = ConnectionSettingsResolver::resolve(flags, environment);
        QCOMPARE(settings.value().limits.maxSets, 3);
    }

    void addressesAreCheckedWhereverTheyComeFrom_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("origin");

        const struct
        {
            const char *name;
            const char *address;
            const char *problem;
        } cases[] = {
            {"port wraps", "127.0.0.1:82937",
             "the address \"127.0.0.1:82937\" has port 82937, outside 1–65535"},
            {"port zero", "127.0.0.1:0", "has port 0, outside 1–65535"},
            {"huge port", "h:99999999999999999999", "has port 99999999999999999999, outside 1–65535"},
            {"named port", "temporal:grpc", "has a port that is not a number: \"grpc\""},
            {"signed port", "temporal:+7233", "has a port that is not a number: \"+7233\""},
            {"empty host", ":7233", "the address \":7233\" has no host"},
            {"empty port", "temporal:", "has an empty port"},
            {"no port", "temporal", "the address \"temporal\" has no port"},
            {"newline escaped", "temporal\n:7233", "the address \"temporal\\n:7233\" has a host with spaces"},
            {"bare ipv6", "::1:7233", "write an IPv6 host in brackets"},
            {"ipv6 port", "[::1]:70000", "has port 70000, outside 1–65535"},
            {"fine", "temporal.internal:7233", ""},
            {"fine ipv6", "[::1]:7233", ""},
            {"fine top port", "localhost:65535", ""},
            {"fine dns target", "dns:///temporal.internal:7233", ""},
            {"fine socket", "unix:/run/temporal.sock", ""},
        };
        for (const char *source : {"flag", "environment", "profile"}) {
            for (const auto &c : cases) {
                const QString origin = QString(source) == "flag" ? QString(" (from --address)")
                                       : QString(source) == "environment"
                                           ? QString(" (from TEMPORAL_ADDRESS)")
                                           : QString(" (from profile default in ");
                QTest::addRow("%s, %s", source, c.name)
                    << source << QString::fromUtf8(c.address) << QString::fromUtf8(c.problem) << origin;
            }
        }
    }

    void addressesAreCheckedWhereverTheyComeFrom()
    {
        QFETCH(QString, source);
        QFETCH(QString, address);
        QFETCH(QString, expected);
        QFETCH(QString, origin);
        auto environment = baseEnvironment();
        ConnectionOverrides flags;
        if (source == "flag") {
            flags.address = address;
        } else if (source == "environment") {
            environment.insert("TEMPORAL_ADDRESS", address);
        } else {
            QString escaped = address;
            escaped.replace("\n", "\\n");
            environment.insert("TEMPORAL_CONFIG_FILE", write("a.toml", "[profile.default]\naddress = \"" +
                                                                           escaped.toUtf8() + "\"\n"));
        }
        const auto settings = ConnectionSettingsResolver::resolve(flags, environment);
        if (expected.isEmpty()) {
            QVERIFY2(settings.isOk(), qPrintable(settings.isOk() ? QString() : settings.error().message));
            QCOMPARE(settings.value().address, address);
            return;
        }
        QVERIFY(!settings.isOk());
        QVERIFY2(settings.error().message.contains(expected), qPrintable(settings.error().message));
        QVERIFY2(settings.error().message.contains(origin), qPrintable(settings.error().message));
        if (source == "profile")
            QVERIFY2(settings.error().message.endsWith("a.toml, line 2)"),
                     qPrintable(settings.error().message));
    }

    void environmentBooleansAreChecked_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("TEMPORAL_TLS") << "TEMPORAL_TLS"
                                      << "ture"
                                      << "TEMPORAL_TLS must be true or false, not \"ture\"";
        QTest::newRow("host verification") << "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"
                                           << "y\x1b"
                                           << "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION must be true or false, "
                                              "not \"y\\u{1B}\"";
        QTest::newRow("insecure key") << "VERSIONSCOPE_ALLOW_INSECURE_API_KEY"
                                      << "sure"
                                      << "VERSIONSCOPE_ALLOW_INSECURE_API_KEY must be true or false, not "
                                         "\"sure\"";
    }

    void environmentBooleansAreChecked()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        auto environment = baseEnvironment();
        environment.insert(variable, value);
        const auto settings = ConnectionSettingsResolver::resolve({}, environment);
        QVERIFY(!settings.isOk());
        QCOMPARE(settings.error().message, expected);
    }

    void nonPositiveTimeoutIsRefused()
    {
        ConnectionOverrides flags;
        flags.callTimeoutMs = 0;
        const auto settings = ConnectionSettingsResolver::resolve(flags, baseEnvironment());
        QVERIFY(!settings.isOk());
        QVERIFY2(settings.error().message.contains("--command-timeout"),
                 qPrintable(settings.error().message));
    }

    void wrongTomlTypesNameFileAndLine_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QByteArray>("toml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("integer address")
            << "TEMPORAL_CONFIG_FILE" << QByteArray("[profile.default]\nnamespace = \"x\"\naddress = 7233\n")
            << "w.toml, line 3: profile.default.address must be a string, not an "
               "integer";
        QTest::newRow("string for a boolean")
            << "TEMPORAL_CONFIG_FILE" << QByteArray("[profile.default.tls]\ndisabled = \"true\"\n")
            << "w.toml, line 2: profile.default.tls.disabled must be a boolean (true or false), not a string";
        QTest::newRow("tls not a table")
            << "TEMPORAL_CONFIG_FILE" << QByteArray("[profile.default]\ntls = true\n")
            << "w.toml, line 2: profile.default.tls must be a table, not a boolean";
        QTest::newRow("metadata not a string")
            << "TEMPORAL_CONFIG_FILE" << QByteArray("[profile.default.grpc_meta]\nx-team = 7\n")
            << "w.toml, line 2: profile.default.grpc_meta.x-team must be a string, not an integer";
        QTest::newRow("string limit")
            << "VERSIONSCOPE_CONFIG_FILE" << QByteArray("[profile.default]\nversion_set_limit = \"20\"\n")
            << "w.toml, line 2: profile.default.version_set_limit must be an integer, "
               "not a string";
        QTest::newRow("negative limit")
            << "VERSIONSCOPE_CONFIG_FILE" << QByteArray("[profile.default]\nbuild_id_limit = -3\n")
            << "w.toml, line 2: profile.default.build_id_limit must be between 0";
        QTest::newRow("unknown api_key_source")
            << "VERSIONSCOPE_CONFIG_FILE" << QByteArray("[profile.default]\napi_key_source = \"vault\"\n")
            << "w.toml, line 2: profile.default.api_key_source must be \"keychain\" or \"config\", not "
               "\"vault\"";
        QTest::newRow("api_key_source not a string")
            << "VERSIONSCOPE_CONFIG_FILE" << QByteArray("[profile.default]\napi_key_source = true\n")
            << "w.toml, line 2: profile.default.api_key_source must be a string";
        QTest::newRow("syntax error")
            << "TEMPORAL_CONFIG_FILE" << QByteArray("[profile.default]\naddress = \n") << "w.toml, line 2";
    }

    void wrongTomlTypesNameFileAndLine()
    {
        QFETCH(QString, variable);
        QFETCH(QByteArray, toml);
        QFETCH(QString, expected);
        auto environment = baseEnvironment();
        environment.insert(variable, write("w.toml", toml));
        const auto settings = ConnectionSettingsResolver::resolve({}, environment);
        QVERIFY(!settings.isOk());
        QVERIFY2(settings.error().message.startsWith(m_dir.filePath(expected)),
                 qPrintable(settings.error().message));
    }

    void apiKeyNeedsTlsOrAnExplicitFlag_data()
    {
        QTest::addColumn<QStringList>("environmentEntries");
        QTest::addColumn<QByteArray>("temporalToml");
        QTest::addColumn<QByteArray>("versionscopeToml");
        QTest::addColumn<bool>("tlsFlag");
        QTest::addColumn<bool>("allowFlag");
        QTest::addColumn<QString>("expected");

        const QString refused = "refusing to send the API key without TLS";
        const QString warned = "warning: the API key is sent without TLS";
        QTest::newRow("key implies tls")
            << QStringList{"TEMPORAL_API_KEY=k"} << QByteArray() << QByteArray() << true << false << "tls";
        QTest::newRow("--tls=false refused")
            << QStringList{"TEMPORAL_API_KEY=k"} << QByteArray() << QByteArray() << false << false << refused;
        QTest::newRow("TEMPORAL_TLS=false refused")
            << QStringList{"TEMPORAL_API_KEY=k", "TEMPORAL_TLS=false"} << QByteArray() << QByteArray() << true
            << false << refused;
        QTest::newRow("profile tls disabled refused")
            << QStringList{}
            << QByteArray("[profile.default]\napi_key = \"k\"\n[profile.default.tls]\ndisabled = true\n")
            << QByteArray() << true << false << refused;
        QTest::newRow("--allow-insecure-api-key")
            << QStringList{"TEMPORAL_API_KEY=k"} << QByteArray() << QByteArray() << false << true
            << warned + " to \"127.0.0.1:7233\" (allowed by "
                        "--allow-insecure-api-key)";
        QTest::newRow("environment allows")
            << QStringList{"TEMPORAL_API_KEY=k", "VERSIONSCOPE_ALLOW_INSECURE_API_KEY=true"} << QByteArray()
            << QByteArray() << false << false << warned;
        QTest::newRow("environment forbids")
            << QStringList{"TEMPORAL_API_KEY=k", "VERSIONSCOPE_ALLOW_INSECURE_API_KEY=false"} << QByteArray()
            << QByteArray("[profile.default]\nallow_insecure_api_key = true\n") << false << false << refused;
        QTest::newRow("keychain implies tls")
            << QStringList{} << QByteArray()
            << QByteArray("[profile.default]\napi_key_source = \"keychain\"\n") << true << false << "tls";
        QTest::newRow("keychain key refused without tls")
            << QStringList{} << QByteArray()
            << QByteArray("[profile.default]\napi_key_source = \"keychain\"\n") << false << false << refused;
        QTest::newRow("versionscope profile allows")
            << QStringList{"TEMPORAL_API_KEY=k"} << QByteArray()
            << QByteArray("[profile.default]\nallow_insecure_api_key = true\n") << false << false << warned;
    }

    void apiKeyNeedsTlsOrAnExplicitFlag()
    {
        QFETCH(QStringList, environmentEntries);
        QFETCH(QByteArray, temporalToml);
        QFETCH(QByteArray, versionscopeToml);
        QFETCH(bool, tlsFlag);
        QFETCH(bool, allowFlag);
        QFETCH(QString, expected);
        auto environment = baseEnvironment();
        for (const QString &entry : environmentEntries)
            environment.insert(entry.section('=', 0, 0), entry.section('=', 1));
        environment.insert("TEMPORAL_CONFIG_FILE", write("k.toml", temporalToml));
        environment.insert("VERSIONSCOPE_CONFIG_FILE", write("kv.toml", versionscopeToml));
        ConnectionOverrides flags;
        if (!tlsFlag)
            flags.tls = false;
        if (allowFlag)
            flags.allowInsecureApiKey = true;
        const auto settings = ConnectionSettingsResolver::resolve(flags, environment);
        if (expected == "tls") {
            QVERIFY(settings.isOk());
            QVERIFY(settings.value().tls.enabled);
            QVERIFY(settings.value().warnings.isEmpty());
        } else if (expected.startsWith("warning: ")) {
            QVERIFY2(settings.isOk(), qPrintable(settings.isOk() ? QString() : settings.error().message));
            QVERIFY(!settings.value().tls.enabled);
            QCOMPARE(settings.value().warnings.size(), 1);
            QVERIFY2(settings.value().warnings.first().startsWith(expected.mid(9)),
                     qPrintable(settings.value().warnings.first()));
        } else {
            QVERIFY(!settings.isOk());
            QVERIFY2(settings.error().message.startsWith(expected), qPrintable(settings.error().message));
            QVERIFY(settings.error().detail.contains("--allow-insecure-api-key"));
        }
    }

    // --api-key, then --api-key-from-keychain, then TEMPORAL_API_KEY, then the keychain when the profile
    // keeps its key there (versionscope.toml api_key_source), then api_key in Temporal's file.
    void apiKeyPrecedenceWithTheKeychain_data()
    {
        QTest::addColumn<QString>("flagKey");
        QTest::addColumn<bool>("keychainFlag");
        QTest::addColumn<QString>("environmentKey");
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QByteArray>("versionscopeToml");
        QTest::addColumn<int>("origin");
        QTest::addColumn<QString>("key");

        const QByteArray keychain = "[profile.default]\napi_key_source = \"keychain\"\n"
                                    "[profile.prod]\napi_key_source = \"keychain\"\n";
        const auto origin = [](SettingOrigin o) { return static_cast<int>(o); };
        QTest::newRow("profile file") << QString() << false << QString() << QString() << QByteArray()
                                      << origin(SettingOrigin::Profile) << "from-file";
        QTest::newRow("config source is the file")
            << QString() << false << QString() << QString()
            << QByteArray("[profile.default]\napi_key_source = \"config\"\n")
            << origin(SettingOrigin::Profile) << "from-file";
        QTest::newRow("keychain over profile file")
            << QString() << false << QString() << QString() << keychain << origin(SettingOrigin::Keychain)
            << QString();
        QTest::newRow("named profile's keychain") << QString() << false << QString() << "prod" << keychain
                                                  << origin(SettingOrigin::Keychain) << QString();
        QTest::newRow("another profile's keychain does not count")
            << QString() << false << QString() << QString()
            << QByteArray("[profile.prod]\napi_key_source = \"keychain\"\n") << origin(SettingOrigin::Profile)
            << "from-file";
        QTest::newRow("environment over keychain")
            << QString() << false << "from-env" << QString() << keychain << origin(SettingOrigin::Environment)
            << "from-env";
        QTest::newRow("keychain flag over environment")
            << QString() << true << "from-env" << QString() << QByteArray() << origin(SettingOrigin::Keychain)
            << QString();
        QTest::newRow("flag over everything") << "from-flag" << false << "from-env" << QString() << keychain
                                              << origin(SettingOrigin::Flag) << "from-flag";
    }

    void apiKeyPrecedenceWithTheKeychain()
    {
        QFETCH(QString, flagKey);
        QFETCH(bool, keychainFlag);
        QFETCH(QString, environmentKey);
        QFETCH(QString, profile);
        QFETCH(QByteArray, versionscopeToml);
        QFETCH(int, origin);
        QFETCH(QString, key);
        auto environment = baseEnvironment();
        environment.insert("TEMPORAL_CONFIG_FILE",
                           write("p.toml", "[profile.default]\napi_key = \"from-file\"\n"
                                           "[profile.prod]\napi_key = \"from-file\"\n"));
        environment.insert("VERSIONSCOPE_CONFIG_FILE", write("pv.toml", versionscopeToml));
        if (!environmentKey.isEmpty())
            environment.insert("TEMPORAL_API_KEY", environmentKey);
        ConnectionOverrides flags;
        if (!flagKey.isEmpty())
            flags.apiKey = flagKey;
        if (keychainFlag)
            flags.apiKeyFromKeychain = true;
        if (!profile.isEmpty())
            flags.profile = profile;
        const auto settings = ConnectionSettingsResolver::resolve(flags, environment);
        QVERIFY2(settings.isOk(), qPrintable(settings.isOk() ? QString() : settings.error().toString()));
        QCOMPARE(static_cast<int>(settings.value().apiKeyOrigin), origin);
        QCOMPARE(settings.value().apiKey, key);
        QVERIFY(settings.value().hasApiKey());
        // Any key, from the keychain too, implies TLS.
        QVERIFY(settings.value().tls.enabled);
        const QString described = settings.value().describe();
        QCOMPARE(described.contains("API key from the keychain"),
                 origin == static_cast<int>(SettingOrigin::Keychain));
        // The equivalent command asks the keychain again only when a flag did.
        QCOMPARE(settings.value().commandLineArguments().contains("--api-key-from-keychain"), keychainFlag);
        QCOMPARE(settings.value().apiKeyFromKeychainFlag, keychainFlag);
    }

    void apiKeyFlagAndKeychainFlagContradict()
    {
        ConnectionOverrides flags;
        flags.apiKey = "k";
        flags.apiKeyFromKeychain = true;
        const auto settings = ConnectionSettingsResolver::resolve(flags, baseEnvironment());
        QVERIFY(!settings.isOk());
        QCOMPARE(settings.error().message,
                 QString("--api-key and --api-key-from-keychain contradict each other"));
    }

    void laterSourcesReplaceMetadata()
    {
        auto environment = baseEnvironment();
        environment.insert("TEMPORAL_CONFIG_FILE",
                           write("meta.toml", "[profile.default.grpc_meta]\nx-team = \"p\"\n"
                                              "x-env = \"prod\"\n"));
        environment.insert("TEMPORAL_GRPC_META_X_TEAM", "e");
        ConnectionOverrides flags;
        flags.grpcMeta = {{"X-Env", "f"}};
        const auto settings = ConnectionSettingsResolver::resolve(flags, environment);
        QVERIFY(settings.isOk());
        QCOMPARE(settings.value().grpcMeta,
                 (QList<QPair<QString, QString>>{{"x-team", "e"}, {"X-Env", "f"}}));
    }

    void equivalentCommandReachesTheSameServer_data()
    {
        QTest::addColumn<QStringList>("environmentEntries");
        QTest::addColumn<QByteArray>("temporalToml");
        QTest::addColumn<ConnectionOverrides>("flags");
        QTest::addColumn<QString>("expected");

        ConnectionOverrides none;
        QTest::newRow("defaults") << QStringList{} << QByteArray() << none
                                  << "--address 127.0.0.1:7233 --namespace default";

        ConnectionOverrides cloud;
        cloud.address = "ns.acct.tmprl.cloud:7233";
        cloud.namespaceName = "ns.acct";
        cloud.apiKey = "secret-key";
        cloud.grpcMeta = {{"x-team", "secret-team"}};
        QTest::newRow("api key and metadata by variable")
            << QStringList{} << QByteArray() << cloud
            << "--address ns.acct.tmprl.cloud:7233 --namespace ns.acct --tls --api-key \"$TEMPORAL_API_KEY\" "
               "--grpc-meta \"x-team=$TEMPORAL_GRPC_META_X_TEAM\"";

        ConnectionOverrides mtls;
        mtls.address = "[::1]:7233";
        mtls.namespaceName = "team's ns";
        mtls.tlsCertPath = "/certs/my client.pem";
        mtls.tlsKeyPath = "/certs/client.key";
        mtls.tlsCaPath = "/certs/ca.pem";
        mtls.tlsServerName = "temporal.internal";
        mtls.tlsDisableHostVerification = true;
        QTest::newRow("mtls, quoted") << QStringList{} << QByteArray() << mtls
                                      << "--address '[::1]:7233' --namespace 'team'\\''s ns' --tls "
                                         "--tls-cert-path '/certs/my client.pem' "
                                         "--tls-key-path /certs/client.key --tls-ca-path /certs/ca.pem "
                                         "--tls-server-name temporal.internal "
                                         "--tls-disable-host-verification";

        ConnectionOverrides insecure;
        insecure.apiKey = "k";
        insecure.tls = false;
        insecure.allowInsecureApiKey = true;
        QTest::newRow("insecure key") << QStringList{} << QByteArray() << insecure
                                      << "--address 127.0.0.1:7233 --namespace default --tls=false --api-key "
                                         "\"$TEMPORAL_API_KEY\" --allow-insecure-api-key";

        ConnectionOverrides profile;
        profile.profile = "prod";
        QTest::newRow("profile keeps its secrets")
            << QStringList{"TEMPORAL_GRPC_META_X_ENV=e"}
            << QByteArray(
                   "[profile.prod]\naddress = \"prod:7233\"\napi_key = \"k\"\n[profile.prod.grpc_meta]\n"
                   "x-team = \"p\"\n")
            << profile
            << "--address prod:7233 --namespace default --config-file CONFIG --profile prod --tls "
               "--grpc-meta "
               "\"x-env=$TEMPORAL_GRPC_META_X_ENV\"";
    }

    void equivalentCommandReachesTheSameServer()
    {
        QFETCH(QStringList, environmentEntries);
        QFETCH(QByteArray, temporalToml);
        QFETCH(ConnectionOverrides, flags);
        QFETCH(QString, expected);
        auto environment = baseEnvironment();
        for (const QString &entry : environmentEntries)
            environment.insert(entry.section('=', 0, 0), entry.section('=', 1));
        QString config;
        if (!temporalToml.isEmpty()) {
            config = write("c.toml", temporalToml);
            environment.insert("TEMPORAL_CONFIG_FILE", config);
        }
        const auto settings = ConnectionSettingsResolver::resolve(flags, environment);
        QVERIFY2(settings.isOk(), qPrintable(settings.isOk() ? QString() : settings.error().message));
        const QString command = settings.value().commandLineArguments().join(' ');
        QCOMPARE(command, QString(expected).replace("CONFIG", config));
        QVERIFY(!command.contains("secret"));
    }
};

QTEST_GUILESS_MAIN(TestConnectionSettings)
#include "tst_connectionsettings.moc"
