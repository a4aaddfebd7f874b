#include "versionsettreemodel.h"

#include "graph/versionsetgraphmodel.h"

#include "versionsets/versionsetchange.h"

// internalId 0 marks a set row; a build-ID row stores its set's index + 1.
VersionSetTreeModel::VersionSetTreeModel(VersionSetGraphModel *model, QObject *parent)
    : QAbstractItemModel(parent)
    , m_model(model ? model : new VersionSetGraphModel(this))
{
    // A reset, not row moves: the tree is read, never dragged, and views restore their place from the
    // graph model's selection (VersionSetSelectionSync).
    connect(m_model, &VersionSetGraphModel::setsAboutToChange, this, &VersionSetTreeModel::beginResetModel);
    connect(m_model, &VersionSetGraphModel::setsChanged, this, &VersionSetTreeModel::endResetModel);
    connect(m_model, &QObject::destroyed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

VersionSetTreeModel::VersionSetTreeModel(QObject *parent)
    : VersionSetTreeModel(nullptr, parent)
{}

VersionSetTreeModel::~VersionSetTreeModel()
{
    // A graph model of our own is a child and dies after us: its signals must not reach this model.
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
}

const QueueSnapshot &VersionSetTreeModel::snapshot() const
{
    static const QueueSnapshot none;
    return m_model ? m_model->snapshot() : none;
}

void VersionSetTreeModel::setSnapshot(const QueueSnapshot &snapshot)
{
    if (m_model)
        m_model->setSnapshot(snapshot);
}

void VersionSetTreeModel::setSets(const VersionSets &sets)
{
    if (m_model)
        m_model->setSets(sets);
}

QModelIndex VersionSetTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex VersionSetTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int VersionSetTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return snapshot().sets.setCount();
    if (parent.column() != 0 || parent.internalId() != 0)
        return 0;
    return int(snapshot().sets.set(parent.row()).size());
}

int VersionSetTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString VersionSetTreeModel::buildIdAt(int setIndex, int row) const
{
    const QStringList &ids = snapshot().sets.set(setIndex);
    return ids.at(ids.size() - 1 - row);
}

QString VersionSetTreeModel::pollersText(const QString &buildId) const
{
    if (!snapshot().pollers)
        return snapshot().pollersError ? QStringLiteral("unknown (%1)").arg(snapshot().pollersError->message)
                                       : QStringLiteral("unknown");
    const int workflow = snapshot().pollers->count(buildId, TaskQueueKind::Workflow);
    const int activity = snapshot().pollers->count(buildId, TaskQueueKind::Activity);
    if (workflow + activity == 0)
        return QStringLiteral("none");
    return QStringLiteral("%1 workflow, %2 activity").arg(workflow).arg(activity);
}

QVariant VersionSetTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const VersionSets &sets = snapshot().sets;
    const bool isSet = index.internalId() == 0;
    const int setIndex = isSet ? index.row() : int(index.internalId() - 1);
    const QStringList &set = sets.set(setIndex);
    const QString buildId = isSet ? VersionSets::setDefault(set) : buildIdAt(setIndex, index.row());
    const bool queueDefaultSet = setIndex == sets.defaultSetIndex();

    switch (role) {
    case BuildIdRole:
        return buildId;
    case SetIndexRole:
        return setIndex;
    case IsSetRole:
        return isSet;
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        break;
    case Qt::ToolTipRole:
        if (!isSet && snapshot().pollers) {
            QStringList lines;
            for (const PollerInfo &poller : snapshot().pollers->forBuildId(buildId))
                lines << poller.toDisplayString();
            return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
        }
        return {};
    default:
        return {};
    }

    if (isSet) {
        switch (index.column()) {
        case NameColumn:
            return QStringLiteral("Set %1 %2").arg(setIndex + 1).arg(setLabel(set));
        case RoleColumn:
            return queueDefaultSet ? QStringLiteral("queue default set") : QString();
        case PollersColumn:
            return snapshot().pollers ? QStringLiteral("%1 on set default").arg(pollersText(buildId))
                                      : QString();
        default:
            return {};
        }
    }
    const bool setDefault = buildId == VersionSets::setDefault(set);
    switch (index.column()) {
    case NameColumn:
        return buildId;
    case RoleColumn:
        if (setDefault && queueDefaultSet)
            return QStringLiteral("queue default");
        return setDefault ? QStringLiteral("set default") : QString();
    case PollersColumn: {
        const QString text = pollersText(buildId);
        // The fact that matters most, in words: a default nobody polls.
        if (setDefault && snapshot().pollers && snapshot().pollers->count(buildId) == 0)
            return QStringLiteral("\u26a0 none (default without pollers)");
        return text;
    }
    case ReachabilityColumn: {
        const auto it = snapshot().reachability.constFind(buildId);
        if (it != snapshot().reachability.cend())
            return it->toDisplayString();
        return snapshot().reachabilityError ? QStringLiteral("unknown") : QString();
    }
    }
    return {};
}

QVariant VersionSetTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Set / build ID");
    case RoleColumn:
        return QStringLiteral("Role");
    case PollersColumn:
        return QStringLiteral("Pollers");
    case ReachabilityColumn:
        return QStringLiteral("Reachability");
    }
    return {};
}

QModelIndex VersionSetTreeModel::indexOfSet(int setIndex) const
{
    return index(setIndex, 0);
}

QModelIndex VersionSetTreeModel::indexOfBuildId(const QString &buildId) const
{
    const VersionSets::Location at = snapshot().sets.find(buildId);
    if (!at.isValid())
        return {};
    const int row = int(snapshot().sets.set(at.set).size()) - 1 - at.index;
    return index(row, 0, indexOfSet(at.set));
}
