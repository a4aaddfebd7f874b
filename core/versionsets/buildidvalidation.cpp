#include "buildidvalidation.h"

#include <QCoreApplication>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("BuildIdValidation", text);
}

Error notSent(const QString &problem)
{
    return Error{
        ErrorCode::InvalidArgument, tr("not sent: %1").arg(problem),
        tr("Versionscope refuses new names that are empty, padded with whitespace, or carry control, "
           "invisible or bidirectional characters; names that already exist on the server stay usable"),
        QStringLiteral("local-validation")};
}

// The build IDs an operation would add to the queue: those it names as new and the queue does not have.
QStringList newBuildIds(const VersionSetPlan &plan)
{
    const BuildIdOperation &op = plan.operation;
    if (op.kind != BuildIdOperation::Kind::AddNewDefault &&
        op.kind != BuildIdOperation::Kind::AddNewCompatible)
        return {};
    if (plan.before.contains(op.buildId))
        return {};
    return {op.buildId};
}

} // namespace

std::optional<QString> buildIdProblem(const QString &buildId, const VersioningLimits &limits)
{
    return nameProblem(NameKind::BuildId, buildId, limits.maxBuildIdLength);
}

std::optional<QString> taskQueueNameProblem(const QString &name)
{
    return nameProblem(NameKind::TaskQueue, name);
}

std::optional<Error> newVersionSetNameError(const QString &taskQueue, const VersionSetPlan &plan,
                                            const VersioningLimits &limits)
{
    // A queue without sets gets its first one from this change: for version sets, that is when the name
    // becomes the server's.
    if (plan.before.isEmpty()) {
        if (const auto problem = taskQueueNameProblem(taskQueue))
            return notSent(tr("new task queue: %1").arg(*problem));
    }
    for (const QString &id : newBuildIds(plan)) {
        if (const auto problem = buildIdProblem(id, limits))
            return notSent(tr("new build ID: %1").arg(*problem));
    }
    return std::nullopt;
}

QStringList existingVersionSetNameWarnings(const QString &taskQueue, const VersionSetPlan &plan,
                                           const VersioningLimits &limits)
{
    QStringList warnings;
    if (!plan.before.isEmpty()) {
        if (const auto warning = nameRuleWarning(NameKind::TaskQueue, taskQueue))
            warnings << *warning;
    }
    for (const QString &id : plan.operation.buildIds()) {
        if (!plan.before.contains(id))
            continue;
        const auto warning = nameRuleWarning(NameKind::BuildId, id, limits.maxBuildIdLength);
        if (warning && !warnings.contains(*warning))
            warnings << *warning;
    }
    return warnings;
}
