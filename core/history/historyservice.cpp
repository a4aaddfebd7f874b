#include "historyservice.h"

#include "historystore.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QPointer>

#include <atomic>

Q_DECLARE_LOGGING_CATEGORY(lcHistory)

// What the service's thread owns.
struct HistoryServiceState
{
    std::unique_ptr<HistoryStore> store;
    // Why there is no store.
    Error unavailable{ErrorCode::FailedPrecondition,
                      QStringLiteral("the history is not open"),
                      {},
                      QStringLiteral("history")};
    // Set by the destructor: reads still queued are not worth waiting for.
    std::atomic_bool closing{false};
};

HistoryService::HistoryService(QObject *parent)
    : QObject(parent)
    , m_worker(new QObject)
    , m_state(std::make_shared<HistoryServiceState>())
{
    m_thread.setObjectName(QStringLiteral("history"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

HistoryService::~HistoryService()
{
    m_state->closing = true;
    // Queued behind every call already made, so writes finish first; the store's connection is closed on the
    // thread that opened it.
    QMetaObject::invokeMethod(
        m_worker,
        [state = m_state] {
            state->store.reset();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();
    // Answers posted to this object meanwhile are dropped with it: their callbacks do not run.
}

void HistoryService::open(const HistoryLocation &location)
{
    m_location = location;
    m_open = false;
    const quint64 generation = ++m_openGeneration;
    QMetaObject::invokeMethod(
        m_worker,
        [this, state = m_state, location, generation] {
            state->store.reset();
            Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location);
            std::optional<Error> error;
            if (store) {
                state->store = std::move(store).value();
            } else {
                error = store.error();
                state->unavailable = Error{ErrorCode::FailedPrecondition,
                                           QStringLiteral("the history is not open: ") + error->message,
                                           error->detail, error->reason};
                qCWarning(lcHistory).noquote() << error->toString();
            }
            // The destructor joins this thread before `this` goes, and drops what is still queued for it.
            QMetaObject::invokeMethod(
                this,
                [this, error, generation, description = location.describe()] {
                    if (generation != m_openGeneration)
                        return;
                    m_open = !error;
                    if (error)
                        Q_EMIT openFailed(*error);
                    else
                        Q_EMIT opened(description);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

template <typename T>
void HistoryService::run(QObject *context, bool writes, std::function<Result<T>(HistoryServiceState &)> work,
                         Callback<T> done, std::function<std::optional<qint64>(const T &)> writtenId)
{
    Q_ASSERT(context && context->thread() == thread());
    QMetaObject::invokeMethod(
        m_worker,
        [this, state = m_state, receiver = QPointer<QObject>(context), writes, work = std::move(work),
         done = std::move(done), writtenId = std::move(writtenId)] {
            if (!writes && state->closing)
                return;
            Result<T> result = state->store ? work(*state) : Result<T>(state->unavailable);
            QMetaObject::invokeMethod(
                this,
                [this, receiver, done, writtenId, result = std::move(result)] {
                    // Checked here, on the owner's thread, where the context lives and dies.
                    if (receiver)
                        done(result);
                    if (result && writtenId) {
                        if (const std::optional<qint64> id = writtenId(result.value()))
                            Q_EMIT written(*id);
                    }
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void HistoryService::append(QObject *context, const HistoryEntry &entry, Callback<qint64> done)
{
    run<qint64>(
        context, true, [entry](HistoryServiceState &state) { return state.store->append(entry); },
        std::move(done), [](const qint64 &id) { return std::optional<qint64>(id); });
}

void HistoryService::settle(QObject *context, qint64 id, HistoryEntry::Outcome outcome,
                            const VersionSets &after, const QDateTime &at, Callback<Done> done)
{
    run<Done>(
        context, true,
        [id, outcome, after, at](HistoryServiceState &state) {
            return state.store->settle(id, outcome, after, at);
        },
        std::move(done), [id](const Done &) { return std::optional<qint64>(id); });
}

void HistoryService::entry(QObject *context, qint64 id, Callback<HistoryEntry> done)
{
    run<HistoryEntry>(
        context, false, [id](HistoryServiceState &state) { return state.store->entry(id); }, std::move(done));
}

void HistoryService::query(QObject *context, const HistoryFilter &filter, Callback<QList<HistoryEntry>> done)
{
    run<QList<HistoryEntry>>(
        context, false, [filter](HistoryServiceState &state) { return state.store->query(filter); },
        std::move(done));
}

void HistoryService::lastKnownSets(QObject *context, const QString &serverAddress,
                                   const QString &namespaceName, const QString &taskQueue,
                                   Callback<std::optional<VersionSets>> done)
{
    run<std::optional<VersionSets>>(
        context, false,
        [serverAddress, namespaceName, taskQueue](HistoryServiceState &state) {
            return state.store->lastKnownSets(serverAddress, namespaceName, taskQueue);
        },
        std::move(done));
}

void HistoryService::recordObservation(QObject *context, const HistoryContext &observer,
                                       const VersionSets &sets, const QDateTime &seenAt,
                                       Callback<std::optional<qint64>> done)
{
    run<std::optional<qint64>>(
        context, true,
        [observer, sets, seenAt](HistoryServiceState &state) {
            return state.store->recordObservation(observer, sets, seenAt);
        },
        std::move(done), [](const std::optional<qint64> &id) { return id; });
}

void HistoryService::checkWritable(QObject *context, Callback<Done> done)
{
    run<Done>(
        context, false, [](HistoryServiceState &state) { return state.store->checkWritable(); },
        std::move(done));
}

void HistoryService::settleDeployment(QObject *context, qint64 id, HistoryEntry::Outcome outcome,
                                      const WorkerDeployment &after, const QDateTime &at, Callback<Done> done)
{
    run<Done>(
        context, true,
        [id, outcome, after, at](HistoryServiceState &state) {
            return state.store->settleDeployment(id, outcome, after, at);
        },
        std::move(done), [id](const Done &) { return std::optional<qint64>(id); });
}

void HistoryService::lastKnownDeployment(QObject *context, const QString &serverAddress,
                                         const QString &namespaceName, const QString &deploymentName,
                                         Callback<std::optional<WorkerDeployment>> done)
{
    run<std::optional<WorkerDeployment>>(
        context, false,
        [serverAddress, namespaceName, deploymentName](HistoryServiceState &state) {
            return state.store->lastKnownDeployment(serverAddress, namespaceName, deploymentName);
        },
        std::move(done));
}

void HistoryService::recordDeploymentObservation(QObject *context, const HistoryContext &observer,
                                                 const WorkerDeployment &seen, const QDateTime &seenAt,
                                                 Callback<std::optional<qint64>> done,
                                                 const HistoryEntry::VersionMetadata &versionMetadata)
{
    run<std::optional<qint64>>(
        context, true,
        [observer, seen, seenAt, versionMetadata](HistoryServiceState &state) {
            return state.store->recordDeploymentObservation(observer, seen, seenAt, versionMetadata);
        },
        std::move(done), [](const std::optional<qint64> &id) { return id; });
}

void HistoryService::announceAttempt(QObject *context, const HistoryEntry &attempt,
                                     const QDateTime &startedAt, const QDateTime &expiresAt,
                                     Callback<qint64> done)
{
    run<qint64>(
        context, true,
        [attempt, startedAt, expiresAt](HistoryServiceState &state) {
            return state.store->announceAttempt(attempt, startedAt, expiresAt);
        },
        std::move(done));
}

void HistoryService::appendAnnounced(QObject *context, const HistoryEntry &entry, qint64 inFlightId,
                                     Callback<qint64> done)
{
    run<qint64>(
        context, true,
        [entry, inFlightId](HistoryServiceState &state) {
            return state.store->appendAnnounced(entry, inFlightId);
        },
        std::move(done), [](const qint64 &id) { return std::optional<qint64>(id); });
}

void HistoryService::withdrawAnnouncement(QObject *context, qint64 inFlightId, Callback<Done> done)
{
    run<Done>(
        context, true,
        [inFlightId](HistoryServiceState &state) { return state.store->withdrawAnnouncement(inFlightId); },
        std::move(done));
}

void HistoryService::anotherDeploymentAttemptExplains(QObject *context, const HistoryContext &observer,
                                                      std::optional<qint64> ownInFlightId,
                                                      const QDateTime &since, const WorkerDeployment &seen,
                                                      Callback<bool> done)
{
    run<bool>(
        context, false,
        [observer, ownInFlightId, since, seen](HistoryServiceState &state) {
            return state.store->anotherDeploymentAttemptExplains(observer, ownInFlightId, since, seen);
        },
        std::move(done));
}
