#include "graph/buildiditem.h"
#include "graph/setitem.h"
#include "graph/versionsetgraphmodel.h"
#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "models/taskqueuelistmodel.h"
#include "models/versionsetselectionsync.h"
#include "models/versionsettreemodel.h"
#include "support/setnotation.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <QTreeView>

// The queue list and the tree that mirrors the graph: every fact reachable as text, models well-behaved.
class TestUiModels : public QObject
{
    Q_OBJECT

    static QueueSnapshot snapshotOf(const QString &notation, const QList<PollerInfo> &pollers)
    {
        QueueSnapshot snapshot;
        snapshot.taskQueue = QStringLiteral("orders");
        snapshot.sets = setsFrom(notation);
        snapshot.pollers = QueuePollers(pollers);
        return snapshot;
    }
    static PollerInfo poller(const QString &identity, const QString &buildId, TaskQueueKind kind)
    {
        PollerInfo info;
        info.identity = identity;
        info.buildId = buildId;
        info.kind = kind;
        info.useVersioning = true;
        info.lastAccessTime = QDateTime(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC);
        return info;
    }

private Q_SLOTS:
    void queueListKeepsOriginsAndFlagsDefaultsWithoutPollers()
    {
        TaskQueueListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPinned(QStringLiteral("payments"), true);
        model.addDiscovered({{QStringLiteral("orders"), QDateTime::currentDateTimeUtc(), 3},
                             {QStringLiteral("payments"), QDateTime::currentDateTimeUtc(), 1}});
        QCOMPARE(model.addTyped(QStringLiteral("  shipping ")), 2);
        QCOMPARE(model.addTyped(QStringLiteral("   ")), -1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.queueNames(), (QStringList{"payments", "orders", "shipping"}));
        QCOMPARE(model.pinnedQueues(), QStringList{"payments"});
        const QModelIndex payments = model.index(0, TaskQueueListModel::OriginColumn);
        QCOMPARE(payments.data().toString(), QString("pinned, discovered"));
        QCOMPARE(model.index(0, TaskQueueListModel::NameColumn).data().toString(),
                 QString("\u2691 payments"));
        QCOMPARE(model.index(0, 0).data(TaskQueueListModel::NameRole).toString(), QString("payments"));

        model.setSummary(QStringLiteral("payments"),
                         snapshotOf("p7|p8", {poller("w1", "p7", TaskQueueKind::Workflow)}));
        QCOMPARE(model.index(0, TaskQueueListModel::DefaultColumn).data().toString(), QString("p8"));
        QVERIFY(model.index(0, 0).data(TaskQueueListModel::NoPollersOnDefaultRole).toBool());
        QVERIFY(model.index(0, TaskQueueListModel::PollersColumn).data().toString().contains("none"));

        model.setSummary(QStringLiteral("orders"),
                         snapshotOf("1.0|2.0", {poller("w", "2.0", TaskQueueKind::Workflow),
                                                poller("w", "2.0", TaskQueueKind::Activity)}));
        QCOMPARE(model.index(1, TaskQueueListModel::PollersColumn).data().toString(), QString("2"));
        QVERIFY(!model.index(1, 0).data(TaskQueueListModel::NoPollersOnDefaultRole).toBool());

        model.setSummary(QStringLiteral("shipping"),
                         Error(ErrorCode::PermissionDenied, QStringLiteral("version sets are disabled")));
        QVERIFY(model.index(2, TaskQueueListModel::PollersColumn).data().toString().contains("unreadable"));
        QVERIFY(model.index(2, 0).data(Qt::ToolTipRole).toString().contains("version sets are disabled"));

        model.setPinned(QStringLiteral("payments"), false);
        QVERIFY(model.pinnedQueues().isEmpty());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void treeMirrorsTheGraphTopDown()
    {
        VersionSetTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshotOf("1.0,1.1|2.0,2.1", {poller("a", "2.1", TaskQueueKind::Workflow),
                                                         poller("b", "2.1", TaskQueueKind::Activity),
                                                         poller("c", "1.0", TaskQueueKind::Workflow)}));
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex set2 = model.index(1, VersionSetTreeModel::NameColumn);
        QCOMPARE(set2.data().toString(), QString("Set 2 [2.0, 2.1]"));
        QCOMPARE(model.index(1, VersionSetTreeModel::RoleColumn).data().toString(),
                 QString("queue default set"));
        QCOMPARE(model.rowCount(set2), 2);
        // The set default first, as the graph stacks it on top.
        QCOMPARE(model.index(0, 0, set2).data().toString(), QString("2.1"));
        QCOMPARE(model.index(0, VersionSetTreeModel::RoleColumn, set2).data().toString(),
                 QString("queue default"));
        QCOMPARE(model.index(0, VersionSetTreeModel::PollersColumn, set2).data().toString(),
                 QString("1 workflow, 1 activity"));
        QVERIFY(
            model.index(0, 0, set2).data(Qt::ToolTipRole).toString().contains("a (workflow), last polled"));
        QCOMPARE(model.index(1, 0, set2).data().toString(), QString("2.0"));
        QCOMPARE(model.index(1, VersionSetTreeModel::PollersColumn, set2).data().toString(), QString("none"));
        // A set default nobody polls says so in words.
        const QModelIndex set1 = model.index(0, 0);
        QCOMPARE(model.index(0, 0, set1).data().toString(), QString("1.1"));
        QVERIFY(model.index(0, VersionSetTreeModel::PollersColumn, set1)
                    .data()
                    .toString()
                    .contains("default without pollers"));
        QCOMPARE(model.indexOfBuildId(QStringLiteral("1.0")), model.index(1, 0, set1));
        QCOMPARE(
            model.indexOfBuildId(QStringLiteral("1.0")).data(VersionSetTreeModel::BuildIdRole).toString(),
            QString("1.0"));
        QCOMPARE(model.indexOfBuildId(QStringLiteral("1.0")).data(VersionSetTreeModel::SetIndexRole).toInt(),
                 0);
        QVERIFY(!model.indexOfBuildId(QStringLiteral("9.9")).isValid());

        QueueSnapshot withReach = model.snapshot();
        withReach.reachability.insert(
            QStringLiteral("1.0"),
            BuildIdReachability{QStringLiteral("1.0"), QStringLiteral("orders"), {}, false});
        model.setSnapshot(withReach);
        QCOMPARE(model.index(1, VersionSetTreeModel::ReachabilityColumn, model.index(0, 0)).data().toString(),
                 QString("unreachable"));

        model.setSets(setsFrom(""));
        QCOMPARE(model.rowCount(), 0);
    }

    void selectionFollowsBetweenGraphAndTreeBothWays()
    {
        // One model: the graph and the tree read it, neither keeps a copy.
        VersionSetGraphModel model;
        VersionSetGraphScene scene(&model);
        VersionSetGraphView view(&scene);
        VersionSetTreeModel treeModel(&model);
        QAbstractItemModelTester tester(&treeModel, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTreeView tree;
        tree.setModel(&treeModel);
        VersionSetSelectionSync sync(&model, &treeModel, &tree);
        model.setSnapshot(snapshotOf("1.0,1.1|2.0,2.1", {}));
        QCOMPARE(treeModel.rowCount(), 2);
        view.resize(900, 500);
        view.show();
        tree.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        // Graph → tree: a click on a card makes its row current.
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {},
                          view.mapFromScene(scene.buildIdItem("1.0")->sceneBoundingRect().center()));
        QCOMPARE(tree.currentIndex(), treeModel.indexOfBuildId("1.0"));
        QVERIFY(tree.selectionModel()->isSelected(treeModel.indexOfBuildId("1.0")));
        // A click on a set's header selects the set.
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {},
                          view.mapFromScene(scene.setItem(1)->headerSceneRect().center()));
        QCOMPARE(tree.currentIndex(), treeModel.indexOfSet(1));

        // Tree → graph: moving in the tree selects the card.
        tree.setCurrentIndex(treeModel.indexOfBuildId("2.0"));
        QVERIFY(scene.buildIdItem("2.0")->isSelected());
        QCOMPARE(scene.selectedItems().size(), 1);
        QCOMPARE(model.selectedBuildId(), QString("2.0"));

        // A refresh keeps the place in both, even when the build ID moved (its set was promoted).
        model.setSnapshot(snapshotOf("2.0,2.1|1.0,1.1", {}));
        QCOMPARE(tree.currentIndex(), treeModel.indexOfBuildId("2.0"));
        QVERIFY(scene.buildIdItem("2.0")->isSelected());
        QCOMPARE(model.selectedSet(), 0);
        // A selection that is gone is cleared everywhere.
        model.setSnapshot(snapshotOf("1.0,1.1", {}));
        QVERIFY(!tree.currentIndex().isValid());
        QVERIFY(scene.selectedItems().isEmpty());
        QCOMPARE(model.selectedSet(), -1);
    }

    void theModelMayGoFirst()
    {
        // The window's teardown deletes the model before the scene and the tree (creation order).
        auto *model = new VersionSetGraphModel;
        auto *scene = new VersionSetGraphScene(model);
        auto *treeModel = new VersionSetTreeModel(model);
        QTreeView tree;
        tree.setModel(treeModel);
        auto *sync = new VersionSetSelectionSync(model, treeModel, &tree);
        model->setSets(setsFrom("1.0,1.1|2.0"));
        model->select(0, "1.0");
        QVERIFY(scene->buildIdItem("1.0")->isSelected());
        delete model;
        QCOMPARE(treeModel->rowCount(), 0);
        QVERIFY(scene->items().isEmpty());
        QVERIFY(scene->sets().isEmpty());
        delete scene;
        delete sync;
        delete treeModel;
    }
};

QTEST_MAIN(TestUiModels)
#include "tst_uimodels.moc"
