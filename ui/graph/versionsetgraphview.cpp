#include "versionsetgraphview.h"

#include "buildiditem.h"
#include "setitem.h"
#include "versionsetgraphscene.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

VersionSetGraphView::VersionSetGraphView(VersionSetGraphScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::NoDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setFocusPolicy(Qt::StrongFocus);
}

void VersionSetGraphView::zoomBy(double factor)
{
    const double current = transform().m11();
    const double next = std::clamp(current * factor, 0.1, 4.0);
    scale(next / current, next / current);
}

void VersionSetGraphView::fitAll()
{
    fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
}

void VersionSetGraphView::mousePressEvent(QMouseEvent *event)
{
    m_dragged = nullptr;
    m_dragging = false;
    if (event->button() == Qt::LeftButton && !m_readOnly) {
        for (QGraphicsItem *item : items(event->position().toPoint())) {
            if (auto *node = qgraphicsitem_cast<BuildIdItem *>(item)) {
                m_dragged = node;
                m_draggedKind = GraphDrop::Dragged::BuildId;
                m_sourceSet = node->setIndex();
                m_buildId = node->buildId();
                break;
            }
            if (auto *column = qgraphicsitem_cast<SetItem *>(item)) {
                m_dragged = column;
                m_draggedKind = GraphDrop::Dragged::Set;
                m_sourceSet = column->setIndex();
                m_buildId.clear();
                break;
            }
        }
        if (m_dragged) {
            m_pressPos = event->position().toPoint();
            m_itemStart = m_dragged->pos();
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void VersionSetGraphView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragged) {
        const QPoint now = event->position().toPoint();
        if (!m_dragging && (now - m_pressPos).manhattanLength() >= QApplication::startDragDistance())
            m_dragging = true;
        if (m_dragging) {
            m_dragged->setZValue(10);
            m_dragged->setPos(m_itemStart + (mapToScene(now) - mapToScene(m_pressPos)));
            event->accept();
            return;
        }
    }
    QGraphicsView::mouseMoveEvent(event);
}

void VersionSetGraphView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragged && m_dragging && event->button() == Qt::LeftButton) {
        const QPointF dropPoint = mapToScene(event->position().toPoint());
        m_dragged->setZValue(0);
        m_dragged = nullptr;
        m_dragging = false;
        // Snap back first: the graph changes only when the server's sets do.
        m_scene->relayout();
        const GraphDrop drop = m_scene->dropAt(dropPoint, m_draggedKind, m_sourceSet, m_buildId);
        const auto meaning = operationForDrop(m_scene->sets(), drop);
        if (const auto *operation = std::get_if<BuildIdOperation>(&meaning))
            Q_EMIT operationRequested(*operation);
        else if (const auto &refusal = std::get<DropRefusal>(meaning); !refusal.silent)
            Q_EMIT dropRefused(refusal.reason);
        event->accept();
        return;
    }
    if (m_dragged && event->button() == Qt::LeftButton) {
        if (auto *node = qgraphicsitem_cast<BuildIdItem *>(m_dragged))
            Q_EMIT itemClicked(node->setIndex(), node->buildId());
        else if (auto *column = qgraphicsitem_cast<SetItem *>(m_dragged))
            Q_EMIT itemClicked(column->setIndex(), QString());
    }
    m_dragged = nullptr;
    m_dragging = false;
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
