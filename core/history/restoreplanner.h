#pragma once

#include "versionsets/buildidoperation.h"
#include "versionsets/versioninglimits.h"
#include "versionsets/versionsets.h"

#include <QList>
#include <QString>
#include <QStringList>

// "Restore this state": the UpdateWorkerBuildIdCompatibility operations that bring a queue from the sets it
// has now back to a past state, as far as the API allows. Build IDs cannot be removed and sets cannot be
// split, so some states can only be approached; `closest` is where the operations lead and `limitations`
// says, in words for the user, why it differs from `target`. A plain value; see planRestore().
struct RestorePlan
{
    // Why the closest reachable state differs from the target, or why the plan stops early.
    struct Limitation
    {
        enum class Kind {
            // Build IDs the target does not have cannot be removed: they stay as non-default build IDs of
            // restored sets, or as sets of their own that are not the queue default. buildIds: all of them.
            BuildIdsKept,
            // Sets of the target that share a set now (or would have to, to restore a set of the target)
            // cannot be split: they stay one set. buildIds: the target build IDs of that set.
            SetsJoined,
            // The server's limits (sets, build IDs per queue, build ID length) would refuse a step: the plan
            // stops before it. buildIds: the refused step's.
            LimitExceeded,
            // The target is not a state a queue can have (a build ID twice, an empty set or build ID), so
            // nothing is planned. buildIds: the offending ones.
            InvalidTarget,
        };
        Kind kind = Kind::BuildIdsKept;
        // One or two plain sentences naming the build IDs, for the preview.
        QString text;
        QStringList buildIds;

        bool operator==(const Limitation &) const = default;
    };

    VersionSets current;
    VersionSets target;
    // What the operations lead to, predicted with planVersionSetOperation step by step.
    VersionSets closest;
    // To apply in order; each is accepted by the server's rules on the state the previous ones leave and
    // changes something. Between steps set defaults and the queue default may differ from both states.
    QList<BuildIdOperation> operations;
    QList<Limitation> limitations;

    bool reachesTarget() const { return closest == target; }
};

// Plans the restore of `target` on a queue that has `current`, under the server's `limits`. Pure and
// deterministic. Every operation is run through planVersionSetOperation in sequence and `closest` is the
// result; the first step the server would refuse ends the plan (a LimitExceeded limitation), so the
// operations under limits are always the start of those without.
//
// Build IDs that share a set in either state end up in one set of closest. Unless a step is refused (and the
// target is valid), closest then has:
//  - every build ID of both states; each target set's build IDs in the target's order, and as set default
//    the target set's default (for target sets joined now: that of the newest of them);
//  - the restored sets in the target's order, the target's queue default as the queue default;
//  - the build IDs the target lacks as non-defaults of restored sets, or as sets of their own that are not
//    the queue default. No operation moves them (except after a merge whose order is unknown, below), so
//    they keep their relative order, in front of what is moved.
// So closest == target exactly when every build ID of `current` is in `target` and no set of `current`
// holds build IDs of two target sets (no BuildIdsKept, no SetsJoined limitation).
//
// The plan is short: no shorter sequence of exactly predictable operations reaches such a state (checked
// exhaustively on small cases by tst_restoreplanner). A restore to an earlier state of the same queue only
// promotes sets and build IDs; build IDs the queue lacks are added, and sets of one build ID merged, into
// their set as their turn in the target's order comes. Sets of several build IDs are merged first; the
// server orders such a merge by times the API does not report (VersionSetPlan::uncertainSet), so the plan
// then moves every build ID of that set whose place is not known, which makes closest exact whatever
// order the server chose, at the cost of a few operations more than a lucky guess would need.
//
// Planned again from the state each applied step leaves, the remaining plan is never longer (the same
// operations while the predictions are exact); planned again from closest, it is empty.
RestorePlan planRestore(const VersionSets &current, const VersionSets &target,
                        const VersioningLimits &limits = {});
