#pragma once

#include "workerdeployment.h"

#include <QStringList>

// What changed between two reads of a deployment, in sentences for a person: routing (current, ramp and its
// percentage), versions added, removed or moved to another status, the manager identity, and who changed it
// last. Used where a change made elsewhere must be explained: a stale preview, the "changed elsewhere"
// banner, observed history entries. Empty when nothing an operator cares about changed. Pure.
QStringList deploymentDifferences(const WorkerDeployment &before, const WorkerDeployment &after);

// Whether the only difference between two reads is version statuses the server moves on its own while the
// routing stands still: a version that left routing going DRAINING, then DRAINED once its pinned workflows
// are gone, or a read taken just before the server caught up with a routing change it had already made.
// Routing (revision included), manager, last modifier and the set of versions are all the same. Nobody
// changed the deployment, so the window does not announce it as a change made elsewhere; the history still
// records it (reviewers want to know when a version drained). Pure.
bool onlyVersionStatusesProgressed(const WorkerDeployment &before, const WorkerDeployment &after);
