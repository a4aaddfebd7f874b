#include "deploymentgraphscene.h"

#include "deploymentlaneitem.h"
#include "deploymentmetrics.h"
#include "deploymentrequests.h"
#include "deploymenttext.h"
#include "deploymentversionitem.h"
#include "rampshareitem.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>

#include <algorithm>

using namespace DeploymentMetrics;
using Lane = DeploymentGraphModel::Lane;

namespace {
constexpr double kDragZ = 10;

QString percentText(double value)
{
    return QString::number(value, 'g', 4);
}
} // namespace

DeploymentGraphScene::DeploymentGraphScene(DeploymentGraphModel *model, QObject *parent)
    : QGraphicsScene(parent)
    , m_model(model ? model : new DeploymentGraphModel(this))
{
    for (int lane = 0; lane < DeploymentGraphModel::kLaneCount; ++lane) {
        m_lanes[lane] = new DeploymentLaneItem(Lane(lane));
        addItem(m_lanes[lane]);
    }
    m_ramp = new RampShareItem(m_lanes[int(Lane::Ramping)]);
    connect(m_model, &DeploymentGraphModel::snapshotChanged, this, &DeploymentGraphScene::sync);
    connect(m_model, &DeploymentGraphModel::selectionChanged, this, &DeploymentGraphScene::applySelection);
    connect(m_model, &DeploymentGraphModel::highlightChanged, this, &DeploymentGraphScene::applyHighlight);
    // A model destroyed first (the window's teardown) leaves the lanes alone, never dangling cards.
    connect(m_model, &QObject::destroyed, this, [this] {
        releaseDrag();
        qDeleteAll(m_cards);
        m_cards.clear();
        m_ramp->setRamp(std::nullopt);
    });
    connect(this, &QGraphicsScene::selectionChanged, this, &DeploymentGraphScene::onItemSelectionChanged);
    sync();
}

DeploymentGraphScene::~DeploymentGraphScene()
{
    // Items go while this is still a DeploymentGraphScene: ~QGraphicsScene would announce their selection
    // going away to a slot of an object that no longer exists.
    disconnect(this, &QGraphicsScene::selectionChanged, this, &DeploymentGraphScene::onItemSelectionChanged);
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    clear();
}

void DeploymentGraphScene::setSnapshot(const DeploymentSnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
}

void DeploymentGraphScene::setReadOnly(bool readOnly)
{
    if (readOnly == m_readOnly)
        return;
    m_readOnly = readOnly;
    if (readOnly)
        endDrag();
    sync();
}

DeploymentLaneItem *DeploymentGraphScene::laneItem(Lane lane) const
{
    return m_lanes[int(lane)];
}

DeploymentVersionItem *DeploymentGraphScene::versionItem(const QString &key) const
{
    return m_cards.value(key);
}

QStringList DeploymentGraphScene::cardLines(const QString &key) const
{
    if (!m_model)
        return {};
    const DeploymentGraphModel &model = *m_model;
    const QDateTime now = model.snapshot().readAt;
    const DeploymentVersionSummary *summary = model.summary(key);
    const DeploymentVersionDetails *details = model.details(key);
    const DeploymentRouting &routing = model.routing();
    auto time = [&](QDateTime DeploymentVersionSummary::*fromSummary,
                    QDateTime DeploymentVersionDetails::*fromDetails) {
        if (summary && (summary->*fromSummary).isValid())
            return summary->*fromSummary;
        return details ? details->*fromDetails : QDateTime();
    };
    auto since = [&](const QString &what, const QDateTime &when) {
        const QString age = DeploymentText::age(when, now);
        return age.isEmpty() ? what : tr("%1 since %2").arg(what, age);
    };

    QStringList lines{DeploymentText::buildIdOrUnversioned(key)};
    const DrainageInfo drainage =
        summary ? summary->drainage : (details ? details->drainage : DrainageInfo());
    switch (model.status(key)) {
    case DeploymentVersionStatus::Current:
        lines << since(tr("\u2605 current"), key.isEmpty()
                                                 ? routing.currentChangedTime
                                                 : time(&DeploymentVersionSummary::currentSinceTime,
                                                        &DeploymentVersionDetails::currentSinceTime));
        break;
    case DeploymentVersionStatus::Ramping:
        lines << since(tr("ramping %1 %").arg(percentText(routing.rampingPercentage)),
                       key.isEmpty() ? routing.rampingChangedTime
                                     : time(&DeploymentVersionSummary::rampingSinceTime,
                                            &DeploymentVersionDetails::rampingSinceTime));
        break;
    case DeploymentVersionStatus::Draining:
    case DeploymentVersionStatus::Drained: {
        QDateTime when = drainage.lastChangedTime;
        if (!when.isValid())
            when = time(&DeploymentVersionSummary::lastDeactivationTime,
                        &DeploymentVersionDetails::lastDeactivationTime);
        lines << since(DeploymentText::statusName(model.status(key)), when);
        break;
    }
    case DeploymentVersionStatus::Unspecified:
    case DeploymentVersionStatus::Inactive:
    case DeploymentVersionStatus::Created: {
        const QString age = DeploymentText::age(
            time(&DeploymentVersionSummary::createTime, &DeploymentVersionDetails::createTime), now);
        const QString status = DeploymentText::statusName(model.status(key));
        lines << (age.isEmpty() ? status : tr("%1 \u00b7 created %2 ago").arg(status, age));
        break;
    }
    }

    if (key.isEmpty())
        lines << tr("workers polling without a version");
    else if (!details)
        lines << tr("task queues unknown");
    else if (details->taskQueues.isEmpty())
        lines << tr("no task queues");
    else
        lines << DeploymentText::taskQueues(details->taskQueues);

    const std::optional<int> pollers = model.pollerCount(key);
    if (!pollers)
        lines << tr("pollers unknown");
    else if (*pollers == 0)
        lines << ((model.isCurrent(key) || model.isRamping(key)) ? tr("\u26a0 no pollers")
                                                                 : tr("no pollers"));
    else
        lines << (*pollers == 1 ? tr("1 poller: %1 wf, %2 act")
                                : tr("%1 pollers: %2 wf, %3 act").arg(*pollers))
                     .arg(*model.pollerCount(key, 1))
                     .arg(*model.pollerCount(key, 2));

    const VersionWorkflowCounts counts = model.workflowCounts(key);
    if (!counts.pinned && !counts.autoUpgrade)
        lines << tr("open workflows unknown");
    else
        lines << tr("open: %1 pinned \u00b7 %2 auto-upgrade")
                     .arg(DeploymentText::count(counts.pinned), DeploymentText::count(counts.autoUpgrade));

    if (drainage.status != DrainageStatus::Unspecified) {
        const QString checked = DeploymentText::age(drainage.lastCheckedTime, now);
        const QString status = drainage.status == DrainageStatus::Draining ? tr("draining") : tr("drained");
        lines << (checked.isEmpty() ? tr("drainage: %1").arg(status)
                                    : tr("%1, checked %2 ago").arg(status, checked));
    } else {
        const QString last = DeploymentText::age(
            time(&DeploymentVersionSummary::lastCurrentTime, &DeploymentVersionDetails::lastCurrentTime),
            now);
        lines << (last.isEmpty() || model.isCurrent(key) ? QString() : tr("last current %1 ago").arg(last));
    }
    // Never colour alone: the word says it too.
    if (model.isHighlighted(key))
        lines[1] = tr("\u25cf changed \u00b7 %1").arg(lines.at(1));
    return lines;
}

QStringList DeploymentGraphScene::compactCardLines(const QString &key) const
{
    if (!m_model)
        return {};
    const DeploymentGraphModel &model = *m_model;
    QStringList lines{DeploymentText::buildIdOrUnversioned(key)};
    QString status = DeploymentText::statusName(model.status(key));
    if (model.isCurrent(key))
        status = tr("\u2605 current");
    else if (model.isRamping(key))
        status = tr("ramping %1 %").arg(percentText(model.routing().rampingPercentage));
    if (model.isHighlighted(key))
        status = tr("\u25cf changed \u00b7 %1").arg(status);
    lines << status;
    QStringList queues;
    for (const VersionTaskQueue &queue : model.taskQueues(key)) {
        if (!queues.contains(queue.name))
            queues << queue.name;
    }
    lines << queues.join(QStringLiteral(", "));
    const std::optional<int> pollers = model.pollerCount(key);
    if (!pollers)
        lines << tr("pollers ?");
    else if (*pollers == 0)
        lines << ((model.isCurrent(key) || model.isRamping(key)) ? tr("\u26a0 no pollers")
                                                                 : tr("no pollers"));
    else
        lines << tr("%1 pollers").arg(*pollers);
    const VersionWorkflowCounts counts = model.workflowCounts(key);
    lines << ((!counts.pinned && !counts.autoUpgrade) ? tr("open ?")
                                                      : tr("%1 pinned \u00b7 %2 auto")
                                                            .arg(DeploymentText::count(counts.pinned),
                                                                 DeploymentText::count(counts.autoUpgrade)));
    lines << QString();
    return lines;
}

QString DeploymentGraphScene::tooltipOf(const QString &key) const
{
    QStringList tip = cardLines(key);
    tip.removeAll(QString());
    const DeploymentSnapshot &snapshot = m_model->snapshot();
    if (!key.isEmpty())
        tip.insert(1, DeploymentText::versionName(m_model->deploymentName(), key));
    for (const VersionTaskQueue &queue : m_model->taskQueues(key))
        tip << tr("task queue %1 (%2)").arg(queue.name, DeploymentText::taskQueueTypeName(queue.type));
    for (const DeploymentPoller &poller : m_model->pollers(key)) {
        tip << tr("poller %1 on %2 (%3), last poll %4 ago")
                   .arg(poller.identity, poller.taskQueue,
                        DeploymentText::taskQueueTypeName(poller.taskQueueType),
                        DeploymentText::age(poller.lastAccessTime, snapshot.readAt));
    }
    if (!snapshot.pollers && snapshot.pollersError)
        tip << tr("pollers unknown: %1").arg(snapshot.pollersError->message);
    if (!m_model->details(key) && snapshot.detailsError && !key.isEmpty())
        tip << tr("details unknown: %1").arg(snapshot.detailsError->message);
    if (snapshot.workflowCountsError)
        tip << tr("open workflows unknown: %1").arg(snapshot.workflowCountsError->message);
    return tip.join(QLatin1Char('\n'));
}

void DeploymentGraphScene::sync()
{
    if (!m_model)
        return;
    const DeploymentGraphModel &model = *m_model;

    // The drag under way ends before anything it holds is freed.
    if (m_dragKind == DragKind::Card && !model.hasVersion(m_dragKey)) {
        const QString reason = tr("%1 is no longer in the deployment (changed meanwhile); nothing was done")
                                   .arg(DeploymentText::buildIdOrUnversioned(m_dragKey));
        releaseDrag();
        Q_EMIT dragInterrupted(reason);
    } else if (m_dragKind == DragKind::Handle &&
               (!model.routing().hasRamp || model.routing().rampingBuildId != m_dragKey)) {
        const QString reason =
            model.routing().hasRamp
                ? tr("the ramp moved to %1 meanwhile; nothing was done, drag again")
                      .arg(DeploymentText::buildIdOrUnversioned(model.routing().rampingBuildId))
                : tr("the ramp ended meanwhile; nothing was done");
        releaseDrag();
        Q_EMIT dragInterrupted(reason);
    }

    m_syncingSelection = true;
    QHash<QString, DeploymentVersionItem *> cards;
    for (const QString &key : model.versionKeys()) {
        DeploymentVersionItem *card = m_cards.take(key);
        if (!card) {
            card = new DeploymentVersionItem(key);
            addItem(card);
        }
        card->setRole(model.isCurrent(key)   ? DeploymentVersionItem::Role::Current
                      : model.isRamping(key) ? DeploymentVersionItem::Role::Ramping
                                             : DeploymentVersionItem::Role::Other);
        card->setLines(cardLines(key));
        card->setCompactLines(compactCardLines(key));
        card->setHighlighted(model.isHighlighted(key));
        const std::optional<int> pollers = model.pollerCount(key);
        card->setWarningLine(pollers && *pollers == 0 && (model.isCurrent(key) || model.isRamping(key)) ? 3
                                                                                                        : -1);
        card->setToolTip(tooltipOf(key));
        cards.insert(key, card);
    }
    qDeleteAll(m_cards);
    m_cards = cards;
    m_syncingSelection = false;

    const std::optional<double> ramp = model.rampPercentage();
    for (DeploymentLaneItem *lane : m_lanes) {
        const QStringList keys = model.versionsInLane(lane->lane());
        lane->setVersionCount(int(keys.size()));
        QString hint;
        if (!m_readOnly && keys.isEmpty() && lane->lane() == Lane::Current)
            hint = tr("Drop a version here to make it current");
        else if (!m_readOnly && keys.isEmpty() && lane->lane() == Lane::Ramping)
            hint = tr("Drop a version here to ramp it");
        lane->setHint(hint);
    }
    m_ramp->setRamp(ramp);
    showRampDrag(m_ramp->dragPercentage());
    applySelection();
    relayout();
    Q_EMIT synced();
}

int DeploymentGraphScene::maxLaneSize() const
{
    int most = 0;
    for (DeploymentLaneItem *lane : m_lanes)
        most = std::max(most, int(m_model ? m_model->versionsInLane(lane->lane()).size() : 0));
    return most;
}

void DeploymentGraphScene::setRowsPerLane(int rows)
{
    if (rows == m_rowsPerLane)
        return;
    m_rowsPerLane = rows;
    relayout();
}

namespace {
struct LaneShape
{
    QList<double> widths;
    int rows = 1;
};

// Each lane's width and the rows every lane has, for lanes of these sizes with at most rowsPerLane cards
// a column (0: one column each).
LaneShape laneShape(const QList<int> &sizes, const QList<bool> &slots, int rowsPerLane)
{
    LaneShape shape;
    int most = 0;
    for (int size : sizes)
        most = std::max(most, size);
    shape.rows = std::max(1, rowsPerLane > 0 ? std::min(rowsPerLane, most) : most);
    for (int lane = 0; lane < sizes.size(); ++lane) {
        const int columns = (sizes.at(lane) + shape.rows - 1) / shape.rows;
        if (columns == 0)
            shape.widths << (slots.at(lane) ? kLaneWidth : kCollapsedLaneWidth);
        else
            shape.widths << columns * (kCardWidth + kCardGap) - kCardGap + 2 * kPadding;
    }
    return shape;
}

double laneHeight(int rows)
{
    return kHeaderHeight + kBandHeight + rows * (kCardHeight + kCardGap) - kCardGap + kPadding;
}
} // namespace

QSizeF DeploymentGraphScene::layoutSize(int rowsPerLane) const
{
    QList<int> sizes;
    QList<bool> slots;
    for (DeploymentLaneItem *lane : m_lanes) {
        sizes << int(m_model ? m_model->versionsInLane(lane->lane()).size() : 0);
        slots << lane->isSlot();
    }
    const LaneShape shape = laneShape(sizes, slots, rowsPerLane);
    double width = -kLaneGap;
    for (double laneWidth : shape.widths)
        width += laneWidth + kLaneGap;
    return QSizeF(width + 2 * kMargin, laneHeight(shape.rows) + 2 * kMargin);
}

void DeploymentGraphScene::relayout()
{
    QList<int> sizes;
    QList<bool> slots;
    QList<QStringList> keys;
    for (DeploymentLaneItem *lane : m_lanes) {
        keys << (m_model ? m_model->versionsInLane(lane->lane()) : QStringList());
        sizes << int(keys.last().size());
        slots << lane->isSlot();
    }
    const LaneShape shape = laneShape(sizes, slots, m_rowsPerLane);
    const double height = laneHeight(shape.rows);
    double x = 0;
    for (int lane = 0; lane < DeploymentGraphModel::kLaneCount; ++lane) {
        m_lanes[lane]->setWidth(shape.widths.at(lane));
        m_lanes[lane]->setPos(x, 0);
        m_lanes[lane]->setHeight(height);
        // Newest top left, down each column first: a lane reads like a list.
        for (int n = 0; n < keys.at(lane).size(); ++n) {
            DeploymentVersionItem *card = m_cards.value(keys.at(lane).at(n));
            // A dragged card stays where the mouse holds it.
            if (!card || (m_dragKind == DragKind::Card && card->key() == m_dragKey))
                continue;
            const int column = n / shape.rows;
            const int row = n % shape.rows;
            card->setPos(x + kPadding + column * (kCardWidth + kCardGap),
                         kHeaderHeight + kBandHeight + row * (kCardHeight + kCardGap));
        }
        x += shape.widths.at(lane) + kLaneGap;
    }
    setSceneRect(QRectF(-kMargin, -kMargin, x - kLaneGap + 2 * kMargin, height + 2 * kMargin));
    invalidate(sceneRect(), BackgroundLayer);
}

void DeploymentGraphScene::applyHighlight()
{
    if (!m_model)
        return;
    for (DeploymentVersionItem *card : std::as_const(m_cards)) {
        card->setHighlighted(m_model->isHighlighted(card->key()));
        card->setLines(cardLines(card->key()));
        card->setCompactLines(compactCardLines(card->key()));
    }
}

void DeploymentGraphScene::applySelection()
{
    if (!m_model)
        return;
    m_syncingSelection = true;
    QGraphicsItem *wanted = m_model->hasSelection() ? m_cards.value(m_model->selectedKey()) : nullptr;
    for (QGraphicsItem *item : selectedItems()) {
        if (item != wanted)
            item->setSelected(false);
    }
    if (wanted && !wanted->isSelected())
        wanted->setSelected(true);
    m_syncingSelection = false;
}

void DeploymentGraphScene::onItemSelectionChanged()
{
    if (m_syncingSelection || !m_model)
        return;
    const QList<QGraphicsItem *> selected = selectedItems();
    if (selected.isEmpty()) {
        m_model->clearSelection();
        return;
    }
    if (auto *card = qgraphicsitem_cast<DeploymentVersionItem *>(selected.first()))
        m_model->select(card->key());
}

DeploymentGraphScene::DropTarget DeploymentGraphScene::dropAt(const QPointF &scenePos) const
{
    if (m_readOnly)
        return DropTarget::None;
    if (laneItem(Lane::Current)->sceneBoundingRect().contains(scenePos))
        return DropTarget::CurrentSlot;
    if (laneItem(Lane::Ramping)->sceneBoundingRect().contains(scenePos))
        return DropTarget::RampingSlot;
    return DropTarget::None;
}

DeploymentGraphScene::DropMeaning DeploymentGraphScene::dropMeaning(const QString &key,
                                                                    DropTarget target) const
{
    if (!m_model)
        return QString();
    const DeploymentGraphModel &model = *m_model;
    switch (target) {
    case DropTarget::None:
        return QString();
    case DropTarget::CurrentSlot:
        // Back where it was: nothing to ask and nothing to explain.
        if (model.isCurrent(key))
            return QString();
        return DeploymentRequests::setCurrent(model.deploymentName(), key);
    case DropTarget::RampingSlot:
        if (model.isRamping(key))
            return QString();
        if (model.isCurrent(key) && key.isEmpty())
            return tr("The unversioned workers are current: they already take every new workflow the ramp "
                      "does not; ramp a version");
        if (model.isCurrent(key))
            return tr("%1 is the current version: it already takes every new workflow the ramp does not; "
                      "ramp another version")
                .arg(key);
        return DeploymentRequests::setRamping(
            model.deploymentName(), key,
            model.rampPercentage().value_or(DeploymentRequests::kDefaultRampPercentage));
    }
    return QString();
}

void DeploymentGraphScene::beginCardDrag(const QString &key)
{
    endDrag();
    DeploymentVersionItem *card = m_cards.value(key);
    if (!card)
        return;
    m_dragKind = DragKind::Card;
    m_dragKey = key;
    card->setZValue(kDragZ);
}

void DeploymentGraphScene::beginHandleDrag()
{
    endDrag();
    if (!m_model || !m_model->routing().hasRamp)
        return;
    m_dragKind = DragKind::Handle;
    m_dragKey = m_model->routing().rampingBuildId;
}

void DeploymentGraphScene::endDrag()
{
    releaseDrag();
    relayout();
}

void DeploymentGraphScene::releaseDrag()
{
    if (DeploymentVersionItem *card = m_cards.value(m_dragKey); card && m_dragKind == DragKind::Card)
        card->setZValue(0);
    m_dragKind = DragKind::None;
    m_dragKey.clear();
    showRampDrag(std::nullopt);
    showDropTarget(DropTarget::None, false);
}

void DeploymentGraphScene::showRampDrag(std::optional<int> percentage)
{
    m_ramp->setDragPercentage(percentage);
    if (!m_model)
        return;
    // The Current lane's share follows the handle, so both sides of the split read the same.
    const std::optional<double> ramp =
        percentage ? std::optional<double>(*percentage) : m_model->rampPercentage();
    laneItem(Lane::Current)
        ->setBandText(tr("%1 % of new workflows").arg(percentText(100 - ramp.value_or(0))));
}

void DeploymentGraphScene::showDropTarget(DropTarget target, bool accepted)
{
    const auto state =
        accepted ? DeploymentLaneItem::DropState::Accepts : DeploymentLaneItem::DropState::Refuses;
    laneItem(Lane::Current)
        ->setDropState(target == DropTarget::CurrentSlot ? state : DeploymentLaneItem::DropState::None);
    laneItem(Lane::Ramping)
        ->setDropState(target == DropTarget::RampingSlot ? state : DeploymentLaneItem::DropState::None);
}

void DeploymentGraphScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, QApplication::palette().color(QPalette::Base));
}
