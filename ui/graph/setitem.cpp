#include "setitem.h"

#include "graphmetrics.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

using namespace GraphMetrics;

SetItem::SetItem(const QString &key, QGraphicsItem *parent)
    : QGraphicsObject(parent)
    , m_key(key)
{
    setFlag(ItemIsSelectable);
    setFlag(ItemIsFocusable);
}

void SetItem::setState(int setIndex, int buildIdCount, bool queueDefault)
{
    if (setIndex == m_setIndex && buildIdCount == m_buildIdCount && queueDefault == m_queueDefault)
        return;
    if (buildIdCount != m_buildIdCount)
        prepareGeometryChange();
    m_setIndex = setIndex;
    m_buildIdCount = buildIdCount;
    m_queueDefault = queueDefault;
    update();
}

void SetItem::setDropState(DropState state)
{
    if (state == m_dropState)
        return;
    m_dropState = state;
    update();
}

QRectF SetItem::boundingRect() const
{
    const double height =
        kHeaderHeight + kPadding + m_buildIdCount * (kNodeHeight + kNodeGap) + kPadding - kNodeGap;
    return QRectF(0, 0, kColumnWidth, std::max(height, kHeaderHeight + kPadding));
}

QRectF SetItem::headerSceneRect() const
{
    return mapRectToScene(QRectF(0, 0, kColumnWidth, kHeaderHeight));
}

QRectF SetItem::topSlotSceneRect() const
{
    return mapRectToScene(QRectF(kPadding, kHeaderHeight + kPadding, kNodeWidth, kNodeHeight));
}

QRectF SetItem::topAreaSceneRect() const
{
    return mapRectToScene(QRectF(0, 0, kColumnWidth, kHeaderHeight + kPadding + kNodeHeight + kNodeGap / 2));
}

void SetItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette palette = QApplication::palette();
    const bool selected = option->state & QStyle::State_Selected;
    const QRectF box = boundingRect().adjusted(1.5, 1.5, -1.5, -1.5);
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(palette.color(m_queueDefault ? QPalette::Highlight : QPalette::Mid));
    pen.setWidthF(m_queueDefault ? 3 : 1.5);
    painter->setPen(pen);
    QColor fill = palette.color(QPalette::Window);
    if (m_dropState == DropState::Accepts || m_dropState == DropState::AcceptsOnTop) {
        // A drop target: tinted, so the hovered set stands out from its neighbours.
        QColor tint = palette.color(QPalette::Highlight);
        tint.setAlpha(60);
        painter->setBrush(fill);
        painter->drawRoundedRect(box, 10, 10);
        fill = tint;
    }
    painter->setBrush(fill);
    painter->drawRoundedRect(box, 10, 10);
    if (selected) {
        QPen outline(palette.color(QPalette::Highlight));
        outline.setWidthF(4);
        painter->setPen(outline);
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box, 10, 10);
    }
    if (m_dropState != DropState::None) {
        QPen target(m_dropState == DropState::Refuses ? palette.color(QPalette::Mid)
                                                      : palette.color(QPalette::Highlight));
        target.setWidthF(3);
        target.setStyle(m_dropState == DropState::Refuses ? Qt::DotLine : Qt::DashLine);
        painter->setPen(target);
        painter->setBrush(Qt::NoBrush);
        const QRectF area = m_dropState == DropState::AcceptsOnTop
                                ? QRectF(kPadding / 2, kHeaderHeight + kPadding / 2, kNodeWidth + kPadding,
                                         kNodeHeight + kPadding)
                                : box;
        painter->drawRoundedRect(area, 8, 8);
    }
    QFont font = painter->font();
    font.setBold(m_queueDefault);
    // Zoomed out, the title grows as the cards' text does (up to what the header holds).
    const double scale = option->levelOfDetailFromTransform(painter->worldTransform());
    const double base = font.pointSizeF() > 0 ? font.pointSizeF() : 9;
    if (base * scale < kMinReadablePointSize && scale > 0)
        font.setPointSizeF(std::min(kMinReadablePointSize / scale, 0.5 * kHeaderHeight * 72.0 / 96.0));
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::WindowText));
    const QString title = m_queueDefault ? tr("Set %1 \u2605 queue default").arg(m_setIndex + 1)
                                         : tr("Set %1").arg(m_setIndex + 1);
    painter->drawText(QRectF(kPadding, 0, kNodeWidth, kHeaderHeight), Qt::AlignVCenter | Qt::AlignLeft,
                      painter->fontMetrics().elidedText(title, Qt::ElideRight, int(kNodeWidth)));
}
