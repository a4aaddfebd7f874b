#include "deploymentview.h"

#include "deploymentgraphscene.h"
#include "deploymentlaneitem.h"
#include "deploymentrequests.h"
#include "deploymentversionitem.h"
#include "rampshareitem.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace {
constexpr double kMinScale = 0.1;
constexpr double kMaxScale = 4.0;
constexpr double kMaxFitScale = 1.25;
} // namespace

DeploymentView::DeploymentView(DeploymentGraphScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::NoDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Deployment graph"));
    connect(m_scene, &DeploymentGraphScene::dragInterrupted, this, &DeploymentView::onDragInterrupted);
}

void DeploymentView::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    if (readOnly)
        resetDrag();
    m_scene->setReadOnly(readOnly);
}

void DeploymentView::setChangesRefused(const QString &why)
{
    m_changesRefused = why;
    if (!why.isEmpty()) {
        // A drag under way when the connection became read-only ends here, asking nothing (the scene puts
        // its cards back below).
        m_press = Press::None;
        m_card = nullptr;
        m_dragging = false;
    }
    // No lane hint invites a drag that will be refused.
    m_scene->setReadOnly(m_readOnly || !why.isEmpty());
}

void DeploymentView::zoomBy(double factor)
{
    m_fitted = false;
    const double current = scale();
    const double next = std::clamp(current * factor, kMinScale, kMaxScale);
    QGraphicsView::scale(next / current, next / current);
}

void DeploymentView::fitAll()
{
    // Switching the scroll bars off resizes the viewport, which fits again: once is enough.
    if (m_fitting)
        return;
    m_fitting = true;
    const QSizeF room = maximumViewportSize() - QSize(4, 4);
    auto scaleFor = [&room](const QSizeF &size) {
        return std::min(room.width() / size.width(), room.height() / size.height());
    };
    // Lanes of many versions wrap into columns when that shows the cards larger in this view's shape.
    const int most = m_scene->maxLaneSize();
    int bestRows = 0;
    double best = scaleFor(m_scene->layoutSize(0));
    for (int rows = 1; rows < most; ++rows) {
        const double candidate = scaleFor(m_scene->layoutSize(rows));
        if (candidate > best * 1.02) {
            bestRows = rows;
            best = candidate;
        }
    }
    m_scene->setRowsPerLane(bestRows);
    // A little larger than life at most: a few versions in a large window stay cards, not posters.
    const double fit = std::clamp(best, kMinScale, kMaxFitScale);
    const Qt::ScrollBarPolicy horizontal = horizontalScrollBarPolicy();
    const Qt::ScrollBarPolicy vertical = verticalScrollBarPolicy();
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setTransform(QTransform::fromScale(fit, fit));
    setHorizontalScrollBarPolicy(horizontal);
    setVerticalScrollBarPolicy(vertical);
    centerOn(m_scene->sceneRect().center());
    m_fitted = true;
    m_fitting = false;
}

void DeploymentView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitted)
        fitAll();
}

void DeploymentView::resetDrag()
{
    const bool wasDragging = m_dragging;
    m_press = Press::None;
    m_card = nullptr;
    m_key.clear();
    m_dragging = false;
    if (wasDragging && m_scene->isDragging())
        m_scene->endDrag();
}

void DeploymentView::onDragInterrupted(const QString &reason)
{
    // The scene has already ended its side of the drag; what we held may be freed right after this.
    const bool wasDragging = m_dragging;
    m_press = Press::None;
    m_card = nullptr;
    m_dragging = false;
    if (wasDragging)
        Q_EMIT dragInterrupted(reason);
}

void DeploymentView::mousePressEvent(QMouseEvent *event)
{
    resetDrag();
    if (event->button() == Qt::LeftButton && !m_readOnly) {
        const QPoint at = event->position().toPoint();
        RampShareItem *ramp = m_scene->rampShare();
        if (ramp->hasHandle() && ramp->handleSceneRect().contains(mapToScene(at))) {
            // The handle is grabbed, not the lane under it: no selection change, no card drag.
            m_press = Press::Handle;
            m_pressPos = at;
            event->accept();
            return;
        }
        for (QGraphicsItem *item : items(at)) {
            if (auto *card = qgraphicsitem_cast<DeploymentVersionItem *>(item)) {
                m_press = Press::Card;
                m_card = card;
                m_key = card->key();
                m_pressPos = at;
                m_itemStart = card->scenePos();
                break;
            }
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void DeploymentView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_press == Press::None) {
        // The handle says it can be dragged sideways before it is grabbed.
        const RampShareItem *ramp = m_scene->rampShare();
        const bool overHandle = !m_readOnly && ramp->hasHandle() &&
                                ramp->handleSceneRect().contains(mapToScene(event->position().toPoint()));
        viewport()->setCursor(!overHandle                  ? Qt::ArrowCursor
                              : m_changesRefused.isEmpty() ? Qt::SizeHorCursor
                                                           : Qt::ForbiddenCursor);
        QGraphicsView::mouseMoveEvent(event);
        return;
    }
    const QPoint now = event->position().toPoint();
    if (!m_dragging && (now - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        if (!m_changesRefused.isEmpty()) {
            // Said as soon as the gesture starts; the release that follows is no click either.
            m_press = Press::None;
            m_card = nullptr;
            Q_EMIT dropRefused(m_changesRefused);
            event->accept();
            return;
        }
        m_dragging = true;
        if (m_press == Press::Handle)
            m_scene->beginHandleDrag();
        else
            m_scene->beginCardDrag(m_key);
    }
    if (!m_dragging) {
        event->accept();
        return;
    }
    if (m_press == Press::Handle) {
        m_scene->showRampDrag(m_scene->rampShare()->percentageAt(mapToScene(now)));
    } else if (m_card) {
        m_card->setPos(m_itemStart + (mapToScene(now) - mapToScene(m_pressPos)));
        const DeploymentGraphScene::DropTarget target = m_scene->dropAt(mapToScene(now));
        const DeploymentGraphScene::DropMeaning meaning = m_scene->dropMeaning(m_key, target);
        const bool accepted = std::holds_alternative<DeploymentOperation>(meaning);
        // Over its own slot a card means nothing and says nothing: no mark either.
        const bool silent = !accepted && std::get<QString>(meaning).isEmpty();
        m_scene->showDropTarget(silent ? DeploymentGraphScene::DropTarget::None : target, accepted);
    }
    event->accept();
}

void DeploymentView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_press == Press::None) {
        QGraphicsView::mouseReleaseEvent(event);
        return;
    }
    const Press press = m_press;
    const bool dragged = m_dragging;
    const QString key = m_key;
    const QPointF at = mapToScene(event->position().toPoint());
    m_press = Press::None;
    m_card = nullptr;
    m_dragging = false;
    if (!dragged) {
        if (press == Press::Card)
            QGraphicsView::mouseReleaseEvent(event);
        event->accept();
        return;
    }
    DeploymentGraphModel *model = m_scene->model();
    if (!model) {
        m_scene->endDrag();
        event->accept();
        return;
    }
    if (press == Press::Handle) {
        const int percentage = m_scene->rampShare()->percentageAt(at);
        // Snap back first: the graph changes only when the server's routing does.
        m_scene->endDrag();
        const std::optional<double> ramp = model->rampPercentage();
        if (ramp && std::abs(*ramp - percentage) >= 0.5)
            Q_EMIT operationRequested(DeploymentRequests::setRamping(
                model->deploymentName(), model->routing().rampingBuildId, percentage));
        event->accept();
        return;
    }
    // Read against the scene as it is now: a refresh during the drag may have moved the slots' versions.
    const DeploymentGraphScene::DropMeaning meaning = m_scene->dropMeaning(key, m_scene->dropAt(at));
    m_scene->endDrag();
    if (const auto *operation = std::get_if<DeploymentOperation>(&meaning))
        Q_EMIT operationRequested(*operation);
    else if (const QString &reason = std::get<QString>(meaning); !reason.isEmpty())
        Q_EMIT dropRefused(reason);
    event->accept();
}

void DeploymentView::wheelEvent(QWheelEvent *event)
{
    zoomBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
    event->accept();
}

void DeploymentView::changeEvent(QEvent *event)
{
    // Items paint from the application palette: a switch between light and dark repaints them.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        m_scene->update();
    QGraphicsView::changeEvent(event);
}

void DeploymentView::menuForSelection()
{
    DeploymentGraphModel *model = m_scene->model();
    if (model && model->hasSelection()) {
        if (DeploymentVersionItem *card = m_scene->versionItem(model->selectedKey())) {
            const QPoint at = mapFromScene(card->sceneBoundingRect().center());
            Q_EMIT versionMenuRequested(card->key(), viewport()->mapToGlobal(at));
            return;
        }
    }
    Q_EMIT canvasMenuRequested(viewport()->mapToGlobal(viewport()->rect().center()));
}

void DeploymentView::contextMenuEvent(QContextMenuEvent *event)
{
    event->accept();
    if (event->reason() == QContextMenuEvent::Keyboard) {
        menuForSelection();
        return;
    }
    for (QGraphicsItem *item : items(event->pos())) {
        if (auto *card = qgraphicsitem_cast<DeploymentVersionItem *>(item)) {
            Q_EMIT versionMenuRequested(card->key(), event->globalPos());
            return;
        }
        if (auto *lane = qgraphicsitem_cast<DeploymentLaneItem *>(item)) {
            Q_EMIT laneMenuRequested(lane->lane(), event->globalPos());
            return;
        }
    }
    Q_EMIT canvasMenuRequested(event->globalPos());
}

void DeploymentView::moveSelection(int step)
{
    DeploymentGraphModel *model = m_scene->model();
    if (!model)
        return;
    const QStringList &keys = model->versionKeys();
    if (keys.isEmpty())
        return;
    const qsizetype at = model->hasSelection() ? keys.indexOf(model->selectedKey()) : -1;
    const qsizetype next = at < 0 ? 0 : std::clamp<qsizetype>(at + step, 0, keys.size() - 1);
    model->select(keys.at(next));
    if (DeploymentVersionItem *card = m_scene->versionItem(keys.at(next)))
        ensureVisible(card);
}

void DeploymentView::keyPressEvent(QKeyEvent *event)
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
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Menu:
        menuForSelection();
        event->accept();
        return;
    case Qt::Key_Left:
    case Qt::Key_Up:
        moveSelection(-1);
        return;
    case Qt::Key_Right:
    case Qt::Key_Down:
        moveSelection(1);
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}
