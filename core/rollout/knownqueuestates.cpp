#include "knownqueuestates.h"

KnownQueueStates::Reading KnownQueueStates::observe(const QString &queue, const VersionSets &sets,
                                                    const QDateTime &seenAt)
{
    Reading reading;
    const auto known = m_known.constFind(queue);
    if (known != m_known.cend())
        reading.before = *known;
    bool explained = false;
    QList<HistoryEntry> stillUnsettled;
    for (const HistoryEntry &attempt : m_unsettled.value(queue)) {
        const HistoryEntry::Outcome outcome = attempt.settlementFor(sets);
        if (outcome == HistoryEntry::Outcome::Unknown ||
            (outcome == HistoryEntry::Outcome::NotSent && !attempt.mayBeSettledAsNotSentAt(seenAt))) {
            stillUnsettled << attempt;
            continue;
        }
        reading.settled << qMakePair(attempt, outcome);
        explained = explained || outcome == HistoryEntry::Outcome::Applied;
    }
    if (stillUnsettled.isEmpty())
        m_unsettled.remove(queue);
    else
        m_unsettled.insert(queue, stillUnsettled);
    reading.changedElsewhere = reading.before && *reading.before != sets && !explained;
    m_known.insert(queue, sets);
    return reading;
}

void KnownQueueStates::recordAttempt(const QString &queue, const HistoryEntry &attempt)
{
    if (attempt.awaitsSettlement()) {
        m_unsettled[queue] << attempt;
        return;
    }
    if (const std::optional<VersionSets> state = attempt.knownState())
        m_known.insert(queue, *state);
}

std::optional<VersionSets> KnownQueueStates::lastKnown(const QString &queue) const
{
    const auto known = m_known.constFind(queue);
    if (known == m_known.cend())
        return std::nullopt;
    return *known;
}

void KnownQueueStates::forget(const QString &queue)
{
    m_known.remove(queue);
    m_unsettled.remove(queue);
}
