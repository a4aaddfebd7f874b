#include "versionsetgraphscene.h"

#include "buildiditem.h"
#include "graphmetrics.h"
#include "setitem.h"
#include "versionsetgraphmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>

#include <algorithm>

using namespace GraphMetrics;

namespace {
constexpr double kMargin = 20;
constexpr double kDragZ = 10;

double columnHeight(qsizetype buildIds)
{
    return kHeaderHeight + kPadding + double(buildIds) * (kNodeHeight + kNodeGap) + kPadding - kNodeGap;
}
} // namespace

VersionSetGraphScene::VersionSetGraphScene(VersionSetGraphModel *model, QObject *parent)
    : QGraphicsScene(parent)
    , m_model(model ? model : new VersionSetGraphModel(this))
{
    connect(m_model, &VersionSetGraphModel::setsChanged, this, &VersionSetGraphScene::sync);
    connect(m_model, &VersionSetGraphModel::highlightChanged, this, &VersionSetGraphScene::applyHighlight);
    connect(m_model, &VersionSetGraphModel::selectionChanged, this, &VersionSetGraphScene::applySelection);
    // A model destroyed first (the window's teardown) leaves an empty scene, never dangling items.
    connect(m_model, &QObject::destroyed, this, [this] {
        releaseDragged();
        m_setItems.clear();
        m_buildIdItems.clear();
        clear();
    });
    connect(this, &QGraphicsScene::selectionChanged, this, &VersionSetGraphScene::onItemSelectionChanged);
    sync();
}

VersionSetGraphScene::VersionSetGraphScene(QObject *parent)
    : VersionSetGraphScene(nullptr, parent)
{}

VersionSetGraphScene::~VersionSetGraphScene()
{
    // Items go here, while this is still a VersionSetGraphScene: ~QGraphicsScene would announce their
    // selection going away to a slot of an object that no longer exists.
    disconnect(this, &QGraphicsScene::selectionChanged, this, &VersionSetGraphScene::onItemSelectionChanged);
    // A model of our own is a child and dies after us: nothing of it may reach this half-destroyed scene.
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_dragged = nullptr;
    clear();
}

void VersionSetGraphScene::setSets(const VersionSets &sets)
{
    m_model->setSets(sets);
}

void VersionSetGraphScene::setSnapshot(const QueueSnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
}

void VersionSetGraphScene::setPollerCounts(const std::optional<QHash<QString, int>> &counts)
{
    m_model->setPollerCounts(counts);
}

void VersionSetGraphScene::setHighlighted(const QStringList &buildIds)
{
    m_model->setHighlighted(buildIds);
}

const VersionSets &VersionSetGraphScene::sets() const
{
    static const VersionSets none;
    return m_model ? m_model->sets() : none;
}

QStringList VersionSetGraphScene::highlighted() const
{
    return m_model->highlighted();
}

void VersionSetGraphScene::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    updateSceneRect();
    update();
}

void VersionSetGraphScene::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    update();
}

QString VersionSetGraphScene::placeholderText() const
{
    if (!m_placeholder.isEmpty() || m_readOnly)
        return m_placeholder;
    return tr("No version sets: add a build ID to start");
}

void VersionSetGraphScene::setColumnsPerRow(int columns)
{
    if (columns == m_columnsPerRow)
        return;
    m_columnsPerRow = columns;
    relayout();
}

QList<QPointF> VersionSetGraphScene::columnPositions(int columnsPerRow) const
{
    // Rows of columnsPerRow sets, each row as tall as its tallest set. The queue-default slot follows the
    // last set, as one more column.
    const VersionSets &sets = VersionSetGraphScene::sets();
    const int count = sets.setCount() + (m_readOnly ? 0 : 1);
    const int perRow = columnsPerRow > 0 ? columnsPerRow : std::max(count, 1);
    QList<QPointF> positions;
    double top = 0;
    for (int rowStart = 0; rowStart < count; rowStart += perRow) {
        double rowHeight = 0;
        for (int i = rowStart; i < std::min(count, rowStart + perRow); ++i) {
            positions << QPointF((i - rowStart) * (kColumnWidth + kColumnGap), top);
            const qsizetype ids = i < sets.setCount() ? sets.set(i).size() : 1;
            rowHeight = std::max(rowHeight, columnHeight(ids));
        }
        top += rowHeight + kRowGap;
    }
    return positions;
}

QSizeF VersionSetGraphScene::layoutSize(int columnsPerRow) const
{
    QRectF bounds;
    const QList<QPointF> positions = columnPositions(columnsPerRow);
    const VersionSets &sets = VersionSetGraphScene::sets();
    for (int i = 0; i < positions.size(); ++i) {
        const qsizetype ids = i < sets.setCount() ? sets.set(i).size() : 1;
        bounds |= QRectF(positions.at(i), QSizeF(kColumnWidth, columnHeight(ids)));
    }
    if (bounds.isEmpty())
        bounds = QRectF(0, 0, kColumnWidth, columnHeight(1));
    return bounds.size() + QSizeF(2 * kMargin, 2 * kMargin);
}

SetItem *VersionSetGraphScene::setItem(int index) const
{
    return m_setItems.value(index);
}

BuildIdItem *VersionSetGraphScene::buildIdItem(const QString &buildId) const
{
    return m_buildIdItems.value(buildId);
}

QRectF VersionSetGraphScene::queueDefaultSlotRect() const
{
    if (m_readOnly)
        return {};
    const QList<QPointF> positions = columnPositions(m_columnsPerRow);
    return QRectF(positions.last(), QSizeF(kColumnWidth, kHeaderHeight + kPadding * 2 + kNodeHeight));
}

void VersionSetGraphScene::sync()
{
    const VersionSets &sets = VersionSetGraphScene::sets();
    // A set is known by its oldest build ID: promotions reorder within a set and append sets, merges
    // remove one; none of them changes which build ID a set started with.
    auto keyOf = [](const QStringList &set) { return set.isEmpty() ? QString() : set.first(); };

    // The drag under way ends before anything it holds is freed or re-parented.
    if (m_draggedKind != DragKind::None) {
        QString reason;
        if (m_draggedKind == DragKind::BuildId) {
            const VersionSets::Location at = sets.find(m_draggedKey);
            if (!at.isValid())
                reason = tr("%1 is no longer on the queue (changed meanwhile); nothing was done")
                             .arg(m_draggedKey);
            else if (m_dragged && m_dragged->parentItem() &&
                     static_cast<SetItem *>(m_dragged->parentItem())->key() != keyOf(sets.set(at.set)))
                reason = tr("%1 moved to another set meanwhile; nothing was done, drag it again")
                             .arg(m_draggedKey);
        } else {
            bool found = false;
            for (const QStringList &set : sets.sets())
                found = found || keyOf(set) == m_draggedKey;
            if (!found)
                reason = tr("the set of %1 was merged meanwhile; nothing was done, drag it again")
                             .arg(m_draggedKey);
        }
        if (!reason.isEmpty()) {
            // No relayout here: the items still mirror the old sets until the code below has run.
            releaseDragged();
            Q_EMIT dragInterrupted(reason);
        }
    }

    // Items appear, move and go below; the model's selection is applied once at the end.
    m_syncingSelection = true;
    QHash<QString, SetItem *> oldSets;
    for (SetItem *column : std::as_const(m_setItems))
        oldSets.insert(column->key(), column);
    QList<SetItem *> columns;
    for (int s = 0; s < sets.setCount(); ++s) {
        const QStringList &ids = sets.set(s);
        SetItem *column = oldSets.take(keyOf(ids));
        if (!column) {
            column = new SetItem(keyOf(ids));
            addItem(column);
        }
        column->setState(s, int(ids.size()), s == sets.defaultSetIndex());
        columns << column;
    }
    QHash<QString, BuildIdItem *> nodes;
    for (int s = 0; s < sets.setCount(); ++s) {
        const QStringList &ids = sets.set(s);
        for (const QString &id : ids) {
            BuildIdItem *node = m_buildIdItems.take(id);
            if (!node)
                node = new BuildIdItem(id, s, columns.at(s));
            else if (node->parentItem() != columns.at(s))
                node->setParentItem(columns.at(s));
            node->setSetIndex(s);
            node->setRoles(id == VersionSets::setDefault(ids), id == sets.queueDefault());
            node->setPollerCount(m_model->pollerCount(id));
            nodes.insert(id, node);
        }
    }
    // What is left is gone from the queue: build IDs first (their set may still be there), then sets.
    qDeleteAll(m_buildIdItems);
    qDeleteAll(oldSets);
    m_setItems = columns;
    m_buildIdItems = nodes;
    m_syncingSelection = false;
    applyDetails();
    applyHighlight();
    applySelection();
    relayout();
    Q_EMIT synced();
}

void VersionSetGraphScene::applyDetails()
{
    const QueueSnapshot &snapshot = m_model->snapshot();
    for (auto it = m_buildIdItems.cbegin(); it != m_buildIdItems.cend(); ++it) {
        const QString &id = it.key();
        BuildIdItem *node = it.value();
        if (!m_model->hasDetails()) {
            node->setPollerBreakdown(-1, -1);
            node->setReachabilityText(QString());
            node->setToolTip(id);
            continue;
        }
        QStringList tip{id};
        if (snapshot.pollers) {
            node->setPollerBreakdown(snapshot.pollers->count(id, TaskQueueKind::Workflow),
                                     snapshot.pollers->count(id, TaskQueueKind::Activity));
            const QList<PollerInfo> pollers = snapshot.pollers->forBuildId(id);
            if (pollers.isEmpty())
                tip << tr("no pollers");
            for (const PollerInfo &poller : pollers)
                tip << poller.toDisplayString();
        } else if (snapshot.pollersError) {
            tip << tr("pollers unknown: %1").arg(snapshot.pollersError->message);
        }
        const auto reach = snapshot.reachability.constFind(id);
        node->setReachabilityText(reach != snapshot.reachability.cend() ? reach->toDisplayString()
                                                                        : QString());
        if (reach != snapshot.reachability.cend())
            tip << tr("reachability: %1").arg(reach->toDisplayString());
        node->setToolTip(tip.join(QLatin1Char('\n')));
    }
}

void VersionSetGraphScene::applyHighlight()
{
    for (auto it = m_buildIdItems.cbegin(); it != m_buildIdItems.cend(); ++it)
        it.value()->setHighlighted(m_model->isHighlighted(it.key()));
}

void VersionSetGraphScene::applySelection()
{
    m_syncingSelection = true;
    QGraphicsItem *wanted = nullptr;
    if (!m_model->selectedBuildId().isEmpty())
        wanted = m_buildIdItems.value(m_model->selectedBuildId());
    else if (m_model->selectedSet() >= 0)
        wanted = m_setItems.value(m_model->selectedSet());
    for (QGraphicsItem *item : selectedItems()) {
        if (item != wanted)
            item->setSelected(false);
    }
    if (wanted && !wanted->isSelected())
        wanted->setSelected(true);
    m_syncingSelection = false;
}

void VersionSetGraphScene::onItemSelectionChanged()
{
    if (m_syncingSelection || !m_model)
        return;
    const QList<QGraphicsItem *> selected = selectedItems();
    if (selected.isEmpty()) {
        m_model->clearSelection();
        return;
    }
    if (auto *node = qgraphicsitem_cast<BuildIdItem *>(selected.first()))
        m_model->select(node->setIndex(), node->buildId());
    else if (auto *column = qgraphicsitem_cast<SetItem *>(selected.first()))
        m_model->select(column->setIndex());
}

void VersionSetGraphScene::beginDrag(QGraphicsObject *item)
{
    endDrag();
    if (auto *node = qgraphicsitem_cast<BuildIdItem *>(item)) {
        m_draggedKind = DragKind::BuildId;
        m_draggedKey = node->buildId();
        // A child is stacked within its parent: its set goes above the other sets too.
        if (QGraphicsItem *column = node->parentItem())
            column->setZValue(kDragZ);
    } else if (auto *column = qgraphicsitem_cast<SetItem *>(item)) {
        m_draggedKind = DragKind::Set;
        m_draggedKey = column->key();
    } else {
        return;
    }
    m_dragged = item;
    item->setZValue(kDragZ);
}

void VersionSetGraphScene::endDrag()
{
    releaseDragged();
    relayout();
}

void VersionSetGraphScene::releaseDragged()
{
    if (m_dragged) {
        m_dragged->setZValue(0);
        if (QGraphicsItem *parent = m_dragged->parentItem())
            parent->setZValue(0);
    }
    m_dragged = nullptr;
    m_draggedKind = DragKind::None;
    m_draggedKey.clear();
    showDropTarget(GraphDrop{}, false);
}

void VersionSetGraphScene::showDropTarget(const GraphDrop &drop, bool accepted)
{
    const bool slotBefore = isQueueDefaultSlotTargeted();
    m_dropTarget = drop;
    m_dropAccepted = accepted;
    for (SetItem *column : std::as_const(m_setItems)) {
        SetItem::DropState state = SetItem::DropState::None;
        const bool targeted =
            (drop.target == GraphDrop::Target::Set || drop.target == GraphDrop::Target::SetHeader ||
             drop.target == GraphDrop::Target::TopOfSet) &&
            drop.targetSet == column->setIndex() &&
            !(drop.dragged == GraphDrop::Dragged::Set && drop.targetSet == drop.sourceSet);
        if (targeted) {
            if (!accepted)
                state = SetItem::DropState::Refuses;
            else if (drop.dragged == GraphDrop::Dragged::BuildId)
                state = SetItem::DropState::AcceptsOnTop;
            else
                state = SetItem::DropState::Accepts;
        }
        column->setDropState(state);
    }
    if (slotBefore != isQueueDefaultSlotTargeted())
        invalidate(queueDefaultSlotRect(), BackgroundLayer);
}

bool VersionSetGraphScene::isQueueDefaultSlotTargeted() const
{
    return m_dropTarget.target == GraphDrop::Target::QueueDefaultSlot;
}

void VersionSetGraphScene::updateSceneRect()
{
    const QSizeF size = layoutSize(m_columnsPerRow);
    setSceneRect(QRectF(QPointF(-kMargin, -kMargin), size));
}

void VersionSetGraphScene::relayout()
{
    const QList<QPointF> positions = columnPositions(m_columnsPerRow);
    const VersionSets &sets = VersionSetGraphScene::sets();
    // A dragged build ID stays where the mouse holds it even when its set moves under it.
    const QPointF draggedAt = m_dragged ? m_dragged->scenePos() : QPointF();
    for (int s = 0; s < m_setItems.size(); ++s) {
        SetItem *column = m_setItems.at(s);
        if (column != m_dragged)
            column->setPos(positions.at(s));
        const QStringList &ids = sets.set(s);
        // The set default (last) on top, the oldest at the bottom.
        for (qsizetype i = 0; i < ids.size(); ++i) {
            BuildIdItem *node = m_buildIdItems.value(ids.at(i));
            if (node == m_dragged) {
                node->setPos(column->mapFromScene(draggedAt));
                continue;
            }
            const qsizetype row = ids.size() - 1 - i;
            node->setPos(kPadding, kHeaderHeight + kPadding + row * (kNodeHeight + kNodeGap));
        }
    }
    updateSceneRect();
    invalidate(sceneRect(), BackgroundLayer);
}

GraphDrop VersionSetGraphScene::dropAt(const QPointF &scenePos, GraphDrop::Dragged dragged, int sourceSet,
                                       const QString &buildId) const
{
    GraphDrop drop;
    drop.dragged = dragged;
    drop.sourceSet = sourceSet;
    drop.buildId = buildId;
    if (!m_readOnly && queueDefaultSlotRect().contains(scenePos)) {
        drop.target = GraphDrop::Target::QueueDefaultSlot;
        return drop;
    }
    for (SetItem *column : m_setItems) {
        // The dragged set itself is under the cursor all the time: look through it.
        if (column == m_dragged && dragged == GraphDrop::Dragged::Set)
            continue;
        if (!column->sceneBoundingRect().contains(scenePos))
            continue;
        drop.targetSet = column->setIndex();
        if (column->headerSceneRect().contains(scenePos))
            drop.target = GraphDrop::Target::SetHeader;
        else if (column->topAreaSceneRect().contains(scenePos))
            drop.target = GraphDrop::Target::TopOfSet;
        else
            drop.target = GraphDrop::Target::Set;
        return drop;
    }
    return drop;
}

void VersionSetGraphScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    QGraphicsScene::drawBackground(painter, rect);
    const QPalette palette = QApplication::palette();
    painter->fillRect(rect, palette.color(QPalette::Base));
    // Secondary text: the text colour, faded, so it reads on any palette (some dark palettes leave
    // PlaceholderText dark).
    QColor secondary = palette.color(QPalette::Text);
    secondary.setAlpha(160);
    if (m_readOnly) {
        if (sets().isEmpty() && !m_placeholder.isEmpty()) {
            painter->setPen(secondary);
            painter->drawText(sceneRect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                              m_placeholder);
        }
        return;
    }
    // The queue-default slot: a dashed target, labelled, so the drop is discoverable.
    const QRectF slot = queueDefaultSlotRect();
    const bool targeted = isQueueDefaultSlotTargeted();
    QPen pen(palette.color(targeted && m_dropAccepted ? QPalette::Highlight : QPalette::Mid));
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(targeted ? 3 : 1.5);
    painter->setPen(pen);
    QColor tint = palette.color(QPalette::Highlight);
    tint.setAlpha(60);
    painter->setBrush(targeted && m_dropAccepted ? QBrush(tint) : QBrush(Qt::NoBrush));
    painter->drawRoundedRect(slot.adjusted(1, 1, -1, -1), 10, 10);
    painter->setPen(secondary);
    // Zoomed out, the label grows as the cards' text does, so the slot stays discoverable.
    const double scale = painter->worldTransform().m11();
    QFont font = painter->font();
    const double base = font.pointSizeF() > 0 ? font.pointSizeF() : 9;
    if (scale > 0 && base * scale < kMinReadablePointSize)
        font.setPointSizeF(std::min(kMinReadablePointSize / scale, 14.0));
    painter->setFont(font);
    painter->drawText(slot.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                      sets().isEmpty() ? placeholderText()
                                       : tr("Drop a set here to make it the queue default"));
}
