#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

// Which kind of task a poller asks for (mirrors temporal.api.enums.v1.TaskQueueType).
enum class TaskQueueKind { Workflow = 1, Activity = 2 };

// One worker poller as the server last saw it. A plain value.
struct PollerInfo
{
    QString identity;
    QDateTime lastAccessTime;
    double ratePerSecond = 0;
    // The build ID the worker polls with; empty for an unversioned worker. A worker of a Worker Deployment
    // reports it in its deployment options, which win over the version-set capabilities when set.
    QString buildId;
    // Version sets: the worker asked for build-ID routing; deployments: its versioning mode is VERSIONED.
    bool useVersioning = false;
    TaskQueueKind kind = TaskQueueKind::Workflow;
    // The Worker Deployment the worker polls as (deployment options); empty for a worker of none. Last, so
    // that positional initialisers of the fields above keep their meaning.
    QString deploymentName;

    // "worker-7 (workflow), last polled 2026-11-25 10:00:00" in local time: tooltips and dialogs.
    QString toDisplayString() const;

    bool operator==(const PollerInfo &) const = default;
};

// Every poller of one task queue, both task types, all partitions, merged: one entry per
// (identity, build ID, kind), keeping the latest access time.
class QueuePollers
{
public:
    QueuePollers() = default;
    explicit QueuePollers(QList<PollerInfo> pollers);

    const QList<PollerInfo> &all() const { return m_pollers; }
    QList<PollerInfo> forBuildId(const QString &buildId) const;
    int count(const QString &buildId) const;
    int count(const QString &buildId, TaskQueueKind kind) const;
    // Pollers per build ID, workflow and activity together; the empty key counts unversioned pollers.
    QHash<QString, int> countsByBuildId() const;

    // Adds pollers seen on another partition or type, merging duplicates.
    void merge(const QList<PollerInfo> &pollers);

private:
    QList<PollerInfo> m_pollers;
};
