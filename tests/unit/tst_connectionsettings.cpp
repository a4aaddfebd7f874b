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
        QVERIFY(settings.error().message.contains("line 1"));
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
};

QTEST_GUILESS_MAIN(TestConnectionSettings)
#include "tst_connectionsettings.moc"
