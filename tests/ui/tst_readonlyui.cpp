#include "deploymentfixture.h"
#include "deployments/deploymentgraphscene.h"
#include "deployments/deploymentlaneitem.h"
#include "deployments/deploymentmenus.h"
#include "deployments/deploymentpage.h"
#include "deployments/deploymentrequests.h"
#include "deployments/deploymentversionitem.h"
#include "deployments/deploymentview.h"
#include "deployments/rampshareitem.h"
#include "dialogs/buildidinputdialog.h"
#include "dialogs/deploymentpreviewdialog.h"
#include "dialogs/nameconfirmation.h"
#include "dialogs/previewdialog.h"
#include "graph/buildiditem.h"
#include "graph/setitem.h"
#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "support/setnotation.h"
#include "versionsets/versionsetplanner.h"
#include "window/operationmenus.h"
#include "window/queueactions.h"
#include "window/windowtoolbar.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using Lane = DeploymentGraphModel::Lane;

// Read-only mode and protected names in the widgets (issue 11): every changing menu action is disabled with
// the reason in its tooltip and status tip, drags are refused saying why, the toolbar says read-only, and a
// protected target's preview keeps Apply disabled until its name is typed exactly.
class TestReadOnlyUi : public QObject
{
    Q_OBJECT

    const QString m_why =
        QStringLiteral("read-only: profile \"prod\" in ~/.config/versionscope/versionscope.toml, "
                       "line 2");

    static QList<QAction *> allActions(QMenu *menu)
    {
        QList<QAction *> actions;
        for (QAction *action : menu->actions()) {
            actions << action;
            if (action->menu())
                actions << allActions(action->menu());
        }
        return actions;
    }

    // Every action of menu that changes something is disabled with why as tooltip and status tip; the
    // others (named in looking) stay enabled.
    void checkOnlyLookingEnabled(QMenu *menu, const QStringList &looking)
    {
        int changes = 0;
        for (QAction *action : allActions(menu)) {
            if (action->isSeparator() || action->objectName().isEmpty())
                continue;
            if (looking.contains(action->objectName())) {
                QVERIFY2(action->isEnabled(), qPrintable(action->objectName()));
                continue;
            }
            ++changes;
            QVERIFY2(!action->isEnabled(), qPrintable(action->objectName()));
            QCOMPARE(action->toolTip(), m_why);
            QCOMPARE(action->statusTip(), m_why);
        }
        QVERIFY(changes > 0);
    }

    static void dragOnViewport(QWidget *viewport, const QPoint &from, const QPoint &to)
    {
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, from + QPoint(8, 8));
        QTest::mouseMove(viewport, from + QPoint(14, 20));
        QTest::mouseMove(viewport, to);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
    }

private Q_SLOTS:
    void versionSetMenusDisableEveryChange()
    {
        QWidget window;
        OperationMenus menus(&window);
        menus.setSets(setsFrom("1.0,1.1|2.0|3.0"), {});
        menus.setChangesRefused(m_why);
        const QStringList looking{QStringLiteral("copyBuildId"), QStringLiteral("showPollers"),
                                  QStringLiteral("itsSet")};
        std::unique_ptr<QMenu> canvas(menus.canvasMenu(&window));
        checkOnlyLookingEnabled(canvas.get(), looking);
        std::unique_ptr<QMenu> set(menus.setMenu(0, &window));
        checkOnlyLookingEnabled(set.get(), looking);
        std::unique_ptr<QMenu> buildId(menus.buildIdMenu(QStringLiteral("1.0"), &window));
        checkOnlyLookingEnabled(buildId.get(), looking);
        // A shortcut's way in only says why.
        QSignalSpy posted(&menus, &OperationMenus::messagePosted);
        menus.askNewDefault();
        QCOMPARE(posted.count(), 1);
        QCOMPARE(posted.at(0).at(0).toString(), m_why);
        QVERIFY(!menus.openDialog());

        // Changes allowed again: the menus' own rules come back.
        menus.setChangesRefused({});
        std::unique_ptr<QMenu> again(menus.setMenu(0, &window));
        QVERIFY(again->findChild<QAction *>(QStringLiteral("promoteSet")) ||
                allActions(again.get()).size() > 0);
        for (QAction *action : allActions(again.get())) {
            if (action->objectName() == QLatin1String("promoteSet"))
                QVERIFY(action->isEnabled());
        }
    }

    void queueMenuDisablesEveryChange()
    {
        const VersionSets sets = setsFrom("1.0,1.1|2.0");
        QueueActions actions(
            {[] { return 0; }, [] { return QStringLiteral("1.0"); }, [sets] { return sets; }});
        QMenu menu;
        actions.addTo(&menu);
        QVERIFY(actions.promoteSetAction()->isEnabled());
        actions.setChangesRefused(m_why);
        for (QAction *action : {actions.addCompatibleAction(), actions.promoteSetAction(),
                                actions.promoteIdInSetAction(), actions.mergeMenuAction()}) {
            QVERIFY2(!action->isEnabled(), qPrintable(action->text()));
            QCOMPARE(action->toolTip(), m_why);
        }
        QVERIFY(actions.copyBuildIdAction()->isEnabled());
        QVERIFY(actions.showPollersAction()->isEnabled());
        // The selection moving does not bring them back.
        actions.updateEnabled();
        QVERIFY(!actions.promoteSetAction()->isEnabled());
        actions.setChangesRefused({});
        QVERIFY(actions.promoteSetAction()->isEnabled());
        QVERIFY(actions.addCompatibleAction()->isEnabled());
    }

    void versionSetDragIsRefusedSayingWhy()
    {
        VersionSetGraphScene scene;
        scene.setSets(setsFrom("1.0,1.1|2.0|3.0"));
        VersionSetGraphView view(&scene);
        view.resize(1000, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.fitAll();
        view.setChangesRefused(m_why);
        // No drop slot invites the drag.
        QVERIFY(scene.isReadOnly());
        QSignalSpy requested(&view, &VersionSetGraphView::operationRequested);
        QSignalSpy refused(&view, &VersionSetGraphView::dropRefused);
        // Set 1 onto set 3 would be a merge; a build ID to the top of its set a promotion.
        const QPoint from = view.mapFromScene(scene.setItem(0)->mapToScene(QPointF(20, 10)));
        const QPoint onto = view.mapFromScene(scene.setItem(2)->mapToScene(QPointF(20, 10)));
        dragOnViewport(view.viewport(), from, onto);
        QCOMPARE(requested.count(), 0);
        QCOMPARE(refused.count(), 1);
        QCOMPARE(refused.at(0).at(0).toString(), m_why);
        QVERIFY(!view.isDragging());
        const QPoint id =
            view.mapFromScene(scene.buildIdItem(QStringLiteral("1.0"))->sceneBoundingRect().center());
        dragOnViewport(view.viewport(), id, from);
        QCOMPARE(requested.count(), 0);
        QCOMPARE(refused.count(), 2);
        // The same gesture asks for the merge once changes are allowed: the refusal was the only difference.
        view.setChangesRefused({});
        QVERIFY(!scene.isReadOnly());
        dragOnViewport(view.viewport(), from, onto);
        QCOMPARE(requested.count(), 1);
    }

    void deploymentMenusAndDragsRefuse()
    {
        DeploymentPage page;
        page.resize(1100, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.setSnapshot(DeploymentFixture::rollout());
        page.setChangesRefused(m_why);
        const QStringList looking{QStringLiteral("metadata"), QStringLiteral("managerIdentity"),
                                  QStringLiteral("copyBuildId"), QStringLiteral("setCurrentMenu"),
                                  QStringLiteral("rampToMenu")};
        std::unique_ptr<QMenu> version(page.menus()->versionMenu(QStringLiteral("v1.4.2"), &page));
        checkOnlyLookingEnabled(version.get(), looking);
        std::unique_ptr<QMenu> canvas(page.menus()->canvasMenu(&page));
        checkOnlyLookingEnabled(canvas.get(), looking);
        // Looking is still offered, and named as such.
        for (QAction *action : allActions(version.get())) {
            if (action->objectName() == QLatin1String("metadata"))
                QCOMPARE(action->text(), QStringLiteral("View metadata\u2026"));
        }

        DeploymentView *view = page.view();
        DeploymentGraphScene *scene = page.scene();
        QSignalSpy requested(view, &DeploymentView::operationRequested);
        QSignalSpy refused(view, &DeploymentView::dropRefused);
        // A card onto the Current lane (set current), and the ramp's handle to 50 %.
        const QPoint card =
            view->mapFromScene(scene->versionItem(QStringLiteral("v1.4.2"))->sceneBoundingRect().center());
        const QPoint current =
            view->mapFromScene(scene->laneItem(Lane::Current)->sceneBoundingRect().center() + QPointF(0, 30));
        dragOnViewport(view->viewport(), card, current);
        QCOMPARE(refused.count(), 1);
        QCOMPARE(refused.at(0).at(0).toString(), m_why);
        const QPoint handle = view->mapFromScene(scene->rampShare()->handleSceneRect().center());
        const QPoint half = view->mapFromScene(scene->rampShare()->scenePointOf(50));
        dragOnViewport(view->viewport(), handle, half);
        QCOMPARE(refused.count(), 2);
        QCOMPARE(requested.count(), 0);
        // The ramp shown did not move.
        QCOMPARE(scene->rampShare()->ramp(), std::optional<double>(10));
        // Allowed again, the handle drag asks for the ramp.
        page.setChangesRefused({});
        dragOnViewport(view->viewport(), handle, half);
        QCOMPARE(requested.count(), 1);
    }

    void toolbarSaysReadOnly()
    {
        QAction connect(QStringLiteral("Connect")), refresh(QStringLiteral("Refresh")),
            add(QStringLiteral("Add")), fit(QStringLiteral("Fit"));
        WindowToolbar toolbar(&connect, &refresh, &add, &fit);
        toolbar.show();
        QVERIFY(!toolbar.isReadOnlyShown());
        toolbar.setReadOnlyReason(m_why);
        QVERIFY(toolbar.isReadOnlyShown());
        QVERIFY(toolbar.readOnlyIndicator()->toolTip().contains(m_why));
        toolbar.setReadOnlyReason({});
        QVERIFY(!toolbar.isReadOnlyShown());
    }

    void versionSetPreviewNeedsTheNameTyped_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("enabled");
        QTest::newRow("nothing") << QString() << false;
        QTest::newRow("y") << QStringLiteral("y") << false;
        QTest::newRow("other case") << QStringLiteral("Orders") << false;
        QTest::newRow("trailing space") << QStringLiteral("orders ") << false;
        QTest::newRow("prefix") << QStringLiteral("order") << false;
        QTest::newRow("exact") << QStringLiteral("orders") << true;
    }
    void versionSetPreviewNeedsTheNameTyped()
    {
        QFETCH(QString, typed);
        QFETCH(bool, enabled);
        PreviewDialog dialog;
        const VersionSetPlan plan = planVersionSetOperation(
            setsFrom("1.0|2.0"), BuildIdOperation::addNewDefault(QStringLiteral("3.0")));
        dialog.setPreview(
            VersionSetPreview::build(plan, QStringLiteral("prod"), QStringLiteral("orders"), {}, {}), {});
        QVERIFY(dialog.applyButton()->isEnabled());
        QVERIFY(!dialog.nameConfirmation()->isVisibleTo(&dialog));
        dialog.requireName(QStringLiteral("orders"), QStringLiteral("namespace \"prod\" is protected (P)"));
        dialog.show();
        QVERIFY(dialog.nameConfirmation()->isVisible());
        QVERIFY(dialog.nameConfirmation()->text().contains(QStringLiteral("Type orders to confirm")));
        QVERIFY(
            dialog.nameConfirmation()->text().contains(QStringLiteral("namespace \"prod\" is protected")));
        QVERIFY(!dialog.applyButton()->isEnabled());
        QSignalSpy requested(&dialog, &PreviewDialog::applyRequested);
        QTest::keyClicks(dialog.nameConfirmation()->edit(), typed);
        QCOMPARE(dialog.applyButton()->isEnabled(), enabled);
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QCOMPARE(requested.count(), enabled ? 1 : 0);
        if (enabled)
            QCOMPARE(dialog.confirmedName(), QStringLiteral("orders"));
    }

    void versionSetPreviewKeepsTheNameAcrossAStalePreview()
    {
        PreviewDialog dialog;
        const auto preview = [](const char *sets) {
            return VersionSetPreview::build(
                planVersionSetOperation(setsFrom(sets),
                                        BuildIdOperation::addNewDefault(QStringLiteral("3.0"))),
                QStringLiteral("prod"), QStringLiteral("orders"), {}, {});
        };
        dialog.setPreview(preview("1.0"), {});
        dialog.requireName(QStringLiteral("orders"), QStringLiteral("P"));
        QTest::keyClicks(dialog.nameConfirmation()->edit(), QStringLiteral("orders"));
        QVERIFY(dialog.applyButton()->isEnabled());
        // A new preview of the same queue: what was typed still confirms it, but a new read is reviewed anew.
        dialog.showStale(preview("1.0|2.0"), {});
        dialog.requireName(QStringLiteral("orders"), QStringLiteral("P"));
        QVERIFY(dialog.applyButton()->isEnabled());
        // Another name clears what was typed.
        dialog.requireName(QStringLiteral("payments"), QStringLiteral("P"));
        QVERIFY(!dialog.applyButton()->isEnabled());
        QVERIFY(dialog.nameConfirmation()->edit()->text().isEmpty());
        // No name required: Apply as before.
        dialog.requireName({}, {});
        QVERIFY(dialog.applyButton()->isEnabled());
        QCOMPARE(dialog.confirmedName(), QString());
    }

    void deploymentPreviewNeedsTheNameTyped()
    {
        DeploymentPreviewDialog dialog;
        const DeploymentPreview preview = DeploymentPreview::build(
            DeploymentFixture::rollout(),
            DeploymentRequests::setCurrent(QStringLiteral("orders"), QStringLiteral("v1.6.0")),
            QStringLiteral("default"), QStringLiteral("me"));
        QVERIFY(!preview.isBlocked());
        dialog.setPreview(preview);
        QVERIFY(dialog.applyButton()->isEnabled());
        dialog.requireName(QStringLiteral("orders"),
                           QStringLiteral("worker deployment \"orders\" is protected (P)"));
        dialog.show();
        QVERIFY(!dialog.applyButton()->isEnabled());
        QVERIFY(dialog.applyButton()->toolTip().contains(QStringLiteral("orders")));
        QSignalSpy requested(&dialog, &DeploymentPreviewDialog::applyRequested);
        QTest::keyClicks(dialog.nameConfirmation()->edit(), QStringLiteral("orderz"));
        QVERIFY(!dialog.applyButton()->isEnabled());
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QCOMPARE(requested.count(), 0);
        dialog.nameConfirmation()->edit()->clear();
        QTest::keyClicks(dialog.nameConfirmation()->edit(), QStringLiteral("orders"));
        QVERIFY(dialog.applyButton()->isEnabled());
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(dialog.confirmedName(), QStringLiteral("orders"));
        // While applying the name cannot be changed under the request.
        dialog.showApplying();
        QVERIFY(!dialog.nameConfirmation()->isEnabled());
    }
};

QTEST_MAIN(TestReadOnlyUi)
#include "tst_readonlyui.moc"
