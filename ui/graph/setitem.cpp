#include "setitem.h"

#include "graphmetrics.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>

using namespace GraphMetrics;

SetItem::SetItem(int setIndex, int buildIdCount, bool queueDefault, QGraphicsItem *parent)
    : QGraphicsObject(parent)
    , m_setIndex(setIndex)
    , m_buildIdCount(buildIdCount)
    , m_queueDefault(queueDefault)
{
    setFlag(ItemIsSelectable);
    setFlag(ItemIsFocusable);
}

QRectF SetItem::boundingRect() const
{
    const double height =
        kHeaderHeight + kPadding + m_buildIdCount * (kNodeHeight + kNodeGap) + kPadding - kNodeGap;
    return QRectF(0, 0, kColumnWidth, height);
}

QRectF SetItem::topSlotSceneRect() const
{
    return mapRectToScene(QRectF(kPadding, kHeaderHeight + kPadding, kNodeWidth, kNodeHeight));
}

void SetItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QPalette palette = QApplication::palette();
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(palette.color(m_queueDefault ? QPalette::Highlight : QPalette::Mid));
    pen.setWidthF(m_queueDefault ? 3 : 1.5);
    painter->setPen(pen);
    painter->setBrush(palette.color(QPalette::Window));
    painter->drawRoundedRect(boundingRect().adjusted(1, 1, -1, -1), 10, 10);
    QFont font = painter->font();
    font.setBold(m_queueDefault);
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::WindowText));
    const QString title = m_queueDefault ? QStringLiteral("Set %1 \u2605 queue default").arg(m_setIndex + 1)
                                         : QStringLiteral("Set %1").arg(m_setIndex + 1);
    painter->drawText(QRectF(kPadding, 0, kNodeWidth, kHeaderHeight), Qt::AlignVCenter | Qt::AlignLeft,
                      title);
}
