#pragma once

#include "common/result.h"
#include "historyentry.h"
#include "historyfilter.h"
#include "historylocation.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QSqlQuery;

// The rollout history in an SQLite file or a PostgreSQL database: synchronous, one connection.
//
// Threads: Qt SQL connections belong to the thread that opened them, so open, use and destroy a store on
// one thread; each store has a connection name of its own, so any number of stores (threads, processes)
// may share one database. The window must not call it on the GUI thread (PostgreSQL may be slow or gone):
// it goes through HistoryService.
//
// Durability: every write is one transaction; when a write returns success, its commit has returned (SQLite
// in WAL mode with synchronous=FULL). Writers are serialized (SQLite: BEGIN IMMEDIATE; PostgreSQL: a table
// lock), so "append an observation unless nothing changed" cannot race another writer.
class HistoryStore
{
public:
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    // Connects (PostgreSQL: within the location's connect timeout), creates the SQLite file and its folder
    // when missing, and brings the schema up to HistorySchema::latestVersion(). Errors say what to do: the
    // Qt SQL driver is missing, the server cannot be reached, the URL is wrong, the schema is newer than this
    // program, the file is not a database.
    static Result<std::unique_ptr<HistoryStore>> open(const HistoryLocation &location);

    const HistoryLocation &location() const { return m_location; }

    // Whether this connection may write (PostgreSQL: the user's privileges on the history table; SQLite: the
    // write lock can be taken), so a caller can say so before it changes anything. PermissionDenied, or the
    // database's error.
    Result<Done> checkWritable();
    // Records an entry as given (its id is ignored) and returns the id the store assigned. Refuses an
    // entry whose fields contradict each other (an Observed entry with an operation, no recordedAt, …).
    Result<qint64> append(const HistoryEntry &entry);
    // Records what a later read showed about an entry awaiting settlement (HistoryEntry::awaitsSettlement):
    // settledOutcome, settledAt and after = the sets read. NotFound for an unknown id, FailedPrecondition for
    // an entry that was settled already or never awaited it.
    Result<Done> settle(qint64 id, HistoryEntry::Outcome outcome, const VersionSets &after,
                        const QDateTime &at);
    // settle() for a deployment entry: settledOutcome, settledAt and deploymentAfter = the deployment read
    // (its conflict token is not stored). FailedPrecondition for a version-set entry (and settle() refuses
    // deployment entries alike).
    Result<Done> settleDeployment(qint64 id, HistoryEntry::Outcome outcome, const WorkerDeployment &after,
                                  const QDateTime &at);
    // NotFound when there is no such entry.
    Result<HistoryEntry> entry(qint64 id);
    // Matching entries, newest first (recordedAt, then id).
    Result<QList<HistoryEntry>> query(const HistoryFilter &filter);
    // The queue's sets as the history last learnt them (from the entry whose known state was recorded
    // last), or none when the history knows nothing about the queue.
    Result<std::optional<VersionSets>> lastKnownSets(const QString &serverAddress,
                                                     const QString &namespaceName, const QString &taskQueue);
    // Settles the queue's entries awaiting settlement (HistoryEntry::settlementFor the sets seen), then
    // compares the sets with lastKnownSets and, in the same transaction, appends an Observed entry (before =
    // the last known sets, or none) when they differ or the queue was never seen. Returns the new entry's id,
    // or none when nothing changed.
    Result<std::optional<qint64>> recordObservation(const HistoryContext &observer, const VersionSets &sets,
                                                    const QDateTime &seenAt);

    // The deployment as the history last learnt it (from the deployment entry whose known state was recorded
    // last: an Observed entry's deployment seen, an Applied entry's read-back, a settling read, or the state
    // a Rejected change left), without conflict token; none when the history knows nothing about it.
    Result<std::optional<WorkerDeployment>> lastKnownDeployment(const QString &serverAddress,
                                                                const QString &namespaceName,
                                                                const QString &deploymentName);
    // What a read of a Worker Deployment tells the history, in one transaction. observer: a context from
    // HistoryContext::forDeployment naming seen's deployment (InvalidArgument otherwise); seen: the
    // deployment as DescribeWorkerDeployment returned it; seenAt: when it was read.
    //  1. Settles the deployment's entries awaiting settlement (HistoryEntry::deploymentSettlementFor seen).
    //  2. Compares seen with lastKnownDeployment (HistoryEntry::sameDeploymentState: routing, revision,
    //     versions and statuses, manager and last modifier identity; not times) and appends an Observed entry
    //     (before = the last known deployment, or none; after = seen, whose last modifier says who changed
    //     it) when they differ or the deployment was never seen.
    // Returns the new entry's id, or none when nothing changed. Call it after every read of a deployment
    // (refresh, the read before and after a change): the first read is the baseline. versionMetadata: the
    // versions' metadata the same read found (by build ID), which settles metadata changes; an entry the read
    // cannot settle (HistoryEntry::canSettleFrom) waits for a later read.
    Result<std::optional<qint64>>
    recordDeploymentObservation(const HistoryContext &observer, const WorkerDeployment &seen,
                                const QDateTime &seenAt,
                                const HistoryEntry::VersionMetadata &versionMetadata = {});

    // Changes in flight (issue 11). A change is recorded once it has ended (RolloutEngine), but the server
    // has it as soon as it is applied: a read by another window or CLI in between would find a state the
    // history does not know yet and record it as seen elsewhere, and then the attempt's own entry records it
    // again. So the sender announces the attempt before sending, and the two observation calls above leave
    // out a change that a live announcement of the same queue or deployment explains (the settlement rule:
    // HistoryEntry::settlementFor / deploymentSettlementFor say Applied): its own entry will record it.
    struct InFlightAttempt
    {
        qint64 id = 0;
        // The entry as it would be recorded with its effect unknown (kind Applied, outcome Unknown).
        HistoryEntry attempt;
        QDateTime startedAt;
        // After this the sender is taken for gone (it crashed or lost the history): the announcement no
        // longer explains anything, so the next read records the change as seen elsewhere.
        QDateTime expiresAt;
    };
    // Announces attempt (an Applied entry with an operation, outcome Unknown) until expiresAt and returns
    // the announcement's id; removes expired announcements of any queue or deployment on the way.
    Result<qint64> announceAttempt(const HistoryEntry &attempt, const QDateTime &startedAt,
                                   const QDateTime &expiresAt);
    // append() that also removes the announcement inFlightId, in the same transaction, so that no read
    // falls between the two. An announcement already removed (expired and cleaned up) is no error.
    Result<qint64> appendAnnounced(const HistoryEntry &entry, qint64 inFlightId);
    // Removes an announcement without recording anything (the server refused the change as stale: nothing
    // of ours took effect, whatever a read now shows is someone else's doing).
    Result<Done> withdrawAnnouncement(qint64 inFlightId);
    // Every announcement, expired ones included, oldest first.
    Result<QList<InFlightAttempt>> inFlightAttempts();
    // Whether an attempt other than ours asked for what seen shows: a live announcement of observer's
    // deployment other than ownInFlightId, or an Applied entry recorded since `since` that may have taken
    // effect. The witness that tells a no-op reply to a stale request (another tool got the deployment there
    // first) from a no-op reply to our own request retried after it took effect (RolloutEngine).
    Result<bool> anotherDeploymentAttemptExplains(const HistoryContext &observer,
                                                  std::optional<qint64> ownInFlightId, const QDateTime &since,
                                                  const WorkerDeployment &seen);

private:
    explicit HistoryStore(const HistoryLocation &location);
    // Whether a live announcement about observer's queue or deployment explains what a read saw at seenAt;
    // explains() gets each announcement's id and attempt.
    Result<bool> inFlightExplainsLocked(const HistoryContext &observer, const QDateTime &seenAt,
                                        const std::function<bool(qint64, const HistoryEntry &)> &explains);

    // Replaces the last known state of observer's deployment by seen, in the entry that holds it.
    Result<Done> updateLastKnownDeploymentLocked(const HistoryContext &observer,
                                                 const WorkerDeployment &seen);

    Result<Done> connect();
    // Before each operation: a PostgreSQL connection found dead is opened again, so a restarted server
    // does not leave the history unusable until the program restarts.
    Result<Done> ensureConnected();
    // SQLite: the journal mode, WAL unless the file system cannot have it.
    Result<QString> enableWriteAheadLog();
    Result<Done> migrate();
    Result<Done> beginWrite();
    Result<Done> commit();
    void rollback();
    Result<Done> exec(QSqlQuery &query, const char *what);
    Result<Done> exec(const QString &statement, const char *what);
    Error failed(const QSqlQuery &query, const char *what);
    Result<std::optional<VersionSets>>
    lastKnownSetsLocked(const QString &serverAddress, const QString &namespaceName, const QString &taskQueue);
    Result<Done> settleLocked(const HistoryEntry &entry, HistoryEntry::Outcome outcome,
                              const VersionSets &after, const QDateTime &at);
    Result<QList<qint64>> settlePendingLocked(const HistoryContext &observer, const VersionSets &seen,
                                              const QDateTime &at);
    // Reads entry id in a write transaction, checks that it is about model and awaits settlement, and hands
    // it to write; commits or rolls back.
    Result<Done> settleWith(qint64 id, HistoryEntry::Outcome outcome, const QDateTime &at,
                            HistoryContext::Model model,
                            const std::function<Result<Done>(const HistoryEntry &, HistoryEntry::Outcome,
                                                             const QDateTime &)> &write);
    Result<Done> settleDeploymentLocked(const HistoryEntry &entry, HistoryEntry::Outcome outcome,
                                        const WorkerDeployment &after, const QDateTime &at);
    Result<QList<qint64>> settlePendingDeploymentLocked(const HistoryContext &observer,
                                                        const WorkerDeployment &seen, const QDateTime &at,
                                                        const HistoryEntry::VersionMetadata &versionMetadata);
    Result<std::optional<WorkerDeployment>> lastKnownDeploymentLocked(const QString &serverAddress,
                                                                      const QString &namespaceName,
                                                                      const QString &deploymentName);
    // The next known_seq of the entry's queue or deployment.
    Result<qint64> nextKnownSeq(const HistoryContext &context);
    Result<qint64> insert(const HistoryEntry &entry);
    Error databaseError(const QString &what, const QString &driverText) const;
    bool isSqlite() const;

    HistoryLocation m_location;
    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_broken = false;
};
