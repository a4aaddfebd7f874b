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

    QFont font = painter->font();
    font.setBold(m_setDefault);
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::Text));
    const QRectF text = box.adjusted(8, 4, -8, -4);
    painter->drawText(text, Qt::AlignLeft | Qt::AlignTop,
                      painter->fontMetrics().elidedText(m_buildId, Qt::ElideMiddle, int(text.width())));

    font.setBold(false);
    font.setPointSizeF(font.pointSizeF() * 0.85);
    painter->setFont(font);
    const QString pollers = m_pollers < 0 ? QStringLiteral("pollers unknown")
                                          : QStringLiteral("%1 poller%2")
                                                .arg(m_pollers)
                                                .arg(m_pollers == 1 ? QString() : QStringLiteral("s"));
    QString detail = pollers;
    if (m_setDefault) {
        const QString role = m_queueDefault ? QStringLiteral("queue default") : QStringLiteral("set default");
        // A default nobody polls is the fact that matters most: it goes first so it is never elided away.
        if (m_pollers == 0)
            detail = QStringLiteral("\u26a0 no pollers \u00b7 ") + role;
        else
            detail = role + QStringLiteral(" \u00b7 ") + pollers;
    }
    detail = painter->fontMetrics().elidedText(detail, Qt::ElideRight, int(text.width()));
    painter->drawText(text, Qt::AlignLeft | Qt::AlignBottom, detail);
}
