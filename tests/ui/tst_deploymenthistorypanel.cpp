#include "graph/versionsetgraphview.h"
#include "history/historyentrymodel.h"
#include "history/historypanel.h"
#include "history/historyservice.h"
#include "history/historystore.h"
#include "support/deploymentnotation.h"
#include "support/opnotation.h"
#include "support/setnotation.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

namespace {
const QString kServer = QStringLiteral("temporal.example:7233");
const QString kNamespace = QStringLiteral("payments");

HistoryContext contextFor(const QString &deployment, const QString &user = QStringLiteral("alice"))
{
    HistoryContext context;
    context.osUser = user;
    context.identity = user + QStringLiteral("@laptop (versionscope)");
    context.serverAddress = kServer;
    context.namespaceName = kNamespace;
    context.model = HistoryContext::Model::Deployment;
    context.deploymentName = deployment;
    return context;
}
} // namespace

// The history panel with Worker Deployment entries beside version-set entries (issue 10), on a real SQLite
// history, offscreen: both models in the timeline, the model filter, one deployment entry's routing before
// and after, two compared, and restore of routing offered for the shown deployment with the planned
// operations.
class TestDeploymentHistoryPanel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QDateTime m_start = QDateTime::currentDateTimeUtc().addDays(-2);
    // Ids in the order appended.
    QList<qint64> m_ids;
    std::unique_ptr<HistoryService> m_service;
    std::unique_ptr<HistoryPanel> m_panel;

    const WorkerDeployment v1Current = deploymentFrom("svc", "v1:current* v2:inactive", 1, "ci");
    const WorkerDeployment v2Ramping =
        deploymentFrom("svc", "v1:current* v2:ramping~10", 2, "alice@laptop (versionscope)");
    const WorkerDeployment v2Current =
        deploymentFrom("svc", "v1:draining v2:current*", 3, "bob@ci (temporal-cli)");

    HistoryEntry applied(const DeploymentOperation &operation, const WorkerDeployment &before,
                         const WorkerDeployment &after, int hours)
    {
        HistoryEntry entry;
        entry.kind = HistoryEntry::Kind::Applied;
        entry.context = contextFor(before.name);
        entry.recordedAt = m_start.addSecs(hours * 3600);
        entry.deploymentOperation = operation;
        entry.reason = QStringLiteral("canary 10%");
        entry.deploymentBefore = before;
        entry.deploymentAfter = after;
        entry.matchedPreview = true;
        entry.outcome = HistoryEntry::Outcome::Applied;
        return entry;
    }

    void seedAndOpen()
    {
        const HistoryLocation location = HistoryLocation::sqliteFile(
            m_dir.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction())));
        {
            std::unique_ptr<HistoryStore> store = HistoryStore::open(location).value();
            HistoryContext queue = contextFor(QString());
            queue.model = HistoryContext::Model::VersionSets;
            queue.deploymentName.clear();
            queue.taskQueue = QStringLiteral("orders");
            QList<HistoryEntry> entries;
            entries << HistoryEntry::observedDeploymentChange(contextFor("svc"), std::nullopt, v1Current,
                                                              m_start)                                    // 0
                    << applied(DeploymentOperation::setRamping("svc", "v2", 10), v1Current, v2Ramping, 1) // 1
                    << HistoryEntry::observedDeploymentChange(contextFor("svc", "carol"), v2Ramping,
                                                              v2Current,
                                                              m_start.addSecs(2 * 3600)) // 2
                    << HistoryEntry::observedChange(queue, {}, setsFrom("1.0"),
                                                    m_start.addSecs(3 * 3600)) // 3
                    << HistoryEntry::observedDeploymentChange(contextFor("billing"), std::nullopt,
                                                              deploymentFrom("billing", "b1:current*"),
                                                              m_start.addSecs(4 * 3600)); // 4
            m_ids.clear();
            for (const HistoryEntry &entry : entries)
                m_ids << store->append(entry).value();
        }
        m_service = std::make_unique<HistoryService>();
        m_panel = std::make_unique<HistoryPanel>(m_service.get());
        m_panel->resize(1100, 600);
        m_panel->show();
        QSignalSpy loaded(m_panel.get(), &HistoryPanel::loaded);
        m_panel->setCurrentDeployment(kServer, kNamespace, QStringLiteral("svc"), v2Current);
        m_service->open(location);
        QTRY_VERIFY(loaded.count() >= 1);
    }

    QList<qint64> listedIds() const
    {
        QList<qint64> ids;
        for (const HistoryEntry &entry : m_panel->model()->entries())
            ids << entry.id;
        return ids;
    }

    void select(const QList<int> &appendOrder)
    {
        QTreeView *timeline = m_panel->timeline();
        timeline->clearSelection();
        for (int i : appendOrder) {
            const int row = m_panel->model()->rowOf(m_ids.at(i));
            QVERIFY(row >= 0);
            timeline->selectionModel()->select(m_panel->model()->index(row, 0),
                                               QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }

    template <typename Change> QList<qint64> after(Change change)
    {
        QSignalSpy loaded(m_panel.get(), &HistoryPanel::loaded);
        change();
        if (!QTest::qWaitFor([&] { return loaded.count() >= 1; }, 5000))
            return {-1};
        // Several controls may have asked; the last answer counts.
        QTest::qWait(50);
        return listedIds();
    }

    QString cell(int appendIndex, int column) const
    {
        HistoryEntryModel *model = m_panel->model();
        return model->index(model->rowOf(m_ids.at(appendIndex)), column).data().toString();
    }

private Q_SLOTS:
    void cleanup()
    {
        m_panel.reset();
        m_service.reset();
    }

    void timelineShowsBothModels()
    {
        seedAndOpen();
        QAbstractItemModelTester tester(m_panel->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // "This deployment": svc's entries only.
        QCOMPARE(listedIds(), (QList<qint64>{m_ids[2], m_ids[1], m_ids[0]}));
        QCOMPARE(m_panel->scopeBox()->itemText(0), QString("This deployment"));
        QVERIFY2(m_panel->statusText().contains("3 entries of deployment svc"),
                 qPrintable(m_panel->statusText()));
        QCOMPARE(cell(1, HistoryEntryModel::ModelColumn), QString("Deployment"));
        QCOMPARE(cell(1, HistoryEntryModel::QueueColumn), QString("svc"));
        QCOMPARE(cell(1, HistoryEntryModel::WhatColumn), QString("set-ramping v2 10%"));
        QCOMPARE(cell(1, HistoryEntryModel::WhoColumn), QString("alice"));
        QCOMPARE(cell(0, HistoryEntryModel::WhatColumn), QString("first seen"));
        // Changed elsewhere: who the server says did it, not whose refresh saw it.
        QCOMPARE(cell(2, HistoryEntryModel::WhatColumn), QString("changed elsewhere"));
        QCOMPARE(cell(2, HistoryEntryModel::WhoColumn), QString("bob@ci (temporal-cli)"));
        QVERIFY(m_panel->model()
                    ->index(m_panel->model()->rowOf(m_ids[2]), HistoryEntryModel::WhoColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains("carol"));

        // Everything of the namespace, then one model at a time.
        QCOMPARE(after([&] { m_panel->scopeBox()->setCurrentIndex(1); }).size(), 5);
        QCOMPARE(cell(3, HistoryEntryModel::ModelColumn), QString("Version sets"));
        QCOMPARE(cell(3, HistoryEntryModel::QueueColumn), QString("orders"));
        QVERIFY2(m_panel->statusText().startsWith("5 entries of all queues and deployments of payments"),
                 qPrintable(m_panel->statusText()));
        QCOMPARE(after([&] { m_panel->modelBox()->setCurrentText("Version sets"); }),
                 QList<qint64>{m_ids[3]});
        QCOMPARE(after([&] { m_panel->modelBox()->setCurrentText("Deployments"); }),
                 (QList<qint64>{m_ids[4], m_ids[2], m_ids[1], m_ids[0]}));
        QVERIFY2(m_panel->statusText().startsWith("4 entries of all deployments"),
                 qPrintable(m_panel->statusText()));
        QCOMPARE(after([&] { m_panel->operationBox()->setCurrentText("set-ramping"); }),
                 QList<qint64>{m_ids[1]});
        QCOMPARE(after([&] { m_panel->operationBox()->setCurrentText("changed elsewhere"); }),
                 (QList<qint64>{m_ids[4], m_ids[2], m_ids[0]}));
        // The person filter finds who changed it elsewhere.
        QCOMPARE(after([&] {
                     m_panel->operationBox()->setCurrentIndex(0);
                     m_panel->personEdit()->setText("BOB@CI");
                 }),
                 QList<qint64>{m_ids[2]});

        // Following the window back to a queue.
        QCOMPARE(after([&] {
                     m_panel->personEdit()->clear();
                     m_panel->modelBox()->setCurrentIndex(0);
                     m_panel->scopeBox()->setCurrentIndex(0);
                     m_panel->setCurrentQueue(kServer, kNamespace, "orders");
                 }),
                 QList<qint64>{m_ids[3]});
        QCOMPARE(m_panel->scopeBox()->itemText(0), QString("This queue"));
    }

    void oneEntryShowsTheRoutingBeforeAndAfter()
    {
        seedAndOpen();
        select({1});
        // Text instead of graphs.
        QVERIFY(!m_panel->beforeView()->isVisible());
        QVERIFY(!m_panel->afterView()->isVisible());
        const QString before = m_panel->beforeRoutingText();
        const QString afterText = m_panel->afterRoutingText();
        QVERIFY2(before.contains("Current:</b> v1"), qPrintable(before));
        QVERIFY2(before.contains("Ramping:</b> none"), qPrintable(before));
        QVERIFY2(afterText.contains("Ramping:</b> v2 at 10%"), qPrintable(afterText));
        QVERIFY2(afterText.contains("v1 90%") && afterText.contains("v2 10%"), qPrintable(afterText));
        QVERIFY2(afterText.contains("routing revision 2"), qPrintable(afterText));
        QVERIFY2(m_panel->captionText().contains(
                     QString("#%1 set-ramping v2 10% on deployment svc").arg(m_ids[1])),
                 qPrintable(m_panel->captionText()));
        const QString detail = m_panel->detailText();
        QVERIFY2(detail.contains("alice (identity alice@laptop (versionscope))"), qPrintable(detail));
        QVERIFY2(detail.contains("canary 10%"), qPrintable(detail));
        QVERIFY2(detail.contains("Ramp: none \u2192 v2 at 10%"), qPrintable(detail));
        QVERIFY2(detail.contains("matched the preview"), qPrintable(detail));

        // A change seen elsewhere says who made it.
        select({2});
        const QString seen = m_panel->detailText();
        QVERIFY2(seen.contains("bob@ci (temporal-cli) (the deployment's last modifier identity); seen by a "
                               "refresh of carol"),
                 qPrintable(seen));
        QVERIFY2(seen.contains("Current version: v1 \u2192 v2"), qPrintable(seen));
        QVERIFY2(seen.contains("Version v1: current \u2192 draining"), qPrintable(seen));
        QVERIFY2(seen.contains("Routing revision 2 \u2192 3"), qPrintable(seen));

        // First sight: nothing before.
        select({0});
        QVERIFY2(m_panel->beforeRoutingText().contains("Not seen before"),
                 qPrintable(m_panel->beforeRoutingText()));

        // Back to a version-set entry: the graphs again.
        after([&] { m_panel->scopeBox()->setCurrentIndex(1); });
        select({3});
        QVERIFY(m_panel->beforeView()->isVisible());
        QVERIFY(m_panel->beforeRoutingText().isEmpty());
    }

    void twoEntriesAreCompared()
    {
        seedAndOpen();
        select({2, 0});
        QVERIFY2(m_panel->captionText().startsWith(QString("Comparing #%1").arg(m_ids[0])),
                 qPrintable(m_panel->captionText()));
        QVERIFY2(m_panel->beforeRoutingText().contains("Current:</b> v1"),
                 qPrintable(m_panel->beforeRoutingText()));
        QVERIFY2(m_panel->afterRoutingText().contains("Current:</b> v2"),
                 qPrintable(m_panel->afterRoutingText()));
        QVERIFY2(m_panel->detailText().contains("Current version: v1 \u2192 v2"),
                 qPrintable(m_panel->detailText()));
        QVERIFY(!m_panel->restoreButton()->isEnabled());

        // Entries of the two models are not compared.
        after([&] { m_panel->scopeBox()->setCurrentIndex(1); });
        select({3, 1});
        QVERIFY2(m_panel->captionText().contains("cannot be compared"), qPrintable(m_panel->captionText()));
    }

    void restorePlansTheRoutingOperations()
    {
        seedAndOpen();
        QSignalSpy restore(m_panel.get(), &HistoryPanel::deploymentRestoreRequested);
        QSignalSpy setsRestore(m_panel.get(), &HistoryPanel::restoreRequested);
        // Now v2 is current; the state after the ramp had v1 current and v2 ramping at 10%.
        select({1});
        QVERIFY(m_panel->restoreButton()->isEnabled());
        const QString tip = m_panel->restoreButton()->toolTip();
        QVERIFY2(tip.contains(DeploymentOperation::setCurrent("svc", "v1").summary() + "; " +
                              DeploymentOperation::setRamping("svc", "v2", 10).summary()),
                 qPrintable(tip));
        QTest::mouseClick(m_panel->restoreButton(), Qt::LeftButton);
        QCOMPARE(restore.count(), 1);
        QCOMPARE(setsRestore.count(), 0);
        QCOMPARE(restore.at(0).at(0).value<HistoryEntry>().id, m_ids[1]);
        const DeploymentRestorePlan plan = restore.at(0).at(1).value<DeploymentRestorePlan>();
        QCOMPARE(plan.operations,
                 (QList<DeploymentOperation>{DeploymentOperation::setCurrent("svc", "v1"),
                                             DeploymentOperation::setRamping("svc", "v2", 10)}));
        QCOMPARE(plan, planDeploymentRestore(v2Current, v2Ramping));

        // The state it already has: nothing to do, and it says so.
        select({2});
        QVERIFY(!m_panel->restoreButton()->isEnabled());
        QVERIFY2(m_panel->restoreButton()->toolTip().contains("already routes"),
                 qPrintable(m_panel->restoreButton()->toolTip()));
        // A newer read is what the plan starts from.
        m_panel->setCurrentDeployment(kServer, kNamespace, "svc", v1Current);
        QVERIFY(m_panel->restoreButton()->isEnabled());

        // Another deployment's entry: open it first.
        after([&] { m_panel->scopeBox()->setCurrentIndex(1); });
        select({4});
        QVERIFY(!m_panel->restoreButton()->isEnabled());
        QVERIFY2(m_panel->restoreButton()->toolTip().contains("Open deployment billing"),
                 qPrintable(m_panel->restoreButton()->toolTip()));
        // Without a read of the deployment there is nothing to plan from.
        m_panel->setCurrentDeployment(kServer, kNamespace, "svc", std::nullopt);
        select({1});
        QVERIFY(!m_panel->restoreButton()->isEnabled());
        QVERIFY2(m_panel->restoreButton()->toolTip().contains("not read yet"),
                 qPrintable(m_panel->restoreButton()->toolTip()));
    }

    // A picture for people: VERSIONSCOPE_SCREENSHOT_DIR=dir ctest -R deploymenthistorypanel
    void screenshot()
    {
        const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR");
        if (shots.isEmpty())
            QSKIP("set VERSIONSCOPE_SCREENSHOT_DIR to write history-deployment.png");
        seedAndOpen();
        select({1});
        QTest::qWait(200);
        QVERIFY(m_panel->grab().save(shots + QStringLiteral("/history-deployment.png")));
    }
};

QTEST_MAIN(TestDeploymentHistoryPanel)
#include "tst_deploymenthistorypanel.moc"
