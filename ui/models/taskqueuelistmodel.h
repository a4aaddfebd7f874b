#pragma once

#include "common/result.h"
#include "temporal/queuesnapshot.h"
#include "temporal/taskqueuediscovery.h"

#include <QAbstractTableModel>

#include <optional>

// The task queues of a namespace the window knows about: discovered from recent executions, typed by the
// user, and pinned (kept across runs by the window's settings). Each row shows the queue default build ID
// and whether anything polls it, once a summary read has come back, or the Worker Deployment it belongs to.
// Rows keep the order they arrived in; sort and filter through a proxy. Lives on the GUI thread.
class TaskQueueListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Columns { NameColumn, DefaultColumn, PollersColumn, OriginColumn, ColumnCount };
    enum Roles {
        // The queue's name, whatever the column.
        NameRole = Qt::UserRole + 1,
        PinnedRole,
        // True when the queue default build ID is known to have no pollers.
        NoPollersOnDefaultRole,
        QueueDefaultRole,
        // The Worker Deployment whose versions poll the queue; empty when none is known.
        DeploymentRole,
    };

    explicit TaskQueueListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void clear();
    // Marks these queues discovered, adding the ones not listed yet.
    void addDiscovered(const QList<DiscoveredTaskQueue> &queues);
    // Adds a queue the user typed (trimmed; empty names are ignored). Returns its row.
    int addTyped(const QString &name);
    void setPinned(const QString &name, bool pinned);
    QStringList pinnedQueues() const;
    QStringList queueNames() const;
    // The result of a light read of the queue: its default build ID and pollers, or why it failed.
    void setSummary(const QString &name, const Result<QueueSnapshot> &snapshot);
    // The queue belongs to a Worker Deployment (its versions poll it): the row says so, and the window
    // offers to open the deployment. Adds the queue when it is not listed.
    void setDeployment(const QString &name, const QString &deploymentName);
    QString deploymentOf(const QString &name) const;
    int rowOf(const QString &name) const;
    QString nameAt(int row) const;

private:
    struct Row
    {
        QString name;
        bool discovered = false;
        bool typed = false;
        bool pinned = false;
        QDateTime lastSeen;
        bool summarized = false;
        QString queueDefault;
        int setCount = 0;
        // Pollers on the queue default build ID; -1 unknown.
        int defaultPollers = -1;
        QString error;
        QString deployment;
    };
    int ensureRow(const QString &name);
    void rowChanged(int row);
    QString originText(const Row &row) const;
    QString pollersText(const Row &row) const;

    QList<Row> m_rows;
};
