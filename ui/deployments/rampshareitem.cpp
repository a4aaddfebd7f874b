#include "rampshareitem.h"

#include "deploymentmetrics.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <cmath>

using namespace DeploymentMetrics;

namespace {
// "10", "12.5": the server keeps a float; whole percents need no decimals.
QString percentText(double value)
{
    return QString::number(value, 'g', 4);
}
} // namespace

RampShareItem::RampShareItem(QGraphicsItem *parent)
    : QGraphicsObject(parent)
{}

QRectF RampShareItem::boundingRect() const
{
    return QRectF(0, kHeaderHeight, kLaneWidth, kBandHeight);
}

void RampShareItem::setRamp(std::optional<double> percentage)
{
    if (percentage == m_ramp)
        return;
    m_ramp = percentage;
    update();
}

void RampShareItem::setDragPercentage(std::optional<int> percentage)
{
    if (percentage == m_drag)
        return;
    m_drag = percentage;
    update();
}

double RampShareItem::shownPercentage() const
{
    if (m_drag)
        return *m_drag;
    return m_ramp.value_or(0);
}

QRectF RampShareItem::handleSceneRect() const
{
    if (!hasHandle())
        return {};
    const double x = kBarLeft + shownPercentage() / 100.0 * kBarWidth;
    const double middle = kBarTop + kBarHeight / 2;
    return mapRectToScene(
        QRectF(x - kHandleWidth, middle - kHandleHeight / 2 - 2, 2 * kHandleWidth, kHandleHeight + 4));
}

int RampShareItem::percentageAt(const QPointF &scenePos) const
{
    const double x = mapFromScene(scenePos).x();
    return int(std::clamp(std::lround((x - kBarLeft) / kBarWidth * 100.0), 0L, 100L));
}

QPointF RampShareItem::scenePointOf(double percentage) const
{
    return mapToScene(QPointF(kBarLeft + percentage / 100.0 * kBarWidth, kBarTop + kBarHeight / 2));
}

QString RampShareItem::text() const
{
    if (!m_ramp)
        return tr("no ramp: current takes 100 %");
    const double ramp = shownPercentage();
    return tr("ramping %1 % \u00b7 current %2 %").arg(percentText(ramp), percentText(100 - ramp));
}

void RampShareItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = QApplication::palette();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor secondary = palette.color(QPalette::WindowText);
    secondary.setAlpha(m_drag ? 255 : 170);
    QFont font = painter->font();
    font.setBold(m_drag.has_value());
    painter->setFont(font);
    painter->setPen(secondary);
    painter->drawText(QRectF(kBarLeft, kHeaderHeight, kBarWidth, kBarTop - kHeaderHeight),
                      Qt::AlignVCenter | Qt::AlignLeft,
                      painter->fontMetrics().elidedText(text(), Qt::ElideRight, int(kBarWidth)));

    // Current: the palette's highlight, as the Current lane's border; ramping: the same, lighter and
    // hatched, so the split reads without colour too.
    const QRectF bar(kBarLeft, kBarTop, kBarWidth, kBarHeight);
    const double split = bar.left() + shownPercentage() / 100.0 * bar.width();
    const QColor highlight = palette.color(QPalette::Highlight);
    painter->setPen(Qt::NoPen);
    painter->setBrush(highlight);
    painter->drawRoundedRect(bar, 3, 3);
    if (m_ramp) {
        QColor light = highlight;
        light.setAlpha(70);
        const QRectF ramping(bar.left(), bar.top(), split - bar.left(), bar.height());
        painter->setBrush(palette.color(QPalette::Base));
        painter->drawRect(ramping);
        painter->setBrush(light);
        painter->drawRect(ramping);
        painter->setBrush(QBrush(highlight, Qt::BDiagPattern));
        painter->drawRect(ramping);
    }
    painter->setPen(QPen(palette.color(QPalette::Mid), 1));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(bar, 3, 3);
    if (!m_ramp)
        return;

    // The handle: a knob on the split, outlined in the text colour so it shows on either fill.
    const QRectF knob(split - kHandleWidth / 2, bar.center().y() - kHandleHeight / 2, kHandleWidth,
                      kHandleHeight);
    painter->setPen(QPen(palette.color(QPalette::WindowText), m_drag ? 2.5 : 1.5));
    painter->setBrush(palette.color(QPalette::Button));
    painter->drawRoundedRect(knob, 3, 3);
    painter->drawLine(QPointF(knob.center().x(), knob.top() + 5),
                      QPointF(knob.center().x(), knob.bottom() - 5));
}
