#pragma once

#include "temporal/queuesnapshot.h"
#include "versionsetgraphmodel.h"
#include "versionsets/graphdrop.h"
#include "versionsets/versionsets.h"

#include <QGraphicsObject>
#include <QGraphicsScene>
#include <QHash>
#include <QPointer>

#include <optional>

class BuildIdItem;
class SetItem;

// Mirrors a VersionSetGraphModel as items: each set a column, oldest left, queue default right; build IDs
// stacked in their set with the set default on top. Items hold keys (build IDs), the data stays in the
// model. A change of the model updates the items in place: an item lives as long as its build ID (or its
// set) does, so a selection, a hover or a drag survives a refresh. To the right of the last set is the
// queue-default slot: a set dropped there becomes the queue default (not in read-only scenes).
// Lives on the GUI thread.
class VersionSetGraphScene : public QGraphicsScene
{
    Q_OBJECT

public:
    // model: the model to mirror (not owned), or nullptr for a scene with a model of its own (previews).
    explicit VersionSetGraphScene(VersionSetGraphModel *model = nullptr, QObject *parent = nullptr);
    explicit VersionSetGraphScene(QObject *parent);
    ~VersionSetGraphScene() override;

    VersionSetGraphModel *model() const { return m_model; }
    // Shortcuts to the model, for scenes with a model of their own.
    void setSets(const VersionSets &sets);
    void setSnapshot(const QueueSnapshot &snapshot);
    void setPollerCounts(const std::optional<QHash<QString, int>> &counts);
    void setHighlighted(const QStringList &buildIds);
    const VersionSets &sets() const;
    QStringList highlighted() const;

    // A read-only scene (previews, history) draws no queue-default slot and no "add a build ID" hint;
    // when it has no sets it says placeholderText instead.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    void setPlaceholderText(const QString &text);
    QString placeholderText() const;

    // Sets per row: 0 puts all sets in one row; fewer wrap the columns into rows (narrow views).
    void setColumnsPerRow(int columns);
    int columnsPerRow() const { return m_columnsPerRow; }
    // The size the graph takes with this many sets per row (0: one row), slot and margins included.
    QSizeF layoutSize(int columnsPerRow) const;

    SetItem *setItem(int index) const;
    BuildIdItem *buildIdItem(const QString &buildId) const;
    QRectF queueDefaultSlotRect() const;

    // What a drop at scenePos means for something dragged from the graph (see operationForDrop).
    GraphDrop dropAt(const QPointF &scenePos, GraphDrop::Dragged dragged, int sourceSet,
                     const QString &buildId) const;

    // A drag of item (a SetItem or a BuildIdItem) starts: the item is drawn above everything and no
    // refresh moves or frees it while the drag lasts. A refresh that removes it, or moves a dragged build
    // ID to another set, ends the drag first: dragInterrupted is emitted, then the items change.
    void beginDrag(QGraphicsObject *item);
    // The drag ended (dropped or interrupted): the item goes back where the layout says.
    void endDrag();
    bool isDragging() const { return m_draggedKind != DragKind::None; }
    // Marks the drop target under the cursor during a drag (Nowhere clears it).
    void showDropTarget(const GraphDrop &drop, bool accepted);
    const GraphDrop &shownDropTarget() const { return m_dropTarget; }
    bool isQueueDefaultSlotTargeted() const;

    // Puts every item back where the layout says (after a drag, or a change of sets).
    void relayout();

Q_SIGNALS:
    // The drag under way cannot go on: what it dragged is gone or moved. Emitted before the items change,
    // at most once per drag; reason is for the status bar.
    void dragInterrupted(const QString &reason);
    // The items were brought up to date with the model.
    void synced();

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    enum class DragKind { None, Set, BuildId };

    void sync();
    // Forgets the drag (z-values back, target marks off) without moving anything.
    void releaseDragged();
    void applyDetails();
    void applyHighlight();
    void applySelection();
    void onItemSelectionChanged();
    void updateSceneRect();
    QList<QPointF> columnPositions(int columnsPerRow) const;

    // Guarded: the window may destroy the model before the scene.
    QPointer<VersionSetGraphModel> m_model;
    bool m_readOnly = false;
    QString m_placeholder;
    int m_columnsPerRow = 0;
    QList<SetItem *> m_setItems;
    QHash<QString, BuildIdItem *> m_buildIdItems;
    DragKind m_draggedKind = DragKind::None;
    QString m_draggedKey;
    QPointer<QGraphicsObject> m_dragged;
    GraphDrop m_dropTarget;
    bool m_dropAccepted = false;
    bool m_syncingSelection = false;
};
