#pragma once

#include "buildidoperation.h"
#include "common/error.h"
#include "versionsets.h"

#include <optional>

// What an UpdateWorkerBuildIdCompatibility request will do to a queue, predicted from the sets read
// before sending it (see planVersionSetOperation). A plain value.
struct VersionSetPlan
{
    BuildIdOperation operation;
    VersionSets before;
    // The predicted sets; equal to before when the server would refuse or change nothing.
    VersionSets after;
    // The error the server would answer with (same code, same meaning); empty when it would accept.
    std::optional<Error> error;

    // A merge re-orders the non-default build IDs of the merged set by when each last became a set default,
    // which the public API does not expose. The prediction then knows only that the merged set keeps both
    // sets' own orders: uncertainSet is the index of that set in after, and the two lists are the orders
    // that must survive. -1 when the prediction is exact.
    int uncertainSet = -1;
    QStringList primaryOrder;
    QStringList secondaryOrder;

    bool isAccepted() const { return !error.has_value(); }
    // Accepted, but nothing changes (the server treats the request as already applied).
    bool changesNothing() const { return isAccepted() && before == after; }
    bool isExact() const { return uncertainSet < 0; }
    // Words for the uncertain part, empty when the prediction is exact.
    QString uncertaintyNote() const;

    // Whether sets read back from the server after applying are what this plan predicted, allowing any
    // order the uncertain part permits.
    bool matches(const VersionSets &actual) const;

    // The build IDs that receive new work after the change and did not before: the set defaults of after
    // that were no set default in before (the new queue default among them). Whose pollers a preview must
    // check.
    QStringList newDefaults() const;
};
