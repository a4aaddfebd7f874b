#include "versionsetgraphmodel.h"

#include <algorithm>

VersionSetGraphModel::VersionSetGraphModel(QObject *parent)
    : QObject(parent)
{}

void VersionSetGraphModel::setSnapshot(const QueueSnapshot &snapshot)
{
    Q_EMIT setsAboutToChange();
    m_snapshot = snapshot;
    m_pollerCounts = snapshot.pollerCounts();
    m_hasDetails = true;
    const bool selectionMoved = keepSelectionValid();
    Q_EMIT setsChanged();
    if (selectionMoved)
        Q_EMIT selectionChanged();
}

void VersionSetGraphModel::setSets(const VersionSets &sets)
{
    Q_EMIT setsAboutToChange();
    QueueSnapshot snapshot;
    snapshot.sets = sets;
    m_snapshot = snapshot;
    m_hasDetails = false;
    m_pollerCounts.reset();
    const bool selectionMoved = keepSelectionValid();
    Q_EMIT setsChanged();
    if (selectionMoved)
        Q_EMIT selectionChanged();
}

void VersionSetGraphModel::setPollerCounts(const std::optional<QHash<QString, int>> &counts)
{
    Q_EMIT setsAboutToChange();
    m_pollerCounts = counts;
    Q_EMIT setsChanged();
}

int VersionSetGraphModel::pollerCount(const QString &buildId) const
{
    return m_pollerCounts ? m_pollerCounts->value(buildId, 0) : -1;
}

void VersionSetGraphModel::setHighlighted(const QStringList &buildIds)
{
    QStringList sorted = buildIds;
    sorted.removeDuplicates();
    sorted.sort();
    if (sorted == m_highlighted)
        return;
    m_highlighted = sorted;
    Q_EMIT highlightChanged();
}

QStringList VersionSetGraphModel::highlighted() const
{
    QStringList present;
    for (const QString &id : m_highlighted) {
        if (m_snapshot.sets.contains(id))
            present << id;
    }
    return present;
}

void VersionSetGraphModel::select(int setIndex, const QString &buildId)
{
    const VersionSets &sets = m_snapshot.sets;
    int set = setIndex;
    QString id = buildId;
    if (!id.isEmpty()) {
        set = sets.find(id).set;
        if (set < 0)
            id.clear();
    }
    if (set < 0 || set >= sets.setCount()) {
        set = -1;
        id.clear();
    }
    if (set == m_selectedSet && id == m_selectedBuildId)
        return;
    m_selectedSet = set;
    m_selectedBuildId = id;
    Q_EMIT selectionChanged();
}

bool VersionSetGraphModel::keepSelectionValid()
{
    const int set = m_selectedSet;
    const QString id = m_selectedBuildId;
    if (!id.isEmpty()) {
        m_selectedSet = m_snapshot.sets.find(id).set;
        if (m_selectedSet < 0)
            m_selectedBuildId.clear();
    } else if (m_selectedSet >= m_snapshot.sets.setCount()) {
        m_selectedSet = -1;
    }
    return set != m_selectedSet || id != m_selectedBuildId;
}
