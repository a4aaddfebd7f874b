#pragma once

#include "history/historyentry.h"
#include "versionsets/versionsets.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// What this process last knew of each task queue, and the one rule that tells whether a read shows a change
// made elsewhere: the sets differ from the last known state, and no attempt of ours whose effect was unknown
// explains them (HistoryEntry::settlementFor). The history store applies the same rule to the persistent
// history (HistoryStore::recordObservation); this is its in-memory twin for the window's "changed
// elsewhere" banner, which must work with no history at all. A plain value; queues are keyed by name.
class KnownQueueStates
{
public:
    struct Reading
    {
        // The sets differ from the last known state and nothing of ours explains it.
        bool changedElsewhere = false;
        // The last known state before this read (none the first time a queue is read).
        std::optional<VersionSets> before;
        // Our attempts of unknown effect this read settled, with what it established.
        QList<QPair<HistoryEntry, HistoryEntry::Outcome>> settled;
    };

    // A read of queue found sets. Updates the last known state.
    // seenAt: when the read was taken (an attempt is settled as not applied only by a late enough read:
    // HistoryEntry::kLateEffectMs).
    Reading observe(const QString &queue, const VersionSets &sets,
                    const QDateTime &seenAt = QDateTime::currentDateTimeUtc());
    // An attempt of ours ended: its known state becomes the last known one, or, when its effect is unknown,
    // it waits for the next read to settle it.
    void recordAttempt(const QString &queue, const HistoryEntry &attempt);
    std::optional<VersionSets> lastKnown(const QString &queue) const;
    void forget(const QString &queue);

private:
    QHash<QString, VersionSets> m_known;
    QHash<QString, QList<HistoryEntry>> m_unsettled;
};
