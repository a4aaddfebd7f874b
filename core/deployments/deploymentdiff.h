#pragma once

#include "workerdeployment.h"

#include <QStringList>

// What changed between two reads of a deployment, in sentences for a person: routing (current, ramp and its
// percentage), versions added, removed or moved to another status, the manager identity, and who changed it
// last. Used where a change made elsewhere must be explained: a stale preview, the "changed elsewhere"
// banner, observed history entries. Empty when nothing an operator cares about changed. Pure.
QStringList deploymentDifferences(const WorkerDeployment &before, const WorkerDeployment &after);

// Whether the only difference between two reads is version statuses catching up with a routing that did not
// change: the read-back of "v2 onto Current" can come before the server has moved v1 from CURRENT to
// DRAINING, and the next read shows v1 draining. Routing (revision included), manager, last modifier and the
// set of versions are the same, and every version whose status changed now has the status the routing gives
// it (CURRENT, RAMPING, or one of a version out of routing) after one it did not. Nobody changed anything, so
// the window does not announce it as a change made elsewhere. Draining → drained is not this: it is news (the
// version can go) and is announced. Pure.
bool onlyStatusesCaughtUpWithRouting(const WorkerDeployment &before, const WorkerDeployment &after);
