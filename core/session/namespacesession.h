#pragma once

#include "common/result.h"
#include "temporal/connectionsettings.h"
#include "temporal/queuereader.h"
#include "temporal/queuesnapshot.h"
#include "temporal/taskqueuediscovery.h"
#include "temporal/temporaltypes.h"
#include "versionsets/versionsetapplier.h"
#include "versionsets/versionsetpreview.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <optional>

class TemporalClient;

// What the desktop window works with: one connection to one namespace (another namespace is another
// session), the task queue being looked at,
// its last read, automatic refresh, summaries of other queues for the queue list, and applying previewed
// operations. Everything it does is asynchronous; it owns the TemporalClient and the readers.
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
    // Re-reads the current queue. Does nothing without one.
    void refresh();
    bool isReading() const { return m_reader->isBusy(); }
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
    // Applies a previewed plan to the current queue (re-read, stale check, send, re-read); answers with
    // applyFinished(). While applying, automatic refresh waits.
    void apply(const VersionSetPlan &plan);
    bool isApplying() const { return m_applier->isBusy(); }

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
    void applyFinished(const QString &taskQueue, const ApplyOutcome &outcome);

private:
    void readCurrent();
    void onCurrentRead(const Result<QueueSnapshot> &snapshot);
    void readNextSummary();
    void listNamespacePage(const QByteArray &token, QStringList collected, int pagesLeft);

    ConnectionSettings m_settings;
    TemporalClient *m_client;
    QueueReader *m_reader;
    QueueReader *m_summaryReader;
    TaskQueueDiscovery *m_discovery;
    VersionSetApplier *m_applier;
    QTimer m_refreshTimer;
    QString m_taskQueue;
    std::optional<QueueSnapshot> m_snapshot;
    // Sets an apply() of ours left the current queue in, so the next read does not call it "elsewhere".
    std::optional<VersionSets> m_ownChange;
    QStringList m_summaryQueue;
    QString m_summaryInFlight;
};
