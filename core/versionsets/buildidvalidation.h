#pragma once

#include "versioninglimits.h"

#include <QString>

#include <optional>

// Versionscope's own check of a build ID typed by a person, stricter than the server: besides what the
// server refuses (empty, longer than limit.workerBuildIdSize bytes) it refuses whitespace and control
// characters, which the server stores but which make a build ID impossible to tell apart on screen or to
// match in a worker's configuration. Returns the problem in words, or nothing when the ID is fine.
std::optional<QString> buildIdProblem(const QString &buildId, const VersioningLimits &limits = {});

// The server's limit on a task queue name, in bytes (limit.maxIDLength).
inline constexpr int kMaxTaskQueueNameBytes = 1000;

// The same kind of check for a task queue name, before anything is sent: not empty, not only whitespace,
// no control or invisible characters, at most kMaxTaskQueueNameBytes bytes, and not one of the server's
// internal partition names (/_sys/…). Spaces inside a name are allowed, as the server allows them. The
// problem names the value with escapedForDisplay().
std::optional<QString> taskQueueNameProblem(const QString &name);
