#include "namespacesession.h"

#include "temporal/temporalclient.h"
#include "versionsets/versionsetplanner.h"

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
    , m_reader(new QueueReader(m_client, this))
    , m_summaryReader(new QueueReader(m_client, this))
    , m_discovery(new TaskQueueDiscovery(m_client, this))
    , m_applier(new VersionSetApplier(m_client, this))
{
    connect(m_reader, &QueueReader::finished, this, &NamespaceSession::onCurrentRead);
    connect(m_summaryReader, &QueueReader::finished, this, [this](const Result<QueueSnapshot> &snapshot) {
        const QString queue = std::exchange(m_summaryInFlight, QString());
        Q_EMIT summaryRead(queue, snapshot);
        readNextSummary();
    });
    connect(m_discovery, &TaskQueueDiscovery::finished, this, &NamespaceSession::taskQueuesDiscovered);
    connect(m_applier, &VersionSetApplier::finished, this, [this](const ApplyOutcome &outcome) {
        if (outcome.status == ApplyOutcome::Status::Applied && !outcome.verifyFailed)
            m_ownChange = outcome.actual;
        Q_EMIT applyFinished(m_taskQueue, outcome);
        // Show what the server now has, whatever happened.
        readCurrent();
    });
    m_refreshTimer.setSingleShot(false);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        // A tick while a read or an apply runs is skipped rather than queued: the next one comes soon.
        if (!m_taskQueue.isEmpty() && !m_reader->isBusy() && !m_applier->isBusy())
            readCurrent();
    });
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
        m_ownChange.reset();
    }
    readCurrent();
}

void NamespaceSession::refresh()
{
    if (!m_taskQueue.isEmpty())
        readCurrent();
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
    m_reader->read(m_taskQueue, options);
}

void NamespaceSession::onCurrentRead(const Result<QueueSnapshot> &snapshot)
{
    if (snapshot && snapshot.value().taskQueue != m_taskQueue)
        return; // A read of a queue that is no longer current.
    if (snapshot) {
        const VersionSets &now = snapshot.value().sets;
        const bool ours = m_ownChange && *m_ownChange == now;
        if (m_snapshot && m_snapshot->sets != now && !ours)
            Q_EMIT changedElsewhere(m_taskQueue, m_snapshot->sets, now);
        m_ownChange.reset();
        m_snapshot = snapshot.value();
    }
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
    m_summaryReader->read(m_summaryInFlight);
}

VersionSetPreview NamespaceSession::preview(const BuildIdOperation &operation) const
{
    Q_ASSERT(m_snapshot);
    const VersionSetPlan plan = planVersionSetOperation(m_snapshot->sets, operation, m_settings.limits);
    return VersionSetPreview::build(plan, m_settings.namespaceName, m_taskQueue, m_settings.limits,
                                    m_snapshot->pollerCounts());
}

void NamespaceSession::apply(const VersionSetPlan &plan)
{
    qCInfo(lcSession) << "applying" << plan.operation.summary() << "to" << m_taskQueue;
    m_applier->apply(m_taskQueue, plan);
}
