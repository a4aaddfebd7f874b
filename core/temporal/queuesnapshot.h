#pragma once

#include "common/error.h"
#include "pollerinfo.h"
#include "reachability.h"
#include "versionsets/versionsets.h"

#include <QDateTime>
#include <QHash>

#include <optional>

// What one read of a task queue found: its version sets, its pollers and the reachability of its build
// IDs. Pollers and reachability are optional extras: when they cannot be read the sets still are, and
// the error says why the extra is missing. A plain value.
struct QueueSnapshot
{
    QString taskQueue;
    QDateTime readAt;
    VersionSets sets;
    std::optional<QueuePollers> pollers;
    // Whether pollers come from every partition; false when only the root partitions were asked because
    // they already showed every build ID that mattered (counts are then lower bounds).
    bool pollersComplete = false;
    std::optional<Error> pollersError;
    // By build ID; empty when not asked for or not readable.
    QHash<QString, BuildIdReachability> reachability;
    std::optional<Error> reachabilityError;

    // Pollers per build ID for previews, or nothing when pollers are unknown.
    std::optional<QHash<QString, int>> pollerCounts() const;
};
