#pragma once

#include "common/result.h"
#include "historyentry.h"
#include "historyfilter.h"
#include "historylocation.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

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

private:
    explicit HistoryStore(const HistoryLocation &location);

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
    Result<qint64> nextKnownSeq(const QString &serverAddress, const QString &namespaceName,
                                const QString &taskQueue);
    Result<qint64> insert(const HistoryEntry &entry);
    Error databaseError(const QString &what, const QString &driverText) const;
    bool isSqlite() const;

    HistoryLocation m_location;
    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_broken = false;
};
