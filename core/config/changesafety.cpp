#include "changesafety.h"

#include "common/displaytext.h"

namespace {

QString protection(const QString &kind, const QString &name, const QString &origin)
{
    return QStringLiteral("%1 %2 is protected (%3)").arg(kind, quotedForDisplay(name), origin);
}

} // namespace

QString ChangeSafety::readOnlyReason() const
{
    if (!readOnly)
        return {};
    return QStringLiteral("read-only: %1").arg(readOnlyOrigin);
}

Error ChangeSafety::readOnlyError() const
{
    return Error{ErrorCode::PermissionDenied, readOnlyReason(),
                 QStringLiteral("reads, previews and --dry-run still work; changes need a connection that is "
                                "not read-only"),
                 QStringLiteral("read-only")};
}

Error ChangeSafety::confirmationError(const QString &what, const QString &name, const QString &protection)
{
    return Error{ErrorCode::PermissionDenied,
                 QStringLiteral("%1: a change needs the %2's name typed to confirm it").arg(protection, what),
                 QStringLiteral("type %1 to confirm").arg(quotedForDisplay(name)),
                 QStringLiteral("confirmation-required")};
}

QString ChangeSafety::taskQueueProtection(const QString &namespaceName, const QString &taskQueue) const
{
    // The narrower setting is named first: it is the one the person most likely wrote for this target.
    if (protectedTaskQueues.contains(taskQueue))
        return protection(QStringLiteral("task queue"), taskQueue, protectedTaskQueuesOrigin);
    if (protectedNamespaces.contains(namespaceName))
        return protection(QStringLiteral("namespace"), namespaceName, protectedNamespacesOrigin);
    return {};
}

QString ChangeSafety::deploymentProtection(const QString &namespaceName, const QString &deploymentName) const
{
    if (protectedDeployments.contains(deploymentName))
        return protection(QStringLiteral("worker deployment"), deploymentName, protectedDeploymentsOrigin);
    if (protectedNamespaces.contains(namespaceName))
        return protection(QStringLiteral("namespace"), namespaceName, protectedNamespacesOrigin);
    return {};
}
