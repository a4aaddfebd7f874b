#include "deploymentapplyoutcome.h"

QString DeploymentApplyOutcome::summary() const
{
    switch (status) {
    case Status::Applied:
        if (verifyFailed)
            return QStringLiteral(
                       "applied, but the deployment could not be read back to check the result: %1")
                .arg(error.toString());
        if (matchesPreview)
            return QStringLiteral("applied; the deployment now matches the preview");
        return after ? QStringLiteral("applied, but the deployment differs from the preview: it is now %1")
                           .arg(after->routing.summary())
                     : QStringLiteral("applied, but the deployment differs from the preview");
    case Status::Stale:
        return after ? QStringLiteral(
                           "nothing changed: the deployment changed since the preview (it is now %1)")
                           .arg(after->routing.summary())
                     : QStringLiteral("nothing changed: the deployment changed since the preview");
    case Status::Rejected:
        return QStringLiteral("the server refused the change: %1").arg(error.toString());
    case Status::Unknown:
        return QStringLiteral("the outcome is unknown: %1").arg(error.toString());
    case Status::NotSent:
        return QStringLiteral("nothing sent: %1").arg(error.toString());
    }
    return {};
}
