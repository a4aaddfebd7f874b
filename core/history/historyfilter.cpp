#include "historyfilter.h"

bool HistoryFilter::matches(const HistoryEntry &entry) const
{
    if (!taskQueue.isEmpty() && entry.context.taskQueue != taskQueue)
        return false;
    if (!namespaceName.isEmpty() && entry.context.namespaceName != namespaceName)
        return false;
    if (!serverAddress.isEmpty() && entry.context.serverAddress != serverAddress)
        return false;
    if (!person.isEmpty() && !entry.context.osUser.contains(person, Qt::CaseInsensitive) &&
        !entry.context.identity.contains(person, Qt::CaseInsensitive) &&
        !(entry.routingRevision() && entry.changedBy().contains(person, Qt::CaseInsensitive)))
        return false;
    if (operation && (!entry.operation || entry.operation->kind != *operation))
        return false;
    if (model && entry.model() != *model)
        return false;
    if (!deploymentName.isEmpty() &&
        (!entry.isDeployment() || entry.context.deploymentName != deploymentName))
        return false;
    if (deploymentOperation &&
        (!entry.deploymentOperation || entry.deploymentOperation->kind != *deploymentOperation))
        return false;
    if (outcome && entry.effectiveOutcome() != *outcome)
        return false;
    if (kind && entry.kind != *kind)
        return false;
    if (since.isValid() && entry.recordedAt < since)
        return false;
    if (until.isValid() && entry.recordedAt > until)
        return false;
    return true;
}
