#pragma once

#include "deployments/workerdeployment.h"

#include <QAbstractTableModel>

// The namespace's Worker Deployments for the window's left pane: name, current version, ramp. Rows follow
// the last list read (ListWorkerDeployments is eventually consistent: a deployment just created may appear
// a read later, and is never shown twice); a deployment the window read in full updates its row at once.
// Lives on the GUI thread.
class DeploymentListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Columns { NameColumn, CurrentColumn, RampingColumn, ColumnCount };
    enum Roles { NameRole = Qt::UserRole + 1 };

    explicit DeploymentListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows with a list read (keeping rows of deployments read in full since, which the list may
    // not show yet).
    void setDeployments(const QList<WorkerDeploymentSummary> &deployments);
    // A full read of one deployment: its routing is newer than the list's.
    void updateDeployment(const WorkerDeployment &deployment);
    void clear();
    int rowOf(const QString &name) const;
    QString nameAt(int row) const;
    QStringList names() const;

private:
    QList<WorkerDeploymentSummary> m_rows;
};
