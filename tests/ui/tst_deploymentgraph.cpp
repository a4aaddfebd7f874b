#include "deploymentfixture.h"
#include "deployments/deploymentgraphmodel.h"
#include "deployments/deploymentgraphscene.h"
#include "deployments/deploymentlaneitem.h"
#include "deployments/deploymentmenus.h"
#include "deployments/deploymentmetrics.h"
#include "deployments/deploymentpage.h"
#include "deployments/deploymenttreemodel.h"
#include "deployments/deploymentversionitem.h"
#include "deployments/deploymentview.h"
#include "deployments/rampshareitem.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTreeView>

using Lane = DeploymentGraphModel::Lane;
using Status = DeploymentVersionStatus;

Q_DECLARE_METATYPE(Lane)
Q_DECLARE_METATYPE(DeploymentVersionStatus)

// The deployment graph as a person uses it: real mouse drags on the viewport, menus, the keyboard, the list.
class TestDeploymentGraph : public QObject
{
    Q_OBJECT

    DeploymentPage *m_page = nullptr;

    DeploymentView *view() const { return m_page->view(); }
    DeploymentGraphScene *scene() const { return m_page->scene(); }
    DeploymentGraphModel *model() const { return m_page->graphModel(); }
    QPointF centerOf(const QString &key) const
    {
        return scene()->versionItem(key)->sceneBoundingRect().center();
    }
    QPointF slotOf(Lane lane) const
    {
        // Below the band, where a card stands: the lane, not the ramp's handle.
        return scene()->laneItem(lane)->sceneBoundingRect().center() + QPointF(0, 30);
    }

    void startDrag(const QPointF &fromScene)
    {
        QWidget *viewport = view()->viewport();
        const QPoint from = view()->mapFromScene(fromScene);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, from + QPoint(8, 8));
        QTest::mouseMove(viewport, from + QPoint(14, 20));
    }
    void moveTo(const QPointF &toScene)
    {
        QTest::mouseMove(view()->viewport(), view()->mapFromScene(toScene));
    }
    void releaseAt(const QPointF &toScene)
    {
        const QPoint to = view()->mapFromScene(toScene);
        QTest::mouseMove(view()->viewport(), to);
        QTest::mouseRelease(view()->viewport(), Qt::LeftButton, {}, to);
    }
    void drag(const QPointF &fromScene, const QPointF &toScene)
    {
        startDrag(fromScene);
        releaseAt(toScene);
    }
    static DeploymentOperation op(DeploymentOperation::Kind kind, const QString &buildId,
                                  double percentage = 0)
    {
        DeploymentOperation o;
        o.kind = kind;
        o.deploymentName = QStringLiteral("orders");
        o.buildId = buildId;
        o.percentage = percentage;
        return o;
    }
    QMenu *popup() const { return qobject_cast<QMenu *>(QApplication::activePopupWidget()); }
    void closePopups()
    {
        while (QWidget *open = QApplication::activePopupWidget())
            open->close();
    }

private Q_SLOTS:
    void init()
    {
        m_page = new DeploymentPage;
        m_page->resize(1400, 800);
        m_page->setSnapshot(DeploymentFixture::rollout());
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page));
    }

    void cleanup()
    {
        closePopups();
        delete m_page;
    }

    void modelsPassTheTester()
    {
        QAbstractItemModelTester tester(m_page->treeModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_page->setSnapshot(DeploymentSnapshot());
        m_page->setSnapshot(DeploymentFixture::rollout());
        QCOMPARE(m_page->treeModel()->rowCount(), 3);
    }

    void cardsStandInTheLaneOfTheirStatus_data()
    {
        QTest::addColumn<Status>("status");
        QTest::addColumn<int>("drainage");
        QTest::addColumn<Lane>("lane");
        QTest::newRow("created") << Status::Created << 0 << Lane::Inactive;
        QTest::newRow("inactive") << Status::Inactive << 0 << Lane::Inactive;
        QTest::newRow("draining") << Status::Draining << 1 << Lane::Draining;
        QTest::newRow("drained") << Status::Drained << 2 << Lane::Drained;
        QTest::newRow("unspecified, drained by its drainage") << Status::Unspecified << 2 << Lane::Drained;
        QTest::newRow("unspecified, no drainage") << Status::Unspecified << 0 << Lane::Inactive;
    }

    void cardsStandInTheLaneOfTheirStatus()
    {
        QFETCH(Status, status);
        QFETCH(int, drainage);
        QFETCH(Lane, lane);
        DeploymentSnapshot s = DeploymentFixture::rollout();
        DeploymentVersionSummary extra = DeploymentFixture::version(QStringLiteral("v2.0.0"), status, 1);
        extra.drainage.status = DrainageStatus(drainage);
        s.deployment.versions << extra;
        m_page->setSnapshot(s);
        QCOMPARE(model()->lane(QStringLiteral("v2.0.0")), lane);
        // Every card inside its lane, none overlapping another.
        const QHash<QString, Lane> expected{{QStringLiteral("v1.4.2"), Lane::Draining},
                                            {QStringLiteral("v1.5.0"), Lane::Current},
                                            {QStringLiteral("v1.6.0"), Lane::Ramping},
                                            {QStringLiteral("v2.0.0"), lane}};
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            const QRectF card = scene()->versionItem(it.key())->sceneBoundingRect();
            QVERIFY2(scene()->laneItem(it.value())->sceneBoundingRect().contains(card), qPrintable(it.key()));
            for (auto other = expected.cbegin(); other != expected.cend(); ++other)
                QVERIFY(other.key() == it.key() ||
                        !card.intersects(scene()->versionItem(other.key())->sceneBoundingRect()));
        }
        QCOMPARE(scene()->versionItems().size(), 4);
        QCOMPARE(m_page->treeModel()->rowCount(), 4);
    }

    void manyVersionsNeverOverlap_data()
    {
        QTest::addColumn<int>("drained");
        QTest::newRow("1 drained") << 1;
        QTest::newRow("10 drained") << 10;
        QTest::newRow("97 drained (100 versions, the server's limit)") << 97;
    }

    void manyVersionsNeverOverlap()
    {
        QFETCH(int, drained);
        DeploymentSnapshot s = DeploymentFixture::rollout();
        for (int i = 0; i < drained; ++i) {
            DeploymentVersionSummary old = DeploymentFixture::version(
                QStringLiteral("v0.%1.0-with-a-long-build-id-suffix").arg(i), Status::Drained, 100 + i);
            old.drainage.status = DrainageStatus::Drained;
            s.deployment.versions << old;
        }
        m_page->setSnapshot(s);
        QCOMPARE(scene()->versionItems().size(), drained + 3);
        QList<QRectF> cards;
        for (DeploymentVersionItem *card : scene()->versionItems()) {
            QVERIFY(scene()
                        ->laneItem(model()->lane(card->key()))
                        ->sceneBoundingRect()
                        .contains(card->sceneBoundingRect()));
            cards << card->sceneBoundingRect();
        }
        for (int a = 0; a < cards.size(); ++a)
            for (int b = a + 1; b < cards.size(); ++b)
                QVERIFY(!cards.at(a).intersects(cards.at(b)));
        // Newest first within a lane.
        const QStringList inDrained = model()->versionsInLane(Lane::Drained);
        QCOMPARE(inDrained.first(), QStringLiteral("v0.0.0-with-a-long-build-id-suffix"));
        view()->fitAll();
        const QRect viewport = view()->viewport()->rect().adjusted(-2, -2, 2, 2);
        QVERIFY(viewport.contains(view()->mapFromScene(scene()->sceneRect()).boundingRect()));
        if (const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR"); !shots.isEmpty()) {
            m_page->resize(1280, 800);
            QTRY_COMPARE(m_page->width(), 1280);
            QVERIFY(m_page->grab().save(shots + QStringLiteral("/deployment-%1-drained.png").arg(drained)));
        }
    }

    void routingWinsOverAStaleStatus()
    {
        // The summary still says ramping, routing (read in the same call) already made it current.
        DeploymentSnapshot s = DeploymentFixture::rollout();
        s.deployment.routing.currentBuildId = QStringLiteral("v1.6.0");
        s.deployment.routing.hasRamp = false;
        m_page->setSnapshot(s);
        QCOMPARE(model()->lane(QStringLiteral("v1.6.0")), Lane::Current);
        QCOMPARE(model()->lane(QStringLiteral("v1.5.0")), Lane::Inactive);
        QCOMPARE(scene()->versionItem(QStringLiteral("v1.6.0"))->role(),
                 DeploymentVersionItem::Role::Current);
    }

    void unversionedWorkersAppearWhenRoutingNamesThem_data()
    {
        QTest::addColumn<QString>("current");
        QTest::addColumn<bool>("ramp");
        QTest::addColumn<QString>("rampTarget");
        QTest::addColumn<int>("lane"); // -1: not shown
        QTest::newRow("unversioned current") << "" << true << "v1.6.0" << int(Lane::Current);
        QTest::newRow("ramping to unversioned") << "v1.5.0" << true << "" << int(Lane::Ramping);
        QTest::newRow("not named") << "v1.5.0" << true << "v1.6.0" << -1;
        QTest::newRow("no ramp, versioned current") << "v1.5.0" << false << "" << -1;
    }

    void unversionedWorkersAppearWhenRoutingNamesThem()
    {
        QFETCH(QString, current);
        QFETCH(bool, ramp);
        QFETCH(QString, rampTarget);
        QFETCH(int, lane);
        DeploymentSnapshot s = DeploymentFixture::rollout();
        s.deployment.routing.currentBuildId = current;
        s.deployment.routing.hasRamp = ramp;
        s.deployment.routing.rampingBuildId = rampTarget;
        s.pollers->append(DeploymentFixture::poller(QStringLiteral("legacy@host9"), QString(),
                                                    QStringLiteral("orders"), 1));
        m_page->setSnapshot(s);
        DeploymentVersionItem *card = scene()->versionItem(QString());
        QCOMPARE(card != nullptr, lane >= 0);
        if (lane < 0)
            return;
        QVERIFY(scene()->laneItem(Lane(lane))->sceneBoundingRect().contains(card->sceneBoundingRect()));
        QCOMPARE(card->lines().at(0), QStringLiteral("unversioned workers"));
        QVERIFY2(card->lines().at(3).startsWith(QStringLiteral("1 poller")), qPrintable(card->lines().at(3)));
        QVERIFY(m_page->treeModel()->indexOfKey(QString()).isValid());
    }

    void cardsAndSlotsSayWhatTheyShow()
    {
        const QStringList current = scene()->versionItem(QStringLiteral("v1.5.0"))->lines();
        QCOMPARE(current.at(0), QStringLiteral("v1.5.0"));
        QCOMPARE(current.at(1), QStringLiteral("\u2605 current since 3 h"));
        QCOMPARE(current.at(2), QStringLiteral("orders (wf, act) \u00b7 payments (act)"));
        QCOMPARE(current.at(3), QStringLiteral("4 pollers: 2 wf, 2 act"));
        QCOMPARE(current.at(4), QStringLiteral("open: 3 pinned \u00b7 128 auto-upgrade"));
        // Zoomed out (800x600), the same facts in a few words each.
        QCOMPARE(scene()->versionItem(QStringLiteral("v1.5.0"))->compactLines(),
                 (QStringList{QStringLiteral("v1.5.0"), QStringLiteral("\u2605 current"),
                              QStringLiteral("orders, payments"), QStringLiteral("4 pollers"),
                              QStringLiteral("3 pinned \u00b7 128 auto"), QString()}));
        const QStringList ramping = scene()->versionItem(QStringLiteral("v1.6.0"))->lines();
        QCOMPARE(ramping.at(1), QStringLiteral("ramping 10 % since 20 min"));
        const QStringList draining = scene()->versionItem(QStringLiteral("v1.4.2"))->lines();
        QCOMPARE(draining.at(1), QStringLiteral("draining since 3 h"));
        QCOMPARE(draining.at(3), QStringLiteral("no pollers"));
        QCOMPARE(draining.at(4), QStringLiteral("open: 7 pinned \u00b7 0 auto-upgrade"));
        QCOMPARE(draining.at(5), QStringLiteral("draining, checked 2 min ago"));
        // The share of new workflows: the bar and both lanes' bands.
        QCOMPARE(scene()->rampShare()->ramp(), std::optional<double>(10));
        QCOMPARE(scene()->rampShare()->text(), QStringLiteral("ramping 10 % \u00b7 current 90 %"));
        QCOMPARE(scene()->laneItem(Lane::Current)->bandText(), QStringLiteral("90 % of new workflows"));
        QVERIFY(m_page->header()->text().contains(QStringLiteral("ramping <b>v1.6.0</b> at 10 %")));
        QVERIFY(m_page->header()->text().contains(QStringLiteral("manager: none")));
        QVERIFY(m_page->header()->text().contains(QStringLiteral("alice@ops")));
    }

    void unknownsAreSaidNeverZero()
    {
        DeploymentSnapshot s = DeploymentFixture::rollout();
        s.pollers.reset();
        s.pollersError = Error(ErrorCode::Unavailable, QStringLiteral("server unavailable"));
        s.workflowCounts.clear();
        s.workflowCountsError = Error(ErrorCode::Unimplemented, QStringLiteral("no advanced visibility"));
        s.details.remove(QStringLiteral("v1.6.0"));
        m_page->setSnapshot(s);
        const QStringList ramping = scene()->versionItem(QStringLiteral("v1.6.0"))->lines();
        QCOMPARE(ramping.at(2), QStringLiteral("task queues unknown"));
        QCOMPARE(ramping.at(3), QStringLiteral("pollers unknown"));
        QCOMPARE(ramping.at(4), QStringLiteral("open workflows unknown"));
        const QModelIndex row = m_page->treeModel()->indexOfKey(QStringLiteral("v1.6.0"));
        QCOMPARE(row.siblingAtColumn(DeploymentTreeModel::PollersColumn).data().toString(),
                 QStringLiteral("unknown"));
        QCOMPARE(row.siblingAtColumn(DeploymentTreeModel::PinnedColumn).data().toString(),
                 QStringLiteral("unknown"));
        QVERIFY(m_page->findChild<QLabel *>(QStringLiteral("deploymentNotes"))
                    ->text()
                    .contains(QStringLiteral("no advanced visibility")));
    }

    void dropsAskForExactlyOneOperation_data()
    {
        QTest::addColumn<bool>("ramp");
        QTest::addColumn<QString>("card");
        QTest::addColumn<Lane>("slot");
        QTest::addColumn<int>("kind"); // -1: nothing asked
        QTest::addColumn<double>("percentage");
        QTest::addColumn<QString>("refusal");
        using K = DeploymentOperation::Kind;
        QTest::newRow("draining onto Current")
            << true << "v1.4.2" << Lane::Current << int(K::SetCurrent) << 0.0 << "";
        QTest::newRow("ramping onto Current (promote the ramp)")
            << true << "v1.6.0" << Lane::Current << int(K::SetCurrent) << 0.0 << "";
        QTest::newRow("draining onto Ramping keeps the ramp's percentage")
            << true << "v1.4.2" << Lane::Ramping << int(K::SetRamping) << 10.0 << "";
        QTest::newRow("onto Ramping with no ramp: 10 %")
            << false << "v1.4.2" << Lane::Ramping << int(K::SetRamping) << 10.0 << "";
        QTest::newRow("current onto Ramping is refused")
            << true << "v1.5.0" << Lane::Ramping << -1 << 0.0 << "is the current version";
        QTest::newRow("current back onto Current") << true << "v1.5.0" << Lane::Current << -1 << 0.0 << "";
        QTest::newRow("ramping back onto Ramping") << true << "v1.6.0" << Lane::Ramping << -1 << 0.0 << "";
        QTest::newRow("onto the Drained lane") << true << "v1.4.2" << Lane::Drained << -1 << 0.0 << "";
    }

    void dropsAskForExactlyOneOperation()
    {
        QFETCH(bool, ramp);
        QFETCH(QString, card);
        QFETCH(Lane, slot);
        QFETCH(int, kind);
        QFETCH(double, percentage);
        QFETCH(QString, refusal);
        if (!ramp) {
            DeploymentSnapshot s = DeploymentFixture::rollout();
            s.deployment.routing.hasRamp = false;
            s.deployment.routing.rampingBuildId.clear();
            s.deployment.versions[2].status = Status::Inactive;
            m_page->setSnapshot(s);
        }
        QSignalSpy asked(m_page, &DeploymentPage::operationRequested);
        QSignalSpy messages(m_page, &DeploymentPage::messagePosted);
        const QPointF before = scene()->versionItem(card)->pos();
        startDrag(centerOf(card));
        moveTo(slotOf(slot));
        // The slot under the cursor says whether it takes the card.
        const auto state = scene()->laneItem(slot)->dropState();
        if (kind >= 0)
            QCOMPARE(state, DeploymentLaneItem::DropState::Accepts);
        else if (!refusal.isEmpty())
            QCOMPARE(state, DeploymentLaneItem::DropState::Refuses);
        else
            QCOMPARE(state, DeploymentLaneItem::DropState::None);
        if (const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR"); !shots.isEmpty())
            QVERIFY(view()->grab().save(shots + QStringLiteral("/deployment-drop-%1.png")
                                                    .arg(QString::fromLatin1(QTest::currentDataTag())
                                                             .section(QLatin1Char(' '), 0, 2)
                                                             .replace(QLatin1Char(' '), QLatin1Char('-')))));
        releaseAt(slotOf(slot));
        if (kind < 0) {
            QCOMPARE(asked.count(), 0);
        } else {
            QCOMPARE(asked.count(), 1);
            QCOMPARE(asked.at(0).at(0).value<DeploymentOperation>(),
                     op(DeploymentOperation::Kind(kind), card, percentage));
        }
        QCOMPARE(messages.count(), refusal.isEmpty() ? 0 : 1);
        if (!refusal.isEmpty())
            QVERIFY(messages.at(0).at(0).toString().contains(refusal));
        // Snapped back, marks off: the graph changes only when the server's routing does.
        QCOMPARE(scene()->versionItem(card)->pos(), before);
        QCOMPARE(scene()->laneItem(slot)->dropState(), DeploymentLaneItem::DropState::None);
        QVERIFY(!scene()->isDragging());
    }

    void theRampHandleChangesThePercentage_data()
    {
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("asked"); // -1: nothing asked
        QTest::newRow("35 %") << 35.0 << 35;
        QTest::newRow("snaps to whole percents") << 57.3 << 57;
        QTest::newRow("past the end: 100 %") << 130.0 << 100;
        QTest::newRow("before the start: 0 %") << -20.0 << 0;
        QTest::newRow("back where it was") << 10.0 << -1;
    }

    void theRampHandleChangesThePercentage()
    {
        QFETCH(double, to);
        QFETCH(int, asked);
        QSignalSpy requested(m_page, &DeploymentPage::operationRequested);
        RampShareItem *share = scene()->rampShare();
        const QPointF handle = share->handleSceneRect().center();
        QWidget *viewport = view()->viewport();
        const QPoint from = view()->mapFromScene(handle);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        // Not a card drag, not a selection: the handle.
        const QPoint target = view()->mapFromScene(share->scenePointOf(to));
        QTest::mouseMove(viewport, view()->mapFromScene(share->scenePointOf(60)));
        QTest::mouseMove(viewport, target);
        QVERIFY(scene()->isDraggingHandle());
        // Whole percents only; the pixel the mouse is on may be a fraction of a percent off the asked value.
        const int shown = share->percentageAt(view()->mapToScene(target));
        QVERIFY2(std::abs(shown - std::clamp(to, 0.0, 100.0)) < 1, qPrintable(QString::number(shown)));
        QCOMPARE(share->dragPercentage(), std::optional<int>(shown));
        QVERIFY2(share->text().contains(QStringLiteral("ramping %1 %").arg(shown)),
                 qPrintable(share->text()));
        QCOMPARE(scene()->laneItem(Lane::Current)->bandText(),
                 QStringLiteral("%1 % of new workflows").arg(100 - shown));
        if (const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR");
            !shots.isEmpty() && asked == 35)
            QVERIFY(view()->grab().save(shots + QStringLiteral("/deployment-drag-handle.png")));
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, target);
        QVERIFY(!scene()->isDragging());
        QCOMPARE(share->dragPercentage(), std::nullopt);
        QCOMPARE(scene()->laneItem(Lane::Current)->bandText(), QStringLiteral("90 % of new workflows"));
        QCOMPARE(model()->selectedKey(), QString());
        if (asked < 0) {
            QCOMPARE(requested.count(), 0);
            return;
        }
        QCOMPARE(requested.count(), 1);
        QCOMPARE(shown, asked);
        QCOMPARE(requested.at(0).at(0).value<DeploymentOperation>(),
                 op(DeploymentOperation::Kind::SetRamping, QStringLiteral("v1.6.0"), asked));
    }

    void noHandleWithoutARamp()
    {
        DeploymentSnapshot s = DeploymentFixture::rollout();
        s.deployment.routing.hasRamp = false;
        m_page->setSnapshot(s);
        QVERIFY(!scene()->rampShare()->hasHandle());
        QCOMPARE(scene()->rampShare()->text(), QStringLiteral("no ramp: current takes 100 %"));
        QCOMPARE(scene()->laneItem(Lane::Current)->bandText(), QStringLiteral("100 % of new workflows"));
    }

    void readOnlyStartsNoDragAndDisablesEveryChange()
    {
        m_page->setReadOnly(true);
        QSignalSpy asked(m_page, &DeploymentPage::operationRequested);
        drag(centerOf(QStringLiteral("v1.4.2")), slotOf(Lane::Current));
        drag(scene()->rampShare()->handleSceneRect().center(), scene()->rampShare()->scenePointOf(50));
        QCOMPARE(asked.count(), 0);
        QMenu *menu = m_page->menus()->versionMenu(QStringLiteral("v1.4.2"), m_page);
        for (const char *name : {"setCurrent", "rampTo", "deleteVersion", "deleteVersionSkipDrainage"}) {
            QAction *action = menu->findChild<QAction *>(QLatin1String(name));
            QVERIFY(action);
            QVERIFY(!action->isEnabled());
            QCOMPARE(action->toolTip(), QStringLiteral("This view is read-only"));
        }
        // Looking is still allowed.
        QVERIFY(menu->findChild<QAction *>(QStringLiteral("metadata"))->isEnabled());
        delete menu;
    }

    void pointlessActionsAreDisabledWithTheReason_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("ramp");
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("set current on the current")
            << "v1.5.0" << true << "setCurrent" << false << "already the current";
        QTest::newRow("set current on the ramping") << "v1.6.0" << true << "setCurrent" << true << "";
        QTest::newRow("ramp the current")
            << "v1.5.0" << true << "rampTo" << false << "is the current version";
        QTest::newRow("ramp the ramping") << "v1.6.0" << true << "rampTo" << false << "already ramping";
        QTest::newRow("ramp a draining one") << "v1.4.2" << true << "rampTo" << true << "";
        QTest::newRow("stop ramping, nothing ramps")
            << "v1.6.0" << false << "stopRamping" << false << "Nothing ramps";
        QTest::newRow("stop ramping the ramping") << "v1.6.0" << true << "stopRamping" << true << "";
        QTest::newRow("change percentage of another")
            << "v1.4.2" << true << "changePercentage" << false << "not the ramping version";
        QTest::newRow("delete the current")
            << "v1.5.0" << true << "deleteVersion" << false << "is the current version";
        QTest::newRow("delete the ramping") << "v1.6.0" << true << "deleteVersion" << false << "is ramping";
        QTest::newRow("delete while draining")
            << "v1.4.2" << true << "deleteVersion" << false << "still draining";
        QTest::newRow("delete without waiting while draining")
            << "v1.4.2" << true << "deleteVersionSkipDrainage" << true << "";
        QTest::newRow("delete without waiting, the current")
            << "v1.5.0" << true << "deleteVersionSkipDrainage" << false << "is the current version";
    }

    void pointlessActionsAreDisabledWithTheReason()
    {
        QFETCH(QString, key);
        QFETCH(bool, ramp);
        QFETCH(QString, action);
        QFETCH(bool, enabled);
        QFETCH(QString, reasonPart);
        if (!ramp) {
            DeploymentSnapshot s = DeploymentFixture::rollout();
            s.deployment.routing.hasRamp = false;
            s.deployment.versions[2].status = Status::Inactive;
            m_page->setSnapshot(s);
        }
        QMenu *menu = m_page->menus()->versionMenu(key, m_page);
        QAction *found = menu->findChild<QAction *>(action);
        QVERIFY(found);
        QCOMPARE(found->isEnabled(), enabled);
        if (!enabled) {
            QVERIFY2(found->toolTip().contains(reasonPart), qPrintable(found->toolTip()));
            QCOMPARE(found->statusTip(), found->toolTip());
        }
        delete menu;
    }

    void theUnversionedWorkersMenuSaysWhatTheyAreNot_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("set current") << "setCurrent"
                                     << "The unversioned workers are already current";
        QTest::newRow("ramp") << "rampTo"
                              << "The unversioned workers are current";
        QTest::newRow("delete") << "deleteVersion"
                                << "not a version";
        QTest::newRow("delete without waiting") << "deleteVersionSkipDrainage"
                                                << "not a version";
        QTest::newRow("metadata") << "metadata"
                                  << "no metadata";
        QTest::newRow("copy") << "copyBuildId"
                              << "no build ID";
    }

    void theUnversionedWorkersMenuSaysWhatTheyAreNot()
    {
        QFETCH(QString, action);
        QFETCH(QString, reasonPart);
        DeploymentSnapshot s = DeploymentFixture::rollout();
        s.deployment.routing.currentBuildId.clear();
        s.deployment.versions[1].status = Status::Draining;
        m_page->setSnapshot(s);
        QMenu *menu = m_page->menus()->versionMenu(QString(), m_page);
        QAction *found = menu->findChild<QAction *>(action);
        QVERIFY(found);
        QVERIFY(!found->isEnabled());
        QVERIFY2(found->toolTip().contains(reasonPart), qPrintable(found->toolTip()));
        delete menu;
        // Dragged onto the Ramping slot, they are refused with the same words.
        QSignalSpy messages(m_page, &DeploymentPage::messagePosted);
        drag(centerOf(QString()), slotOf(Lane::Ramping));
        QCOMPARE(messages.count(), 1);
        QVERIFY(messages.at(0).at(0).toString().startsWith(
            QStringLiteral("The unversioned workers are current")));
    }

    void everyMenuActionAsksForItsOperation_data()
    {
        QTest::addColumn<QString>("menu"); // a key, or "lane:current", "lane:ramping", "canvas"
        QTest::addColumn<QString>("action");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("buildId");
        QTest::addColumn<double>("percentage");
        QTest::addColumn<bool>("skipDrainage");
        using K = DeploymentOperation::Kind;
        QTest::newRow("set current") << "v1.6.0"
                                     << "setCurrent" << int(K::SetCurrent) << "v1.6.0" << 0.0 << false;
        QTest::newRow("ramp this version") << "v1.4.2"
                                           << "rampTo" << int(K::SetRamping) << "v1.4.2" << 10.0 << false;
        QTest::newRow("stop ramping") << "v1.6.0"
                                      << "stopRamping" << int(K::StopRamping) << "" << 0.0 << false;
        QTest::newRow("delete without waiting")
            << "v1.4.2"
            << "deleteVersionSkipDrainage" << int(K::DeleteVersion) << "v1.4.2" << 0.0 << true;
        QTest::newRow("Current: set current v1.4.2")
            << "lane:current"
            << "setCurrent:v1.4.2" << int(K::SetCurrent) << "v1.4.2" << 0.0 << false;
        QTest::newRow("Current: unversioned workers")
            << "lane:current"
            << "unversionedCurrent" << int(K::SetCurrent) << "" << 0.0 << false;
        QTest::newRow("Ramping: ramp to v1.4.2")
            << "lane:ramping"
            << "rampTo:v1.4.2" << int(K::SetRamping) << "v1.4.2" << 10.0 << false;
        QTest::newRow("canvas: stop ramping") << "canvas"
                                              << "stopRamping" << int(K::StopRamping) << "" << 0.0 << false;
    }

    void everyMenuActionAsksForItsOperation()
    {
        QFETCH(QString, menu);
        QFETCH(QString, action);
        QFETCH(int, kind);
        QFETCH(QString, buildId);
        QFETCH(double, percentage);
        QFETCH(bool, skipDrainage);
        QSignalSpy asked(m_page, &DeploymentPage::operationRequested);
        DeploymentMenus *menus = m_page->menus();
        QMenu *shown = menu == QLatin1String("lane:current")   ? menus->laneMenu(Lane::Current, m_page)
                       : menu == QLatin1String("lane:ramping") ? menus->laneMenu(Lane::Ramping, m_page)
                       : menu == QLatin1String("canvas")       ? menus->canvasMenu(m_page)
                                                               : menus->versionMenu(menu, m_page);
        QAction *found = shown->findChild<QAction *>(action);
        QVERIFY(found);
        QVERIFY2(found->isEnabled(), qPrintable(found->toolTip()));
        found->trigger();
        QCOMPARE(asked.count(), 1);
        DeploymentOperation expected = op(DeploymentOperation::Kind(kind), buildId, percentage);
        expected.skipDrainage = skipDrainage;
        QCOMPARE(asked.at(0).at(0).value<DeploymentOperation>(), expected);
        delete shown;
    }

    void changePercentageAsksForTheValue()
    {
        QSignalSpy asked(m_page, &DeploymentPage::operationRequested);
        QMenu *menu = m_page->menus()->laneMenu(Lane::Ramping, m_page);
        menu->findChild<QAction *>(QStringLiteral("changePercentage"))->trigger();
        delete menu;
        QInputDialog *dialog = m_page->menus()->percentageDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->intValue(), 10);
        QCOMPARE(asked.count(), 0);
        dialog->setIntValue(50);
        dialog->accept();
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).value<DeploymentOperation>(),
                 op(DeploymentOperation::Kind::SetRamping, QStringLiteral("v1.6.0"), 50));
    }

    void treeAndGraphShareTheSelection()
    {
        QTreeView *tree = m_page->tree();
        // A click on a card makes its row current.
        QTest::mouseClick(view()->viewport(), Qt::LeftButton, {},
                          view()->mapFromScene(centerOf(QStringLiteral("v1.4.2"))));
        QCOMPARE(model()->selectedKey(), QStringLiteral("v1.4.2"));
        QCOMPARE(tree->currentIndex().data(DeploymentTreeModel::KeyRole).toString(),
                 QStringLiteral("v1.4.2"));
        // Moving in the list selects the card.
        tree->setCurrentIndex(m_page->treeModel()->indexOfKey(QStringLiteral("v1.6.0")));
        QVERIFY(scene()->versionItem(QStringLiteral("v1.6.0"))->isSelected());
        QVERIFY(!scene()->versionItem(QStringLiteral("v1.4.2"))->isSelected());
        // A refresh keeps both, in place.
        DeploymentVersionItem *card = scene()->versionItem(QStringLiteral("v1.6.0"));
        m_page->setSnapshot(DeploymentFixture::rollout());
        QCOMPARE(scene()->versionItem(QStringLiteral("v1.6.0")), card);
        QVERIFY(card->isSelected());
        QCOMPARE(tree->currentIndex().data(DeploymentTreeModel::KeyRole).toString(),
                 QStringLiteral("v1.6.0"));
        // A refresh without the version clears both.
        DeploymentSnapshot s = DeploymentFixture::rollout();
        s.deployment.routing.hasRamp = false;
        s.deployment.versions.removeLast();
        m_page->setSnapshot(s);
        QVERIFY(!model()->hasSelection());
        QVERIFY(!tree->currentIndex().isValid());
    }

    void theKeyboardReachesEveryMenu_data()
    {
        QTest::addColumn<bool>("fromTree");
        QTest::addColumn<int>("key");
        QTest::newRow("graph, menu key") << false << int(Qt::Key_Menu);
        QTest::newRow("graph, Enter") << false << int(Qt::Key_Return);
        QTest::newRow("list, menu key") << true << int(Qt::Key_Menu);
        QTest::newRow("list, Enter") << true << int(Qt::Key_Return);
    }

    void theKeyboardReachesEveryMenu()
    {
        QFETCH(bool, fromTree);
        QFETCH(int, key);
        QSignalSpy asked(m_page, &DeploymentPage::operationRequested);
        QTreeView *tree = m_page->tree();
        if (fromTree) {
            tree->setFocus();
            tree->setCurrentIndex(m_page->treeModel()->indexOfKey(QStringLiteral("v1.4.2")));
        } else {
            view()->setFocus();
            // Arrow keys walk the cards in the list's order: v1.6.0 (Ramping), v1.5.0 (Current), v1.4.2.
            QTest::keyClick(view(), Qt::Key_Right);
            QTest::keyClick(view(), Qt::Key_Right);
            QTest::keyClick(view(), Qt::Key_Right);
            QCOMPARE(model()->selectedKey(), QStringLiteral("v1.4.2"));
        }
        QWidget *target = fromTree ? static_cast<QWidget *>(tree) : view();
        if (key == Qt::Key_Menu) {
            // What the platform sends for the menu key: a context menu event of the keyboard, to the focus
            // widget, at a point that need not be the selected row's.
            QContextMenuEvent event(QContextMenuEvent::Keyboard, QPoint(5, 5),
                                    target->mapToGlobal(QPoint(5, 5)));
            QApplication::sendEvent(target, &event);
        } else {
            QTest::keyClick(target, Qt::Key(key));
        }
        QTRY_VERIFY(popup());
        QMenu *menu = popup();
        QCOMPARE(menu->title(), QStringLiteral("v1.4.2"));
        QAction *current = menu->findChild<QAction *>(QStringLiteral("setCurrent"));
        QVERIFY(current && current->isEnabled());
        current->trigger();
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).value<DeploymentOperation>(),
                 op(DeploymentOperation::Kind::SetCurrent, QStringLiteral("v1.4.2")));
    }

    void aRefreshDuringADragKeepsOrEndsIt_data()
    {
        QTest::addColumn<bool>("handle");
        QTest::addColumn<QString>("change");
        QTest::addColumn<bool>("continues");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("card, same state") << false << "same" << true << "";
        QTest::newRow("card, its version drained meanwhile") << false << "drained" << true << "";
        QTest::newRow("card, its version deleted")
            << false << "deleted" << false << "no longer in the deployment";
        QTest::newRow("handle, same state") << true << "same" << true << "";
        QTest::newRow("handle, percentage changed elsewhere") << true << "percentage" << true << "";
        QTest::newRow("handle, ramp stopped elsewhere") << true << "stopped" << false << "ramp ended";
        QTest::newRow("handle, ramp moved elsewhere") << true << "moved" << false << "ramp moved to v1.4.2";
    }

    void aRefreshDuringADragKeepsOrEndsIt()
    {
        QFETCH(bool, handle);
        QFETCH(QString, change);
        QFETCH(bool, continues);
        QFETCH(QString, reasonPart);
        QSignalSpy asked(m_page, &DeploymentPage::operationRequested);
        QSignalSpy interrupted(view(), &DeploymentView::dragInterrupted);
        const QString key = QStringLiteral("v1.4.2");
        QPointer<DeploymentVersionItem> card = scene()->versionItem(key);
        if (handle)
            startDrag(scene()->rampShare()->handleSceneRect().center());
        else
            startDrag(centerOf(key));
        moveTo(handle ? scene()->rampShare()->scenePointOf(40) : slotOf(Lane::Current));
        QVERIFY(view()->isDragging());
        const QPointF held = card->scenePos();

        DeploymentSnapshot s = DeploymentFixture::rollout();
        if (change == QLatin1String("drained")) {
            s.deployment.versions[0].status = Status::Drained;
            s.deployment.versions[0].drainage.status = DrainageStatus::Drained;
        } else if (change == QLatin1String("deleted")) {
            s.deployment.versions.removeFirst();
        } else if (change == QLatin1String("percentage")) {
            s.deployment.routing.rampingPercentage = 20;
        } else if (change == QLatin1String("stopped")) {
            s.deployment.routing.hasRamp = false;
            s.deployment.versions[2].status = Status::Inactive;
        } else if (change == QLatin1String("moved")) {
            s.deployment.routing.rampingBuildId = key;
            s.deployment.versions[0].status = Status::Ramping;
            s.deployment.versions[2].status = Status::Inactive;
        }
        m_page->setSnapshot(s);

        if (!continues) {
            QCOMPARE(interrupted.count(), 1);
            QVERIFY2(interrupted.at(0).at(0).toString().contains(reasonPart),
                     qPrintable(interrupted.at(0).at(0).toString()));
            QVERIFY(!view()->isDragging());
            QVERIFY(!scene()->isDragging());
            releaseAt(slotOf(Lane::Current));
            QCOMPARE(asked.count(), 0);
            return;
        }
        QCOMPARE(interrupted.count(), 0);
        QVERIFY(view()->isDragging());
        if (!handle) {
            // The card stays in the hand, the same item, where the mouse holds it.
            QCOMPARE(scene()->versionItem(key), card.data());
            QCOMPARE(card->scenePos(), held);
        }
        releaseAt(handle ? scene()->rampShare()->scenePointOf(40) : slotOf(Lane::Current));
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).value<DeploymentOperation>(),
                 handle ? op(DeploymentOperation::Kind::SetRamping, QStringLiteral("v1.6.0"), 40)
                        : op(DeploymentOperation::Kind::SetCurrent, key));
        QVERIFY(
            scene()->laneItem(model()->lane(key))->sceneBoundingRect().contains(card->sceneBoundingRect()));
    }

    void changedIsAmberWithAWord()
    {
        m_page->setHighlighted({QStringLiteral("v1.6.0")});
        DeploymentVersionItem *card = scene()->versionItem(QStringLiteral("v1.6.0"));
        QVERIFY(card->isHighlighted());
        QVERIFY(card->lines().at(1).startsWith(QStringLiteral("\u25cf changed")));
        QVERIFY(!scene()->versionItem(QStringLiteral("v1.5.0"))->isHighlighted());
        const QImage picture = view()->grab().toImage();
        const QRect area = view()->mapFromScene(card->sceneBoundingRect()).boundingRect();
        int amber = 0;
        const QColor changed = GraphMetrics::changedColor();
        for (int y = area.top(); y <= area.bottom(); ++y) {
            for (int x = area.left(); x <= area.right(); ++x) {
                const QColor pixel(picture.pixel(x, y));
                amber += std::abs(pixel.red() - changed.red()) + std::abs(pixel.green() - changed.green()) +
                             std::abs(pixel.blue() - changed.blue()) <
                         40;
            }
        }
        QVERIFY2(amber > 50, qPrintable(QString::number(amber)));
        if (const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR"); !shots.isEmpty())
            QVERIFY(picture.save(shots + QStringLiteral("/deployment-changed.png")));
        // Kept across a refresh, in place; cleared when set again.
        m_page->setSnapshot(DeploymentFixture::rollout());
        QCOMPARE(scene()->versionItem(QStringLiteral("v1.6.0")), card);
        QVERIFY(card->isHighlighted());
        m_page->setHighlighted({});
        QVERIFY(!card->isHighlighted());
        QVERIFY(!card->lines().at(1).contains(QStringLiteral("changed")));
    }

    void followsALightOrDarkPaletteAndHintsAtEmptySlots()
    {
        // A deployment whose workers were just deployed: nothing current yet but the unversioned workers,
        // no ramp, one new version.
        DeploymentSnapshot s = DeploymentFixture::rollout();
        s.deployment.routing = {};
        s.deployment.versions = {DeploymentFixture::version(QStringLiteral("v1.0.0"), Status::Inactive, 1)};
        m_page->setSnapshot(s);
        QCOMPARE(model()->versionKeys(), (QStringList{QStringLiteral("v1.0.0"), QString()}));
        QVERIFY(!scene()->rampShare()->hasHandle());
        const QPalette light = QApplication::palette();
        QPalette dark = light;
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Window, QColor(45, 45, 45));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
        QApplication::setPalette(dark);
        const QImage picture = view()->grab().toImage();
        QApplication::setPalette(light);
        QCOMPARE(QColor(picture.pixel(3, 3)).lightness() < 60, true);
        const QPoint inside = view()->mapFromScene(
            scene()->versionItem(QStringLiteral("v1.0.0"))->sceneBoundingRect().bottomRight() -
            QPointF(6, 4));
        QVERIFY(QColor(picture.pixel(inside)).lightness() < 60);
        if (const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR"); !shots.isEmpty())
            QVERIFY(picture.save(shots + QStringLiteral("/deployment-dark-new.png")));
        // Dropping the new version on the empty Ramping slot ramps it at 10 %.
        QSignalSpy asked(m_page, &DeploymentPage::operationRequested);
        drag(centerOf(QStringLiteral("v1.0.0")), slotOf(Lane::Ramping));
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).value<DeploymentOperation>(),
                 op(DeploymentOperation::Kind::SetRamping, QStringLiteral("v1.0.0"), 10));
    }

    void pictures_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("800x600") << QSize(800, 600);
    }

    void pictures()
    {
        QFETCH(QSize, size);
        m_page->resize(size);
        QTRY_COMPARE(m_page->size(), size);
        // Fitted: every lane in view, nothing cut off.
        const QRect shown = view()->mapFromScene(scene()->sceneRect()).boundingRect();
        QVERIFY2(view()->viewport()->rect().adjusted(-2, -2, 2, 2).contains(shown),
                 qPrintable(QStringLiteral("%1x%2").arg(shown.width()).arg(shown.height())));
        const QImage picture = m_page->grab().toImage();
        QCOMPARE(picture.size() / picture.devicePixelRatio(), size);
        // A picture for people: VERSIONSCOPE_SCREENSHOT_DIR=dir ctest -R deploymentgraph
        if (const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR"); !shots.isEmpty()) {
            model()->select(QStringLiteral("v1.6.0"));
            QVERIFY(m_page->grab().save(
                shots + QStringLiteral("/deployment-%1.png").arg(QLatin1String(QTest::currentDataTag()))));
        }
    }
};

QTEST_MAIN(TestDeploymentGraph)
#include "tst_deploymentgraph.moc"
