#pragma once

#include "deploymentgraphmodel.h"

#include <QAbstractItemModel>
#include <QPointer>

// The deployment graph as a list, for the keyboard and for screen readers: one row per version in the
// graph's order (lanes left to right, newest first within a lane), the unversioned workers included while
// routing names them. Every fact a card shows is a column here. Mirrors a DeploymentGraphModel (the graph's
// own, so both always show the same state); holds no state of its own. Lives on the GUI thread.
class DeploymentTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Columns {
        VersionColumn,
        StatusColumn,
        PollersColumn,
        PinnedColumn,
        AutoUpgradeColumn,
        DrainageColumn,
        TaskQueuesColumn,
        ColumnCount
    };
    enum Roles {
        // The version's key: its build ID, "" for the unversioned workers.
        KeyRole = Qt::UserRole + 1,
        LaneRole,
    };

    // model: the graph model to mirror (not owned).
    explicit DeploymentTreeModel(DeploymentGraphModel *model, QObject *parent = nullptr);
    ~DeploymentTreeModel() override;

    DeploymentGraphModel *graphModel() const { return m_model.data(); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QModelIndex indexOfKey(const QString &key) const;

private:
    QString pollersText(const QString &key) const;

    // Guarded: the page may destroy the graph model first; then the list is empty.
    QPointer<DeploymentGraphModel> m_model;
};
