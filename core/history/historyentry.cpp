#include "historyentry.h"

#include "deploymentrestoreplanner.h"
#include "versionsets/versionsetplanner.h"

#include <algorithm>
#include <cstring>

namespace {

constexpr HistoryEntry::Kind kKinds[] = {HistoryEntry::Kind::Applied, HistoryEntry::Kind::Observed};
constexpr HistoryEntry::Outcome kOutcomes[] = {
    HistoryEntry::Outcome::Applied, HistoryEntry::Outcome::Stale,   HistoryEntry::Outcome::Rejected,
    HistoryEntry::Outcome::Unknown, HistoryEntry::Outcome::NotSent, HistoryEntry::Outcome::Observed};

} // namespace

HistoryEntry HistoryEntry::fromApplyOutcome(const ApplyOutcome &applied, const HistoryContext &context,
                                            const QString &reason, const QDateTime &recordedAt)
{
    HistoryEntry entry;
    entry.kind = Kind::Applied;
    entry.recordedAt = recordedAt.toUTC();
    entry.context = context;
    entry.operation = applied.plan.operation;
    entry.reason = reason;
    entry.before = applied.plan.before;
    entry.outcome = outcomeFromStatus(applied.status);
    const bool hasError = applied.status != ApplyOutcome::Status::Applied || applied.verifyFailed;
    if (hasError) {
        entry.errorCode = errorCodeName(applied.error.code);
        entry.errorMessage = applied.error.toString();
    }
    switch (applied.status) {
    case ApplyOutcome::Status::Applied:
        if (!applied.verifyFailed) {
            entry.after = applied.actual;
            entry.matchedPreview = applied.matchesPreview;
        }
        break;
    case ApplyOutcome::Status::Stale:
        entry.after = applied.actual;
        break;
    case ApplyOutcome::Status::Rejected:
    case ApplyOutcome::Status::Unknown:
    case ApplyOutcome::Status::NotSent:
        break;
    }
    return entry;
}

HistoryEntry HistoryEntry::observedChange(const HistoryContext &context, const VersionSets &before,
                                          const VersionSets &seen, const QDateTime &seenAt)
{
    HistoryEntry entry;
    entry.kind = Kind::Observed;
    entry.recordedAt = seenAt.toUTC();
    entry.context = context;
    // Whoever changed the queue, it was not this identity.
    entry.context.identity.clear();
    entry.before = before;
    entry.after = seen;
    entry.outcome = Outcome::Observed;
    return entry;
}

HistoryEntry::Outcome HistoryEntry::outcomeFromStatus(ApplyOutcome::Status status)
{
    switch (status) {
    case ApplyOutcome::Status::Applied:
        return Outcome::Applied;
    case ApplyOutcome::Status::Stale:
        return Outcome::Stale;
    case ApplyOutcome::Status::Rejected:
        return Outcome::Rejected;
    case ApplyOutcome::Status::Unknown:
        return Outcome::Unknown;
    case ApplyOutcome::Status::NotSent:
        return Outcome::NotSent;
    }
    Q_UNREACHABLE();
    return Outcome::Unknown;
}

namespace {

WorkerDeployment withoutToken(WorkerDeployment deployment)
{
    deployment.conflictToken.clear();
    return deployment;
}

} // namespace

HistoryEntry HistoryEntry::fromDeploymentApplyOutcome(const DeploymentApplyOutcome &applied,
                                                      const HistoryContext &context, const QString &reason,
                                                      const QDateTime &recordedAt)
{
    HistoryEntry entry;
    entry.kind = Kind::Applied;
    entry.recordedAt = recordedAt.toUTC();
    entry.context = context;
    entry.deploymentOperation = applied.operation;
    entry.reason = reason;
    entry.deploymentBefore = withoutToken(applied.before);
    entry.outcome = outcomeFromStatus(applied.status);
    const bool hasError = applied.status != ApplyOutcome::Status::Applied || applied.verifyFailed;
    if (hasError) {
        entry.errorCode = errorCodeName(applied.error.code);
        entry.errorMessage = applied.error.toString();
    }
    switch (applied.status) {
    case ApplyOutcome::Status::Applied:
        if (!applied.verifyFailed && applied.after) {
            entry.deploymentAfter = withoutToken(*applied.after);
            entry.matchedPreview = applied.matchesPreview;
        }
        break;
    case ApplyOutcome::Status::Stale:
        if (applied.after)
            entry.deploymentAfter = withoutToken(*applied.after);
        break;
    case ApplyOutcome::Status::Rejected:
    case ApplyOutcome::Status::Unknown:
    case ApplyOutcome::Status::NotSent:
        break;
    }
    return entry;
}

HistoryEntry HistoryEntry::observedDeploymentChange(const HistoryContext &context,
                                                    const std::optional<WorkerDeployment> &before,
                                                    const WorkerDeployment &seen, const QDateTime &seenAt)
{
    HistoryEntry entry;
    entry.kind = Kind::Observed;
    entry.recordedAt = seenAt.toUTC();
    entry.context = context;
    // Not this identity's doing; the server names who did it (deploymentAfter's last modifier).
    entry.context.identity.clear();
    if (before)
        entry.deploymentBefore = withoutToken(*before);
    entry.deploymentAfter = withoutToken(seen);
    entry.outcome = Outcome::Observed;
    return entry;
}

bool HistoryEntry::sameDeploymentState(const WorkerDeployment &a, const WorkerDeployment &b)
{
    if (!a.routing.sameRouting(b.routing) || a.routing.revisionNumber != b.routing.revisionNumber ||
        a.managerIdentity != b.managerIdentity || a.lastModifierIdentity != b.lastModifierIdentity ||
        a.versions.size() != b.versions.size())
        return false;
    const auto statuses = [](const WorkerDeployment &deployment) {
        QList<std::pair<QString, int>> list;
        for (const DeploymentVersionSummary &version : deployment.versions)
            list.append({version.buildId, int(version.status)});
        std::sort(list.begin(), list.end());
        return list;
    };
    return statuses(a) == statuses(b);
}

bool HistoryEntry::awaitsSettlement() const
{
    if (kind != Kind::Applied || settledOutcome)
        return false;
    const bool afterKnown = isDeployment() ? deploymentAfter.has_value() : after.has_value();
    return outcome == Outcome::Unknown || (outcome == Outcome::Applied && !afterKnown);
}

bool HistoryEntry::mayBeSettledAsNotSentAt(const QDateTime &seenAt) const
{
    return !recordedAt.isValid() || seenAt >= recordedAt.addMSecs(kLateEffectMs);
}

bool HistoryEntry::canSettleFrom(const VersionMetadata &versionMetadata) const
{
    return !deploymentOperation || deploymentOperation->kind != DeploymentOperation::Kind::UpdateMetadata ||
           versionMetadata.contains(deploymentOperation->buildId);
}

HistoryEntry::Outcome HistoryEntry::deploymentSettlementFor(const WorkerDeployment &seen,
                                                            const VersionMetadata &versionMetadata) const
{
    if (!deploymentOperation || !deploymentBefore)
        return Outcome::Unknown;
    const DeploymentOperation &op = *deploymentOperation;
    const WorkerDeployment &was = *deploymentBefore;
    switch (op.kind) {
    case DeploymentOperation::Kind::SetCurrent:
    case DeploymentOperation::Kind::SetRamping:
    case DeploymentOperation::Kind::StopRamping:
        if (seen.routing.sameRouting(op.routingAfter(was.routing)))
            return Outcome::Applied;
        if (seen.routing.sameRouting(was.routing))
            return Outcome::NotSent;
        return Outcome::Unknown;
    case DeploymentOperation::Kind::DeleteVersion:
        if (!was.version(op.buildId))
            return Outcome::Unknown;
        return seen.version(op.buildId) ? Outcome::NotSent : Outcome::Applied;
    case DeploymentOperation::Kind::SetManager: {
        // Neither an identity nor self: the manager was unset.
        const QString expected = op.managerSelf ? context.identity : op.managerIdentity;
        if (seen.managerIdentity == expected)
            return Outcome::Applied;
        if (seen.managerIdentity == was.managerIdentity)
            return Outcome::NotSent;
        return Outcome::Unknown;
    }
    case DeploymentOperation::Kind::UpdateMetadata: {
        // Metadata is not part of DescribeWorkerDeployment's answer: only the version's own read can tell.
        const auto found = versionMetadata.constFind(op.buildId);
        if (found == versionMetadata.cend())
            return Outcome::Unknown;
        int done = 0;
        for (auto it = op.upsertMetadata.cbegin(); it != op.upsertMetadata.cend(); ++it)
            done += found->value(it.key()) == it.value() && found->contains(it.key()) ? 1 : 0;
        for (const QString &key : op.removeMetadata)
            done += found->contains(key) ? 0 : 1;
        const int changes = int(op.upsertMetadata.size() + op.removeMetadata.size());
        if (done == changes)
            return Outcome::Applied;
        return done == 0 ? Outcome::NotSent : Outcome::Unknown;
    }
    }
    return Outcome::Unknown;
}

HistoryEntry::Outcome HistoryEntry::settlementFor(const VersionSets &seen) const
{
    if (!operation)
        return Outcome::Unknown;
    // No limits: had a limit refused the update, the server would have said so and the entry would be
    // Rejected rather than waiting for a read.
    const VersionSetPlan plan = planVersionSetOperation(before, *operation, VersioningLimits{0, 0, 0});
    if (plan.isAccepted() && plan.matches(seen))
        return Outcome::Applied;
    if (seen == before)
        return Outcome::NotSent;
    return Outcome::Unknown;
}

std::optional<VersionSets> HistoryEntry::knownState() const
{
    if (isDeployment())
        return std::nullopt;
    if (after)
        return after;
    if (kind == Kind::Applied && outcome == Outcome::Rejected)
        return before;
    return std::nullopt;
}

std::optional<WorkerDeployment> HistoryEntry::knownDeployment() const
{
    if (!isDeployment())
        return std::nullopt;
    if (deploymentAfter)
        return deploymentAfter;
    if (kind == Kind::Applied && outcome == Outcome::Rejected)
        return deploymentBefore;
    return std::nullopt;
}

QString HistoryEntry::changedBy() const
{
    if (isDeployment() && kind == Kind::Observed && deploymentAfter)
        return deploymentAfter->lastModifierIdentity;
    return context.identity;
}

std::optional<qint64> HistoryEntry::routingRevision() const
{
    if (isDeployment() && kind == Kind::Observed && deploymentAfter)
        return deploymentAfter->routing.revisionNumber;
    return std::nullopt;
}

QString HistoryEntry::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Applied:
        return QStringLiteral("applied");
    case Kind::Observed:
        return QStringLiteral("observed");
    }
    return {};
}

std::optional<HistoryEntry::Kind> HistoryEntry::kindFromName(const QString &name)
{
    for (Kind kind : kKinds) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QString HistoryEntry::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Applied:
        return QStringLiteral("applied");
    case Outcome::Stale:
        return QStringLiteral("stale");
    case Outcome::Rejected:
        return QStringLiteral("rejected");
    case Outcome::Unknown:
        return QStringLiteral("unknown");
    case Outcome::NotSent:
        return QStringLiteral("not-sent");
    case Outcome::Observed:
        return QStringLiteral("observed");
    }
    return {};
}

std::optional<HistoryEntry::Outcome> HistoryEntry::outcomeFromName(const QString &name)
{
    for (Outcome outcome : kOutcomes) {
        if (outcomeName(outcome) == name)
            return outcome;
    }
    return std::nullopt;
}

char *toString(const HistoryEntry &entry)
{
    QString text = QStringLiteral("#%1 %2").arg(entry.id).arg(HistoryEntry::kindName(entry.kind));
    if (entry.operation)
        text += QLatin1Char(' ') + entry.operation->commandName() + QLatin1Char(' ') +
                entry.operation->buildIds().join(QLatin1Char(' '));
    if (entry.deploymentOperation)
        text += QLatin1Char(' ') + DeploymentOperation::kindName(entry.deploymentOperation->kind) +
                QLatin1Char(' ') + entry.deploymentOperation->buildId;
    text += (entry.isDeployment() ? QStringLiteral(" on deployment ") + entry.context.deploymentName
                                  : QStringLiteral(" on ") + entry.context.taskQueue) +
            QStringLiteral(" at ") + entry.recordedAt.toString(Qt::ISODateWithMs) + QStringLiteral(": ") +
            HistoryEntry::outcomeName(entry.outcome);
    if (entry.after)
        text += QStringLiteral(" -> ") + entry.after->toDisplayString();
    if (entry.deploymentAfter)
        text += QStringLiteral(" -> ") + entry.deploymentAfter->routing.summary() +
                QStringLiteral(" (revision %1)").arg(entry.deploymentAfter->routing.revisionNumber);
    if (entry.settledOutcome)
        text += QStringLiteral(" (settled: ") + HistoryEntry::outcomeName(*entry.settledOutcome) +
                QLatin1Char(')');
    const QByteArray bytes = text.toUtf8();
    char *copy = new char[size_t(bytes.size()) + 1];
    std::memcpy(copy, bytes.constData(), size_t(bytes.size()) + 1);
    return copy;
}
