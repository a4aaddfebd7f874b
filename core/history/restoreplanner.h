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
    // changes something. Between steps set defaults and the queue default may differ from both states,
    // only where no order of the operations avoids it, and then `notes` says so.
    QList<BuildIdOperation> operations;
    // One per operation: empty, or a sentence for the preview saying where tasks go after that step that
    // is neither where they go now nor where they go in the target ("For this step, new workflows start on
    // 1.1, which is neither the current nor the target queue default.").
    QStringList notes;
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
// Where tasks go between the steps: after each step the queue default must be the queue default of
// `current` or of `target`, and each build ID of `current` (its workflows get tasks) must route to its set
// default in `current`, in `target` or, where the target cannot be reached, in closest; build IDs the
// restore adds have no workflows yet. The operations are put in the order that breaks this after the
// fewest steps (none when some order avoids it), and each step after which it is broken has a note. Only
// the interleaving of the restored sets' operations changes; each set's own operations keep their order,
// which is what restores the order inside it (checked against every order of the operations on small
// cases by tst_restoreplanner). Restoring the order inside a set, adding a build ID before its set's
// default, and creating a set that is not the target's queue default always break it for a step.
//
// Planned again from the state each applied step leaves, the remaining plan is never longer (the same
// operations while the predictions are exact and no step so far has misrouted tasks: after that, tasks
// going where they went after the last step is no longer something to avoid, which can change the order
// of the rest); planned again from closest, it is empty.
RestorePlan planRestore(const VersionSets &current, const VersionSets &target,
                        const VersioningLimits &limits = {});
