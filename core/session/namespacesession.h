#pragma once

#include "common/result.h"
#include "rollout/rolloutengine.h"
#include "temporal/connectionsettings.h"
#include "temporal/queuereader.h"
#include "temporal/queuesnapshot.h"
#include "temporal/taskqueuediscovery.h"
#include "temporal/temporaltypes.h"
#include "versionsets/applyoutcome.h"
#include "versionsets/versionsetpreview.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <optional>

class HistoryService;
class TemporalClient;

// What the desktop window works with: one connection to one namespace (another namespace is another
// session), the task queue or Worker Deployment being looked at (one at a time), its last read, automatic
// refresh, summaries of other queues for the queue list, and applying previewed operations. Everything it
// does is asynchronous; it owns the TemporalClient and the RolloutEngine, through which every read and every
// change goes (and is recorded in the history, when one is set).
//
// Lives on the GUI thread. Each signal is emitted on that thread, once per request that was not
// superseded (a newer selectTaskQueue() or refresh() supersedes an older read of the current queue).
class NamespaceSession : public QObject
{
    Q_OBJECT

public:
    explicit NamespaceSession(const ConnectionSettings &settings, QObject *parent = nullptr);
    ~NamespaceSession() override;

    const ConnectionSettings &settings() const { return m_settings; }
    RolloutEngine *engine() const { return m_engine; }
    // The history every read and change is recorded in (none: nothing is recorded). Not owned.
    void setHistory(HistoryService *history);
    QString namespaceName() const { return m_settings.namespaceName; }

    // Reads the server's version and checks the namespace exists; answers with connected().
    void checkConnection();
    // Every namespace of the server (all pages); answers with namespacesListed().
    void listNamespaces();
    // Queues seen in recent workflow executions; answers with taskQueuesDiscovered().
    void discoverTaskQueues();

    // Makes taskQueue the current queue and reads it (sets, pollers, reachability).
    void selectTaskQueue(const QString &taskQueue);
    QString currentTaskQueue() const { return m_taskQueue; }
    // Re-reads the current queue or deployment. Does nothing without one.
    void refresh();
    bool isReading() const { return m_currentRead != 0 || m_currentDeploymentRead != 0; }
    // Automatic refresh of the current queue every intervalMs; 0 turns it off.
    void setRefreshInterval(int intervalMs);
    int refreshInterval() const { return m_refreshTimer.isActive() ? m_refreshTimer.interval() : 0; }
    // The last successful read of the current queue.
    const std::optional<QueueSnapshot> &snapshot() const { return m_snapshot; }

    // Light reads (sets and pollers) of other queues for the queue list, one at a time in order; each
    // answers with summaryRead(). A queue already waiting is not queued twice.
    void readSummaries(const QStringList &taskQueues);

    // The confirmation preview of an operation on the current queue, from its last read. Requires a
    // snapshot.
    VersionSetPreview preview(const BuildIdOperation &operation) const;
    // Applies a previewed plan to the current queue through the engine (re-read, stale check, send,
    // re-read, record); answers with applyFinished(). While applying, automatic refresh waits.
    void apply(const VersionSetPlan &plan, const RolloutEngine::ApplyOptions &options);
    bool isApplying() const { return m_engine->isApplying() || !m_applyingDeployment.isEmpty(); }

    // Worker Deployments. The namespace's deployments (every page); answers with deploymentsListed(). A
    // namespace that does not serve them answers with the server's error.
    void listDeployments();
    // Makes deploymentName the one looked at (no task queue is then current) and reads it fully (versions,
    // pollers, open workflows); answers with deploymentRead(). refresh() and automatic refresh re-read it.
    void selectDeployment(const QString &deploymentName);
    QString currentDeployment() const { return m_deployment; }
    const std::optional<DeploymentSnapshot> &deploymentSnapshot() const { return m_deploymentSnapshot; }
    // The preview of a change of the current deployment, from its last read (requires one).
    DeploymentPreview previewDeployment(const DeploymentOperation &operation) const;
    // Applies a previewed change through the engine; answers with deploymentApplyFinished(), then re-reads.
    void applyDeployment(const DeploymentPreview &preview, const RolloutEngine::ApplyOptions &options);

Q_SIGNALS:
    void connected(const Result<SystemInfo> &result);
    void namespacesListed(const Result<QStringList> &names);
    void taskQueuesDiscovered(const Result<QList<DiscoveredTaskQueue>> &queues);
    // A read of the current queue finished. On success snapshot() is already updated.
    void snapshotRead(const QString &taskQueue, const Result<QueueSnapshot> &snapshot);
    // A read of the current queue found sets that differ from its previous read, and the difference was
    // not made by an apply() of this session: someone else changed the queue. Emitted before snapshotRead.
    void changedElsewhere(const QString &taskQueue, const VersionSets &before, const VersionSets &after);
    void summaryRead(const QString &taskQueue, const Result<QueueSnapshot> &snapshot);
    void applyFinished(const QString &taskQueue, const RolloutEngine::ApplyResult &result);
    void deploymentsListed(const Result<QList<WorkerDeploymentSummary>> &deployments);
    // A read of the current deployment finished. On success deploymentSnapshot() is already updated.
    void deploymentRead(const QString &deploymentName, const Result<DeploymentSnapshot> &snapshot);
    // A read of the current deployment found a change no apply() of this session made. Before deploymentRead.
    void deploymentChangedElsewhere(const QString &deploymentName, const WorkerDeployment &before,
                                    const WorkerDeployment &after);
    void deploymentApplyFinished(const QString &deploymentName,
                                 const RolloutEngine::DeploymentApplyResult &result);

private:
    // Reads the shown queue or deployment once more when an attempt's effect may still be settled.
    static constexpr int kSettleTries = 20;
    void readAgainToSettle(int triesLeft = kSettleTries);
    void readCurrent();
    void readCurrentDeployment();
    void onCurrentRead(const QString &taskQueue, const Result<QueueSnapshot> &snapshot);
    void readNextSummary();
    void listNamespacePage(const QByteArray &token, QStringList collected, int pagesLeft);

    ConnectionSettings m_settings;
    TemporalClient *m_client;
    RolloutEngine *m_engine;
    TaskQueueDiscovery *m_discovery;
    // Id of the read of the current queue under way (0: none); a newer read supersedes it.
    quint64 m_currentRead = 0;
    quint64 m_lastReadId = 0;
    QTimer m_refreshTimer;
    QString m_taskQueue;
    std::optional<QueueSnapshot> m_snapshot;
    QString m_deployment;
    std::optional<DeploymentSnapshot> m_deploymentSnapshot;
    quint64 m_currentDeploymentRead = 0;
    QString m_applyingDeployment;
    QStringList m_summaryQueue;
    QString m_summaryInFlight;
};
