#include "deploymentlaneitem.h"

#include "deploymentmetrics.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

using namespace DeploymentMetrics;

DeploymentLaneItem::DeploymentLaneItem(DeploymentGraphModel::Lane lane, QGraphicsItem *parent)
    : QGraphicsObject(parent)
    , m_lane(lane)
{
    // Behind the cards, which are the scene's own items.
    setZValue(-1);
}

bool DeploymentLaneItem::isSlot() const
{
    return m_lane == DeploymentGraphModel::Lane::Current || m_lane == DeploymentGraphModel::Lane::Ramping;
}

QRectF DeploymentLaneItem::boundingRect() const
{
    return QRectF(0, 0, m_width, m_height);
}

void DeploymentLaneItem::setHeight(double height)
{
    if (height == m_height)
        return;
    prepareGeometryChange();
    m_height = height;
}

void DeploymentLaneItem::setWidth(double width)
{
    if (width == m_width)
        return;
    prepareGeometryChange();
    m_width = width;
}

void DeploymentLaneItem::setVersionCount(int count)
{
    if (count == m_count)
        return;
    m_count = count;
    update();
}

void DeploymentLaneItem::setHint(const QString &hint)
{
    if (hint == m_hint)
        return;
    m_hint = hint;
    update();
}

void DeploymentLaneItem::setBandText(const QString &text)
{
    if (text == m_bandText)
        return;
    m_bandText = text;
    update();
}

void DeploymentLaneItem::setDropState(DropState state)
{
    if (state == m_dropState)
        return;
    m_dropState = state;
    update();
}

QString DeploymentLaneItem::title() const
{
    const QString name = DeploymentGraphModel::laneName(m_lane);
    if (m_lane == DeploymentGraphModel::Lane::Current)
        return tr("\u2605 %1").arg(name);
    if (isSlot())
        return name;
    return m_count > 0 ? tr("%1 (%2)").arg(name).arg(m_count) : name;
}

void DeploymentLaneItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette palette = QApplication::palette();
    const QRectF box = boundingRect().adjusted(1.5, 1.5, -1.5, -1.5);
    const bool current = m_lane == DeploymentGraphModel::Lane::Current;
    painter->setRenderHint(QPainter::Antialiasing);
    // The Current lane carries the heavy highlight border the version-set graph gives the queue default.
    QPen pen(palette.color(current ? QPalette::Highlight : QPalette::Mid));
    pen.setWidthF(current ? 3 : 1.5);
    painter->setPen(pen);
    painter->setBrush(palette.color(QPalette::Window));
    painter->drawRoundedRect(box, 10, 10);
    if (m_dropState != DropState::None) {
        const bool accepts = m_dropState == DropState::Accepts;
        if (accepts) {
            QColor tint = palette.color(QPalette::Highlight);
            tint.setAlpha(60);
            painter->setPen(Qt::NoPen);
            painter->setBrush(tint);
            painter->drawRoundedRect(box, 10, 10);
        }
        QPen target(palette.color(accepts ? QPalette::Highlight : QPalette::Mid));
        target.setWidthF(3);
        target.setStyle(accepts ? Qt::DashLine : Qt::DotLine);
        painter->setPen(target);
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box, 10, 10);
    }

    QFont font = painter->font();
    const double scale = option->levelOfDetailFromTransform(painter->worldTransform());
    const double base = font.pointSizeF() > 0 ? font.pointSizeF() : 9;
    if (base * scale < GraphMetrics::kMinReadablePointSize && scale > 0)
        font.setPointSizeF(
            std::min(GraphMetrics::kMinReadablePointSize / scale, 0.5 * kHeaderHeight * 72.0 / 96.0));
    font.setBold(isSlot());
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::WindowText));
    const double inner = m_width - 2 * kPadding;
    // A collapsed lane's title wraps under its header rather than vanish in an ellipsis.
    if (painter->fontMetrics().horizontalAdvance(title()) > inner)
        painter->drawText(QRectF(kPadding, 4, inner, kHeaderHeight + kBandHeight - 8),
                          Qt::AlignTop | Qt::AlignLeft | Qt::TextWordWrap, title());
    else
        painter->drawText(QRectF(kPadding, 0, inner, kHeaderHeight), Qt::AlignVCenter | Qt::AlignLeft,
                          title());

    // Secondary text: the text colour, faded, so it reads on any palette.
    QColor secondary = palette.color(QPalette::WindowText);
    secondary.setAlpha(170);
    font.setBold(false);
    painter->setFont(font);
    painter->setPen(secondary);
    if (!m_bandText.isEmpty() && m_lane != DeploymentGraphModel::Lane::Ramping)
        painter->drawText(QRectF(kPadding, kHeaderHeight, inner, 20), Qt::AlignVCenter | Qt::AlignLeft,
                          painter->fontMetrics().elidedText(m_bandText, Qt::ElideRight, int(inner)));
    if (!m_hint.isEmpty()) {
        const QRectF slot(kPadding, kHeaderHeight + kBandHeight, kCardWidth, kCardHeight);
        QPen dashed(palette.color(QPalette::Mid));
        dashed.setStyle(Qt::DashLine);
        dashed.setWidthF(1.5);
        painter->setPen(dashed);
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(slot, 6, 6);
        painter->setPen(secondary);
        painter->drawText(slot.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, m_hint);
    }
}
