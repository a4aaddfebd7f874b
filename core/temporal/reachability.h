#pragma once

#include <QHash>
#include <QList>
#include <QString>

// What kind of work can still reach a build ID on a queue (temporal.api.enums.v1.TaskReachability).
enum class TaskReachability {
    Unspecified = 0,
    NewWorkflows = 1,
    ExistingWorkflows = 2,
    OpenWorkflows = 3,
    ClosedWorkflows = 4
};

QString taskReachabilityName(TaskReachability reachability);

// Reachability of one build ID on one queue. An empty list means unreachable; `skipped` means the server
// did not compute it (it answers a lone UNSPECIFIED when a request names too many queues).
struct BuildIdReachability
{
    QString buildId;
    QString taskQueue;
    QList<TaskReachability> reachability;
    bool skipped = false;

    // "new workflows, open workflows" or "unreachable" or "not computed".
    QString toDisplayString() const;
    bool operator==(const BuildIdReachability &) const = default;
};
