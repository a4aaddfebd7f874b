#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

// The Worker Deployments model as plain values (temporal.api.deployment.v1, converted at the RPC boundary in
// core/temporal). A deployment has versions (deployment name + build ID); its routing config names a current
// version (new workflows; none = unversioned workers) and optionally a ramping version that takes a
// percentage of new workflows from the current one. See ../shared/TEMPORAL_NOTES.md, "Worker Deployments".

// One version of a deployment. An empty buildId means the unversioned workers (no version at all), which
// routing can name as current or ramping target.
struct DeploymentVersionRef
{
    QString deploymentName;
    QString buildId;

    bool isUnversioned() const { return buildId.isEmpty(); }
    // "svc:v1", the form the visibility attribute TemporalWorkerDeploymentVersion and Temporal's CLI use;
    // "unversioned" (translated) for the unversioned workers.
    QString displayName() const;

    bool operator==(const DeploymentVersionRef &) const = default;
};

// temporal.api.enums.v1.WorkerDeploymentVersionStatus, with Temporal's numbers.
enum class DeploymentVersionStatus {
    Unspecified = 0,
    Inactive = 1,
    Current = 2,
    Ramping = 3,
    Draining = 4,
    Drained = 5,
    Created = 6,
};
// "inactive", "current", …: JSON, the CLI and history.
QString deploymentVersionStatusName(DeploymentVersionStatus status);

// temporal.api.enums.v1.VersionDrainageStatus.
enum class DrainageStatus {
    Unspecified = 0,
    Draining = 1,
    Drained = 2,
};
QString drainageStatusName(DrainageStatus status);

// A percentage of new workflows as people read it: at most two decimals, no trailing zeros ("10", "33.3").
QString percentageText(double percentage);

struct DrainageInfo
{
    DrainageStatus status = DrainageStatus::Unspecified;
    QDateTime lastChangedTime;
    QDateTime lastCheckedTime;

    bool operator==(const DrainageInfo &) const = default;
};

// Where new workflows of a deployment go. A plain value compared by routing only (times and the revision
// are audit facts, see sameRouting()).
struct DeploymentRouting
{
    // Empty: unversioned workers are current.
    QString currentBuildId;
    // Whether a ramp is set at all (a ramp may target the unversioned workers: rampingBuildId empty).
    bool hasRamp = false;
    QString rampingBuildId;
    // 0–100: the share of new workflows the ramping version takes from the current one.
    double rampingPercentage = 0;
    QDateTime currentChangedTime;
    QDateTime rampingChangedTime;
    QDateTime rampingPercentageChangedTime;
    qint64 revisionNumber = 0;

    // Same current, same ramp target and percentage; times and revision ignored.
    bool sameRouting(const DeploymentRouting &other) const;
    // The share (0–100) of new workflows each target gets: current gets 100 − ramp, the ramp target the
    // ramp. Keys are build IDs, "" for the unversioned workers.
    QMap<QString, double> sharesOfNewWorkflows() const;
    // "current v2, ramping v3 at 10%" (translated).
    QString summary() const;

    bool operator==(const DeploymentRouting &) const = default;
};

// What DescribeWorkerDeployment says of one version (WorkerDeploymentVersionSummary).
struct DeploymentVersionSummary
{
    QString buildId;
    DeploymentVersionStatus status = DeploymentVersionStatus::Unspecified;
    DrainageInfo drainage;
    QDateTime createTime;
    QDateTime currentSinceTime;
    QDateTime rampingSinceTime;
    QDateTime routingUpdateTime;
    QDateTime firstActivationTime;
    QDateTime lastCurrentTime;
    QDateTime lastDeactivationTime;

    bool operator==(const DeploymentVersionSummary &) const = default;
};

// One deployment as DescribeWorkerDeployment returns it, with the conflict token of that read.
struct WorkerDeployment
{
    // temporal.api.enums.v1.RoutingConfigUpdateState.
    enum class RoutingUpdateState { Unspecified = 0, InProgress = 1, Completed = 2 };

    QString name;
    QDateTime createTime;
    DeploymentRouting routing;
    QList<DeploymentVersionSummary> versions;
    QString lastModifierIdentity;
    // Empty: no manager identity set (anyone may change routing).
    QString managerIdentity;
    RoutingUpdateState routingUpdateState = RoutingUpdateState::Unspecified;
    // Opaque; sent back with a change so that the server refuses it when the deployment changed meanwhile.
    QByteArray conflictToken;

    const DeploymentVersionSummary *version(const QString &buildId) const;

    bool operator==(const WorkerDeployment &) const = default;
};

// One row of ListWorkerDeployments (read from visibility: eventually consistent).
struct WorkerDeploymentSummary
{
    QString name;
    QDateTime createTime;
    DeploymentRouting routing;
    // Build ID of the newest version, empty when none is known.
    QString latestBuildId;

    bool operator==(const WorkerDeploymentSummary &) const = default;
};

struct WorkerDeploymentPage
{
    QList<WorkerDeploymentSummary> deployments;
    QByteArray nextPageToken;
};

// A task queue a version's workers poll. kind mirrors temporal.api.enums.v1.TaskQueueType
// (1 workflow, 2 activity, 3 nexus).
struct VersionTaskQueue
{
    QString name;
    int type = 1;

    bool operator==(const VersionTaskQueue &) const = default;
};

// What DescribeWorkerDeploymentVersion says of one version.
struct DeploymentVersionDetails
{
    DeploymentVersionRef version;
    DeploymentVersionStatus status = DeploymentVersionStatus::Unspecified;
    QDateTime createTime;
    QDateTime routingChangedTime;
    QDateTime currentSinceTime;
    QDateTime rampingSinceTime;
    QDateTime firstActivationTime;
    QDateTime lastCurrentTime;
    QDateTime lastDeactivationTime;
    double rampPercentage = 0;
    DrainageInfo drainage;
    // Metadata entries decoded from their payloads (json/plain → the JSON value; anything else → its data
    // as a string).
    QMap<QString, QJsonValue> metadata;
    QString lastModifierIdentity;
    QList<VersionTaskQueue> taskQueues;

    bool operator==(const DeploymentVersionDetails &) const = default;
};
