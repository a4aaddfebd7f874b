#pragma once

#include "versioninglimits.h"
#include "versionsetplan.h"

#include <optional>

// The server's rules for UpdateWorkerBuildIdCompatibility as a pure function: from the sets a queue has
// now, the operation and the server's limits, the sets it will have afterwards or the error the server
// will answer with. Mirrors the frontend's request validation and the matching service's update (idempotent
// no-ops, NotFound / InvalidArgument cases, and the limit check that runs after applying, no-ops included).
VersionSetPlan planVersionSetOperation(const VersionSets &before, const BuildIdOperation &operation,
                                       const VersioningLimits &limits = {});

// The frontend's check of the build IDs in a request: the target empty or longer than
// limits.maxBuildIdLength bytes, add-new-compatible's existing build ID empty (merge-sets is not checked).
// Returns the InvalidArgument the server would answer with, or nothing.
std::optional<Error> serverBuildIdValidationError(const BuildIdOperation &operation,
                                                  const VersioningLimits &limits);
