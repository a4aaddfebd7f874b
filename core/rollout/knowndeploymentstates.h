#pragma once

#include "history/historyentry.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// What this process last knew of each Worker Deployment, and the rule that tells whether a read shows a
// change made elsewhere: the deployment differs from the last known state
// (HistoryEntry::sameDeploymentState), by more than version statuses catching up with an unchanged routing
// (onlyStatusesCaughtUpWithRouting), and no attempt of ours whose effect was unknown explains it
// (HistoryEntry::deploymentSettlementFor). The history store applies the same rule to the persistent history
// (HistoryStore::recordDeploymentObservation), but records the server's progress too; this is its in-memory
// twin for the window's "changed elsewhere" banner, which must work with no history at all. The deployment
// twin of KnownQueueStates. A plain value; deployments keyed by name.
class KnownDeploymentStates
{
public:
    struct Reading
    {
        bool changedElsewhere = false;
        // The last known state before this read (none the first time a deployment is read).
        std::optional<WorkerDeployment> before;
        // Our attempts of unknown effect this read settled, with what it established.
        QList<QPair<HistoryEntry, HistoryEntry::Outcome>> settled;
    };

    // seenAt: when the read was taken (an attempt is settled as not applied only by a late enough read:
    // HistoryEntry::kLateEffectMs).
    Reading observe(const WorkerDeployment &seen, const QDateTime &seenAt = QDateTime::currentDateTimeUtc());
    // An attempt of ours ended (a deployment entry): its known state becomes the last known one, or, when its
    // effect is unknown, it waits for the next read to settle it.
    void recordAttempt(const HistoryEntry &attempt);
    std::optional<WorkerDeployment> lastKnown(const QString &deploymentName) const;

private:
    QHash<QString, WorkerDeployment> m_known;
    QHash<QString, QList<HistoryEntry>> m_unsettled;
};
