// Writes the seed corpora of fuzz/corpus/<target>/: responses as a Temporal server 1.31 sends them (fields
// as seen on the dev server: structured deployment versions next to the deprecated strings, json/plain
// metadata, nanosecond times), exports as the project's own writers write them, and typical TOML files and
// command lines. Run by `scripts/fuzz --seeds`; its output is checked in, so a seed never changes unseen.
//
//   fuzz_make_seeds DIR     writes DIR/<target>/<name>
#include "deployments/deploymentjson.h"
#include "history/historyexport.h"
#include "versionsets/versionsetjson.h"

#include "temporal/api/workflowservice/v1/request_response.pb.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <cstdio>

namespace wf = temporal::api::workflowservice::v1;
namespace dep = temporal::api::deployment::v1;
namespace enums = temporal::api::enums::v1;

namespace {

QString g_root;

void write(const char *target, const char *name, const QByteArray &content)
{
    const QString dir = g_root + QLatin1Char('/') + QLatin1String(target);
    QDir().mkpath(dir);
    QFile file(dir + QLatin1Char('/') + QLatin1String(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
        std::exit(1);
    }
    file.write(content);
}

// A response seed: the selector byte the target reads first, then the message's wire bytes.
void writeMessage(const char *target, const char *name, uint8_t selector,
                  const google::protobuf::Message &message)
{
    write(target, name,
          QByteArray(1, char(selector)) + QByteArray::fromStdString(message.SerializeAsString()));
}

void setTime(google::protobuf::Timestamp *time, qint64 seconds, int nanos = 123456789)
{
    time->set_seconds(seconds);
    time->set_nanos(nanos);
}

void setVersion(dep::WorkerDeploymentVersion *version, const char *deployment, const char *buildId)
{
    version->set_deployment_name(deployment);
    version->set_build_id(buildId);
}

constexpr qint64 kNow = 1796000000; // 2026-11-29

void versionSetSeeds()
{
    const char *target = "fuzz_versionsetresponses";
    wf::GetWorkerBuildIdCompatibilityResponse sets;
    for (const auto &ids : {std::vector<const char *>{"1.0", "1.1"}, std::vector<const char *>{"2.0"}}) {
        auto *set = sets.add_major_version_sets();
        for (const char *id : ids)
            set->add_build_ids(id);
    }
    writeMessage(target, "compatibility-two-sets", 0, sets);
    writeMessage(target, "compatibility-empty", 0, wf::GetWorkerBuildIdCompatibilityResponse());

    wf::DescribeTaskQueueResponse pollers;
    auto *legacy = pollers.add_pollers();
    legacy->set_identity("4242@worker-1");
    setTime(legacy->mutable_last_access_time(), kNow);
    legacy->set_rate_per_second(100000);
    legacy->mutable_worker_version_capabilities()->set_build_id("2.0");
    legacy->mutable_worker_version_capabilities()->set_use_versioning(true);
    auto *deployed = pollers.add_pollers();
    deployed->set_identity("4243@worker-2");
    setTime(deployed->mutable_last_access_time(), kNow - 3);
    deployed->set_rate_per_second(100000);
    deployed->mutable_deployment_options()->set_deployment_name("orders");
    deployed->mutable_deployment_options()->set_build_id("v2");
    deployed->mutable_deployment_options()->set_worker_versioning_mode(
        enums::WORKER_VERSIONING_MODE_VERSIONED);
    auto *unversioned = pollers.add_pollers();
    unversioned->set_identity("4244@worker-3");
    setTime(unversioned->mutable_last_access_time(), kNow - 1);
    writeMessage(target, "pollers-workflow", 1, pollers);
    writeMessage(target, "pollers-activity", 2, pollers);

    wf::GetWorkerTaskReachabilityResponse reachability;
    auto *perId = reachability.add_build_id_reachability();
    perId->set_build_id("2.0");
    auto *queue = perId->add_task_queue_reachability();
    queue->set_task_queue("orders");
    queue->add_reachability(enums::TASK_REACHABILITY_NEW_WORKFLOWS);
    queue->add_reachability(enums::TASK_REACHABILITY_EXISTING_WORKFLOWS);
    auto *skipped = reachability.add_build_id_reachability();
    skipped->set_build_id("1.0");
    auto *lone = skipped->add_task_queue_reachability();
    lone->set_task_queue("orders");
    lone->add_reachability(enums::TASK_REACHABILITY_UNSPECIFIED);
    writeMessage(target, "reachability", 3, reachability);

    wf::ListWorkflowExecutionsResponse executions;
    for (int i = 0; i < 2; ++i) {
        auto *execution = executions.add_executions();
        execution->mutable_execution()->set_workflow_id("order-" + std::to_string(i));
        execution->mutable_execution()->set_run_id("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5" + std::to_string(i));
        execution->mutable_type()->set_name("OrderWorkflow");
        execution->set_task_queue(i == 0 ? "orders" : "payments");
        setTime(execution->mutable_start_time(), kNow - 60 * i);
    }
    executions.set_next_page_token("next");
    writeMessage(target, "executions", 4, executions);

    wf::GetSystemInfoResponse system;
    system.set_server_version("1.31.2");
    system.mutable_capabilities()->set_build_id_based_versioning(true);
    writeMessage(target, "system-info", 5, system);

    wf::ListNamespacesResponse namespaces;
    auto *ns = namespaces.add_namespaces();
    ns->mutable_namespace_info()->set_name("default");
    ns->mutable_namespace_info()->set_id("32049b68-7872-4094-8e63-d0dd59896a83");
    ns->mutable_namespace_info()->set_state(enums::NAMESPACE_STATE_REGISTERED);
    writeMessage(target, "namespaces", 6, namespaces);
    wf::DescribeNamespaceResponse described;
    *described.mutable_namespace_info() = ns->namespace_info();
    writeMessage(target, "namespace", 7, described);
}

void fillSummary(dep::WorkerDeploymentInfo::WorkerDeploymentVersionSummary *summary, const char *buildId,
                 enums::WorkerDeploymentVersionStatus status)
{
    summary->set_version(std::string("orders.") + buildId);
    setVersion(summary->mutable_deployment_version(), "orders", buildId);
    summary->set_status(status);
    setTime(summary->mutable_create_time(), kNow - 3600);
    setTime(summary->mutable_routing_update_time(), kNow - 600);
    if (status == enums::WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING) {
        summary->mutable_drainage_info()->set_status(enums::VERSION_DRAINAGE_STATUS_DRAINING);
        setTime(summary->mutable_drainage_info()->mutable_last_changed_time(), kNow - 300);
        setTime(summary->mutable_drainage_info()->mutable_last_checked_time(), kNow - 10);
    }
}

dep::RoutingConfig rampingRouting()
{
    dep::RoutingConfig routing;
    setVersion(routing.mutable_current_deployment_version(), "orders", "v2");
    routing.set_current_version("orders.v2");
    setVersion(routing.mutable_ramping_deployment_version(), "orders", "v3");
    routing.set_ramping_version("orders.v3");
    routing.set_ramping_version_percentage(33.33f);
    setTime(routing.mutable_current_version_changed_time(), kNow - 600);
    setTime(routing.mutable_ramping_version_changed_time(), kNow - 60);
    setTime(routing.mutable_ramping_version_percentage_changed_time(), kNow - 60);
    routing.set_revision_number(4);
    return routing;
}

void deploymentSeeds()
{
    const char *target = "fuzz_deploymentresponses";
    wf::ListWorkerDeploymentsResponse list;
    auto *orders = list.add_worker_deployments();
    orders->set_name("orders");
    setTime(orders->mutable_create_time(), kNow - 7200);
    *orders->mutable_routing_config() = rampingRouting();
    fillSummary(orders->mutable_latest_version_summary(), "v3",
                enums::WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING);
    auto *payments = list.add_worker_deployments();
    payments->set_name("payments");
    setTime(payments->mutable_create_time(), kNow - 7000);
    // The unversioned workers current, no ramp: only the deprecated string says so.
    payments->mutable_routing_config()->set_current_version("__unversioned__");
    writeMessage(target, "list-two", 0, list);

    wf::DescribeWorkerDeploymentResponse describe;
    describe.set_conflict_token(std::string("\x0a\x08\x08\x04\x10\x01", 6));
    auto *info = describe.mutable_worker_deployment_info();
    info->set_name("orders");
    setTime(info->mutable_create_time(), kNow - 7200);
    *info->mutable_routing_config() = rampingRouting();
    fillSummary(info->add_version_summaries(), "v1", enums::WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING);
    fillSummary(info->add_version_summaries(), "v2", enums::WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT);
    fillSummary(info->add_version_summaries(), "v3", enums::WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING);
    info->set_last_modifier_identity("alice@ops");
    info->set_manager_identity("rollout-controller");
    info->set_routing_config_update_state(enums::ROUTING_CONFIG_UPDATE_STATE_COMPLETED);
    writeMessage(target, "describe-ramping", 1, describe);

    wf::DescribeWorkerDeploymentResponse unversioned;
    unversioned.mutable_worker_deployment_info()->set_name("payments");
    unversioned.mutable_worker_deployment_info()->mutable_routing_config()->set_current_version(
        "__unversioned__");
    unversioned.mutable_worker_deployment_info()->mutable_routing_config()->set_ramping_version(
        "__unversioned__");
    unversioned.mutable_worker_deployment_info()->mutable_routing_config()->set_ramping_version_percentage(
        10);
    writeMessage(target, "describe-ramp-unversioned", 1, unversioned);

    wf::DescribeWorkerDeploymentVersionResponse version;
    auto *versionInfo = version.mutable_worker_deployment_version_info();
    versionInfo->set_version("orders.v3");
    setVersion(versionInfo->mutable_deployment_version(), "orders", "v3");
    versionInfo->set_deployment_name("orders");
    versionInfo->set_status(enums::WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING);
    setTime(versionInfo->mutable_create_time(), kNow - 3600);
    setTime(versionInfo->mutable_routing_changed_time(), kNow - 60);
    setTime(versionInfo->mutable_ramping_since_time(), kNow - 60);
    setTime(versionInfo->mutable_first_activation_time(), kNow - 60);
    versionInfo->set_ramp_percentage(33.33f);
    auto &entries = *versionInfo->mutable_metadata()->mutable_entries();
    (*entries["owner"].mutable_metadata())["encoding"] = "json/plain";
    entries["owner"].set_data("\"team-orders\"");
    (*entries["limits"].mutable_metadata())["encoding"] = "json/plain";
    entries["limits"].set_data("{\"qps\":50,\"regions\":[\"eu\",\"us\"]}");
    (*entries["none"].mutable_metadata())["encoding"] = "binary/null";
    versionInfo->set_last_modifier_identity("alice@ops");
    auto *queue = version.add_version_task_queues();
    queue->set_name("orders");
    queue->set_type(enums::TASK_QUEUE_TYPE_WORKFLOW);
    auto *activities = version.add_version_task_queues();
    activities->set_name("orders");
    activities->set_type(enums::TASK_QUEUE_TYPE_ACTIVITY);
    writeMessage(target, "describe-version-ramping-metadata", 2, version);

    wf::CountWorkflowExecutionsResponse count;
    count.set_count(17);
    writeMessage(target, "count", 3, count);
}

WorkerDeployment deploymentValue()
{
    WorkerDeployment deployment;
    deployment.name = QStringLiteral("orders");
    deployment.createTime = QDateTime::fromMSecsSinceEpoch((kNow - 7200) * 1000 + 123, Qt::UTC);
    deployment.routing.currentBuildId = QStringLiteral("v2");
    deployment.routing.hasRamp = true;
    deployment.routing.rampingBuildId = QStringLiteral("v3");
    deployment.routing.rampingPercentage = 10;
    deployment.routing.revisionNumber = 4;
    DeploymentVersionSummary v2;
    v2.buildId = QStringLiteral("v2");
    v2.status = DeploymentVersionStatus::Current;
    DeploymentVersionSummary v1;
    v1.buildId = QStringLiteral("v1");
    v1.status = DeploymentVersionStatus::Draining;
    v1.drainage.status = DrainageStatus::Draining;
    deployment.versions = {v1, v2};
    deployment.lastModifierIdentity = QStringLiteral("alice@ops");
    deployment.managerIdentity = QStringLiteral("rollout-controller");
    return deployment;
}

QList<HistoryEntry> historyEntries()
{
    HistoryContext context;
    context.osUser = QStringLiteral("alice");
    context.identity = QStringLiteral("alice@versionscope");
    context.serverAddress = QStringLiteral("127.0.0.1:7233");
    context.namespaceName = QStringLiteral("default");
    context.taskQueue = QStringLiteral("orders");
    context.source = HistoryContext::Source::Cli;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(kNow * 1000 + 250, Qt::UTC);

    HistoryEntry applied;
    applied.id = 1;
    applied.recordedAt = at;
    applied.context = context;
    applied.operation =
        BuildIdOperation::addNewCompatible(QStringLiteral("1.2"), QStringLiteral("1.1"), true);
    applied.reason = QStringLiteral("hotfix, \"urgent\"\nsee INC-42");
    applied.before = VersionSets({{QStringLiteral("1.0"), QStringLiteral("1.1")}, {QStringLiteral("2.0")}});
    applied.after = VersionSets({{QStringLiteral("1.0"), QStringLiteral("1.1"), QStringLiteral("1.2")}});
    applied.matchedPreview = true;
    applied.outcome = HistoryEntry::Outcome::Applied;

    HistoryEntry observed =
        HistoryEntry::observedChange(context, applied.before, *applied.after, at.addSecs(60));
    observed.id = 2;

    HistoryEntry rejected = applied;
    rejected.id = 3;
    rejected.operation = BuildIdOperation::mergeSets(QStringLiteral("2.0"), QStringLiteral("9.9"));
    rejected.after.reset();
    rejected.matchedPreview.reset();
    rejected.outcome = HistoryEntry::Outcome::Rejected;
    rejected.errorCode = QStringLiteral("not-found");
    rejected.errorMessage = QStringLiteral("build ID 9.9 not found");

    HistoryEntry deployment;
    deployment.id = 4;
    deployment.recordedAt = at.addSecs(120);
    deployment.context = context;
    deployment.context.taskQueue.clear();
    deployment.context.model = HistoryContext::Model::Deployment;
    deployment.context.deploymentName = QStringLiteral("orders");
    deployment.deploymentOperation =
        DeploymentOperation::setRamping(QStringLiteral("orders"), QStringLiteral("v3"), 10);
    WorkerDeployment before = deploymentValue();
    before.routing.hasRamp = false;
    before.routing.rampingBuildId.clear();
    before.routing.rampingPercentage = 0;
    deployment.deploymentBefore = before;
    deployment.deploymentAfter = deploymentValue();
    deployment.outcome = HistoryEntry::Outcome::Unknown;
    deployment.settledAt = at.addSecs(180);
    deployment.settledOutcome = HistoryEntry::Outcome::Applied;

    HistoryEntry seen = HistoryEntry::observedDeploymentChange(deployment.context, before, deploymentValue(),
                                                               at.addSecs(240));
    seen.id = 5;
    return {applied, observed, rejected, deployment, seen};
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

void historySeeds()
{
    const QList<HistoryEntry> entries = historyEntries();
    const QList<HistoryEntry> versionSetsOnly = entries.mid(0, 3);
    write("fuzz_historyimport", "export-all.json", '\0' + QJsonDocument(historyToJson(entries)).toJson());
    write("fuzz_historyimport", "export-version-sets.json",
          '\0' + QJsonDocument(historyToJson(versionSetsOnly)).toJson());
    write("fuzz_historyimport", "entry-deployment.json", '\0' + compact(historyEntryToJson(entries.at(3))));
    write("fuzz_historyimport", "export-all.csv", '\1' + historyToCsv(entries).toUtf8());
    write("fuzz_historyimport", "export-version-sets.csv", '\1' + historyToCsv(versionSetsOnly).toUtf8());

    // fuzz_valuejson: one byte for the shape (Deployment, Routing, VersionSummary, VersionDetails, Operation,
    // Sets), then the JSON.
    const WorkerDeployment deployment = deploymentValue();
    write("fuzz_valuejson", "deployment", '\0' + compact(workerDeploymentToJson(deployment)));
    write("fuzz_valuejson", "routing", '\1' + compact(deploymentRoutingToJson(deployment.routing)));
    write("fuzz_valuejson", "version-summary",
          '\2' + compact(deploymentVersionSummaryToJson(deployment.versions.at(0))));
    DeploymentVersionDetails details;
    details.version = {QStringLiteral("orders"), QStringLiteral("v3")};
    details.status = DeploymentVersionStatus::Ramping;
    details.rampPercentage = 33.33;
    details.metadata.insert(QStringLiteral("owner"), QStringLiteral("team-orders"));
    details.taskQueues = {{QStringLiteral("orders"), 1}, {QStringLiteral("orders"), 2}};
    write("fuzz_valuejson", "version-details", '\3' + compact(deploymentVersionDetailsToJson(details)));
    for (const auto &[name, operation] :
         {std::pair{"operation-set-ramping", *entries.at(3).deploymentOperation},
          std::pair{"operation-delete", DeploymentOperation::deleteVersion(QStringLiteral("orders"),
                                                                           QStringLiteral("v1"), true)}})
        write("fuzz_valuejson", name, '\4' + compact(deploymentOperationToJson(operation)));
    write("fuzz_valuejson", "sets",
          '\5' + QJsonDocument(versionSetsToJson(entries.at(0).before)).toJson(QJsonDocument::Compact));
}

void textSeeds()
{
    // fuzz_tomlconfig: temporal.toml NUL versionscope.toml NUL environment NUL flags.
    const QByteArray temporalToml = R"([profile.default]
address = "localhost:7233"
namespace = "default"

[profile.prod]
address = "prod.a1b2c.tmprl.cloud:7233"
namespace = "prod.a1b2c"
api_key = "key-123"

[profile.prod.tls]
client_cert_path = "/etc/temporal/client.pem"
client_key_path = "/etc/temporal/client.key"
server_name = "prod.a1b2c.tmprl.cloud"

[profile.prod.grpc_meta]
x-team = "orders"
)";
    const QByteArray versionscopeToml = R"([profile.default]
history = "history.sqlite"

[profile.prod]
version_set_limit = 20
build_id_limit = 200
build_id_max_length = 255
allow_insecure_api_key = false
history = "postgresql://rollouts@db.internal:5432/versionscope?sslmode=require"
)";
    write("fuzz_tomlconfig", "profiles",
          temporalToml + '\0' + versionscopeToml + '\0' + "TEMPORAL_PROFILE=prod\n" + '\0' +
              "--namespace\nprod.a1b2c\n");
    write("fuzz_tomlconfig", "default-environment",
          temporalToml + '\0' + '\0' +
              "TEMPORAL_ADDRESS=[::1]:7233\nTEMPORAL_TLS=true\nTEMPORAL_GRPC_META_X_TRACE=abc\n" + '\0' +
              "--profile\ndefault\n--command-timeout\n5000\n--grpc-meta\nx-a=b\n");
    write("fuzz_tomlconfig", "types",
          QByteArray("a = 1\nb = 1.5\nc = true\nd = 1979-05-27T07:32:00Z\ne = [1, \"x\"]\n"
                     "f = { g = \"h\" }\n[[t]]\nx = 1\n[profile.\"quoted name\"]\naddress = 7233\n"));

    // fuzz_historylocation: location NUL versionscope.toml NUL environment.
    write("fuzz_historylocation", "sqlite", "~/rollouts/history.sqlite");
    write("fuzz_historylocation", "postgresql",
          "postgresql://alice:s3cr%40t@db.internal:5432/versionscope?sslmode=verify-full&connect_timeout=3"
          "&application_name=versionscope");
    write("fuzz_historylocation", "socket", "postgres://alice@/history?host=/run/postgresql");
    write("fuzz_historylocation", "profile",
          QByteArray() + '\0' + "[profile.prod]\nhistory = \"postgresql://bob@[::1]:6543/h\"\n" + '\0' +
              "TEMPORAL_PROFILE=prod\n");
    write("fuzz_historylocation", "environment",
          QByteArray() + '\0' + '\0' + "VERSIONSCOPE_HISTORY=pg://alice@db/history\n");

    // One argument per line.
    const char *cli[][2] = {
        {"get-build-ids", "task-queue\nget-build-ids\n-t\norders\n-o\njson\n"},
        {"describe-build-ids", "--address\nlocalhost:7233\ntask-queue\ndescribe-build-ids\n-t\norders\n"},
        {"update-add-compatible", "task-queue\nupdate-build-ids\nadd-new-compatible\n--build-id\n1.2\n"
                                  "--existing-compatible-build-id\n1.1\n--set-as-default\n-t\norders\n-y\n"
                                  "--reason\nhotfix\n"},
        {"update-merge", "task-queue\nupdate-build-ids\nmerge-sets\n--primary-build-id\n2.0\n"
                         "--secondary-build-id\n1.0\n-t\norders\n--dry-run\n--tls=false\n"},
        {"history", "history\n--deployment\norders\n--since\n2026-11-01T00:00:00Z\n--limit\n10\n-o\ncsv\n"
                    "--history\npostgresql://alice@db/h\n"},
        {"history-show", "history\nshow\n42\n-o\njson\n"},
        {"deployment-ramping", "worker\ndeployment\nset-ramping-version\n--deployment-name\norders\n"
                               "--build-id\nv3\n--percentage\n10\n--ignore-missing-task-queues\n-y\n"},
        {"deployment-current-unversioned", "worker\ndeployment\nset-current-version\n--deployment-"
                                           "name\norders\n--unversioned\n--allow-no-pollers\n"},
        {"deployment-metadata", "worker\ndeployment\nupdate-version-metadata\n--deployment-name\norders\n"
                                "--build-id\nv3\n--metadata\nowner=\"team\"\n--remove-entries\nold\n"},
        {"deployment-manager",
         "worker\ndeployment\nmanager-identity\nset\n--deployment-name\norders\n--self\n"},
        {"deployment-describe-version", "worker\ndeployment\ndescribe-version\n--deployment-name\norders\n"
                                        "--build-id\nv2\n--profile\nprod\n--grpc-meta\nx-team=orders\n"},
    };
    for (const auto &[name, arguments] : cli)
        write("fuzz_cliarguments", name, arguments);
    const char *gui[][2] = {
        {"queue", "-t\norders\n--address\nlocalhost:7233\n"},
        {"screenshot-preview",
         "-t\norders\n--screenshot\n/tmp/a.png\n--preview\nadd-new-compatible=1.2,1.1,default\n"
         "--preview-screenshot\n/tmp/b.png\n--window-size\n800x600\n"},
        {"deployment-preview", "-d\norders\n--preview\nset-ramping=v3,10\n--history\n/tmp/h.sqlite\n"},
        {"merge", "merge-sets=2.0,1.0\n"},
    };
    for (const auto &[name, arguments] : gui)
        write("fuzz_guiarguments", name, arguments);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_make_seeds DIR\n");
        return 2;
    }
    g_root = QString::fromLocal8Bit(argv[1]);
    versionSetSeeds();
    deploymentSeeds();
    historySeeds();
    textSeeds();
    return 0;
}
