#include "deploymentgraphmodel.h"

#include <algorithm>

DeploymentGraphModel::DeploymentGraphModel(QObject *parent)
    : QObject(parent)
{}

void DeploymentGraphModel::setSnapshot(const DeploymentSnapshot &snapshot)
{
    Q_EMIT snapshotAboutToChange();
    m_snapshot = snapshot;
    m_keys = computeKeys();
    const bool selectionGone = m_hasSelection && !m_keys.contains(m_selectedKey);
    if (selectionGone) {
        m_hasSelection = false;
        m_selectedKey.clear();
    }
    Q_EMIT snapshotChanged();
    if (selectionGone)
        Q_EMIT selectionChanged();
}

QStringList DeploymentGraphModel::computeKeys() const
{
    const WorkerDeployment &deployment = m_snapshot.deployment;
    QList<const DeploymentVersionSummary *> versions;
    for (const DeploymentVersionSummary &version : deployment.versions) {
        if (!version.buildId.isEmpty())
            versions << &version;
    }
    // Newest first: the version an operator is rolling out is usually the latest.
    std::stable_sort(versions.begin(), versions.end(),
                     [](const auto *a, const auto *b) { return a->createTime > b->createTime; });
    QStringList keys;
    for (int lane = 0; lane < kLaneCount; ++lane) {
        for (const DeploymentVersionSummary *version : std::as_const(versions)) {
            if (int(DeploymentGraphModel::lane(version->buildId)) == lane)
                keys << version->buildId;
        }
        const bool unversionedHere =
            (lane == int(Lane::Current) && routing().currentBuildId.isEmpty()) ||
            (lane == int(Lane::Ramping) && routing().hasRamp && routing().rampingBuildId.isEmpty());
        // Routing may name them both as current and as ramp target; they are shown once, where most
        // new workflows go.
        if (unversionedHere && !keys.contains(QString()) &&
            !(lane == int(Lane::Ramping) && routing().currentBuildId.isEmpty()))
            keys << QString();
    }
    return keys;
}

QStringList DeploymentGraphModel::versionsInLane(Lane wanted) const
{
    QStringList keys;
    for (const QString &key : m_keys) {
        if (lane(key) == wanted)
            keys << key;
    }
    return keys;
}

bool DeploymentGraphModel::isCurrent(const QString &key) const
{
    return routing().currentBuildId == key;
}

bool DeploymentGraphModel::isRamping(const QString &key) const
{
    return routing().hasRamp && routing().rampingBuildId == key;
}

DeploymentVersionStatus DeploymentGraphModel::status(const QString &key) const
{
    // Routing is read with the versions in one call, so it never contradicts them; it alone speaks for the
    // unversioned workers and for a status the server left unspecified.
    if (isCurrent(key))
        return DeploymentVersionStatus::Current;
    if (isRamping(key))
        return DeploymentVersionStatus::Ramping;
    const DeploymentVersionSummary *version = summary(key);
    if (!version)
        return DeploymentVersionStatus::Unspecified;
    // A summary that still says current or ramping while routing names another version lags behind it.
    const bool staleRole = version->status == DeploymentVersionStatus::Current ||
                           version->status == DeploymentVersionStatus::Ramping;
    if (version->status != DeploymentVersionStatus::Unspecified && !staleRole)
        return version->status;
    switch (version->drainage.status) {
    case DrainageStatus::Draining:
        return DeploymentVersionStatus::Draining;
    case DrainageStatus::Drained:
        return DeploymentVersionStatus::Drained;
    case DrainageStatus::Unspecified:
        break;
    }
    return DeploymentVersionStatus::Inactive;
}

DeploymentGraphModel::Lane DeploymentGraphModel::lane(const QString &key) const
{
    switch (status(key)) {
    case DeploymentVersionStatus::Current:
        return Lane::Current;
    case DeploymentVersionStatus::Ramping:
        return Lane::Ramping;
    case DeploymentVersionStatus::Draining:
        return Lane::Draining;
    case DeploymentVersionStatus::Drained:
        return Lane::Drained;
    case DeploymentVersionStatus::Unspecified:
    case DeploymentVersionStatus::Inactive:
    case DeploymentVersionStatus::Created:
        break;
    }
    return Lane::Inactive;
}

const DeploymentVersionSummary *DeploymentGraphModel::summary(const QString &key) const
{
    if (key.isEmpty())
        return nullptr;
    for (const DeploymentVersionSummary &version : m_snapshot.deployment.versions) {
        if (version.buildId == key)
            return &version;
    }
    return nullptr;
}

const DeploymentVersionDetails *DeploymentGraphModel::details(const QString &key) const
{
    if (key.isEmpty())
        return nullptr;
    const auto it = m_snapshot.details.constFind(key);
    return it == m_snapshot.details.cend() ? nullptr : &it.value();
}

QList<DeploymentPoller> DeploymentGraphModel::pollers(const QString &key) const
{
    QList<DeploymentPoller> found;
    if (!m_snapshot.pollers)
        return found;
    for (const DeploymentPoller &poller : *m_snapshot.pollers) {
        // An unversioned worker polls with no deployment at all.
        if (poller.buildId == key && (key.isEmpty() || poller.deploymentName == deploymentName()))
            found << poller;
    }
    return found;
}

std::optional<int> DeploymentGraphModel::pollerCount(const QString &key) const
{
    if (!m_snapshot.pollers)
        return std::nullopt;
    return int(pollers(key).size());
}

std::optional<int> DeploymentGraphModel::pollerCount(const QString &key, int taskQueueType) const
{
    if (!m_snapshot.pollers)
        return std::nullopt;
    const QList<DeploymentPoller> all = pollers(key);
    return int(std::count_if(all.cbegin(), all.cend(), [taskQueueType](const DeploymentPoller &p) {
        return p.taskQueueType == taskQueueType;
    }));
}

QList<VersionTaskQueue> DeploymentGraphModel::taskQueues(const QString &key) const
{
    const DeploymentVersionDetails *version = details(key);
    return version ? version->taskQueues : QList<VersionTaskQueue>();
}

VersionWorkflowCounts DeploymentGraphModel::workflowCounts(const QString &key) const
{
    return m_snapshot.workflowCounts.value(key);
}

std::optional<double> DeploymentGraphModel::rampPercentage() const
{
    if (!routing().hasRamp)
        return std::nullopt;
    return routing().rampingPercentage;
}

void DeploymentGraphModel::setHighlighted(const QStringList &keys)
{
    QStringList sorted = keys;
    sorted.removeDuplicates();
    sorted.sort();
    if (sorted == m_highlighted)
        return;
    m_highlighted = sorted;
    Q_EMIT highlightChanged();
}

void DeploymentGraphModel::select(const QString &key)
{
    if (!m_keys.contains(key)) {
        clearSelection();
        return;
    }
    if (m_hasSelection && m_selectedKey == key)
        return;
    m_hasSelection = true;
    m_selectedKey = key;
    Q_EMIT selectionChanged();
}

void DeploymentGraphModel::clearSelection()
{
    if (!m_hasSelection)
        return;
    m_hasSelection = false;
    m_selectedKey.clear();
    Q_EMIT selectionChanged();
}

QString DeploymentGraphModel::laneName(Lane lane)
{
    switch (lane) {
    case Lane::Inactive:
        return tr("Created / inactive");
    case Lane::Ramping:
        return tr("Ramping");
    case Lane::Current:
        return tr("Current");
    case Lane::Draining:
        return tr("Draining");
    case Lane::Drained:
        return tr("Drained");
    }
    return {};
}
