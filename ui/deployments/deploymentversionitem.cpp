#include "deploymentversionitem.h"

#include "deploymentmetrics.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

using namespace DeploymentMetrics;

DeploymentVersionItem::DeploymentVersionItem(const QString &key, QGraphicsItem *parent)
    : QGraphicsObject(parent)
    , m_key(key)
{
    setFlag(ItemIsSelectable);
    setFlag(ItemIsFocusable);
    setAcceptHoverEvents(true);
}

QRectF DeploymentVersionItem::boundingRect() const
{
    return QRectF(0, 0, kCardWidth, kCardHeight);
}

void DeploymentVersionItem::setRole(Role role)
{
    if (role == m_role)
        return;
    m_role = role;
    update();
}

void DeploymentVersionItem::setLines(const QStringList &lines)
{
    if (lines == m_lines)
        return;
    m_lines = lines;
    update();
}

void DeploymentVersionItem::setCompactLines(const QStringList &lines)
{
    if (lines == m_compactLines)
        return;
    m_compactLines = lines;
    update();
}

void DeploymentVersionItem::setHighlighted(bool highlighted)
{
    if (highlighted == m_highlighted)
        return;
    m_highlighted = highlighted;
    update();
}

void DeploymentVersionItem::setWarningLine(int line)
{
    if (line == m_warningLine)
        return;
    m_warningLine = line;
    update();
}

void DeploymentVersionItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette palette = QApplication::palette();
    const QRectF box = boundingRect().adjusted(1.5, 1.5, -1.5, -1.5);
    const bool selected = option->state & QStyle::State_Selected;
    painter->setRenderHint(QPainter::Antialiasing);

    // As the version-set cards: selected is filled with the highlight, mixed, and outlined.
    QColor fill = palette.color(QPalette::Base);
    if (selected) {
        const QColor highlight = palette.color(QPalette::Highlight);
        fill = QColor::fromRgbF(fill.redF() * 0.55 + highlight.redF() * 0.45,
                                fill.greenF() * 0.55 + highlight.greenF() * 0.45,
                                fill.blueF() * 0.55 + highlight.blueF() * 0.45);
    }
    QPen pen(m_highlighted ? GraphMetrics::changedColor() : palette.color(QPalette::Text));
    pen.setWidthF(m_role == Role::Other && !m_highlighted ? 1 : 3);
    if (m_role == Role::Ramping)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(fill);
    painter->drawRoundedRect(box, 6, 6);
    if (selected) {
        QPen outline(palette.color(QPalette::Highlight));
        outline.setWidthF(3);
        painter->setPen(outline);
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box.adjusted(-1, -1, 1, 1), 7, 7);
    }
    const QColor textColor =
        palette.color(selected && fill.lightness() < 128 ? QPalette::HighlightedText : QPalette::Text);
    if (m_lines.isEmpty())
        return;

    const double scale = option->levelOfDetailFromTransform(painter->worldTransform());
    QFont font = painter->font();
    const double base = font.pointSizeF() > 0 ? font.pointSizeF() : 9;
    painter->setPen(textColor);
    if (scale > 0 && base * scale < GraphMetrics::kMinReadablePointSize) {
        // Zoomed out: fewer lines, each large enough to read, the routing facts first (name, status,
        // pollers, open workflows, then task queues and drainage) in their usual order.
        font.setPointSizeF(
            std::min(GraphMetrics::kMinReadablePointSize / scale, 0.3 * kCardHeight * 72 / 96));
        const QFontMetricsF metrics(font);
        const QRectF area = box.adjusted(6, 3, -6, -3);
        const int fitting = std::max(1, int(area.height() / metrics.lineSpacing()));
        const QStringList &compact = m_compactLines.size() == m_lines.size() ? m_compactLines : m_lines;
        QList<int> shown;
        for (int n : {0, 1, 3, 4, 2, 5}) {
            if (shown.size() < fitting && n < compact.size() && !compact.at(n).isEmpty())
                shown << n;
        }
        std::sort(shown.begin(), shown.end());
        const double top = area.center().y() - shown.size() * metrics.lineSpacing() / 2;
        for (int row = 0; row < shown.size(); ++row) {
            const int n = shown.at(row);
            QFont lineFont = font;
            lineFont.setBold(n == 0 || n == m_warningLine ||
                             (n == 1 && (m_role != Role::Other || m_highlighted)));
            painter->setFont(lineFont);
            QString line = compact.at(n);
            if (n == 0 && m_role == Role::Current && shown.size() == 1)
                line = QStringLiteral("\u2605 ") + line;
            const QRectF rect(area.left(), top + row * metrics.lineSpacing(), area.width(),
                              metrics.lineSpacing());
            painter->drawText(rect, (shown.size() == 1 ? Qt::AlignHCenter : Qt::AlignLeft) | Qt::AlignVCenter,
                              QFontMetricsF(lineFont).elidedText(
                                  line, n == 0 ? Qt::ElideMiddle : Qt::ElideRight, area.width()));
        }
        return;
    }

    const QRectF text = box.adjusted(8, 4, -8, -4);
    const double line = text.height() / 6;
    auto lineRect = [&](int n) { return QRectF(text.left(), text.top() + n * line, text.width(), line); };
    font.setBold(true);
    painter->setFont(font);
    painter->drawText(lineRect(0), Qt::AlignLeft | Qt::AlignVCenter,
                      painter->fontMetrics().elidedText(m_lines.at(0), Qt::ElideMiddle, int(text.width())));
    QFont small = font;
    small.setBold(false);
    small.setPointSizeF(base * 0.85);
    for (int n = 1; n < std::min<qsizetype>(m_lines.size(), 6); ++n) {
        QFont lineFont = small;
        lineFont.setBold(n == m_warningLine || (n == 1 && (m_role != Role::Other || m_highlighted)));
        painter->setFont(lineFont);
        QColor color = textColor;
        // Drainage and times are secondary: faded, so the routing facts stand out.
        if (n == 5)
            color.setAlpha(170);
        painter->setPen(color);
        painter->drawText(
            lineRect(n), Qt::AlignLeft | Qt::AlignVCenter,
            painter->fontMetrics().elidedText(m_lines.at(n), Qt::ElideRight, int(text.width())));
    }
}
