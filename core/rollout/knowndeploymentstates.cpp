#include "knowndeploymentstates.h"

#include "deployments/deploymentdiff.h"

KnownDeploymentStates::Reading KnownDeploymentStates::observe(const WorkerDeployment &seen,
                                                              const QDateTime &seenAt)
{
    Reading reading;
    const auto known = m_known.constFind(seen.name);
    if (known != m_known.cend())
        reading.before = *known;
    bool explained = false;
    QList<HistoryEntry> stillUnsettled;
    for (const HistoryEntry &attempt : m_unsettled.value(seen.name)) {
        const HistoryEntry::Outcome outcome = attempt.deploymentSettlementFor(seen);
        if (outcome == HistoryEntry::Outcome::Unknown ||
            (outcome == HistoryEntry::Outcome::NotSent && !attempt.mayBeSettledAsNotSentAt(seenAt))) {
            stillUnsettled << attempt;
            continue;
        }
        reading.settled << qMakePair(attempt, outcome);
        explained = explained || outcome == HistoryEntry::Outcome::Applied;
    }
    if (stillUnsettled.isEmpty())
        m_unsettled.remove(seen.name);
    else
        m_unsettled.insert(seen.name, stillUnsettled);
    reading.changedElsewhere = reading.before && !explained &&
                               !HistoryEntry::sameDeploymentState(*reading.before, seen) &&
                               !onlyStatusesCaughtUpWithRouting(*reading.before, seen);
    m_known.insert(seen.name, seen);
    return reading;
}

void KnownDeploymentStates::recordAttempt(const HistoryEntry &attempt)
{
    const QString &name = attempt.context.deploymentName;
    if (attempt.awaitsSettlement()) {
        m_unsettled[name] << attempt;
        return;
    }
    if (const std::optional<WorkerDeployment> state = attempt.knownDeployment())
        m_known.insert(name, *state);
}

std::optional<WorkerDeployment> KnownDeploymentStates::lastKnown(const QString &deploymentName) const
{
    const auto known = m_known.constFind(deploymentName);
    if (known == m_known.cend())
        return std::nullopt;
    return *known;
}
