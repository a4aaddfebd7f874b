#include "support/testserver.h"
#include "temporal/deploymentreader.h"
#include "temporal/temporalclient.h"

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

using TestServer::await;
namespace wf = temporal::api::workflowservice::v1;
namespace dep = temporal::api::deployment::v1;

// What the Worker Deployments calls put on the wire and how replies become values, against an in-process
// gRPC server that answers what the real server cannot be made to answer on demand: duplicate list rows
// across pages, every metadata payload encoding, every routing shape, and slow replies that show how many
// calls a read keeps in flight. tests/integration/tst_deploymentreader covers the real server.
class FakeDeploymentService final : public wf::WorkflowService::Service
{
public:
    std::mutex mutex;
    wf::SetWorkerDeploymentRampingVersionRequest lastRamping;
    wf::SetWorkerDeploymentManagerRequest lastManager;
    wf::UpdateWorkerDeploymentVersionMetadataRequest lastMetadata;
    wf::DeleteWorkerDeploymentVersionRequest lastDelete;
    QStringList countQueries;
    std::atomic_int inFlight = 0;
    std::atomic_int maxInFlight = 0;

    // Replies of the read calls come this late, so that calls of one read overlap.
    void busy()
    {
        const int now = ++inFlight;
        int seen = maxInFlight.load();
        while (now > seen && !maxInFlight.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        --inFlight;
    }

    grpc::Status ListWorkerDeployments(grpc::ServerContext *, const wf::ListWorkerDeploymentsRequest *request,
                                       wf::ListWorkerDeploymentsResponse *response) override
    {
        const auto add = [&](const char *name, qint64 created, qint64 revision) {
            auto *row = response->add_worker_deployments();
            row->set_name(name);
            row->mutable_create_time()->set_seconds(created);
            row->mutable_routing_config()->set_revision_number(revision);
            row->mutable_routing_config()->mutable_current_deployment_version()->set_build_id(
                "rev" + std::to_string(revision));
        };
        // Visibility may list a deployment twice while it catches up: an older routing revision on one page,
        // the newer on the next, and a stale row of a deployment since deleted and created again.
        if (request->next_page_token().empty()) {
            add("orders", 1000, 1);
            add("billing", 1000, 4);
            response->set_next_page_token("p2");
        } else if (request->next_page_token() == "p2") {
            add("orders", 1000, 3);
            add("shipping", 1000, 1);
            response->set_next_page_token("p3");
        } else {
            add("orders", 900, 9);
            add("billing", 2000, 1);
        }
        return grpc::Status::OK;
    }

    grpc::Status DescribeWorkerDeployment(grpc::ServerContext *,
                                          const wf::DescribeWorkerDeploymentRequest *request,
                                          wf::DescribeWorkerDeploymentResponse *response) override
    {
        busy();
        if (request->deployment_name() == "disabled") {
            // Server 1.31.2's words when system.enableDeploymentVersions is false for the namespace.
            return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                                "Worker Deployment Versions are disabled on this namespace.");
        }
        response->set_conflict_token("token-1");
        auto *info = response->mutable_worker_deployment_info();
        info->set_name(request->deployment_name());
        auto *routing = info->mutable_routing_config();
        routing->mutable_current_deployment_version()->set_build_id("v1");
        routing->mutable_current_deployment_version()->set_deployment_name(request->deployment_name());
        routing->set_current_version(request->deployment_name() + ".v1");
        if (request->deployment_name() == "ramp-unversioned") {
            routing->set_ramping_version("__unversioned__");
            routing->set_ramping_version_percentage(10);
        } else if (request->deployment_name() == "ramp-v2") {
            routing->mutable_ramping_deployment_version()->set_build_id("v2");
            routing->mutable_ramping_deployment_version()->set_deployment_name(request->deployment_name());
            routing->set_ramping_version(request->deployment_name() + ".v2");
            routing->set_ramping_version_percentage(25);
        } else if (request->deployment_name() == "wide") {
            for (int i = 1; i <= 5; ++i) {
                auto *version = info->add_version_summaries();
                version->mutable_deployment_version()->set_build_id("v" + std::to_string(i));
                version->mutable_deployment_version()->set_deployment_name("wide");
                version->set_status(
                    i == 1 ? temporal::api::enums::v1::WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT
                           : temporal::api::enums::v1::WORKER_DEPLOYMENT_VERSION_STATUS_INACTIVE);
            }
        } else {
            // A ramp that ended leaves its percentage's time behind and nothing else.
            routing->mutable_ramping_version_changed_time()->set_seconds(1000);
        }
        return grpc::Status::OK;
    }

    grpc::Status
    DescribeWorkerDeploymentVersion(grpc::ServerContext *,
                                    const wf::DescribeWorkerDeploymentVersionRequest *request,
                                    wf::DescribeWorkerDeploymentVersionResponse *response) override
    {
        busy();
        auto *info = response->mutable_worker_deployment_version_info();
        *info->mutable_deployment_version() = request->deployment_version();
        auto &entries = *info->mutable_metadata()->mutable_entries();
        const auto payload = [&](const char *key, const char *encoding, const std::string &data) {
            auto &value = entries[key];
            if (encoding)
                (*value.mutable_metadata())["encoding"] = encoding;
            value.set_data(data);
        };
        payload("object", "json/plain", R"({"step":2,"canary":true})");
        payload("text", "json/plain", R"("team-a")");
        payload("number", "json/plain", "42");
        payload("nothing", "binary/null", "");
        payload("raw", "binary/plain", "raw bytes");
        payload("broken", "json/plain", "{not json");
        payload("bare", nullptr, "no encoding");
        // Both queues of the version, both types; a nexus queue has no pollers to read.
        for (const char *queue : {"q-a", "q-b"}) {
            for (auto type : {temporal::api::enums::v1::TASK_QUEUE_TYPE_WORKFLOW,
                              temporal::api::enums::v1::TASK_QUEUE_TYPE_ACTIVITY}) {
                auto *entry = response->add_version_task_queues();
                entry->set_name(queue);
                entry->set_type(type);
            }
        }
        auto *nexus = response->add_version_task_queues();
        nexus->set_name("q-nexus");
        nexus->set_type(temporal::api::enums::v1::TASK_QUEUE_TYPE_NEXUS);
        return grpc::Status::OK;
    }

    grpc::Status DescribeTaskQueue(grpc::ServerContext *, const wf::DescribeTaskQueueRequest *request,
                                   wf::DescribeTaskQueueResponse *response) override
    {
        busy();
        const std::string queue = request->task_queue().name();
        // A worker of the deployment's v1, one of it that polls unversioned, and a version-set worker.
        auto *versioned = response->add_pollers();
        versioned->set_identity("versioned@" + queue);
        versioned->mutable_worker_version_capabilities()->set_build_id("v1");
        versioned->mutable_deployment_options()->set_deployment_name("wide");
        versioned->mutable_deployment_options()->set_build_id("v1");
        versioned->mutable_deployment_options()->set_worker_versioning_mode(
            temporal::api::enums::v1::WORKER_VERSIONING_MODE_VERSIONED);
        auto *unversioned = response->add_pollers();
        unversioned->set_identity("unversioned@" + queue);
        unversioned->mutable_deployment_options()->set_deployment_name("wide");
        unversioned->mutable_deployment_options()->set_build_id("v2");
        unversioned->mutable_deployment_options()->set_worker_versioning_mode(
            temporal::api::enums::v1::WORKER_VERSIONING_MODE_UNVERSIONED);
        auto *legacy = response->add_pollers();
        legacy->set_identity("legacy@" + queue);
        legacy->mutable_worker_version_capabilities()->set_build_id("1.0");
        legacy->mutable_worker_version_capabilities()->set_use_versioning(true);
        return grpc::Status::OK;
    }

    grpc::Status CountWorkflowExecutions(grpc::ServerContext *,
                                         const wf::CountWorkflowExecutionsRequest *request,
                                         wf::CountWorkflowExecutionsResponse *response) override
    {
        busy();
        const QString query = QString::fromStdString(request->query());
        {
            std::lock_guard lock(mutex);
            countQueries << query;
        }
        if (query.contains(QLatin1String("wide:v5")))
            return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "invalid query: visibility says no");
        response->set_count(query.contains(QLatin1String("'Pinned'")) ? 2 : 3);
        return grpc::Status::OK;
    }

    grpc::Status
    SetWorkerDeploymentRampingVersion(grpc::ServerContext *,
                                      const wf::SetWorkerDeploymentRampingVersionRequest *request,
                                      wf::SetWorkerDeploymentRampingVersionResponse *response) override
    {
        std::lock_guard lock(mutex);
        lastRamping = *request;
        response->set_conflict_token("token-2");
        return grpc::Status::OK;
    }

    grpc::Status SetWorkerDeploymentManager(grpc::ServerContext *,
                                            const wf::SetWorkerDeploymentManagerRequest *request,
                                            wf::SetWorkerDeploymentManagerResponse *response) override
    {
        std::lock_guard lock(mutex);
        lastManager = *request;
        response->set_conflict_token("token-3");
        return grpc::Status::OK;
    }

    grpc::Status
    UpdateWorkerDeploymentVersionMetadata(grpc::ServerContext *,
                                          const wf::UpdateWorkerDeploymentVersionMetadataRequest *request,
                                          wf::UpdateWorkerDeploymentVersionMetadataResponse *) override
    {
        std::lock_guard lock(mutex);
        lastMetadata = *request;
        return grpc::Status::OK;
    }

    grpc::Status DeleteWorkerDeploymentVersion(grpc::ServerContext *,
                                               const wf::DeleteWorkerDeploymentVersionRequest *request,
                                               wf::DeleteWorkerDeploymentVersionResponse *) override
    {
        std::lock_guard lock(mutex);
        lastDelete = *request;
        return grpc::Status::OK;
    }
};

class TestDeploymentPlumbing : public QObject
{
    Q_OBJECT

    FakeDeploymentService m_service;
    std::unique_ptr<grpc::Server> m_server;
    std::unique_ptr<TemporalClient> m_client;

    std::optional<Result<DeploymentSnapshot>> read(const QString &name,
                                                   DeploymentReader::Options options = {})
    {
        DeploymentReader reader(m_client.get());
        return await<DeploymentSnapshot>(
            [&](QObject *ctx, auto done) { reader.read(ctx, name, options, done); });
    }
    std::optional<Result<QByteArray>> send(const DeploymentOperation &operation, const QByteArray &token = {})
    {
        // The tests here look at the token; what the server says the routing was is the engine's business.
        const auto reply = await<DeploymentChangeReply>(
            [&](QObject *ctx, auto done) { m_client->changeWorkerDeployment(ctx, operation, token, done); });
        if (!reply)
            return std::nullopt;
        if (!reply->isOk())
            return Result<QByteArray>(reply->error());
        return Result<QByteArray>(reply->value().conflictToken);
    }
    static DeploymentOperation operation(DeploymentOperation::Kind kind, const QString &buildId = {},
                                         double percentage = 0)
    {
        DeploymentOperation op;
        op.kind = kind;
        op.deploymentName = QStringLiteral("svc");
        op.buildId = buildId;
        op.percentage = percentage;
        return op;
    }

private Q_SLOTS:
    void initTestCase()
    {
        int port = 0;
        grpc::ServerBuilder builder;
        builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
        builder.RegisterService(&m_service);
        m_server = builder.BuildAndStart();
        QVERIFY(m_server);
        ConnectionSettings settings;
        settings.address = QStringLiteral("127.0.0.1:%1").arg(port);
        settings.namespaceName = QStringLiteral("default");
        settings.identity = QStringLiteral("alice@versionscope");
        settings.callTimeoutMs = 10000;
        m_client = std::make_unique<TemporalClient>(settings);
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_server)
            m_server->Shutdown();
    }

    void listKeepsNewestRowPerDeployment()
    {
        TemporalClient client(m_client->settings());
        DeploymentReader reader(&client);
        const auto listed =
            await<QList<WorkerDeploymentSummary>>([&](QObject *ctx, auto done) { reader.list(ctx, done); });
        QVERIFY(listed && listed->isOk());
        QStringList rows;
        for (const WorkerDeploymentSummary &summary : listed->value())
            rows << summary.name + QLatin1Char(' ') + summary.routing.currentBuildId;
        // orders: revision 3 beats 1 on the same creation, and a row of an older creation loses whatever its
        // revision; billing: created again later, so its newer row wins with a lower revision.
        QCOMPARE(rows, (QStringList{QStringLiteral("orders rev3"), QStringLiteral("billing rev1"),
                                    QStringLiteral("shipping rev1")}));
        QCOMPARE(client.callCounts().value(QStringLiteral("ListWorkerDeployments")), 3);
    }

    void routingShapes_data()
    {
        QTest::addColumn<QString>("deployment");
        QTest::addColumn<bool>("hasRamp");
        QTest::addColumn<QString>("rampingBuildId");
        QTest::addColumn<double>("percentage");
        QTest::newRow("no ramp") << QStringLiteral("plain") << false << QString() << 0.0;
        QTest::newRow("ramp to a version")
            << QStringLiteral("ramp-v2") << true << QStringLiteral("v2") << 25.0;
        // Only the deprecated string tells a ramp to unversioned workers from no ramp.
        QTest::newRow("ramp to unversioned")
            << QStringLiteral("ramp-unversioned") << true << QString() << 10.0;
    }
    void routingShapes()
    {
        QFETCH(QString, deployment);
        QFETCH(bool, hasRamp);
        QFETCH(QString, rampingBuildId);
        QFETCH(double, percentage);
        const auto found = read(deployment, {false, false, false});
        QVERIFY(found && found->isOk());
        const DeploymentRouting &routing = found->value().deployment.routing;
        QCOMPARE(routing.currentBuildId, QStringLiteral("v1"));
        QCOMPARE(routing.hasRamp, hasRamp);
        QCOMPARE(routing.rampingBuildId, rampingBuildId);
        QCOMPARE(routing.rampingPercentage, percentage);
        QCOMPARE(found->value().deployment.conflictToken, QByteArray("token-1"));
    }

    // Not a credential problem: said so, with the server's words and the setting.
    void deploymentsDisabled()
    {
        const auto found = read(QStringLiteral("disabled"));
        QVERIFY(found);
        QVERIFY(!found->isOk());
        const Error &error = found->error();
        QCOMPARE(error.code, ErrorCode::PermissionDenied);
        QCOMPARE(error.reason, QStringLiteral("deployments-unavailable"));
        QCOMPARE(error.message,
                 QStringLiteral("Worker Deployments are not available on namespace default at %1.")
                     .arg(m_client->settings().address));
        QVERIFY(error.detail.contains(
            QLatin1String("Worker Deployment Versions are disabled on this namespace.")));
        QVERIFY(error.detail.contains(QLatin1String("system.enableDeploymentVersions")));
    }

    void metadataPayloadsDecoded()
    {
        const auto found = await<DeploymentVersionDetails>([&](QObject *ctx, auto done) {
            m_client->describeWorkerDeploymentVersion(ctx, {QStringLiteral("svc"), QStringLiteral("v1")},
                                                      done);
        });
        QVERIFY(found && found->isOk());
        const QMap<QString, QJsonValue> expected{
            {QStringLiteral("object"),
             QJsonObject{{QStringLiteral("step"), 2}, {QStringLiteral("canary"), true}}},
            {QStringLiteral("text"), QStringLiteral("team-a")},
            {QStringLiteral("number"), 42},
            {QStringLiteral("nothing"), QJsonValue::Null},
            {QStringLiteral("raw"), QStringLiteral("raw bytes")},
            {QStringLiteral("broken"), QStringLiteral("{not json")},
            {QStringLiteral("bare"), QStringLiteral("no encoding")},
        };
        QCOMPARE(found->value().metadata, expected);
        QCOMPARE(found->value().version, (DeploymentVersionRef{QStringLiteral("svc"), QStringLiteral("v1")}));
    }

    void readStaysWithinFanOut()
    {
        m_service.maxInFlight = 0;
        {
            std::lock_guard lock(m_service.mutex);
            m_service.countQueries.clear();
        }
        TemporalClient client(m_client->settings());
        DeploymentReader reader(&client);
        const auto found = await<DeploymentSnapshot>(
            [&](QObject *ctx, auto done) { reader.read(ctx, QStringLiteral("wide"), {}, done); });
        QVERIFY(found && found->isOk());
        const DeploymentSnapshot &snapshot = found->value();
        // 5 versions: 5 describes and 10 counts at once, then 2 queues × 2 types (nexus skipped).
        const QHash<QString, int> expected{{QStringLiteral("DescribeWorkerDeployment"), 1},
                                           {QStringLiteral("DescribeWorkerDeploymentVersion"), 5},
                                           {QStringLiteral("CountWorkflowExecutions"), 10},
                                           {QStringLiteral("DescribeTaskQueue"), 4}};
        QCOMPARE(client.callCounts(), expected);
        QCOMPARE(m_service.maxInFlight.load(), 4);
        QCOMPARE(snapshot.details.size(), 5);

        // Visibility refused v5's counts: unknown, never 0; the others are known.
        QVERIFY(snapshot.workflowCountsError);
        QCOMPARE(snapshot.workflowCountsError->code, ErrorCode::InvalidArgument);
        QCOMPARE(snapshot.workflowCounts.value(QStringLiteral("v5")), VersionWorkflowCounts());
        QCOMPARE(snapshot.workflowCounts.value(QStringLiteral("v1")), (VersionWorkflowCounts{2, 3}));
        {
            std::lock_guard lock(m_service.mutex);
            QVERIFY(m_service.countQueries.contains(QStringLiteral(
                "TemporalWorkerDeploymentVersion = 'wide:v1' AND ExecutionStatus = 'Running' AND "
                "TemporalWorkflowVersioningBehavior = 'Pinned'")));
            QVERIFY(m_service.countQueries.contains(QStringLiteral(
                "TemporalWorkerDeploymentVersion = 'wide:v1' AND ExecutionStatus = 'Running' AND "
                "TemporalWorkflowVersioningBehavior = 'AutoUpgrade'")));
        }

        QVERIFY(snapshot.pollers);
        QCOMPARE(snapshot.pollers->size(), 12);
        for (const DeploymentPoller &poller : *snapshot.pollers) {
            const QString kind = poller.identity.section(QLatin1Char('@'), 0, 0);
            QCOMPARE(poller.taskQueue, poller.identity.section(QLatin1Char('@'), 1));
            // Only a worker that polls as a version of a deployment has one.
            QCOMPARE(poller.buildId, kind == QLatin1String("versioned") ? QStringLiteral("v1") : QString());
            QCOMPARE(poller.deploymentName,
                     kind == QLatin1String("legacy") ? QString() : QStringLiteral("wide"));
        }
    }

    void changeRequests_data()
    {
        QTest::addColumn<QString>("buildId");
        QTest::addColumn<double>("percentage");
        QTest::addColumn<bool>("stop");
        QTest::addColumn<QString>("sentBuildId");
        QTest::addColumn<float>("sentPercentage");
        QTest::newRow("ramp a version")
            << QStringLiteral("v2") << 12.5 << false << QStringLiteral("v2") << 12.5f;
        QTest::newRow("ramp unversioned") << QString() << 30.0 << false << QString() << 30.0f;
        // Stop: no version and 0 %, whatever the operation held.
        QTest::newRow("stop ramping") << QStringLiteral("v2") << 40.0 << true << QString() << 0.0f;
    }
    void changeRequests()
    {
        QFETCH(QString, buildId);
        QFETCH(double, percentage);
        QFETCH(bool, stop);
        QFETCH(QString, sentBuildId);
        QFETCH(float, sentPercentage);
        DeploymentOperation op =
            operation(stop ? DeploymentOperation::Kind::StopRamping : DeploymentOperation::Kind::SetRamping,
                      buildId, percentage);
        op.allowNoPollers = true;
        const auto sent = send(op, "token-1");
        QVERIFY(sent && sent->isOk());
        QCOMPARE(sent->value(), QByteArray("token-2"));
        std::lock_guard lock(m_service.mutex);
        const auto &request = m_service.lastRamping;
        QCOMPARE(QString::fromStdString(request.build_id()), sentBuildId);
        QCOMPARE(request.percentage(), sentPercentage);
        QCOMPARE(request.conflict_token(), std::string("token-1"));
        QCOMPARE(request.identity(), std::string("alice@versionscope"));
        QCOMPARE(request.deployment_name(), std::string("svc"));
        QCOMPARE(request.namespace_(), std::string("default"));
        QVERIFY(request.allow_no_pollers());
        QVERIFY(!request.ignore_missing_task_queues());
    }

    void managerRequests_data()
    {
        QTest::addColumn<bool>("self");
        QTest::addColumn<QString>("identity");
        QTest::addColumn<int>("sentCase");
        QTest::newRow("someone") << false << QStringLiteral("ci-controller")
                                 << int(wf::SetWorkerDeploymentManagerRequest::kManagerIdentity);
        QTest::newRow("unset") << false << QString()
                               << int(wf::SetWorkerDeploymentManagerRequest::kManagerIdentity);
        QTest::newRow("self") << true << QString() << int(wf::SetWorkerDeploymentManagerRequest::kSelf);
    }
    void managerRequests()
    {
        QFETCH(bool, self);
        QFETCH(QString, identity);
        QFETCH(int, sentCase);
        DeploymentOperation op = operation(DeploymentOperation::Kind::SetManager);
        op.managerSelf = self;
        op.managerIdentity = identity;
        const auto sent = send(op);
        QVERIFY(sent && sent->isOk());
        QCOMPARE(sent->value(), QByteArray("token-3"));
        std::lock_guard lock(m_service.mutex);
        QCOMPARE(int(m_service.lastManager.new_manager_identity_case()), sentCase);
        QCOMPARE(QString::fromStdString(m_service.lastManager.manager_identity()), identity);
        QCOMPARE(m_service.lastManager.self(), self);
        QCOMPARE(m_service.lastManager.identity(), std::string("alice@versionscope"));
        QVERIFY(m_service.lastManager.conflict_token().empty());
    }

    void metadataAndDeleteRequests()
    {
        DeploymentOperation update =
            operation(DeploymentOperation::Kind::UpdateMetadata, QStringLiteral("v3"));
        update.upsertMetadata = {{QStringLiteral("owner"), QStringLiteral("team-a")},
                                 {QStringLiteral("step"), 2},
                                 {QStringLiteral("flags"), QJsonArray{true, QJsonValue::Null}}};
        update.removeMetadata = {QStringLiteral("old")};
        const auto updated = send(update, "ignored");
        QVERIFY(updated && updated->isOk());
        QCOMPARE(updated->value(), QByteArray());

        DeploymentOperation remove =
            operation(DeploymentOperation::Kind::DeleteVersion, QStringLiteral("v0"));
        remove.skipDrainage = true;
        const auto deleted = send(remove);
        QVERIFY(deleted && deleted->isOk());

        std::lock_guard lock(m_service.mutex);
        const auto &metadata = m_service.lastMetadata;
        QCOMPARE(metadata.deployment_version().deployment_name(), std::string("svc"));
        QCOMPARE(metadata.deployment_version().build_id(), std::string("v3"));
        QCOMPARE(metadata.identity(), std::string("alice@versionscope"));
        QCOMPARE(metadata.remove_entries_size(), 1);
        QCOMPARE(metadata.remove_entries(0), std::string("old"));
        QCOMPARE(int(metadata.upsert_entries_size()), 3);
        const std::map<std::string, std::string> expected{
            {"owner", R"("team-a")"}, {"step", "2"}, {"flags", "[true,null]"}};
        for (const auto &[key, data] : expected) {
            const auto &payload = metadata.upsert_entries().at(key);
            QCOMPARE(payload.data(), data);
            QCOMPARE(payload.metadata().at("encoding"), std::string("json/plain"));
        }
        QCOMPARE(m_service.lastDelete.deployment_version().build_id(), std::string("v0"));
        QVERIFY(m_service.lastDelete.skip_drainage());
        QCOMPARE(m_service.lastDelete.identity(), std::string("alice@versionscope"));
    }
};

QTEST_GUILESS_MAIN(TestDeploymentPlumbing)
#include "tst_deploymentplumbing.moc"
