#include "deploymentsnapshot.h"

#include <QSet>

std::optional<int> DeploymentSnapshot::pollerCount(const QString &buildId) const
{
    if (!pollers)
        return std::nullopt;
    // One worker polls several task queues and types with one identity: count workers, not poll rows. A
    // poller without an identity cannot be told apart from another, so each one counts.
    QSet<QString> identities;
    int anonymous = 0;
    for (const DeploymentPoller &poller : *pollers) {
        if (poller.buildId != buildId)
            continue;
        // A queue can move to another deployment whose versions reuse a build ID; unversioned pollers carry
        // no deployment name.
        if (!buildId.isEmpty() && !poller.deploymentName.isEmpty() &&
            poller.deploymentName != deployment.name)
            continue;
        if (poller.identity.isEmpty())
            ++anonymous;
        else
            identities.insert(poller.identity);
    }
    return static_cast<int>(identities.size()) + anonymous;
}

QList<VersionTaskQueue> DeploymentSnapshot::taskQueues(const QString &buildId) const
{
    return details.value(buildId).taskQueues;
}
