#include "responseconversion.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace wf = temporal::api::workflowservice::v1;
namespace dep = temporal::api::deployment::v1;

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

// A state this client does not know (added to Temporal later) is Unspecified.
NamespaceInfo::State fromProto(temporal::api::enums::v1::NamespaceState state)
{
    switch (state) {
    case temporal::api::enums::v1::NAMESPACE_STATE_REGISTERED:
        return NamespaceInfo::State::Registered;
    case temporal::api::enums::v1::NAMESPACE_STATE_DEPRECATED:
        return NamespaceInfo::State::Deprecated;
    case temporal::api::enums::v1::NAMESPACE_STATE_DELETED:
        return NamespaceInfo::State::Deleted;
    default:
        return NamespaceInfo::State::Unspecified;
    }
}

// google.protobuf.Timestamp's own range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
constexpr qint64 kMinTimestampSeconds = -62135596800;
constexpr qint64 kMaxTimestampSeconds = 253402300799;

QDateTime fromTimestamp(const google::protobuf::Timestamp &timestamp)
{
    if (timestamp.seconds() == 0 && timestamp.nanos() == 0)
        return {};
    // A time outside the range no server sends is unknown, like an unset one; in milliseconds it could
    // overflow (fuzz/fuzz_versionsetresponses).
    if (timestamp.seconds() < kMinTimestampSeconds || timestamp.seconds() > kMaxTimestampSeconds ||
        timestamp.nanos() < 0 || timestamp.nanos() > 999999999)
        return {};
    return QDateTime::fromMSecsSinceEpoch(timestamp.seconds() * 1000 + timestamp.nanos() / 1000000, Qt::UTC);
}

DeploymentVersionStatus fromProto(temporal::api::enums::v1::WorkerDeploymentVersionStatus status)
{
    // Temporal's numbers; a status added later is Unspecified rather than a value the enum does not name.
    const int value = int(status);
    return value >= int(DeploymentVersionStatus::Inactive) && value <= int(DeploymentVersionStatus::Created)
               ? static_cast<DeploymentVersionStatus>(value)
               : DeploymentVersionStatus::Unspecified;
}

DrainageInfo fromProto(const dep::VersionDrainageInfo &info)
{
    DrainageInfo drainage;
    switch (info.status()) {
    case temporal::api::enums::v1::VERSION_DRAINAGE_STATUS_DRAINING:
        drainage.status = DrainageStatus::Draining;
        break;
    case temporal::api::enums::v1::VERSION_DRAINAGE_STATUS_DRAINED:
        drainage.status = DrainageStatus::Drained;
        break;
    default:
        drainage.status = DrainageStatus::Unspecified;
        break;
    }
    drainage.lastChangedTime = fromTimestamp(info.last_changed_time());
    drainage.lastCheckedTime = fromTimestamp(info.last_checked_time());
    return drainage;
}

DeploymentRouting fromProto(const dep::RoutingConfig &config)
{
    DeploymentRouting routing;
    // No current_deployment_version: the unversioned workers are current (the deprecated string then says
    // "__unversioned__").
    routing.currentBuildId = fromStd(config.current_deployment_version().build_id());
    // A ramp to the unversioned workers has no ramping_deployment_version; only the deprecated string tells
    // it from no ramp at all ("__unversioned__" against "", seen on server 1.31.2).
    routing.hasRamp = config.has_ramping_deployment_version() || !config.ramping_version().empty();
    routing.rampingBuildId = fromStd(config.ramping_deployment_version().build_id());
    routing.rampingPercentage = routing.hasRamp ? double(config.ramping_version_percentage()) : 0.0;
    routing.currentChangedTime = fromTimestamp(config.current_version_changed_time());
    routing.rampingChangedTime = fromTimestamp(config.ramping_version_changed_time());
    routing.rampingPercentageChangedTime = fromTimestamp(config.ramping_version_percentage_changed_time());
    routing.revisionNumber = config.revision_number();
    return routing;
}

DeploymentVersionSummary fromProto(const dep::WorkerDeploymentInfo::WorkerDeploymentVersionSummary &summary)
{
    DeploymentVersionSummary version;
    version.buildId = fromStd(summary.deployment_version().build_id());
    version.status = fromProto(summary.status());
    version.drainage = fromProto(summary.drainage_info());
    version.createTime = fromTimestamp(summary.create_time());
    version.currentSinceTime = fromTimestamp(summary.current_since_time());
    version.rampingSinceTime = fromTimestamp(summary.ramping_since_time());
    version.routingUpdateTime = fromTimestamp(summary.routing_update_time());
    version.firstActivationTime = fromTimestamp(summary.first_activation_time());
    version.lastCurrentTime = fromTimestamp(summary.last_current_time());
    version.lastDeactivationTime = fromTimestamp(summary.last_deactivation_time());
    return version;
}

// Version metadata: json/plain payloads (what Temporal's CLI and SDKs write) become their JSON value,
// binary/null becomes null, anything else its data as text.
QJsonValue fromPayload(const temporal::api::common::v1::Payload &payload)
{
    const auto encoding = payload.metadata().find("encoding");
    const std::string kind = encoding == payload.metadata().end() ? std::string() : encoding->second;
    const QByteArray data = QByteArray::fromStdString(payload.data());
    if (kind == "binary/null")
        return QJsonValue::Null;
    if (kind == "json/plain") {
        // QJsonDocument holds only objects and arrays: a scalar is read inside an array.
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson('[' + data + ']', &error);
        if (error.error == QJsonParseError::NoError && document.array().size() == 1)
            return document.array().at(0);
    }
    return QString::fromUtf8(data);
}

} // namespace

SystemInfo systemInfoFromResponse(const wf::GetSystemInfoResponse &response)
{
    SystemInfo info;
    info.serverVersion = fromStd(response.server_version());
    info.buildIdBasedVersioning = response.capabilities().build_id_based_versioning();
    return info;
}

NamespacePage namespacePageFromResponse(const wf::ListNamespacesResponse &response)
{
    NamespacePage page;
    for (const auto &ns : response.namespaces()) {
        page.namespaces << NamespaceInfo{fromStd(ns.namespace_info().name()),
                                         fromStd(ns.namespace_info().id()),
                                         fromProto(ns.namespace_info().state())};
    }
    page.nextPageToken = QByteArray::fromStdString(response.next_page_token());
    return page;
}

NamespaceInfo namespaceInfoFromResponse(const wf::DescribeNamespaceResponse &response)
{
    return NamespaceInfo{fromStd(response.namespace_info().name()), fromStd(response.namespace_info().id()),
                         fromProto(response.namespace_info().state())};
}

VersionSets versionSetsFromResponse(const wf::GetWorkerBuildIdCompatibilityResponse &response)
{
    QList<QStringList> sets;
    for (const auto &set : response.major_version_sets()) {
        QStringList ids;
        for (const std::string &id : set.build_ids())
            ids << fromStd(id);
        sets << ids;
    }
    return VersionSets(std::move(sets));
}

QList<PollerInfo> pollersFromResponse(const wf::DescribeTaskQueueResponse &response, TaskQueueKind kind)
{
    QList<PollerInfo> pollers;
    for (const auto &poller : response.pollers()) {
        PollerInfo info;
        info.identity = fromStd(poller.identity());
        info.lastAccessTime = fromTimestamp(poller.last_access_time());
        info.ratePerSecond = poller.rate_per_second();
        info.buildId = fromStd(poller.worker_version_capabilities().build_id());
        info.useVersioning = poller.worker_version_capabilities().use_versioning();
        if (poller.has_deployment_options()) {
            const auto &options = poller.deployment_options();
            info.deploymentName = fromStd(options.deployment_name());
            if (!options.build_id().empty())
                info.buildId = fromStd(options.build_id());
            if (options.worker_versioning_mode() ==
                temporal::api::enums::v1::WORKER_VERSIONING_MODE_VERSIONED)
                info.useVersioning = true;
        }
        info.kind = kind;
        pollers << info;
    }
    return pollers;
}

QList<BuildIdReachability> reachabilityFromResponse(const wf::GetWorkerTaskReachabilityResponse &response)
{
    QList<BuildIdReachability> all;
    for (const auto &perBuildId : response.build_id_reachability()) {
        for (const auto &perQueue : perBuildId.task_queue_reachability()) {
            BuildIdReachability entry;
            entry.buildId = fromStd(perBuildId.build_id());
            entry.taskQueue = fromStd(perQueue.task_queue());
            for (int r : perQueue.reachability())
                entry.reachability << static_cast<TaskReachability>(r);
            if (entry.reachability == QList<TaskReachability>{TaskReachability::Unspecified}) {
                entry.skipped = true;
                entry.reachability.clear();
            }
            all << entry;
        }
    }
    return all;
}

WorkflowExecutionPage workflowExecutionPageFromResponse(const wf::ListWorkflowExecutionsResponse &response)
{
    WorkflowExecutionPage page;
    for (const auto &execution : response.executions()) {
        page.executions << WorkflowExecutionSummary{
            fromStd(execution.execution().workflow_id()), fromStd(execution.execution().run_id()),
            fromStd(execution.type().name()), fromStd(execution.task_queue()),
            fromTimestamp(execution.start_time())};
    }
    page.nextPageToken = QByteArray::fromStdString(response.next_page_token());
    return page;
}

qint64 workflowCountFromResponse(const wf::CountWorkflowExecutionsResponse &response)
{
    return qint64(response.count());
}

WorkerDeploymentPage workerDeploymentPageFromResponse(const wf::ListWorkerDeploymentsResponse &response)
{
    WorkerDeploymentPage page;
    for (const auto &deployment : response.worker_deployments()) {
        WorkerDeploymentSummary summary;
        summary.name = fromStd(deployment.name());
        summary.createTime = fromTimestamp(deployment.create_time());
        summary.routing = fromProto(deployment.routing_config());
        summary.latestBuildId = fromStd(deployment.latest_version_summary().deployment_version().build_id());
        page.deployments << summary;
    }
    page.nextPageToken = QByteArray::fromStdString(response.next_page_token());
    return page;
}

WorkerDeployment workerDeploymentFromResponse(const wf::DescribeWorkerDeploymentResponse &response)
{
    const dep::WorkerDeploymentInfo &info = response.worker_deployment_info();
    WorkerDeployment deployment;
    deployment.name = fromStd(info.name());
    deployment.createTime = fromTimestamp(info.create_time());
    deployment.routing = fromProto(info.routing_config());
    // One entry per build ID, the first: the server keys versions by build ID, and everything downstream
    // looks them up that way (WorkerDeployment::version). A response naming one twice made every refresh
    // report a change that did not happen (fuzz/fuzz_deploymentresponses).
    for (const auto &summary : info.version_summaries()) {
        DeploymentVersionSummary version = fromProto(summary);
        if (!deployment.version(version.buildId))
            deployment.versions << version;
    }
    deployment.lastModifierIdentity = fromStd(info.last_modifier_identity());
    deployment.managerIdentity = fromStd(info.manager_identity());
    switch (info.routing_config_update_state()) {
    case temporal::api::enums::v1::ROUTING_CONFIG_UPDATE_STATE_IN_PROGRESS:
        deployment.routingUpdateState = WorkerDeployment::RoutingUpdateState::InProgress;
        break;
    case temporal::api::enums::v1::ROUTING_CONFIG_UPDATE_STATE_COMPLETED:
        deployment.routingUpdateState = WorkerDeployment::RoutingUpdateState::Completed;
        break;
    default:
        deployment.routingUpdateState = WorkerDeployment::RoutingUpdateState::Unspecified;
        break;
    }
    deployment.conflictToken = QByteArray::fromStdString(response.conflict_token());
    return deployment;
}

DeploymentVersionDetails
deploymentVersionDetailsFromResponse(const wf::DescribeWorkerDeploymentVersionResponse &response)
{
    const dep::WorkerDeploymentVersionInfo &info = response.worker_deployment_version_info();
    DeploymentVersionDetails details;
    details.version.deploymentName = fromStd(info.deployment_version().deployment_name());
    details.version.buildId = fromStd(info.deployment_version().build_id());
    details.status = fromProto(info.status());
    details.createTime = fromTimestamp(info.create_time());
    details.routingChangedTime = fromTimestamp(info.routing_changed_time());
    details.currentSinceTime = fromTimestamp(info.current_since_time());
    details.rampingSinceTime = fromTimestamp(info.ramping_since_time());
    details.firstActivationTime = fromTimestamp(info.first_activation_time());
    details.lastCurrentTime = fromTimestamp(info.last_current_time());
    details.lastDeactivationTime = fromTimestamp(info.last_deactivation_time());
    details.rampPercentage = double(info.ramp_percentage());
    details.drainage = fromProto(info.drainage_info());
    for (const auto &[key, payload] : info.metadata().entries())
        details.metadata.insert(fromStd(key), fromPayload(payload));
    details.lastModifierIdentity = fromStd(info.last_modifier_identity());
    for (const auto &queue : response.version_task_queues())
        details.taskQueues << VersionTaskQueue{fromStd(queue.name()), int(queue.type())};
    return details;
}
