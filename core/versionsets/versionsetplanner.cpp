#include "versionsetplanner.h"

namespace {

Error invalidArgument(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message, {}};
}

Error notFound(const QString &message)
{
    return Error{ErrorCode::NotFound, message, {}};
}

// The limit check the matching service runs on the result of every update, a no-op included.
std::optional<Error> limitError(const VersionSets &result, const VersioningLimits &limits)
{
    if (limits.maxSets > 0 && result.setCount() > limits.maxSets) {
        return Error{
            ErrorCode::FailedPrecondition,
            QStringLiteral("update would exceed number of compatible version sets permitted in namespace "
                           "dynamic config (%1/%2)")
                .arg(result.setCount())
                .arg(limits.maxSets),
            QStringLiteral("limit.versionCompatibleSetLimitPerQueue is %1; merge old sets first")
                .arg(limits.maxSets)};
    }
    if (limits.maxBuildIds > 0 && result.buildIdCount() > limits.maxBuildIds) {
        return Error{
            ErrorCode::FailedPrecondition,
            QStringLiteral("update would exceed number of build IDs permitted in namespace dynamic config "
                           "(%1/%2)")
                .arg(result.buildIdCount())
                .arg(limits.maxBuildIds),
            QStringLiteral("limit.versionBuildIdLimitPerQueue is %1; build IDs cannot be removed through "
                           "the API")
                .arg(limits.maxBuildIds)};
    }
    return std::nullopt;
}

// Moves element `from` of list to its end, shifting the later ones down, as the server does on promotion.
template <typename T> void moveToEnd(QList<T> &list, int from)
{
    if (from < list.size() - 1)
        list.append(list.takeAt(from));
}

struct Applied
{
    QList<QStringList> sets;
    std::optional<Error> error;
    int uncertainSet = -1;
    QStringList primaryOrder;
    QStringList secondaryOrder;
};

Applied apply(const VersionSets &before, const BuildIdOperation &op)
{
    Applied out{before.sets(), std::nullopt, -1, {}, {}};
    QList<QStringList> &sets = out.sets;
    const VersionSets::Location target = before.find(op.buildId);
    const int setCount = before.setCount();

    switch (op.kind) {
    case BuildIdOperation::Kind::AddNewDefault: {
        const bool aloneInDefaultSet =
            setCount > 0 && target.set == setCount - 1 && target.index == 0 && sets.last().size() == 1;
        if (aloneInDefaultSet)
            return out;
        if (target.isValid()) {
            out.error = invalidArgument(QStringLiteral("version %1 already exists").arg(op.buildId));
            return out;
        }
        sets.append(QStringList{op.buildId});
        return out;
    }
    case BuildIdOperation::Kind::AddNewCompatible: {
        const VersionSets::Location existing = before.find(op.existingBuildId);
        if (!existing.isValid()) {
            out.error =
                notFound(QStringLiteral("targeted compatible_version %1 not found").arg(op.existingBuildId));
            return out;
        }
        if (target.isValid()) {
            if (existing.set != target.set) {
                out.error =
                    invalidArgument(QStringLiteral("%1 requested to be made compatible with %2 but both "
                                                   "versions exist and are incompatible")
                                        .arg(op.buildId, op.existingBuildId));
                return out;
            }
            if (op.makeSetDefault && target.set != setCount - 1) {
                out.error = invalidArgument(
                    QStringLiteral("version %1 already exists and is not default for queue").arg(op.buildId));
                return out;
            }
            if (target.index != sets.at(target.set).size() - 1) {
                out.error = invalidArgument(
                    QStringLiteral("version %1 already exists and is not default in set").arg(op.buildId));
                return out;
            }
            return out;
        }
        sets[existing.set].append(op.buildId);
        if (op.makeSetDefault)
            moveToEnd(sets, existing.set);
        return out;
    }
    case BuildIdOperation::Kind::PromoteSet:
        if (!target.isValid()) {
            out.error = notFound(QStringLiteral("targeted version %1 not found").arg(op.buildId));
            return out;
        }
        moveToEnd(sets, target.set);
        return out;
    case BuildIdOperation::Kind::PromoteIdInSet:
        if (!target.isValid()) {
            out.error = notFound(QStringLiteral("targeted version %1 not found").arg(op.buildId));
            return out;
        }
        moveToEnd(sets[target.set], target.index);
        return out;
    case BuildIdOperation::Kind::MergeSets: {
        if (!target.isValid()) {
            out.error = notFound(QStringLiteral("targeted primary version %1 not found").arg(op.buildId));
            return out;
        }
        const VersionSets::Location secondary = before.find(op.secondaryBuildId);
        if (!secondary.isValid()) {
            out.error =
                notFound(QStringLiteral("targeted secondary version %1 not found").arg(op.secondaryBuildId));
            return out;
        }
        if (secondary.set == target.set)
            return out;
        // The server sorts sets by when each last became the queue default and the merged set keeps the
        // later of its two sources' times, so it takes the later of the two positions; build IDs inside are
        // sorted by when each became a set default, with the primary's default stamped "now".
        const QStringList primary = sets.at(target.set);
        const QStringList secondaryIds = sets.at(secondary.set);
        const QString primaryDefault = primary.last();
        QStringList merged = secondaryIds;
        merged += primary.mid(0, primary.size() - 1);
        merged.append(primaryDefault);
        const int mergedAt = std::max(target.set, secondary.set);
        const int removedAt = std::min(target.set, secondary.set);
        sets[mergedAt] = merged;
        sets.removeAt(removedAt);
        if (primary.size() > 1) {
            out.uncertainSet = mergedAt - 1;
            out.primaryOrder = primary.mid(0, primary.size() - 1);
            out.secondaryOrder = secondaryIds;
        }
        return out;
    }
    }
    Q_UNREACHABLE();
    return out;
}

} // namespace

std::optional<Error> serverBuildIdValidationError(const BuildIdOperation &operation,
                                                  const VersioningLimits &limits)
{
    // The frontend checks each operation's own fields: the target build ID (set, and no longer than the
    // limit) and add-new-compatible's existing build ID (set). It does not look at merge-sets' build IDs at
    // all, so those fall through to the matching service's NotFound.
    QStringList problems;
    const auto target = [&](const char *field) {
        if (operation.buildId.isEmpty())
            problems << QStringLiteral("`%1` to be set").arg(QLatin1String(field));
        else if (limits.maxBuildIdLength > 0 && operation.buildId.toUtf8().size() > limits.maxBuildIdLength)
            problems << QStringLiteral("Worker build IDs to be no larger than %1 characters")
                            .arg(limits.maxBuildIdLength);
    };
    switch (operation.kind) {
    case BuildIdOperation::Kind::AddNewDefault:
        target("add_new_version_id_in_new_default_set");
        break;
    case BuildIdOperation::Kind::AddNewCompatible:
        target("add_new_compatible_version");
        if (operation.existingBuildId.isEmpty())
            problems << QStringLiteral("`existing_compatible_version` to be set");
        break;
    case BuildIdOperation::Kind::PromoteSet:
        target("promote_set_by_version_id");
        break;
    case BuildIdOperation::Kind::PromoteIdInSet:
        target("promote_version_id_within_set");
        break;
    case BuildIdOperation::Kind::MergeSets:
        break;
    }
    if (problems.isEmpty())
        return std::nullopt;
    return Error{ErrorCode::InvalidArgument,
                 QStringLiteral("request to update worker build ID compatability requires: ") +
                     problems.join(QStringLiteral(", ")),
                 {}};
}

VersionSetPlan planVersionSetOperation(const VersionSets &before, const BuildIdOperation &operation,
                                       const VersioningLimits &limits)
{
    VersionSetPlan plan;
    plan.operation = operation;
    plan.before = before;
    plan.after = before;

    if (auto invalid = serverBuildIdValidationError(operation, limits)) {
        plan.error = std::move(invalid);
        return plan;
    }
    Applied applied = apply(before, operation);
    if (applied.error) {
        plan.error = std::move(applied.error);
        return plan;
    }
    VersionSets result(std::move(applied.sets));
    if (auto overLimit = limitError(result, limits)) {
        plan.error = std::move(overLimit);
        return plan;
    }
    plan.after = std::move(result);
    plan.uncertainSet = applied.uncertainSet;
    plan.primaryOrder = applied.primaryOrder;
    plan.secondaryOrder = applied.secondaryOrder;
    return plan;
}
