#pragma once

#include "temporal/queuesnapshot.h"
#include "versionsets/versionsets.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <optional>

// The one observable model of the queue a graph shows: its sets (ids and, from them, every role), pollers,
// reachability, the highlighted build IDs and the selection. The scene, the tree and the menus read it;
// nobody keeps a copy. No widgets. Lives on the GUI thread; every signal is emitted on it, synchronously,
// after the model has its new state.
class VersionSetGraphModel : public QObject
{
    Q_OBJECT

public:
    explicit VersionSetGraphModel(QObject *parent = nullptr);

    // Sets with pollers (per type, identities, last access) and reachability.
    void setSnapshot(const QueueSnapshot &snapshot);
    // Sets alone (previews, history): pollers and reachability unknown.
    void setSets(const VersionSets &sets);
    // Pollers per build ID for a graph that has no snapshot (previews); nothing when unknown.
    void setPollerCounts(const std::optional<QHash<QString, int>> &counts);

    const QueueSnapshot &snapshot() const { return m_snapshot; }
    const VersionSets &sets() const { return m_snapshot.sets; }
    // True when the pollers and reachability came with a snapshot (setSnapshot).
    bool hasDetails() const { return m_hasDetails; }
    // Pollers of a build ID, -1 when unknown.
    int pollerCount(const QString &buildId) const;

    // Build IDs drawn as changed (a preview's changes, or a change made elsewhere). Kept across
    // setSnapshot/setSets until set again; IDs not in the sets are simply not drawn.
    void setHighlighted(const QStringList &buildIds);
    // The highlighted IDs present in the sets, sorted.
    QStringList highlighted() const;
    bool isHighlighted(const QString &buildId) const { return m_highlighted.contains(buildId); }

    // The selection: a build ID, or a whole set (buildId empty), or nothing (setIndex -1). A selection that
    // no longer exists after a change of sets is cleared (a build ID follows to its new set).
    void select(int setIndex, const QString &buildId = QString());
    void clearSelection() { select(-1); }
    int selectedSet() const { return m_selectedSet; }
    QString selectedBuildId() const { return m_selectedBuildId; }

Q_SIGNALS:
    // The sets, pollers or reachability are about to be replaced (item models begin their reset here).
    void setsAboutToChange();
    // The sets, pollers or reachability were replaced (also when equal: a refresh happened).
    void setsChanged();
    void highlightChanged();
    void selectionChanged();

private:
    // Moves a selected build ID to its new set, drops a selection that is gone; true when it changed
    // (announced after setsChanged, so that views see the new sets first).
    bool keepSelectionValid();

    QueueSnapshot m_snapshot;
    bool m_hasDetails = false;
    std::optional<QHash<QString, int>> m_pollerCounts;
    QStringList m_highlighted;
    int m_selectedSet = -1;
    QString m_selectedBuildId;
};
