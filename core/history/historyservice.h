#pragma once

#include "common/result.h"
#include "historyentry.h"
#include "historyfilter.h"
#include "historylocation.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>

struct HistoryServiceState;

// The rollout history for the window: a HistoryStore on a thread of its own, so that the owner's thread (the
// GUI thread) never waits for the database, be it a slow disk or an unreachable PostgreSQL server.
//
// Threads: create, call and destroy the service on one thread, the owner's; contexts live on that thread too.
// Calls run one at a time on the service's thread, in the order they were made; calls made while a store
// opens wait for it. Each callback runs later on the owner's thread, exactly once, unless its context object
// was destroyed first or the service was destroyed first (then it does not run, but a write still happens).
// Without an open store (never opened, or opening failed) a call answers FailedPrecondition with the reason.
//
// Shutdown: the destructor lets every write already requested finish (no entry is dropped), skips reads still
// waiting, closes the store on its thread and joins the thread. The wait is bounded by the store's timeouts
// (PostgreSQL connect, statement and lock timeouts; SQLite's busy timeout).
class HistoryService : public QObject
{
    Q_OBJECT

public:
    template <typename T> using Callback = std::function<void(const Result<T> &)>;

    explicit HistoryService(QObject *parent = nullptr);
    ~HistoryService() override;

    // Opens the store at location on the service's thread, after the calls already made (and closes the one
    // open before). opened() or openFailed() follows on the owner's thread.
    void open(const HistoryLocation &location);
    // The location of the last open(), and whether that open succeeded (false while it is under way).
    const HistoryLocation &location() const { return m_location; }
    bool isOpen() const { return m_open; }

    // See HistoryStore for what each call does.
    void append(QObject *context, const HistoryEntry &entry, Callback<qint64> done);
    void settle(QObject *context, qint64 id, HistoryEntry::Outcome outcome, const VersionSets &after,
                const QDateTime &at, Callback<Done> done);
    void entry(QObject *context, qint64 id, Callback<HistoryEntry> done);
    void query(QObject *context, const HistoryFilter &filter, Callback<QList<HistoryEntry>> done);
    void lastKnownSets(QObject *context, const QString &serverAddress, const QString &namespaceName,
                       const QString &taskQueue, Callback<std::optional<VersionSets>> done);
    void recordObservation(QObject *context, const HistoryContext &observer, const VersionSets &sets,
                           const QDateTime &seenAt, Callback<std::optional<qint64>> done);
    void checkWritable(QObject *context, Callback<Done> done);
    // The Worker Deployment twins (HistoryStore::settleDeployment, lastKnownDeployment,
    // recordDeploymentObservation); written() follows a settlement and an observation that appended an entry.
    void settleDeployment(QObject *context, qint64 id, HistoryEntry::Outcome outcome,
                          const WorkerDeployment &after, const QDateTime &at, Callback<Done> done);
    void lastKnownDeployment(QObject *context, const QString &serverAddress, const QString &namespaceName,
                             const QString &deploymentName, Callback<std::optional<WorkerDeployment>> done);
    void recordDeploymentObservation(QObject *context, const HistoryContext &observer,
                                     const WorkerDeployment &seen, const QDateTime &seenAt,
                                     Callback<std::optional<qint64>> done,
                                     const HistoryEntry::VersionMetadata &versionMetadata = {});

    // Changes in flight (HistoryStore::announceAttempt, appendAnnounced, withdrawAnnouncement);
    // written() follows appendAnnounced.
    void announceAttempt(QObject *context, const HistoryEntry &attempt, const QDateTime &startedAt,
                         const QDateTime &expiresAt, Callback<qint64> done);
    void appendAnnounced(QObject *context, const HistoryEntry &entry, qint64 inFlightId,
                         Callback<qint64> done);
    void withdrawAnnouncement(QObject *context, qint64 inFlightId, Callback<Done> done);
    // HistoryStore::anotherDeploymentAttemptExplains.
    void anotherDeploymentAttemptExplains(QObject *context, const HistoryContext &observer,
                                          std::optional<qint64> ownInFlightId, const QDateTime &since,
                                          const WorkerDeployment &seen, Callback<bool> done);

Q_SIGNALS:
    // The store at location is open. Emitted once per open() that succeeded, on the owner's thread.
    void opened(const QString &description);
    // open() failed; calls answer with this error until the next open(). Once per open() that failed.
    void openFailed(const Error &error);
    // An entry was appended, settled or observed (after that call's callback): history views refresh.
    void written(qint64 id);

private:
    // Runs work(store) on the service's thread and hands its result to done on the owner's thread.
    template <typename T>
    void run(QObject *context, bool writes, std::function<Result<T>(HistoryServiceState &)> work,
             Callback<T> done, std::function<std::optional<qint64>(const T &)> writtenId = {});

    HistoryLocation m_location;
    bool m_open = false;
    // Counts open() calls, so that the answer to an open() superseded meanwhile is not taken for the last.
    quint64 m_openGeneration = 0;
    QThread m_thread;
    // Lives on m_thread and is deleted there when the thread finishes.
    QObject *m_worker = nullptr;
    // Used on m_thread only, apart from the closing flag.
    std::shared_ptr<HistoryServiceState> m_state;
};
