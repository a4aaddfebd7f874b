#include "historyentry.h"

#include "versionsets/versionsetplanner.h"

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

bool HistoryEntry::awaitsSettlement() const
{
    if (kind != Kind::Applied || settledOutcome)
        return false;
    return outcome == Outcome::Unknown || (outcome == Outcome::Applied && !after);
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
    if (after)
        return after;
    if (kind == Kind::Applied && outcome == Outcome::Rejected)
        return before;
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
    text += QStringLiteral(" on ") + entry.context.taskQueue + QStringLiteral(" at ") +
            entry.recordedAt.toString(Qt::ISODateWithMs) + QStringLiteral(": ") +
            HistoryEntry::outcomeName(entry.outcome);
    if (entry.after)
        text += QStringLiteral(" -> ") + entry.after->toDisplayString();
    if (entry.settledOutcome)
        text += QStringLiteral(" (settled: ") + HistoryEntry::outcomeName(*entry.settledOutcome) +
                QLatin1Char(')');
    const QByteArray bytes = text.toUtf8();
    char *copy = new char[size_t(bytes.size()) + 1];
    std::memcpy(copy, bytes.constData(), size_t(bytes.size()) + 1);
    return copy;
}
