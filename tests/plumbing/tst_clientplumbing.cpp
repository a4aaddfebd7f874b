#include "support/testserver.h"
#include "temporal/temporalclient.h"

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <mutex>
#include <thread>

using TestServer::await;
namespace wf = temporal::api::workflowservice::v1;

// RPC plumbing of TemporalClient (TLS, mTLS, API key and metadata, deadlines, local certificate errors)
// against an in-process gRPC server on 127.0.0.1:0. What Temporal does with the calls is tested against
// the real server in tests/integration; here only the transport is under test.
class RecordingService final : public wf::WorkflowService::Service
{
public:
    std::mutex mutex;
    std::multimap<std::string, std::string> lastMetadata;

    grpc::Status GetSystemInfo(grpc::ServerContext *context, const wf::GetSystemInfoRequest *,
                               wf::GetSystemInfoResponse *response) override
    {
        std::lock_guard lock(mutex);
        lastMetadata.clear();
        for (const auto &[key, value] : context->client_metadata())
            lastMetadata.emplace(std::string(key.data(), key.size()),
                                 std::string(value.data(), value.size()));
        response->set_server_version("plumbing");
        return grpc::Status::OK;
    }

    grpc::Status GetWorkerBuildIdCompatibility(grpc::ServerContext *context,
                                               const wf::GetWorkerBuildIdCompatibilityRequest *,
                                               wf::GetWorkerBuildIdCompatibilityResponse *) override
    {
        // Slow on purpose: the client's deadline must end the call.
        for (int i = 0; i < 50 && !context->IsCancelled(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return grpc::Status::OK;
    }

    std::string header(const std::string &key)
    {
        std::lock_guard lock(mutex);
        const auto found = lastMetadata.find(key);
        return found == lastMetadata.end() ? std::string() : found->second;
    }
};

class TestClientPlumbing : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    RecordingService m_service;
    std::unique_ptr<grpc::Server> m_plain;
    std::unique_ptr<grpc::Server> m_tls;
    std::unique_ptr<grpc::Server> m_mtls;
    int m_plainPort = 0;
    int m_tlsPort = 0;
    int m_mtlsPort = 0;

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    bool openssl(const QStringList &arguments)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(QStringLiteral("openssl"), arguments);
        process.waitForFinished(30000);
        if (process.exitCode() != 0)
            qWarning() << process.readAllStandardError();
        return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    }

    static std::string read(const QString &file)
    {
        QFile f(file);
        f.open(QIODevice::ReadOnly);
        return f.readAll().toStdString();
    }

    std::unique_ptr<grpc::Server> serve(std::shared_ptr<grpc::ServerCredentials> credentials, int *port)
    {
        grpc::ServerBuilder builder;
        builder.AddListeningPort("127.0.0.1:0", credentials, port);
        builder.RegisterService(&m_service);
        return builder.BuildAndStart();
    }

    ConnectionSettings settings(int port) const
    {
        ConnectionSettings s;
        s.address = QStringLiteral("127.0.0.1:%1").arg(port);
        s.namespaceName = QStringLiteral("payments");
        s.callTimeoutMs = 5000;
        return s;
    }

    std::optional<Result<SystemInfo>> systemInfo(const ConnectionSettings &s)
    {
        TemporalClient client(s);
        return await<SystemInfo>([&](QObject *ctx, auto done) { client.getSystemInfo(ctx, done); });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // A CA, a server certificate for "temporal.test" and a client certificate, all signed by the CA.
        QVERIFY(openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
                         "ca.pem", "-days", "2", "-subj", "/CN=versionscope test CA"}));
        QVERIFY(openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
                         "server.csr", "-subj", "/CN=temporal.test"}));
        QFile ext(path("server.ext"));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=DNS:temporal.test\n");
        ext.close();
        QVERIFY(openssl({"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                         "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext"}));
        QVERIFY(openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out",
                         "client.csr", "-subj", "/CN=operator"}));
        QVERIFY(openssl({"x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                         "-CAcreateserial", "-out", "client.pem", "-days", "2"}));

        m_plain = serve(grpc::InsecureServerCredentials(), &m_plainPort);
        grpc::SslServerCredentialsOptions tls;
        tls.pem_key_cert_pairs.push_back({read(path("server.key")), read(path("server.pem"))});
        m_tls = serve(grpc::SslServerCredentials(tls), &m_tlsPort);
        grpc::SslServerCredentialsOptions mtls(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
        mtls.pem_root_certs = read(path("ca.pem"));
        mtls.pem_key_cert_pairs.push_back({read(path("server.key")), read(path("server.pem"))});
        m_mtls = serve(grpc::SslServerCredentials(mtls), &m_mtlsPort);
        QVERIFY(m_plainPort > 0 && m_tlsPort > 0 && m_mtlsPort > 0);
    }

    void cleanupTestCase()
    {
        for (auto *server : {m_plain.get(), m_tls.get(), m_mtls.get()}) {
            if (server)
                server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
        }
    }

    void metadataAndApiKey()
    {
        ConnectionSettings s = settings(m_plainPort);
        s.apiKey = QStringLiteral("sk-123");
        s.grpcMeta = {{QStringLiteral("X-Team"), QStringLiteral("payments-oncall")}};
        auto info = systemInfo(s);
        QVERIFY(info && info->isOk());
        QCOMPARE(info->value().serverVersion, QStringLiteral("plumbing"));
        QCOMPARE(m_service.header("authorization"), std::string("Bearer sk-123"));
        QCOMPARE(m_service.header("temporal-namespace"), std::string("payments"));
        QCOMPARE(m_service.header("client-name"), std::string("versionscope"));
        QCOMPARE(m_service.header("client-version"), std::string(VERSIONSCOPE_VERSION));
        QCOMPARE(m_service.header("x-team"), std::string("payments-oncall"));
    }

    void tlsWithCaAndServerName()
    {
        ConnectionSettings s = settings(m_tlsPort);
        s.tls.enabled = true;
        s.tls.serverCaCertPath = path("ca.pem");
        s.tls.serverName = QStringLiteral("temporal.test");
        auto info = systemInfo(s);
        QVERIFY2(info && info->isOk(),
                 info && !info->isOk() ? qPrintable(info->error().toString()) : "no answer");
    }

    void tlsRefusesUnknownCa()
    {
        ConnectionSettings s = settings(m_tlsPort);
        s.tls.enabled = true;
        s.tls.serverName = QStringLiteral("temporal.test");
        auto info = systemInfo(s);
        QVERIFY(info && !info->isOk());
        QCOMPARE(info->error().code, ErrorCode::Unavailable);
    }

    void tlsWithoutHostVerification()
    {
        ConnectionSettings s = settings(m_tlsPort);
        s.tls.enabled = true;
        s.tls.disableHostVerification = true;
        auto info = systemInfo(s);
        QVERIFY2(info && info->isOk(),
                 info && !info->isOk() ? qPrintable(info->error().toString()) : "no answer");
    }

    void mutualTls()
    {
        ConnectionSettings s = settings(m_mtlsPort);
        s.tls.enabled = true;
        s.tls.serverCaCertPath = path("ca.pem");
        s.tls.serverName = QStringLiteral("temporal.test");
        auto refused = systemInfo(s);
        QVERIFY(refused && !refused->isOk());

        s.tls.clientCertPath = path("client.pem");
        s.tls.clientKeyPath = path("client.key");
        auto info = systemInfo(s);
        QVERIFY2(info && info->isOk(),
                 info && !info->isOk() ? qPrintable(info->error().toString()) : "no answer");
    }

    void unreadableCertificateIsALocalError()
    {
        ConnectionSettings s = settings(m_tlsPort);
        s.tls.enabled = true;
        s.tls.serverCaCertPath = path("missing.pem");
        auto info = systemInfo(s);
        QVERIFY(info && !info->isOk());
        QCOMPARE(info->error().reason, QStringLiteral("local-validation"));
        QVERIFY(info->error().message.contains(QLatin1String("missing.pem")));
    }

    void deadlineEndsASlowCall()
    {
        ConnectionSettings s = settings(m_plainPort);
        s.callTimeoutMs = 300;
        TemporalClient client(s);
        QElapsedTimer timer;
        timer.start();
        auto sets = await<VersionSets>(
            [&](QObject *ctx, auto done) { client.getVersionSets(ctx, QStringLiteral("q"), done); });
        QVERIFY(sets && !sets->isOk());
        QCOMPARE(sets->error().code, ErrorCode::DeadlineExceeded);
        QCOMPARE(sets->error().reason, QStringLiteral("unreachable"));
        QVERIFY(timer.elapsed() < 3000);
    }
};

QTEST_GUILESS_MAIN(TestClientPlumbing)
#include "tst_clientplumbing.moc"
