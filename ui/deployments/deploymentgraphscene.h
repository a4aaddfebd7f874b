#pragma once

#include "deploymentgraphmodel.h"
#include "deployments/deploymentoperation.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>

#include <array>
#include <optional>
#include <variant>

class DeploymentLaneItem;
class DeploymentVersionItem;
class RampShareItem;

// Mirrors a DeploymentGraphModel as items: five lanes left to right (created/inactive, ramping, current,
// draining, drained), each version a card in its lane, newest on top (a lane of many wraps into columns, see
// setRowsPerLane); the Ramping lane's band holds the share of new workflows with the ramp's handle. The
// Current and Ramping lanes are the slots a card is dropped on. Items hold keys (build IDs), the data stays
// in the model. A change of the model updates the items in place: a card lives as long as its version does,
// so a selection or a drag survives a refresh. Lives on the GUI thread.
class DeploymentGraphScene : public QGraphicsScene
{
    Q_OBJECT

public:
    enum class DropTarget { None, CurrentSlot, RampingSlot };
    // What a drop means: the operation to ask for, or why not (empty reason: nothing to say, e.g. a card
    // dropped back on its own slot).
    using DropMeaning = std::variant<DeploymentOperation, QString>;

    // model: the model to mirror (not owned), or nullptr for a scene with a model of its own.
    explicit DeploymentGraphScene(DeploymentGraphModel *model = nullptr, QObject *parent = nullptr);
    ~DeploymentGraphScene() override;

    DeploymentGraphModel *model() const { return m_model; }
    void setSnapshot(const DeploymentSnapshot &snapshot);

    // A read-only scene draws no slot hints (its view starts no drag).
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

    DeploymentLaneItem *laneItem(DeploymentGraphModel::Lane lane) const;
    DeploymentVersionItem *versionItem(const QString &key) const;
    RampShareItem *rampShare() const { return m_ramp; }
    QList<DeploymentVersionItem *> versionItems() const { return m_cards.values(); }
    // The lines a version's card shows (also the tree's and the tooltip's facts).
    QStringList cardLines(const QString &key) const;
    // The same in a few words each, for cards zoomed out.
    QStringList compactCardLines(const QString &key) const;

    DropTarget dropAt(const QPointF &scenePos) const;
    DropMeaning dropMeaning(const QString &key, DropTarget target) const;

    // A card's drag starts: drawn above everything, and no refresh moves or frees it while the drag lasts.
    // A refresh that removes its version ends the drag first: dragInterrupted, then the items change.
    void beginCardDrag(const QString &key);
    // The ramp handle's drag starts. A refresh that ends the ramp or moves it to another version ends it.
    void beginHandleDrag();
    // The drag ended (dropped or interrupted): everything goes back where the layout says.
    void endDrag();
    bool isDragging() const { return m_dragKind != DragKind::None; }
    bool isDraggingHandle() const { return m_dragKind == DragKind::Handle; }
    // The percentage under the dragged handle: drawn on the bar and in the Current lane's share, nothing
    // when no handle is dragged.
    void showRampDrag(std::optional<int> percentage);
    // Marks the slot under the cursor during a card's drag (None clears it).
    void showDropTarget(DropTarget target, bool accepted);

    void relayout();
    // Cards a lane stacks before it starts another column: 0 stacks them all in one (the default). A view
    // fitting many versions (drained ones pile up) chooses what shows them largest.
    void setRowsPerLane(int rows);
    int rowsPerLane() const { return m_rowsPerLane; }
    // The size the graph takes with this many rows per lane (0: one column each), margins included.
    QSizeF layoutSize(int rowsPerLane) const;
    // The most versions any lane holds.
    int maxLaneSize() const;

Q_SIGNALS:
    // The drag under way cannot go on: what it held is gone. Emitted before the items change, at most once
    // per drag; reason is for the status bar.
    void dragInterrupted(const QString &reason);
    // The items were brought up to date with the model.
    void synced();

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    enum class DragKind { None, Card, Handle };

    void sync();
    void releaseDrag();
    void applySelection();
    void applyHighlight();
    void onItemSelectionChanged();
    QString tooltipOf(const QString &key) const;

    QPointer<DeploymentGraphModel> m_model;
    bool m_readOnly = false;
    std::array<DeploymentLaneItem *, DeploymentGraphModel::kLaneCount> m_lanes{};
    RampShareItem *m_ramp = nullptr;
    QHash<QString, DeploymentVersionItem *> m_cards;
    DragKind m_dragKind = DragKind::None;
    QString m_dragKey;
    bool m_syncingSelection = false;
    int m_rowsPerLane = 0;
};
