#include "namespacesession.h"

#include "temporal/temporalclient.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSession, "versionscope.session")

namespace {
// ListNamespaces pages read at most; a server with more namespaces than this is not a desktop's business.
constexpr int kMaxNamespacePages = 20;
} // namespace

NamespaceSession::NamespaceSession(const ConnectionSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_client(new TemporalClient(settings, this))
    , m_engine(new RolloutEngine(m_client, nullptr, this))
    , m_discovery(new TaskQueueDiscovery(m_client, this))
{
    connect(m_discovery, &TaskQueueDiscovery::finished, this, &NamespaceSession::taskQueuesDiscovered);
    connect(m_engine, &RolloutEngine::changedElsewhere, this,
            [this](const QString &taskQueue, const VersionSets &before, const VersionSets &after) {
                // Other queues' changes are recorded by the engine; the window shows the current one's.
                if (taskQueue == m_taskQueue)
                    Q_EMIT changedElsewhere(taskQueue, before, after);
            });
    connect(m_engine, &RolloutEngine::deploymentChangedElsewhere, this,
            [this](const QString &name, const WorkerDeployment &before, const WorkerDeployment &after) {
                if (name == m_deployment)
                    Q_EMIT deploymentChangedElsewhere(name, before, after);
            });
    m_refreshTimer.setSingleShot(false);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        // A tick while a read or an apply runs is skipped rather than queued: the next one comes soon.
        if (isReading() || isApplying())
            return;
        if (!m_taskQueue.isEmpty())
            readCurrent();
        else if (!m_deployment.isEmpty())
            readCurrentDeployment();
    });
}

void NamespaceSession::setHistory(HistoryService *history)
{
    m_engine->setHistory(history);
}

// The client is a child: its destructor cancels calls in flight before the readers go.
NamespaceSession::~NamespaceSession() = default;

void NamespaceSession::checkConnection()
{
    m_client->getSystemInfo(this, [this](const Result<SystemInfo> &info) {
        if (!info) {
            Q_EMIT connected(info);
            return;
        }
        m_client->describeNamespace(this, [this, info](const Result<NamespaceInfo> &ns) {
            if (!ns)
                Q_EMIT connected(ns.error());
            else
                Q_EMIT connected(info);
        });
    });
}

void NamespaceSession::listNamespaces()
{
    listNamespacePage({}, {}, kMaxNamespacePages);
}

void NamespaceSession::listNamespacePage(const QByteArray &token, QStringList collected, int pagesLeft)
{
    m_client->listNamespaces(this, token,
                             [this, collected, pagesLeft](const Result<NamespacePage> &page) mutable {
                                 if (!page) {
                                     Q_EMIT namespacesListed(page.error());
                                     return;
                                 }
                                 for (const NamespaceInfo &ns : page.value().namespaces) {
                                     // Deleted namespaces cannot be worked with.
                                     if (ns.state != NamespaceInfo::State::Deleted)
                                         collected << ns.name;
                                 }
                                 if (!page.value().nextPageToken.isEmpty() && pagesLeft > 1) {
                                     listNamespacePage(page.value().nextPageToken, collected, pagesLeft - 1);
                                     return;
                                 }
                                 collected.sort(Qt::CaseInsensitive);
                                 Q_EMIT namespacesListed(collected);
                             });
}

void NamespaceSession::discoverTaskQueues()
{
    m_discovery->start();
}

void NamespaceSession::selectTaskQueue(const QString &taskQueue)
{
    if (taskQueue != m_taskQueue) {
        m_taskQueue = taskQueue;
        m_snapshot.reset();
    }
    m_deployment.clear();
    m_deploymentSnapshot.reset();
    m_currentDeploymentRead = 0;
    readCurrent();
}

void NamespaceSession::refresh()
{
    if (!m_taskQueue.isEmpty())
        readCurrent();
    else if (!m_deployment.isEmpty())
        readCurrentDeployment();
}

void NamespaceSession::setRefreshInterval(int intervalMs)
{
    if (intervalMs <= 0) {
        m_refreshTimer.stop();
        return;
    }
    m_refreshTimer.start(intervalMs);
}

void NamespaceSession::readCurrent()
{
    if (m_taskQueue.isEmpty())
        return;
    QueueReader::Options options;
    options.reachability = true;
    const quint64 id = ++m_lastReadId;
    m_currentRead = id;
    const QString queue = m_taskQueue;
    m_engine->read(this, queue, options, [this, id, queue](const Result<QueueSnapshot> &snapshot) {
        if (id != m_currentRead)
            return; // Superseded by a newer read.
        m_currentRead = 0;
        onCurrentRead(queue, snapshot);
    });
}

void NamespaceSession::onCurrentRead(const QString &taskQueue, const Result<QueueSnapshot> &snapshot)
{
    if (taskQueue != m_taskQueue)
        return; // A read of a queue that is no longer current.
    if (snapshot)
        m_snapshot = snapshot.value();
    Q_EMIT snapshotRead(m_taskQueue, snapshot);
}

void NamespaceSession::readSummaries(const QStringList &taskQueues)
{
    for (const QString &queue : taskQueues) {
        if (!m_summaryQueue.contains(queue) && queue != m_summaryInFlight)
            m_summaryQueue << queue;
    }
    if (m_summaryInFlight.isEmpty())
        readNextSummary();
}

void NamespaceSession::readNextSummary()
{
    if (m_summaryQueue.isEmpty())
        return;
    m_summaryInFlight = m_summaryQueue.takeFirst();
    m_engine->read(this, m_summaryInFlight, QueueReader::Options(),
                   [this](const Result<QueueSnapshot> &snapshot) {
                       const QString queue = std::exchange(m_summaryInFlight, QString());
                       Q_EMIT summaryRead(queue, snapshot);
                       readNextSummary();
                   });
}

VersionSetPreview NamespaceSession::preview(const BuildIdOperation &operation) const
{
    Q_ASSERT(m_snapshot);
    return m_engine->preview(*m_snapshot, operation);
}

void NamespaceSession::apply(const VersionSetPlan &plan, const RolloutEngine::ApplyOptions &options)
{
    const QString queue = m_taskQueue;
    m_engine->apply(this, queue, plan, options, [this, queue](const RolloutEngine::ApplyResult &result) {
        Q_EMIT applyFinished(queue, result);
        // Show what the server now has, whatever happened.
        if (queue == m_taskQueue)
            readCurrent();
        if (result.outcome.status == ApplyOutcome::Status::Unknown)
            readAgainToSettle();
    });
}

void NamespaceSession::readAgainToSettle(int triesLeft)
{
    // The read right after an attempt whose answer was lost can show the change, which settles it, but not
    // that it failed: the server may still be applying it (HistoryEntry::kLateEffectMs). One more read once
    // that time has passed settles it either way, also with the periodic refresh off. A read or an apply
    // under way then may have started too early: this one waits for it and goes after.
    QTimer::singleShot(triesLeft == kSettleTries ? HistoryEntry::kLateEffectMs + 500 : 500, this,
                       [this, triesLeft] {
                           if (!isReading() && !isApplying())
                               refresh();
                           else if (triesLeft > 1)
                               readAgainToSettle(triesLeft - 1);
                       });
}

void NamespaceSession::listDeployments()
{
    m_engine->listDeployments(this, [this](const Result<QList<WorkerDeploymentSummary>> &deployments) {
        Q_EMIT deploymentsListed(deployments);
    });
}

void NamespaceSession::selectDeployment(const QString &deploymentName)
{
    if (deploymentName != m_deployment) {
        m_deployment = deploymentName;
        m_deploymentSnapshot.reset();
    }
    m_taskQueue.clear();
    m_snapshot.reset();
    m_currentRead = 0;
    readCurrentDeployment();
}

void NamespaceSession::readCurrentDeployment()
{
    if (m_deployment.isEmpty())
        return;
    const quint64 id = ++m_lastReadId;
    m_currentDeploymentRead = id;
    const QString name = m_deployment;
    m_engine->readDeployment(this, name, DeploymentReader::Options(),
                             [this, id, name](const Result<DeploymentSnapshot> &snapshot) {
                                 if (id != m_currentDeploymentRead)
                                     return; // Superseded by a newer read.
                                 m_currentDeploymentRead = 0;
                                 if (name != m_deployment)
                                     return;
                                 if (snapshot)
                                     m_deploymentSnapshot = snapshot.value();
                                 Q_EMIT deploymentRead(name, snapshot);
                             });
}

DeploymentPreview NamespaceSession::previewDeployment(const DeploymentOperation &operation) const
{
    Q_ASSERT(m_deploymentSnapshot);
    return m_engine->previewDeployment(*m_deploymentSnapshot, operation);
}

void NamespaceSession::applyDeployment(const DeploymentPreview &preview,
                                       const RolloutEngine::ApplyOptions &options)
{
    const QString name = preview.operation().deploymentName;
    m_applyingDeployment = name;
    m_engine->applyDeployment(this, preview, options,
                              [this, name](const RolloutEngine::DeploymentApplyResult &result) {
                                  m_applyingDeployment.clear();
                                  Q_EMIT deploymentApplyFinished(name, result);
                                  // Show what the server now has, whatever happened.
                                  if (name == m_deployment)
                                      readCurrentDeployment();
                                  if (result.outcome.status == DeploymentApplyOutcome::Status::Unknown)
                                      readAgainToSettle();
                              });
}
