#include "applyoutcome.h"

QString ApplyOutcome::summary() const
{
    switch (status) {
    case Status::Applied:
        if (verifyFailed)
            return QStringLiteral("applied, but the queue could not be re-read to check the result: %1")
                .arg(error.toString());
        return matchesPreview
                   ? QStringLiteral("applied; the queue now matches the preview")
                   : QStringLiteral("applied, but the queue differs from the preview: it is now %1")
                         .arg(actual.toDisplayString());
    case Status::Stale:
        return QStringLiteral("nothing sent: the queue changed since the preview (it is now %1)")
            .arg(actual.toDisplayString());
    case Status::Rejected:
        return QStringLiteral("the server refused the change: %1").arg(error.toString());
    case Status::Unknown:
        return QStringLiteral("the outcome is unknown: %1").arg(error.toString());
    case Status::NotSent:
        return QStringLiteral("nothing sent: %1").arg(error.toString());
    }
    return {};
}

QString ApplyOutcome::statusName(Status status)
{
    switch (status) {
    case Status::Applied:
        return QStringLiteral("applied");
    case Status::Stale:
        return QStringLiteral("stale");
    case Status::Rejected:
        return QStringLiteral("rejected");
    case Status::Unknown:
        return QStringLiteral("unknown");
    case Status::NotSent:
        return QStringLiteral("not-sent");
    }
    return {};
}
