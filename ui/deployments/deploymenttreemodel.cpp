#include "deploymenttreemodel.h"

#include "deploymenttext.h"

DeploymentTreeModel::DeploymentTreeModel(DeploymentGraphModel *model, QObject *parent)
    : QAbstractItemModel(parent)
    , m_model(model)
{
    Q_ASSERT(model);
    // A reset, not row moves: views restore their place from the graph model's selection
    // (DeploymentSelectionSync).
    connect(m_model, &DeploymentGraphModel::snapshotAboutToChange, this,
            &DeploymentTreeModel::beginResetModel);
    connect(m_model, &DeploymentGraphModel::snapshotChanged, this, &DeploymentTreeModel::endResetModel);
    connect(m_model, &QObject::destroyed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

DeploymentTreeModel::~DeploymentTreeModel()
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
}

QModelIndex DeploymentTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column);
}

QModelIndex DeploymentTreeModel::parent(const QModelIndex &) const
{
    return {};
}

int DeploymentTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_model)
        return 0;
    return int(m_model->versionKeys().size());
}

int DeploymentTreeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DeploymentTreeModel::pollersText(const QString &key) const
{
    const std::optional<int> pollers = m_model->pollerCount(key);
    if (!pollers)
        return tr("unknown");
    if (*pollers == 0)
        return (m_model->isCurrent(key) || m_model->isRamping(key)) ? tr("\u26a0 none (gets new workflows)")
                                                                    : tr("none");
    return tr("%1 workflow, %2 activity")
        .arg(*m_model->pollerCount(key, 1))
        .arg(*m_model->pollerCount(key, 2));
}

QVariant DeploymentTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_model)
        return {};
    const QString key = m_model->versionKeys().at(index.row());
    switch (role) {
    case KeyRole:
        return key;
    case LaneRole:
        return int(m_model->lane(key));
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        break;
    default:
        return {};
    }
    const VersionWorkflowCounts counts = m_model->workflowCounts(key);
    switch (index.column()) {
    case VersionColumn:
        return DeploymentText::buildIdOrUnversioned(key);
    case StatusColumn: {
        const QString status = DeploymentText::statusName(m_model->status(key));
        if (m_model->isRamping(key))
            return tr("%1 (%2 %)").arg(status, QString::number(m_model->routing().rampingPercentage, 'g', 4));
        return status;
    }
    case PollersColumn:
        return pollersText(key);
    case PinnedColumn:
        return DeploymentText::count(counts.pinned);
    case AutoUpgradeColumn:
        return DeploymentText::count(counts.autoUpgrade);
    case DrainageColumn: {
        const DeploymentVersionSummary *summary = m_model->summary(key);
        if (!summary || summary->drainage.status == DrainageStatus::Unspecified)
            return QString();
        return summary->drainage.status == DrainageStatus::Draining ? tr("draining") : tr("drained");
    }
    case TaskQueuesColumn:
        if (key.isEmpty())
            return QString();
        return m_model->details(key) ? DeploymentText::taskQueues(m_model->taskQueues(key)) : tr("unknown");
    }
    return {};
}

QVariant DeploymentTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case VersionColumn:
        return tr("Version");
    case StatusColumn:
        return tr("Status");
    case PollersColumn:
        return tr("Pollers");
    case PinnedColumn:
        return tr("Pinned open");
    case AutoUpgradeColumn:
        return tr("Auto-upgrade open");
    case DrainageColumn:
        return tr("Drainage");
    case TaskQueuesColumn:
        return tr("Task queues");
    }
    return {};
}

QModelIndex DeploymentTreeModel::indexOfKey(const QString &key) const
{
    if (!m_model)
        return {};
    const qsizetype row = m_model->versionKeys().indexOf(key);
    return row < 0 ? QModelIndex() : index(int(row), 0);
}
