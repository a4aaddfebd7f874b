#include "routingsharebar.h"

#include <QPainter>
#include <QPainterPath>

namespace {

QString label(const QString &buildId)
{
    return buildId.isEmpty() ? RoutingShareBar::tr("unversioned") : buildId;
}

QString percent(double value)
{
    return QString::number(value, 'g', 4) + QLatin1Char('%');
}

} // namespace

RoutingShareBar::RoutingShareBar(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Share of new workflows"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void RoutingShareBar::setRouting(const DeploymentRouting &routing)
{
    m_routing = routing;
    setAccessibleDescription(partsText());
    setToolTip(partsText());
    update();
}

void RoutingShareBar::setHighlighted(const QStringList &buildIds)
{
    m_highlighted = buildIds;
    update();
}

QString RoutingShareBar::partsText() const
{
    QStringList parts;
    // Current first, then the ramp: the order the bar draws them.
    const double ramp = m_routing.hasRamp ? m_routing.rampingPercentage : 0;
    parts << QStringLiteral("%1 %2").arg(label(m_routing.currentBuildId), percent(100 - ramp));
    if (m_routing.hasRamp)
        parts << QStringLiteral("%1 %2 (ramping)").arg(label(m_routing.rampingBuildId), percent(ramp));
    return parts.join(QStringLiteral(" \u00b7 "));
}

QSize RoutingShareBar::sizeHint() const
{
    return QSize(360, fontMetrics().height() * 2 + 12);
}

QSize RoutingShareBar::minimumSizeHint() const
{
    return QSize(160, fontMetrics().height() * 2 + 12);
}

void RoutingShareBar::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF bar = QRectF(rect()).adjusted(1, 1, -1, -1);
    const double ramp = m_routing.hasRamp ? qBound(0.0, m_routing.rampingPercentage, 100.0) : 0;
    struct Part
    {
        QString buildId;
        double share;
        QColor colour;
        QString caption;
    };
    const QPalette &pal = palette();
    // The current version in the palette's highlight, the ramp in a warm amber so they never look alike.
    const QList<Part> parts{
        {m_routing.currentBuildId, 100 - ramp, pal.color(QPalette::Highlight),
         tr("current %1: %2").arg(label(m_routing.currentBuildId), percent(100 - ramp))},
        {m_routing.rampingBuildId, ramp, QColor(0xe0, 0x9a, 0x1f),
         tr("ramping %1: %2").arg(label(m_routing.rampingBuildId), percent(ramp))},
    };
    double x = bar.left();
    for (const Part &part : parts) {
        if (part.share <= 0)
            continue;
        const double width = bar.width() * part.share / 100.0;
        const QRectF area(x, bar.top(), width, bar.height());
        painter.setPen(Qt::NoPen);
        painter.setBrush(part.colour);
        painter.drawRect(area);
        if (m_highlighted.contains(part.buildId)) {
            painter.setPen(QPen(pal.color(QPalette::WindowText), 2, Qt::DashLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(area.adjusted(1, 1, -1, -1));
        }
        // The caption only where it fits; the tooltip and accessible description always carry it.
        const QString text =
            fontMetrics().horizontalAdvance(part.caption) < width - 8
                ? part.caption
                : fontMetrics().elidedText(percent(part.share), Qt::ElideRight, int(width) - 4);
        painter.setPen(part.colour.lightness() > 140 ? Qt::black : Qt::white);
        painter.drawText(area.adjusted(4, 0, -4, 0), Qt::AlignCenter, text);
        x += width;
    }
    painter.setPen(pal.color(QPalette::Mid));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);
}
