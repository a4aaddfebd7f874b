#include "deploymentlistmodel.h"

#include <algorithm>

namespace {

QString versionName(const QString &buildId)
{
    return buildId.isEmpty() ? DeploymentListModel::tr("unversioned") : buildId;
}

QString rampText(const DeploymentRouting &routing)
{
    if (!routing.hasRamp)
        return QString();
    return QStringLiteral("%1 %2%").arg(versionName(routing.rampingBuildId)).arg(routing.rampingPercentage);
}

} // namespace

DeploymentListModel::DeploymentListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int DeploymentListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeploymentListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeploymentListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WorkerDeploymentSummary &row = m_rows.at(index.row());
    switch (role) {
    case NameRole:
        return row.name;
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case NameColumn:
            return row.name;
        case CurrentColumn:
            return versionName(row.routing.currentBuildId);
        case RampingColumn:
            return rampText(row.routing);
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip =
            tr("Worker deployment %1\ncurrent: %2").arg(row.name, versionName(row.routing.currentBuildId));
        if (row.routing.hasRamp)
            tip += tr("\nramping: %1").arg(rampText(row.routing));
        if (!row.latestBuildId.isEmpty())
            tip += tr("\nnewest version: %1").arg(row.latestBuildId);
        return tip;
    }
    }
    return {};
}

QVariant DeploymentListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Worker deployment");
    case CurrentColumn:
        return tr("Current");
    case RampingColumn:
        return tr("Ramping");
    }
    return {};
}

void DeploymentListModel::setDeployments(const QList<WorkerDeploymentSummary> &deployments)
{
    // Row by row, so that selection and scrolling survive a periodic list read.
    QList<WorkerDeploymentSummary> incoming = deployments;
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        const auto found =
            std::find_if(incoming.begin(), incoming.end(),
                         [&](const WorkerDeploymentSummary &d) { return d.name == m_rows[row].name; });
        if (found == incoming.end())
            continue; // Kept: the list may lag behind a deployment read in full.
        // A full read's routing is newer than the eventually consistent list's.
        if (found->routing.revisionNumber >= m_rows[row].routing.revisionNumber)
            m_rows[row] = *found;
        incoming.erase(found);
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (incoming.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + incoming.size()) - 1);
    m_rows.append(incoming);
    endInsertRows();
}

void DeploymentListModel::updateDeployment(const WorkerDeployment &deployment)
{
    WorkerDeploymentSummary summary;
    summary.name = deployment.name;
    summary.createTime = deployment.createTime;
    summary.routing = deployment.routing;
    if (!deployment.versions.isEmpty())
        summary.latestBuildId = deployment.versions.last().buildId;
    const int row = rowOf(deployment.name);
    if (row < 0) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        m_rows.append(summary);
        endInsertRows();
        return;
    }
    m_rows[row] = summary;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void DeploymentListModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int DeploymentListModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).name == name)
            return row;
    }
    return -1;
}

QString DeploymentListModel::nameAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).name : QString();
}

QStringList DeploymentListModel::names() const
{
    QStringList names;
    for (const WorkerDeploymentSummary &row : m_rows)
        names << row.name;
    return names;
}
