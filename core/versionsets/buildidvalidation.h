#pragma once

#include "common/namerules.h"
#include "versioninglimits.h"
#include "versionsetplan.h"

#include <QString>
#include <QStringList>

#include <optional>

// Versionscope's rules for a new build ID typed by a person (NameRules: NameKind::BuildId), with the
// connection's limit.workerBuildIdSize. Returns the problem in words, or nothing when the ID is fine.
std::optional<QString> buildIdProblem(const QString &buildId, const VersioningLimits &limits = {});

// The same for a new task queue name (NameKind::TaskQueue).
std::optional<QString> taskQueueNameProblem(const QString &name);

// Whether a version-set change would introduce a name that breaks the rules: a build ID the queue does not
// have yet (add-new-default, add-new-compatible's new ID), or a task queue that has no version sets yet (the
// change would give a new queue its first set). Names that already exist are not refused, however odd.
// Returns the error to show ("not sent: …", code InvalidArgument, source "local-validation"), or nothing.
std::optional<Error> newVersionSetNameError(const QString &taskQueue, const VersionSetPlan &plan,
                                            const VersioningLimits &limits);

// The preview's warnings about names the change involves that already exist on the server and break the
// rules (made by another tool): the task queue when it has sets, and every build ID the operation names that
// the queue already has.
QStringList existingVersionSetNameWarnings(const QString &taskQueue, const VersionSetPlan &plan,
                                           const VersioningLimits &limits);
