#include "buildiditem.h"

#include "graphmetrics.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

using namespace GraphMetrics;

namespace {
// The largest point size that still fits the compact form's line in the card (scene units at 96 dpi).
constexpr double kCompactMaxPointSize = 0.42 * kNodeHeight * 72.0 / 96.0;
} // namespace

BuildIdItem::BuildIdItem(const QString &buildId, int setIndex, QGraphicsItem *parent)
    : QGraphicsObject(parent)
    , m_buildId(buildId)
    , m_setIndex(setIndex)
{
    setFlag(ItemIsSelectable);
    setFlag(ItemIsFocusable);
    setAcceptHoverEvents(true);
    setToolTip(buildId);
}

QRectF BuildIdItem::boundingRect() const
{
    return QRectF(0, 0, kNodeWidth, kNodeHeight);
}

void BuildIdItem::setRoles(bool setDefault, bool queueDefault)
{
    if (setDefault == m_setDefault && queueDefault == m_queueDefault)
        return;
    m_setDefault = setDefault;
    m_queueDefault = queueDefault;
    update();
}

void BuildIdItem::setPollerCount(int count)
{
    if (count == m_pollers)
        return;
    m_pollers = count;
    update();
}

void BuildIdItem::setPollerBreakdown(int workflow, int activity)
{
    m_workflowPollers = workflow;
    m_activityPollers = activity;
    update();
}

void BuildIdItem::setReachabilityText(const QString &text)
{
    m_reachability = text;
    update();
}

void BuildIdItem::setHighlighted(bool highlighted)
{
    if (highlighted == m_highlighted)
        return;
    m_highlighted = highlighted;
    update();
}

bool BuildIdItem::isCompactAt(double basePointSize, double scale)
{
    return basePointSize * scale < kMinReadablePointSize;
}

double BuildIdItem::buildIdPointSize(double basePointSize, double scale)
{
    if (!isCompactAt(basePointSize, scale) || scale <= 0)
        return basePointSize;
    return std::min(kMinReadablePointSize / scale, std::max(basePointSize, kCompactMaxPointSize));
}

QStringList BuildIdItem::textLines() const
{
    QString role;
    if (m_setDefault)
        role = m_queueDefault ? tr("\u2605 queue default") : tr("set default");
    else
        role = tr("compatible, not default");
    if (m_highlighted)
        role = tr("\u25cf changed \u00b7 %1").arg(role);
    QString pollers;
    if (m_pollers < 0)
        pollers = tr("pollers unknown");
    else if (m_pollers == 0)
        pollers = m_setDefault ? tr("\u26a0 no pollers") : tr("no pollers");
    else if (m_workflowPollers >= 0)
        pollers = tr("%n poller(s): %1 wf, %2 act", nullptr, m_pollers)
                      .arg(m_workflowPollers)
                      .arg(m_activityPollers);
    else
        pollers = tr("%n poller(s)", nullptr, m_pollers);
    return {m_buildId, role, pollers,
            m_reachability.isEmpty() ? QString() : tr("reach: %1").arg(m_reachability)};
}

void BuildIdItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette palette = QApplication::palette();
    const QRectF box = boundingRect().adjusted(1.5, 1.5, -1.5, -1.5);
    const bool selected = option->state & QStyle::State_Selected;
    painter->setRenderHint(QPainter::Antialiasing);

    // Selected: filled with the palette's highlight (strong enough to see at a glance) and outlined.
    QColor fill = palette.color(QPalette::Base);
    if (selected) {
        QColor highlight = palette.color(QPalette::Highlight);
        fill = QColor::fromRgbF(fill.redF() * 0.55 + highlight.redF() * 0.45,
                                fill.greenF() * 0.55 + highlight.greenF() * 0.45,
                                fill.blueF() * 0.55 + highlight.blueF() * 0.45);
    }
    QPen pen(m_highlighted ? changedColor() : palette.color(QPalette::Text));
    pen.setWidthF(m_highlighted ? 3 : (m_setDefault ? 3 : 1));
    if (!m_setDefault)
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
    // The text on a selected card keeps the palette's own contrast with its fill.
    const QColor textColor =
        palette.color(selected && fill.lightness() < 128 ? QPalette::HighlightedText : QPalette::Text);

    const double scale = option->levelOfDetailFromTransform(painter->worldTransform());
    QFont font = painter->font();
    const double base = font.pointSizeF() > 0 ? font.pointSizeF() : 9;
    const QStringList lines = textLines();
    if (isCompactAt(base, scale)) {
        // Zoomed out: fewer lines, each large enough to read. As many of the ID, its role and its pollers
        // as the card holds; with room for the ID alone, the role is a glyph.
        font.setBold(false);
        font.setPointSizeF(buildIdPointSize(base, scale));
        const QFontMetricsF metrics(font);
        const QRectF area = box.adjusted(4, 2, -4, -2);
        const int fitting = std::max(1, int(area.height() / metrics.lineSpacing()));
        painter->setPen(textColor);
        if (fitting >= 2) {
            // Short words: the compact card has about a dozen characters a line.
            QString role = m_setDefault ? (m_queueDefault ? tr("\u2605 queue default") : tr("set default"))
                                        : tr("compatible");
            if (m_highlighted)
                role = tr("\u25cf changed");
            const QStringList shown = QStringList{m_buildId, role, lines.at(2)}.mid(0, std::min(fitting, 3));
            const double top = area.center().y() - shown.size() * metrics.lineSpacing() / 2;
            for (int n = 0; n < shown.size(); ++n) {
                QFont lineFont = font;
                lineFont.setBold(n == 0 ? m_setDefault : (n == 1 && m_highlighted));
                painter->setFont(lineFont);
                const QRectF line(area.left(), top + n * metrics.lineSpacing(), area.width(),
                                  metrics.lineSpacing());
                painter->drawText(line, Qt::AlignCenter,
                                  QFontMetricsF(lineFont).elidedText(
                                      shown.at(n), n == 0 ? Qt::ElideMiddle : Qt::ElideRight, area.width()));
            }
            return;
        }
        font.setBold(m_setDefault);
        painter->setFont(font);
        QString text = m_buildId;
        if (m_queueDefault)
            text = QStringLiteral("\u2605 ") + text;
        if (m_highlighted)
            text = QStringLiteral("\u25cf ") + text;
        const QFontMetricsF boldMetrics(font);
        // A long ID wraps onto a second line when that fits; only then is it elided.
        const QRectF wrapped = boldMetrics.boundingRect(area, Qt::AlignCenter | Qt::TextWrapAnywhere, text);
        if (boldMetrics.horizontalAdvance(text) > area.width() && wrapped.height() <= area.height())
            painter->drawText(area, Qt::AlignCenter | Qt::TextWrapAnywhere, text);
        else
            painter->drawText(area, Qt::AlignCenter,
                              boldMetrics.elidedText(text, Qt::ElideMiddle, area.width()));
        return;
    }

    font.setBold(m_setDefault);
    painter->setFont(font);
    painter->setPen(textColor);
    const QRectF text = box.adjusted(8, 3, -8, -3);
    const double line = text.height() / 4;
    auto lineRect = [&](int n) { return QRectF(text.left(), text.top() + n * line, text.width(), line); };
    painter->drawText(lineRect(0), Qt::AlignLeft | Qt::AlignVCenter,
                      painter->fontMetrics().elidedText(lines.at(0), Qt::ElideMiddle, int(text.width())));
    font.setBold(false);
    font.setPointSizeF(base * 0.85);
    painter->setFont(font);
    const auto draw = [&](int n) {
        painter->drawText(lineRect(n), Qt::AlignLeft | Qt::AlignVCenter,
                          painter->fontMetrics().elidedText(lines.at(n), Qt::ElideRight, int(text.width())));
    };
    if (m_highlighted) {
        QFont bold = font;
        bold.setBold(true);
        painter->setFont(bold);
        draw(1);
        painter->setFont(font);
    } else {
        draw(1);
    }
    draw(2);
    if (!lines.at(3).isEmpty()) {
        // Secondary text: the text colour, faded, so it reads on any palette (some dark palettes leave
        // PlaceholderText dark).
        QColor secondary = textColor;
        secondary.setAlpha(160);
        painter->setPen(secondary);
        draw(3);
    }
}
