#pragma once

#include "versioninglimits.h"

#include <QString>

#include <optional>

// Versionscope's own check of a build ID typed by a person, stricter than the server: besides what the
// server refuses (empty, longer than limit.workerBuildIdSize bytes) it refuses whitespace and control
// characters, which the server stores but which make a build ID impossible to tell apart on screen or to
// match in a worker's configuration. Returns the problem in words, or nothing when the ID is fine.
std::optional<QString> buildIdProblem(const QString &buildId, const VersioningLimits &limits = {});
