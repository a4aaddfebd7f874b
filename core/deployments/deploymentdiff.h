#pragma once

#include "workerdeployment.h"

#include <QStringList>

// What changed between two reads of a deployment, in sentences for a person: routing (current, ramp and its
// percentage), versions added, removed or moved to another status, the manager identity, and who changed it
// last. Used where a change made elsewhere must be explained: a stale preview, the "changed elsewhere"
// banner, observed history entries. Empty when nothing an operator cares about changed. Pure.
QStringList deploymentDifferences(const WorkerDeployment &before, const WorkerDeployment &after);
