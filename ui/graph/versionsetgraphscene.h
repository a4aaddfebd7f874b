#pragma once

#include "temporal/queuesnapshot.h"
#include "versionsets/graphdrop.h"
#include "versionsets/versionsets.h"

#include <QGraphicsScene>
#include <QHash>

#include <optional>

class BuildIdItem;
class SetItem;

// Mirrors one queue's VersionSets as items: each set a column, oldest left, queue default right; build IDs
// stacked in their set with the set default on top. Items hold indices and IDs, the data stays here.
// To the right of the last set is the queue-default slot: a set dropped there becomes the queue default.
// Lives on the GUI thread.
class VersionSetGraphScene : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit VersionSetGraphScene(QObject *parent = nullptr);

    void setSets(const VersionSets &sets);
    // Sets with pollers (per type, identities and last access times in tooltips) and reachability.
    void setSnapshot(const QueueSnapshot &snapshot);
    const VersionSets &sets() const { return m_sets; }
    // Pollers per build ID, or nothing when unknown.
    void setPollerCounts(const std::optional<QHash<QString, int>> &counts);
    // Build IDs to highlight (a preview's changes).
    void setHighlighted(const QStringList &buildIds);
    QStringList highlighted() const;

    SetItem *setItem(int index) const;
    BuildIdItem *buildIdItem(const QString &buildId) const;
    QRectF queueDefaultSlotRect() const;

    // What a drop at scenePos means for something dragged from the graph (see operationForDrop).
    GraphDrop dropAt(const QPointF &scenePos, GraphDrop::Dragged dragged, int sourceSet,
                     const QString &buildId) const;

    // Puts every item back where the layout says (after a drag, or a change of sets).
    void relayout();

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    void rebuild();
    void applyDetails();

    VersionSets m_sets;
    std::optional<QHash<QString, int>> m_pollerCounts;
    QueueSnapshot m_snapshot;
    bool m_hasDetails = false;
    QList<SetItem *> m_setItems;
    QHash<QString, BuildIdItem *> m_buildIdItems;
};
