#pragma once

#include "deployments/deploymentsnapshot.h"

#include <QObject>
#include <QStringList>

#include <optional>

// The one observable model of the deployment a graph shows: the last snapshot, the versions it shows (keys),
// each version's lane and facts, and the selection. The scene, the tree and the menus read it; nobody keeps
// a copy. A version's key is its build ID; the unversioned workers, shown as a pseudo-version while routing
// names them (current or ramp target), have the empty key. No widgets. Lives on the GUI thread; every signal
// is emitted on it, synchronously, after the model has its new state.
class DeploymentGraphModel : public QObject
{
    Q_OBJECT

public:
    // Left to right in the graph: a version's life.
    enum class Lane { Inactive, Ramping, Current, Draining, Drained };
    static constexpr int kLaneCount = 5;

    explicit DeploymentGraphModel(QObject *parent = nullptr);

    void setSnapshot(const DeploymentSnapshot &snapshot);
    const DeploymentSnapshot &snapshot() const { return m_snapshot; }
    const DeploymentRouting &routing() const { return m_snapshot.deployment.routing; }
    const QString &deploymentName() const { return m_snapshot.deployment.name; }

    // Every version shown, lane by lane left to right, newest first within a lane; "" (the unversioned
    // workers) last in its lane.
    const QStringList &versionKeys() const { return m_keys; }
    QStringList versionsInLane(Lane lane) const;
    bool hasVersion(const QString &key) const { return m_keys.contains(key); }
    bool isCurrent(const QString &key) const;
    bool isRamping(const QString &key) const;
    Lane lane(const QString &key) const;
    // The server's status; for the unversioned workers (no status of their own) the one routing gives them.
    DeploymentVersionStatus status(const QString &key) const;
    // nullptr for the unversioned workers and for versions the deployment does not list.
    const DeploymentVersionSummary *summary(const QString &key) const;
    // nullptr when the version's describe failed or was not made.
    const DeploymentVersionDetails *details(const QString &key) const;
    // Pollers polling as this version, any task queue; nothing when pollers are unknown.
    std::optional<int> pollerCount(const QString &key) const;
    std::optional<int> pollerCount(const QString &key, int taskQueueType) const;
    QList<DeploymentPoller> pollers(const QString &key) const;
    // From the version's details; empty when unknown.
    QList<VersionTaskQueue> taskQueues(const QString &key) const;
    // Both unknown when visibility could not answer.
    VersionWorkflowCounts workflowCounts(const QString &key) const;
    // The percentage the ramp has, or nothing when nothing ramps.
    std::optional<double> rampPercentage() const;

    // Versions drawn as changed (a preview's changes, a change made elsewhere), by key. Kept across
    // snapshots until set again; keys not shown are simply not drawn.
    void setHighlighted(const QStringList &keys);
    const QStringList &highlighted() const { return m_highlighted; }
    bool isHighlighted(const QString &key) const { return m_highlighted.contains(key); }

    // The selection: one version (by key), or nothing. A selected version that is gone after a snapshot is
    // cleared (selectionChanged follows snapshotChanged).
    void select(const QString &key);
    void clearSelection();
    bool hasSelection() const { return m_hasSelection; }
    const QString &selectedKey() const { return m_selectedKey; }

    static QString laneName(Lane lane);

Q_SIGNALS:
    // The snapshot is about to be replaced (item models begin their reset here).
    void snapshotAboutToChange();
    // The snapshot was replaced (also when equal: a refresh happened).
    void snapshotChanged();
    void selectionChanged();
    void highlightChanged();

private:
    QStringList computeKeys() const;

    DeploymentSnapshot m_snapshot;
    QStringList m_keys;
    QStringList m_highlighted;
    bool m_hasSelection = false;
    QString m_selectedKey;
};
