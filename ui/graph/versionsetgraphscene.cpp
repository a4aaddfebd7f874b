#include "versionsetgraphscene.h"

#include "buildiditem.h"
#include "graphmetrics.h"
#include "setitem.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>

using namespace GraphMetrics;

VersionSetGraphScene::VersionSetGraphScene(QObject *parent)
    : QGraphicsScene(parent)
{}

void VersionSetGraphScene::setSets(const VersionSets &sets)
{
    m_sets = sets;
    m_hasDetails = false;
    rebuild();
}

void VersionSetGraphScene::setSnapshot(const QueueSnapshot &snapshot)
{
    m_snapshot = snapshot;
    m_sets = snapshot.sets;
    m_pollerCounts = snapshot.pollerCounts();
    m_hasDetails = true;
    rebuild();
}

void VersionSetGraphScene::applyDetails()
{
    if (!m_hasDetails)
        return;
    for (auto it = m_buildIdItems.cbegin(); it != m_buildIdItems.cend(); ++it) {
        const QString &id = it.key();
        BuildIdItem *node = it.value();
        QStringList tip{id};
        if (m_snapshot.pollers) {
            node->setPollerBreakdown(m_snapshot.pollers->count(id, TaskQueueKind::Workflow),
                                     m_snapshot.pollers->count(id, TaskQueueKind::Activity));
            const QList<PollerInfo> pollers = m_snapshot.pollers->forBuildId(id);
            if (pollers.isEmpty())
                tip << QStringLiteral("no pollers");
            for (const PollerInfo &poller : pollers)
                tip << poller.toDisplayString();
        } else if (m_snapshot.pollersError) {
            tip << QStringLiteral("pollers unknown: %1").arg(m_snapshot.pollersError->message);
        }
        const auto reach = m_snapshot.reachability.constFind(id);
        if (reach != m_snapshot.reachability.cend()) {
            node->setReachabilityText(reach->toDisplayString());
            tip << QStringLiteral("reachability: %1").arg(reach->toDisplayString());
        }
        node->setToolTip(tip.join(QLatin1Char('\n')));
    }
}

void VersionSetGraphScene::setPollerCounts(const std::optional<QHash<QString, int>> &counts)
{
    m_pollerCounts = counts;
    for (auto it = m_buildIdItems.cbegin(); it != m_buildIdItems.cend(); ++it)
        it.value()->setPollerCount(counts ? counts->value(it.key(), 0) : -1);
}

void VersionSetGraphScene::setHighlighted(const QStringList &buildIds)
{
    for (auto it = m_buildIdItems.cbegin(); it != m_buildIdItems.cend(); ++it)
        it.value()->setHighlighted(buildIds.contains(it.key()));
}

QStringList VersionSetGraphScene::highlighted() const
{
    QStringList ids;
    for (auto it = m_buildIdItems.cbegin(); it != m_buildIdItems.cend(); ++it) {
        if (it.value()->isHighlighted())
            ids << it.key();
    }
    ids.sort();
    return ids;
}

SetItem *VersionSetGraphScene::setItem(int index) const
{
    return m_setItems.value(index);
}

BuildIdItem *VersionSetGraphScene::buildIdItem(const QString &buildId) const
{
    return m_buildIdItems.value(buildId);
}

QRectF VersionSetGraphScene::queueDefaultSlotRect() const
{
    const double x = m_sets.setCount() * (kColumnWidth + kColumnGap);
    return QRectF(x, 0, kColumnWidth, kHeaderHeight + kPadding * 2 + kNodeHeight);
}

void VersionSetGraphScene::rebuild()
{
    clear();
    m_setItems.clear();
    m_buildIdItems.clear();
    for (int s = 0; s < m_sets.setCount(); ++s) {
        const QStringList &ids = m_sets.set(s);
        auto *column = new SetItem(s, int(ids.size()), s == m_sets.defaultSetIndex());
        addItem(column);
        m_setItems << column;
        for (const QString &id : ids) {
            auto *node = new BuildIdItem(id, s, column);
            node->setRoles(id == VersionSets::setDefault(ids), id == m_sets.queueDefault());
            node->setPollerCount(m_pollerCounts ? m_pollerCounts->value(id, 0) : -1);
            m_buildIdItems.insert(id, node);
        }
    }
    applyDetails();
    relayout();
    setSceneRect(itemsBoundingRect().united(queueDefaultSlotRect()).adjusted(-20, -20, 20, 20));
}

void VersionSetGraphScene::relayout()
{
    for (int s = 0; s < m_setItems.size(); ++s) {
        m_setItems.at(s)->setPos(s * (kColumnWidth + kColumnGap), 0);
        const QStringList &ids = m_sets.set(s);
        // The set default (last) on top, the oldest at the bottom.
        for (qsizetype i = 0; i < ids.size(); ++i) {
            const qsizetype row = ids.size() - 1 - i;
            m_buildIdItems.value(ids.at(i))->setPos(kPadding, kHeaderHeight + kPadding +
                                                                  row * (kNodeHeight + kNodeGap));
        }
    }
}

GraphDrop VersionSetGraphScene::dropAt(const QPointF &scenePos, GraphDrop::Dragged dragged, int sourceSet,
                                       const QString &buildId) const
{
    GraphDrop drop;
    drop.dragged = dragged;
    drop.sourceSet = sourceSet;
    drop.buildId = buildId;
    if (queueDefaultSlotRect().contains(scenePos)) {
        drop.target = GraphDrop::Target::QueueDefaultSlot;
        return drop;
    }
    for (SetItem *column : m_setItems) {
        if (!column->sceneBoundingRect().contains(scenePos))
            continue;
        drop.targetSet = column->setIndex();
        drop.target = column->topSlotSceneRect().contains(scenePos) ? GraphDrop::Target::TopOfSet
                                                                    : GraphDrop::Target::Set;
        return drop;
    }
    return drop;
}

void VersionSetGraphScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    QGraphicsScene::drawBackground(painter, rect);
    const QPalette palette = QApplication::palette();
    painter->fillRect(rect, palette.color(QPalette::Base));
    // The queue-default slot: a dashed target, labelled, so the drop is discoverable.
    const QRectF slot = queueDefaultSlotRect();
    QPen pen(palette.color(QPalette::Mid));
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.5);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(slot.adjusted(1, 1, -1, -1), 10, 10);
    {
        // Secondary text: the text colour, faded, so it reads on any palette (some dark palettes leave
        // PlaceholderText dark).
        QColor secondary = palette.color(QPalette::Text);
        secondary.setAlpha(160);
        painter->setPen(secondary);
    }
    painter->drawText(slot.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                      m_sets.isEmpty() ? QStringLiteral("No version sets: add a build ID to start")
                                       : QStringLiteral("Drop a set here to make it the queue default"));
}
