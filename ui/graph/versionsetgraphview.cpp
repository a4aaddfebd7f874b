#include "versionsetgraphview.h"

#include "buildiditem.h"
#include "setitem.h"
#include "versionsetgraphmodel.h"
#include "versionsetgraphscene.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QWheelEvent>

#include <algorithm>

namespace {
constexpr double kMinScale = 0.1;
constexpr double kMaxScale = 4.0;
} // namespace

VersionSetGraphView::VersionSetGraphView(VersionSetGraphScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::NoDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setFocusPolicy(Qt::StrongFocus);
    connect(m_scene, &VersionSetGraphScene::dragInterrupted, this, &VersionSetGraphView::onDragInterrupted);
}

void VersionSetGraphView::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_scene->setReadOnly(readOnly);
}

void VersionSetGraphView::setChangesRefused(const QString &why)
{
    m_changesRefused = why;
    if (!why.isEmpty() && m_dragging) {
        // A drag under way when the connection became read-only ends here, asking nothing.
        resetDrag();
        m_scene->endDrag();
    }
    // No drop slot nor hint invites a drag that will be refused.
    m_scene->setReadOnly(m_readOnly || !why.isEmpty());
}

double VersionSetGraphView::scale() const
{
    return transform().m11();
}

void VersionSetGraphView::setScale(double scale)
{
    setTransform(QTransform::fromScale(scale, scale));
}

void VersionSetGraphView::zoomBy(double factor)
{
    m_fitted = false;
    const double current = scale();
    const double next = std::clamp(current * factor, kMinScale, kMaxScale);
    QGraphicsView::scale(next / current, next / current);
}

double VersionSetGraphView::fitScale()
{
    // The room without scroll bars: a fitted graph needs none.
    const QSizeF room = maximumViewportSize() - QSize(4, 4);
    auto scaleFor = [&room](const QSizeF &size) {
        return std::min(room.width() / size.width(), room.height() / size.height());
    };
    if (m_readOnly && m_scene->sets().isEmpty())
        return 1.0; // only a placeholder to read
    if (m_readOnly) {
        // Wrap the sets into as many rows as shows them largest in this view's shape.
        const int sets = std::max(1, m_scene->sets().setCount());
        int best = 0;
        double bestScale = scaleFor(m_scene->layoutSize(0));
        for (int columns = 1; columns < sets; ++columns) {
            const double candidate = scaleFor(m_scene->layoutSize(columns));
            if (candidate > bestScale * 1.02) {
                best = columns;
                bestScale = candidate;
            }
        }
        m_scene->setColumnsPerRow(best);
        return std::clamp(bestScale, kMinScale, 1.5);
    }
    return std::clamp(scaleFor(m_scene->sceneRect().size()), kMinScale, kMaxScale);
}

void VersionSetGraphView::fitAll()
{
    showAtScale(fitScale());
    m_fitted = true;
}

void VersionSetGraphView::showAtScale(double scale)
{
    // Scroll bars shown for the old scale would otherwise stay and take the room the fit counted on.
    const Qt::ScrollBarPolicy horizontal = horizontalScrollBarPolicy();
    const Qt::ScrollBarPolicy vertical = verticalScrollBarPolicy();
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setScale(scale);
    setHorizontalScrollBarPolicy(horizontal);
    setVerticalScrollBarPolicy(vertical);
    centerOn(m_scene->sceneRect().center());
}

void VersionSetGraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    // Read-only views are fitted by their owners (side by side at one scale).
    if (m_fitted && !m_readOnly)
        fitAll();
}

int VersionSetGraphView::draggedSourceSet() const
{
    if (auto *node = qgraphicsitem_cast<BuildIdItem *>(m_dragged.data()))
        return node->setIndex();
    if (auto *column = qgraphicsitem_cast<SetItem *>(m_dragged.data()))
        return column->setIndex();
    return -1;
}

GraphDrop VersionSetGraphView::dropUnder(const QPoint &viewPos) const
{
    return m_scene->dropAt(mapToScene(viewPos), m_draggedKind, draggedSourceSet(), m_buildId);
}

void VersionSetGraphView::resetDrag()
{
    m_dragged = nullptr;
    m_dragging = false;
}

void VersionSetGraphView::onDragInterrupted(const QString &reason)
{
    // The scene has already put its drag state back; what we held may be freed right after this.
    const bool wasDragging = m_dragging;
    resetDrag();
    if (wasDragging)
        Q_EMIT dragInterrupted(reason);
}

void VersionSetGraphView::mousePressEvent(QMouseEvent *event)
{
    resetDrag();
    m_refusedGesture = false;
    if (event->button() == Qt::LeftButton && !m_readOnly) {
        for (QGraphicsItem *item : items(event->position().toPoint())) {
            if (auto *node = qgraphicsitem_cast<BuildIdItem *>(item)) {
                m_dragged = node;
                m_draggedKind = GraphDrop::Dragged::BuildId;
                m_buildId = node->buildId();
                break;
            }
            if (auto *column = qgraphicsitem_cast<SetItem *>(item)) {
                m_dragged = column;
                m_draggedKind = GraphDrop::Dragged::Set;
                m_buildId.clear();
                break;
            }
        }
        if (m_dragged) {
            m_pressPos = event->position().toPoint();
            m_itemStart = m_dragged->scenePos();
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void VersionSetGraphView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragged) {
        const QPoint now = event->position().toPoint();
        if (!m_dragging && (now - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
            if (!m_changesRefused.isEmpty()) {
                // Said as soon as the gesture starts, not after a drop that could never mean anything.
                m_dragged = nullptr;
                m_refusedGesture = true;
                Q_EMIT dropRefused(m_changesRefused);
                event->accept();
                return;
            }
            m_dragging = true;
            m_scene->beginDrag(m_dragged);
        }
        if (m_dragging) {
            // In scene coordinates: a refresh may have moved the set that holds a dragged build ID.
            const QPointF at = m_itemStart + (mapToScene(now) - mapToScene(m_pressPos));
            QGraphicsItem *parent = m_dragged->parentItem();
            m_dragged->setPos(parent ? parent->mapFromScene(at) : at);
            const GraphDrop drop = dropUnder(now);
            const auto meaning = operationForDrop(m_scene->sets(), drop);
            m_scene->showDropTarget(drop, std::holds_alternative<BuildIdOperation>(meaning));
            event->accept();
            return;
        }
    }
    QGraphicsView::mouseMoveEvent(event);
}

void VersionSetGraphView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_refusedGesture && event->button() == Qt::LeftButton) {
        m_refusedGesture = false;
        event->accept();
        return;
    }
    if (m_dragged && m_dragging && event->button() == Qt::LeftButton) {
        // Read against the scene as it is now: a refresh during the drag may have renumbered the sets.
        const GraphDrop drop = dropUnder(event->position().toPoint());
        resetDrag();
        // Snap back first: the graph changes only when the server's sets do.
        m_scene->endDrag();
        const auto meaning = operationForDrop(m_scene->sets(), drop);
        if (const auto *operation = std::get_if<BuildIdOperation>(&meaning))
            Q_EMIT operationRequested(*operation);
        else if (const auto &refusal = std::get<DropRefusal>(meaning); !refusal.silent)
            Q_EMIT dropRefused(refusal.reason);
        event->accept();
        return;
    }
    if (m_dragged && event->button() == Qt::LeftButton) {
        if (auto *node = qgraphicsitem_cast<BuildIdItem *>(m_dragged.data()))
            Q_EMIT itemClicked(node->setIndex(), node->buildId());
        else if (auto *column = qgraphicsitem_cast<SetItem *>(m_dragged.data()))
            Q_EMIT itemClicked(column->setIndex(), QString());
    }
    resetDrag();
    QGraphicsView::mouseReleaseEvent(event);
}

void VersionSetGraphView::wheelEvent(QWheelEvent *event)
{
    zoomBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
    event->accept();
}

void VersionSetGraphView::changeEvent(QEvent *event)
{
    // Items paint from the application palette: a switch between light and dark repaints them.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        m_scene->update();
    QGraphicsView::changeEvent(event);
}

void VersionSetGraphView::contextMenuEvent(QContextMenuEvent *event)
{
    for (QGraphicsItem *item : items(event->pos())) {
        if (auto *node = qgraphicsitem_cast<BuildIdItem *>(item)) {
            Q_EMIT buildIdMenuRequested(node->buildId(), event->globalPos());
            event->accept();
            return;
        }
        if (auto *column = qgraphicsitem_cast<SetItem *>(item)) {
            Q_EMIT setMenuRequested(column->setIndex(), event->globalPos());
            event->accept();
            return;
        }
    }
    Q_EMIT canvasMenuRequested(event->globalPos());
    event->accept();
}

void VersionSetGraphView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1.25);
        return;
    case Qt::Key_Minus:
        zoomBy(0.8);
        return;
    case Qt::Key_0:
        fitAll();
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}
