#include "buildiditem.h"

#include "graphmetrics.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QStyleOptionGraphicsItem>

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
    return QRectF(0, 0, GraphMetrics::kNodeWidth, GraphMetrics::kNodeHeight);
}

void BuildIdItem::setRoles(bool setDefault, bool queueDefault)
{
    m_setDefault = setDefault;
    m_queueDefault = queueDefault;
    update();
}

void BuildIdItem::setPollerCount(int count)
{
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
    m_highlighted = highlighted;
    update();
}

void BuildIdItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QPalette palette = QApplication::palette();
    const QRectF box = boundingRect().adjusted(1, 1, -1, -1);
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(m_highlighted ? palette.color(QPalette::Highlight) : palette.color(QPalette::Text));
    pen.setWidthF(m_setDefault ? 3 : 1);
    if (!m_setDefault)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(
        palette.color(option->state & QStyle::State_Selected ? QPalette::AlternateBase : QPalette::Base));
    painter->drawRoundedRect(box, 6, 6);
    // Zoomed far out (hundreds of build IDs in view) text would be unreadable specks and costs most of the
    // frame: draw the boxes only, borders still telling defaults apart.
    if (option->levelOfDetailFromTransform(painter->worldTransform()) < 0.3)
        return;

    QFont font = painter->font();
    font.setBold(m_setDefault);
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::Text));
    // Four lines: the ID; its role; its pollers; its reachability. A default nobody polls says so in words.
    const QRectF text = box.adjusted(8, 3, -8, -3);
    const double line = text.height() / 4;
    auto lineRect = [&](int n) { return QRectF(text.left(), text.top() + n * line, text.width(), line); };
    painter->drawText(lineRect(0), Qt::AlignLeft | Qt::AlignVCenter,
                      painter->fontMetrics().elidedText(m_buildId, Qt::ElideMiddle, int(text.width())));
    font.setBold(false);
    font.setPointSizeF(font.pointSizeF() * 0.85);
    painter->setFont(font);
    const auto draw = [&](int n, const QString &words) {
        painter->drawText(lineRect(n), Qt::AlignLeft | Qt::AlignVCenter,
                          painter->fontMetrics().elidedText(words, Qt::ElideRight, int(text.width())));
    };
    if (m_setDefault)
        draw(1, m_queueDefault ? QStringLiteral("\u2605 queue default") : QStringLiteral("set default"));
    else
        draw(1, QStringLiteral("compatible, not default"));
    QString pollers;
    if (m_pollers < 0)
        pollers = QStringLiteral("pollers unknown");
    else if (m_pollers == 0)
        pollers = m_setDefault ? QStringLiteral("\u26a0 no pollers") : QStringLiteral("no pollers");
    else if (m_workflowPollers >= 0)
        pollers = QStringLiteral("%1 poller%2: %3 wf, %4 act")
                      .arg(m_pollers)
                      .arg(m_pollers == 1 ? QString() : QStringLiteral("s"))
                      .arg(m_workflowPollers)
                      .arg(m_activityPollers);
    else
        pollers = QStringLiteral("%1 poller%2")
                      .arg(m_pollers)
                      .arg(m_pollers == 1 ? QString() : QStringLiteral("s"));
    draw(2, pollers);
    if (!m_reachability.isEmpty()) {
        {
            // Secondary text: the text colour, faded, so it reads on any palette (some dark palettes leave
            // PlaceholderText dark).
            QColor secondary = palette.color(QPalette::Text);
            secondary.setAlpha(160);
            painter->setPen(secondary);
        }
        draw(3, QStringLiteral("reach: ") + m_reachability);
    }
}
