#include "reachability.h"

#include <QStringList>

QString taskReachabilityName(TaskReachability reachability)
{
    switch (reachability) {
    case TaskReachability::Unspecified:
        return QStringLiteral("unspecified");
    case TaskReachability::NewWorkflows:
        return QStringLiteral("new workflows");
    case TaskReachability::ExistingWorkflows:
        return QStringLiteral("existing workflows");
    case TaskReachability::OpenWorkflows:
        return QStringLiteral("open workflows");
    case TaskReachability::ClosedWorkflows:
        return QStringLiteral("closed workflows");
    }
    return QStringLiteral("unknown");
}

QString BuildIdReachability::toDisplayString() const
{
    if (skipped)
        return QStringLiteral("not computed");
    if (reachability.isEmpty())
        return QStringLiteral("unreachable");
    QStringList names;
    for (TaskReachability r : reachability)
        names << taskReachabilityName(r);
    return names.join(QStringLiteral(", "));
}
