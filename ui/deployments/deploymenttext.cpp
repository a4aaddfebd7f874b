#include "deploymenttext.h"

#include <QMap>

QString DeploymentText::age(const QDateTime &since, const QDateTime &now)
{
    if (!since.isValid() || !now.isValid())
        return {};
    const qint64 seconds = std::max<qint64>(0, since.secsTo(now));
    if (seconds < 60)
        return tr("<1 min");
    if (seconds < 3600)
        return tr("%1 min").arg(seconds / 60);
    if (seconds < 2 * 86400)
        return tr("%1 h").arg(seconds / 3600);
    return tr("%1 d").arg(seconds / 86400);
}

QString DeploymentText::taskQueueTypeName(int type)
{
    switch (type) {
    case 1:
        return tr("workflow");
    case 2:
        return tr("activity");
    case 3:
        return tr("nexus");
    }
    return tr("type %1").arg(type);
}

QString DeploymentText::taskQueueTypeShortName(int type)
{
    switch (type) {
    case 1:
        return tr("wf");
    case 2:
        return tr("act");
    case 3:
        return tr("nexus");
    }
    return QString::number(type);
}

QString DeploymentText::statusName(DeploymentVersionStatus status)
{
    switch (status) {
    case DeploymentVersionStatus::Unspecified:
        return tr("unknown");
    case DeploymentVersionStatus::Inactive:
        return tr("inactive");
    case DeploymentVersionStatus::Current:
        return tr("current");
    case DeploymentVersionStatus::Ramping:
        return tr("ramping");
    case DeploymentVersionStatus::Draining:
        return tr("draining");
    case DeploymentVersionStatus::Drained:
        return tr("drained");
    case DeploymentVersionStatus::Created:
        return tr("created");
    }
    return tr("unknown");
}

QString DeploymentText::taskQueues(const QList<VersionTaskQueue> &queues)
{
    // One entry per queue name, its types together: a worker usually polls both types of one queue.
    QMap<QString, QStringList> types;
    for (const VersionTaskQueue &queue : queues)
        types[queue.name] << taskQueueTypeShortName(queue.type);
    QStringList parts;
    for (auto it = types.cbegin(); it != types.cend(); ++it)
        parts << tr("%1 (%2)").arg(it.key(), it.value().join(QStringLiteral(", ")));
    return parts.join(QStringLiteral(" \u00b7 "));
}

QString DeploymentText::count(const std::optional<qint64> &count)
{
    return count ? QString::number(*count) : tr("unknown");
}

QString DeploymentText::versionName(const QString &deploymentName, const QString &buildId)
{
    if (buildId.isEmpty())
        return tr("unversioned workers");
    return deploymentName + QLatin1Char(':') + buildId;
}

QString DeploymentText::buildIdOrUnversioned(const QString &buildId)
{
    return buildId.isEmpty() ? tr("unversioned workers") : buildId;
}
