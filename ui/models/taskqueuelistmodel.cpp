#include "taskqueuelistmodel.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>

TaskQueueListModel::TaskQueueListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int TaskQueueListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TaskQueueListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TaskQueueListModel::originText(const Row &row) const
{
    QStringList parts;
    if (row.pinned)
        parts << QStringLiteral("pinned");
    if (row.typed)
        parts << QStringLiteral("typed");
    if (row.discovered)
        parts << QStringLiteral("discovered");
    return parts.join(QStringLiteral(", "));
}

QString TaskQueueListModel::pollersText(const Row &row) const
{
    // A deployment's queue has no version sets (the server may even refuse to read them): its pollers are
    // shown per version in the deployment.
    if (!row.deployment.isEmpty() && row.setCount == 0)
        return QString();
    if (!row.error.isEmpty())
        return QStringLiteral("\u26a0 unreadable");
    if (!row.summarized)
        return QStringLiteral("\u2026");
    if (row.setCount == 0)
        return QStringLiteral("no sets");
    if (row.defaultPollers < 0)
        return QStringLiteral("unknown");
    if (row.defaultPollers == 0)
        return QStringLiteral("\u26a0 none");
    return QString::number(row.defaultPollers);
}

QVariant TaskQueueListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case NameRole:
        return row.name;
    case PinnedRole:
        return row.pinned;
    case NoPollersOnDefaultRole:
        return row.summarized && row.setCount > 0 && row.defaultPollers == 0;
    case QueueDefaultRole:
        return row.queueDefault;
    case DeploymentRole:
        return row.deployment;
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case NameColumn:
            // The pin mark is text, so it reaches screen readers and survives any palette.
            return row.pinned ? QStringLiteral("\u2691 ") + row.name : row.name;
        case DefaultColumn:
            if (!row.deployment.isEmpty() && row.setCount == 0)
                return QStringLiteral("\u2192 %1").arg(row.deployment);
            return row.summarized ? row.queueDefault : QString();
        case PollersColumn:
            return pollersText(row);
        case OriginColumn:
            return originText(row);
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("%1 (%2)").arg(row.name, originText(row));
        if (row.lastSeen.isValid())
            tip += QStringLiteral("\nlast workflow started %1")
                       .arg(row.lastSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        if (!row.deployment.isEmpty())
            tip += QStringLiteral("\npolled by Worker Deployment %1 (open it from the queue's menu)")
                       .arg(row.deployment);
        if (!row.error.isEmpty() && row.deployment.isEmpty())
            tip += QStringLiteral("\n") + row.error;
        else if (row.summarized && row.setCount > 0)
            tip += QStringLiteral("\n%1 set(s); queue default %2; %3")
                       .arg(row.setCount)
                       .arg(row.queueDefault, pollersText(row));
        return tip;
    }
    case Qt::ForegroundRole:
        if (index.column() == PollersColumn &&
            (!row.error.isEmpty() || (row.summarized && row.setCount > 0 && row.defaultPollers == 0)))
            return QBrush(QGuiApplication::palette().color(QPalette::Active, QPalette::Link));
        return {};
    }
    return {};
}

QVariant TaskQueueListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Task queue");
    case DefaultColumn:
        return QStringLiteral("Queue default");
    case PollersColumn:
        return QStringLiteral("Pollers");
    case OriginColumn:
        return QStringLiteral("From");
    }
    return {};
}

int TaskQueueListModel::ensureRow(const QString &name)
{
    const int existing = rowOf(name);
    if (existing >= 0)
        return existing;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    Row added;
    added.name = name;
    m_rows.append(added);
    endInsertRows();
    return row;
}

void TaskQueueListModel::rowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void TaskQueueListModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void TaskQueueListModel::addDiscovered(const QList<DiscoveredTaskQueue> &queues)
{
    for (const DiscoveredTaskQueue &queue : queues) {
        const int row = ensureRow(queue.name);
        m_rows[row].discovered = true;
        m_rows[row].lastSeen = queue.lastSeen;
        rowChanged(row);
    }
}

int TaskQueueListModel::addTyped(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return -1;
    const int row = ensureRow(trimmed);
    m_rows[row].typed = true;
    rowChanged(row);
    return row;
}

void TaskQueueListModel::setPinned(const QString &name, bool pinned)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return;
    const int row = pinned ? ensureRow(trimmed) : rowOf(trimmed);
    if (row < 0)
        return;
    m_rows[row].pinned = pinned;
    rowChanged(row);
}

QStringList TaskQueueListModel::pinnedQueues() const
{
    QStringList names;
    for (const Row &row : m_rows) {
        if (row.pinned)
            names << row.name;
    }
    return names;
}

QStringList TaskQueueListModel::queueNames() const
{
    QStringList names;
    for (const Row &row : m_rows)
        names << row.name;
    return names;
}

void TaskQueueListModel::setSummary(const QString &name, const Result<QueueSnapshot> &snapshot)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    Row &r = m_rows[row];
    r.summarized = true;
    if (!snapshot) {
        r.error = snapshot.error().toString();
        r.queueDefault.clear();
        r.setCount = 0;
        r.defaultPollers = -1;
    } else {
        const QueueSnapshot &s = snapshot.value();
        r.error.clear();
        r.queueDefault = s.sets.queueDefault();
        r.setCount = s.sets.setCount();
        r.defaultPollers = s.pollers ? s.pollers->count(r.queueDefault) : -1;
    }
    rowChanged(row);
}

int TaskQueueListModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return i;
    }
    return -1;
}

QString TaskQueueListModel::nameAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).name : QString();
}

void TaskQueueListModel::setDeployment(const QString &name, const QString &deploymentName)
{
    const int row = ensureRow(name);
    if (m_rows[row].deployment == deploymentName)
        return;
    m_rows[row].deployment = deploymentName;
    rowChanged(row);
}

QString TaskQueueListModel::deploymentOf(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? QString() : m_rows.at(row).deployment;
}
