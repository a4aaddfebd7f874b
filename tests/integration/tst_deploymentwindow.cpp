#include "deployments/deploymentgraphmodel.h"
#include "deployments/deploymentgraphscene.h"
#include "deployments/deploymentlaneitem.h"
#include "deployments/deploymentpage.h"
#include "deployments/deploymentversionitem.h"
#include "deployments/deploymentview.h"
#include "deployments/rampshareitem.h"
#include "dialogs/deploymentpreviewdialog.h"
#include "dialogs/previewdialog.h"
#include "history/historyentrymodel.h"
#include "history/historypanel.h"
#include "models/deploymentlistmodel.h"
#include "models/taskqueuelistmodel.h"
#include "rollout/rolloutengine.h"
#include "support/deploymentworkers.h"
#include "support/testserver.h"
#include "temporal/temporalclient.h"
#include "window/mainwindow.h"
#include "window/windowdeployments.h"
#include "window/windowsettings.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUuid>

#include <memory>

using TestServer::await;
using Lane = DeploymentGraphModel::Lane;

// The window's Worker Deployment side against a real dev server and real Python SDK workers of a deployment
// of each test's own, driven as an operator drives it: a click in the deployment list, mouse drags on the
// graph's viewport, the preview's spin box and buttons, the history panel's restore. What the server ends up
// with is read by an independent client.
class TestDeploymentWindow : public QObject
{
    Q_OBJECT

    QString m_address;
    QTemporaryDir m_dir;
    // Someone else: reads the server independently and makes the changes "made elsewhere".
    std::unique_ptr<TemporalClient> m_outsideClient;
    std::unique_ptr<RolloutEngine> m_outside;
    std::unique_ptr<WindowSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QString m_history;
    // The history entry of the last attempt clickApply() saw.
    qint64 m_lastHistoryId = 0;

    static QString stateDir() { return qEnvironmentVariable("VERSIONSCOPE_TEST_DEPLOYMENTS_SERVER_DIR"); }

    DeploymentWorkers::Spec threeVersions(const QString &prefix) const
    {
        return DeploymentWorkers::Spec{prefix,
                                       {QStringLiteral("v1"), QStringLiteral("v2"), QStringLiteral("v3")},
                                       {QStringLiteral("a")},
                                       QStringLiteral("v1"),
                                       1,
                                       0};
    }

    void openWindow()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("VERSIONSCOPE_HISTORY"), m_history);
        environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"),
                           QStringLiteral("/nonexistent/temporal.toml"));
        environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
                           QStringLiteral("/nonexistent/versionscope.toml"));
        ConnectionOverrides overrides;
        overrides.address = m_address;
        overrides.namespaceName = QStringLiteral("default");
        m_window = std::make_unique<MainWindow>(m_settings.get(), overrides, environment, std::nullopt);
        m_window->resize(1280, 800);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    WindowDeployments *deployments() const { return m_window->deployments(); }
    DeploymentPage *page() const { return deployments()->page(); }
    DeploymentView *view() const { return page()->view(); }
    DeploymentGraphScene *scene() const { return page()->scene(); }
    DeploymentGraphModel *model() const { return page()->graphModel(); }

    QPointF centerOf(const QString &key) const
    {
        return scene()->versionItem(key)->sceneBoundingRect().center();
    }
    QPointF slotOf(Lane lane) const
    {
        // Below the lane's band, where a card stands (the band of the Ramping lane holds the ramp's handle).
        return scene()->laneItem(lane)->sceneBoundingRect().center() + QPointF(0, 30);
    }

    void drag(const QPointF &fromScene, const QPointF &toScene)
    {
        QWidget *viewport = view()->viewport();
        const QPoint from = view()->mapFromScene(fromScene);
        const QPoint to = view()->mapFromScene(toScene);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, from + QPoint(8, 8));
        QTest::mouseMove(viewport, from + QPoint(14, 20));
        QTest::mouseMove(viewport, to);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
    }

    // The deployment as the independent client reads it now.
    std::optional<WorkerDeployment> serverDeployment(const QString &name)
    {
        DeploymentReader::Options light;
        light.pollers = false;
        light.workflowCounts = false;
        auto read = await<DeploymentSnapshot>(
            [&](QObject *ctx, auto done) { m_outside->readDeployment(ctx, name, light, done); }, 30000);
        if (!read || !read->isOk())
            return std::nullopt;
        return read->value().deployment;
    }

    // A change made elsewhere: read, preview and apply by the independent client.
    bool changeElsewhere(const DeploymentOperation &operation)
    {
        auto read = await<DeploymentSnapshot>(
            [&](QObject *ctx, auto done) {
                m_outside->readDeployment(ctx, operation.deploymentName, DeploymentReader::Options(), done);
            },
            30000);
        if (!read || !read->isOk())
            return false;
        std::optional<RolloutEngine::DeploymentApplyResult> result;
        QObject context;
        m_outside->applyDeployment(&context, m_outside->previewDeployment(read->value(), operation), {},
                                   [&result](const RolloutEngine::DeploymentApplyResult &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
            return false;
        return result->outcome.status == DeploymentApplyOutcome::Status::Applied;
    }

    // Clicks the deployment's row in the left list and waits for the page.
    void clickDeployment(const QString &name)
    {
        DeploymentListModel *list = deployments()->listModel();
        QTRY_VERIFY_WITH_TIMEOUT(list->rowOf(name) >= 0, 20000);
        QTreeView *listView = deployments()->listView();
        const QModelIndex index = list->index(list->rowOf(name), 0);
        listView->scrollTo(index);
        QSignalSpy shown(m_window.get(), &MainWindow::deploymentShown);
        QTest::mouseClick(listView->viewport(), Qt::LeftButton, {}, listView->visualRect(index).center());
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
        QCOMPARE(shown.last().at(0).toString(), name);
        QTRY_VERIFY(view()->isVisible());
    }

    DeploymentPreviewDialog *waitForPreview()
    {
        if (!QTest::qWaitFor(
                [&] { return deployments()->previewDialog() && deployments()->previewDialog()->isVisible(); },
                5000))
            return nullptr;
        return deployments()->previewDialog();
    }

    // Clicks Apply; waits until the attempt is finished and the deployment was read again. The outcome.
    std::optional<DeploymentApplyOutcome> clickApply(DeploymentPreviewDialog *preview)
    {
        std::optional<DeploymentApplyOutcome> outcome;
        QObject context;
        connect(deployments(), &WindowDeployments::attemptFinished, &context,
                [&](const QString &, const DeploymentApplyOutcome &o, qint64 id) {
                    outcome = o;
                    m_lastHistoryId = id;
                });
        QSignalSpy shown(m_window.get(), &MainWindow::deploymentShown);
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return outcome && shown.count() >= 1; }, 30000))
            return std::nullopt;
        return outcome;
    }

    // The history panel's deployment entries, newest first.
    QList<HistoryEntry> panelEntries() const
    {
        QList<HistoryEntry> list;
        for (const HistoryEntry &entry : m_window->historyPanel()->model()->entries())
            if (entry.isDeployment())
                list << entry;
        return list;
    }

    int panelCount(HistoryEntry::Kind kind, HistoryEntry::Outcome outcome) const
    {
        int count = 0;
        for (const HistoryEntry &entry : panelEntries())
            count += entry.kind == kind && entry.outcome == outcome;
        return count;
    }

    void screenshot(QWidget *widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_address = TestServer::deploymentsAddress();
        QVERIFY2(!m_address.isEmpty(), "the temporal_deployments_server fixture did not start");
        QVERIFY(m_dir.isValid());
        ConnectionSettings settings = TestServer::settingsFor(m_address);
        settings.identity = QStringLiteral("outside@controller");
        m_outsideClient = std::make_unique<TemporalClient>(settings);
        m_outside = std::make_unique<RolloutEngine>(m_outsideClient.get(), nullptr);
    }

    void init()
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
        m_settings = std::make_unique<WindowSettings>(m_dir.filePath(id + QStringLiteral("-window.ini")));
        // Reads only when the test causes them (a click, an apply, Refresh): what each finds is then known.
        m_settings->setRefreshIntervalSeconds(0);
        m_history = m_dir.filePath(id + QStringLiteral("-history.sqlite"));
    }

    void cleanup()
    {
        m_window.reset();
        m_settings.reset();
    }

    // Ramp 10 % → 50 % → current, each by a drag on the viewport, confirmed in the preview and read back.
    void rolloutByDragsChangesTheServerAsPreviewed()
    {
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("window-rollout")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        openWindow();

        // The list shows the deployment and the caption counts what the list holds.
        DeploymentListModel *list = deployments()->listModel();
        QTRY_VERIFY_WITH_TIMEOUT(list->rowOf(name) >= 0, 20000);
        QCOMPARE(deployments()->captionText(),
                 QCoreApplication::translate("WindowDeployments", "Worker deployments: %n", nullptr,
                                             list->rowCount()));
        QVERIFY(list->rowCount() >= 1);

        clickDeployment(name);
        QVERIFY2(m_window->windowTitle().contains(name), qPrintable(m_window->windowTitle()));
        QCOMPARE(model()->versionsInLane(Lane::Current), QStringList{QStringLiteral("v1")});
        QStringList inactive = model()->versionsInLane(Lane::Inactive);
        inactive.removeAll(QString()); // the unversioned workers, if drawn
        inactive.sort();
        QCOMPARE(inactive, (QStringList{QStringLiteral("v2"), QStringLiteral("v3")}));
        QVERIFY(model()->versionsInLane(Lane::Ramping).isEmpty());
        // Adding a build ID means nothing on a deployment: disabled, saying why.
        QAction *addDefault = m_window->findChild<QAction *>(QStringLiteral("menuAddNewDefault"));
        QVERIFY(addDefault);
        QVERIFY(!addDefault->isEnabled());
        QVERIFY(addDefault->toolTip().contains(QStringLiteral("worker deployment")));
        // The exports write version sets: none to write here.
        QAction *exportPng = m_window->findChild<QAction *>(QStringLiteral("exportPng"));
        QVERIFY(exportPng);
        QVERIFY(!exportPng->isEnabled());
        screenshot(m_window.get(), QStringLiteral("deployment-window-before"));

        // v2 onto the Ramping slot; the percentage is chosen in the preview.
        drag(centerOf(QStringLiteral("v2")), slotOf(Lane::Ramping));
        DeploymentPreviewDialog *preview = waitForPreview();
        QVERIFY(preview);
        QCOMPARE(preview->preview().operation().kind, DeploymentOperation::Kind::SetRamping);
        QCOMPARE(preview->preview().operation().buildId, QStringLiteral("v2"));
        QVERIFY(preview->percentageBox()->isVisible());
        preview->percentageBox()->setFocus();
        preview->percentageBox()->selectAll();
        QTest::keyClicks(preview->percentageBox(), QStringLiteral("10"));
        QTRY_COMPARE(preview->preview().operation().percentage, 10.0);
        screenshot(preview, QStringLiteral("deployment-window-preview-ramp10"));
        std::optional<DeploymentApplyOutcome> outcome = clickApply(preview);
        QVERIFY(outcome);
        QCOMPARE(outcome->status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY2(preview->bannerText().contains(QStringLiteral("matches the preview")),
                 qPrintable(preview->bannerText()));
        std::optional<WorkerDeployment> server = serverDeployment(name);
        QVERIFY(server);
        QCOMPARE(server->routing.rampingBuildId, QStringLiteral("v2"));
        QCOMPARE(server->routing.rampingPercentage, 10.0);
        QCOMPARE(server->routing.currentBuildId, QStringLiteral("v1"));
        preview->close();

        // The ramp's handle dragged to 50 %.
        QTRY_VERIFY(scene()->rampShare()->hasHandle());
        QCOMPARE(scene()->rampShare()->ramp(), std::optional<double>(10));
        drag(scene()->rampShare()->handleSceneRect().center(), scene()->rampShare()->scenePointOf(50));
        preview = waitForPreview();
        QVERIFY(preview);
        QCOMPARE(preview->preview().operation(),
                 DeploymentOperation::setRamping(name, QStringLiteral("v2"), 50));
        outcome = clickApply(preview);
        QVERIFY(outcome);
        QCOMPARE(outcome->status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY2(outcome->matchesPreview, qPrintable(outcome->summary()));
        server = serverDeployment(name);
        QVERIFY(server);
        QCOMPARE(server->routing.rampingPercentage, 50.0);
        preview->close();

        // v2 onto Current: v1 drains.
        drag(centerOf(QStringLiteral("v2")), slotOf(Lane::Current));
        preview = waitForPreview();
        QVERIFY(preview);
        QCOMPARE(preview->preview().operation(), DeploymentOperation::setCurrent(name, QStringLiteral("v2")));
        outcome = clickApply(preview);
        QVERIFY(outcome);
        QCOMPARE(outcome->status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY2(preview->bannerText().contains(QStringLiteral("matches the preview")),
                 qPrintable(preview->bannerText()));
        server = serverDeployment(name);
        QVERIFY(server);
        QCOMPARE(server->routing.currentBuildId, QStringLiteral("v2"));
        QVERIFY(!server->routing.hasRamp);
        preview->close();

        // Refresh (F5's action) re-reads the shown deployment: v1 stands in the Draining lane.
        QSignalSpy shown(m_window.get(), &MainWindow::deploymentShown);
        QAction *refresh = m_window->findChild<QAction *>(QStringLiteral("refresh"));
        QVERIFY(refresh);
        refresh->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
        QCOMPARE(shown.last().at(0).toString(), name);
        QCOMPARE(model()->versionsInLane(Lane::Current), QStringList{QStringLiteral("v2")});
        QCOMPARE(model()->versionsInLane(Lane::Draining), QStringList{QStringLiteral("v1")});
        // Nothing was changed elsewhere; v1's status may have moved on since the read-back (the server's own
        // progress, not a change: tst_knowndeploymentstates).
        QVERIFY2(model()->highlighted().isEmpty(), qPrintable(deployments()->bannerText()));
        screenshot(m_window.get(), QStringLiteral("deployment-window-after"));

        // The history panel follows the deployment and lists the window's three attempts.
        QTRY_COMPARE_WITH_TIMEOUT(panelCount(HistoryEntry::Kind::Applied, HistoryEntry::Outcome::Applied), 3,
                                  15000);
        for (const HistoryEntry &entry : panelEntries())
            QCOMPARE(entry.context.deploymentName, name);

        // Back to a task queue: the panel follows the queue, adding a build ID and the title are the queue's.
        m_window->openTaskQueue(QStringLiteral("plain-") + name);
        QTRY_VERIFY(addDefault->isEnabled());
        QCOMPARE(m_window->historyPanel()->scopeBox()->itemText(0), QStringLiteral("This queue"));
        QVERIFY(!m_window->windowTitle().contains(name));
    }

    // A queue polled by the deployment says so and opens it; a preview applied after someone else changed the
    // deployment sends nothing the server takes: the dialog says what changed and previews again on the new
    // state, the outside change stays, the page announces and highlights it and the history lists it.
    void staleApplyIsStoppedAndShownTheNewState()
    {
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("window-race")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        openWindow();

        // The queue list learns which deployment polls the queue and says so.
        const QString queue = workers.taskQueue(QStringLiteral("a"));
        TaskQueueListModel *queues = m_window->queueModel();
        QTRY_COMPARE_WITH_TIMEOUT(queues->deploymentOf(queue), name, 30000);
        const QModelIndex row = queues->index(queues->rowOf(queue), TaskQueueListModel::DefaultColumn);
        QVERIFY(row.data().toString().contains(name));
        // Activating it (Return on its row) opens the deployment.
        QTreeView *queueView = m_window->queueView();
        auto *proxy = qobject_cast<QSortFilterProxyModel *>(queueView->model());
        QVERIFY(proxy);
        QSignalSpy shown(m_window.get(), &MainWindow::deploymentShown);
        queueView->setFocus();
        queueView->setCurrentIndex(proxy->mapFromSource(queues->index(queues->rowOf(queue), 0)));
        QTest::keyClick(queueView, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
        QCOMPARE(shown.last().at(0).toString(), name);
        QTRY_VERIFY(view()->isVisible());

        drag(centerOf(QStringLiteral("v2")), slotOf(Lane::Ramping));
        DeploymentPreviewDialog *preview = waitForPreview();
        QVERIFY(preview);
        preview->percentageBox()->setValue(25);
        QTRY_COMPARE(preview->preview().operation().percentage, 25.0);

        // Meanwhile, someone else ramps v3.
        QVERIFY(changeElsewhere(DeploymentOperation::setRamping(name, QStringLiteral("v3"), 20)));

        std::optional<DeploymentApplyOutcome> outcome = clickApply(preview);
        QVERIFY(outcome);
        QCOMPARE(outcome->status, DeploymentApplyOutcome::Status::Stale);
        QTRY_VERIFY2(preview->bannerText().contains(QStringLiteral("What changed")),
                     qPrintable(preview->bannerText()));
        QVERIFY(preview->isVisible());
        // The fresh preview is made from the deployment as it is now, and asks again for v2.
        QCOMPARE(preview->preview().snapshot().deployment.routing.rampingBuildId, QStringLiteral("v3"));
        QCOMPARE(preview->preview().operation().buildId, QStringLiteral("v2"));
        QVERIFY(preview->applyButton()->isEnabled());
        screenshot(preview, QStringLiteral("deployment-window-preview-stale"));
        std::optional<WorkerDeployment> server = serverDeployment(name);
        QVERIFY(server);
        QCOMPARE(server->routing.rampingBuildId, QStringLiteral("v3"));
        QCOMPARE(server->routing.rampingPercentage, 20.0);

        // The page announces the outside change and highlights what it touched.
        QVERIFY2(deployments()->bannerText().contains(QStringLiteral("changed outside")),
                 qPrintable(deployments()->bannerText()));
        QVERIFY(model()->isHighlighted(QStringLiteral("v3")));
        QVERIFY(!model()->isHighlighted(QStringLiteral("v1")));
        QCOMPARE(model()->versionsInLane(Lane::Ramping), QStringList{QStringLiteral("v3")});
        screenshot(m_window.get(), QStringLiteral("deployment-window-changed-elsewhere"));

        // The history lists the stale attempt and the change seen, with who made it.
        QTRY_COMPARE_WITH_TIMEOUT(panelCount(HistoryEntry::Kind::Applied, HistoryEntry::Outcome::Stale), 1,
                                  15000);
        bool observedOutside = false;
        for (const HistoryEntry &entry : panelEntries())
            observedOutside |=
                entry.kind == HistoryEntry::Kind::Observed && entry.deploymentAfter &&
                entry.deploymentAfter->lastModifierIdentity == QStringLiteral("outside@controller");
        QVERIFY(observedOutside);

        // Applying the fresh preview (the operator still wants v2) replaces the ramp; the read of our own
        // change clears the highlight.
        outcome = clickApply(preview);
        QVERIFY(outcome);
        QCOMPARE(outcome->status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY(model()->highlighted().isEmpty());
        QVERIFY(deployments()->bannerText().isEmpty());
        server = serverDeployment(name);
        QVERIFY(server);
        QCOMPARE(server->routing.rampingBuildId, QStringLiteral("v2"));
        QCOMPARE(server->routing.rampingPercentage, 25.0);
    }

    // "Restore this state" on an entry of the window's own change: each step through the preview, planned
    // again after each, recorded as a restore.
    void restoreFromHistoryBringsRoutingBackThroughPreviews()
    {
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("window-restore")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        openWindow();
        clickDeployment(name);

        // The state to come back to: v1 current, v2 ramping at 10 %.
        drag(centerOf(QStringLiteral("v2")), slotOf(Lane::Ramping));
        DeploymentPreviewDialog *preview = waitForPreview();
        QVERIFY(preview);
        preview->percentageBox()->setValue(10);
        QTRY_COMPARE(preview->preview().operation().percentage, 10.0);
        std::optional<DeploymentApplyOutcome> outcome = clickApply(preview);
        QVERIFY(outcome);
        QCOMPARE(outcome->status, DeploymentApplyOutcome::Status::Applied);
        const qint64 entryId = m_lastHistoryId;
        QVERIFY(entryId > 0);
        preview->close();

        // Someone else makes v3 current and ends the ramp; the window's refresh sees it.
        QVERIFY(changeElsewhere(DeploymentOperation::setCurrent(name, QStringLiteral("v3"))));
        QVERIFY(changeElsewhere(DeploymentOperation::stopRamping(name)));
        QSignalSpy shown(m_window.get(), &MainWindow::deploymentShown);
        m_window->findChild<QAction *>(QStringLiteral("refresh"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
        QCOMPARE(model()->versionsInLane(Lane::Current), QStringList{QStringLiteral("v3")});

        // Select the entry in the panel and restore it.
        HistoryPanel *panel = m_window->historyPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->model()->rowOf(entryId) >= 0, 15000);
        QTreeView *timeline = panel->timeline();
        timeline->setCurrentIndex(timeline->model()->index(panel->model()->rowOf(entryId), 0));
        QTRY_VERIFY(panel->restoreButton()->isEnabled());
        QTest::mouseClick(panel->restoreButton(), Qt::LeftButton);

        for (int step = 1; step <= 2; ++step) {
            preview = waitForPreview();
            QVERIFY(preview);
            auto *note = preview->findChild<QLabel *>(QStringLiteral("contextNote"));
            QVERIFY(note);
            QTRY_VERIFY2(note->text().contains(QStringLiteral("step %1 of 2").arg(step)),
                         qPrintable(note->text()));
            QVERIFY2(note->text().contains(QStringLiteral("#%1").arg(entryId)), qPrintable(note->text()));
            QCOMPARE(preview->preview().operation(),
                     step == 1 ? DeploymentOperation::setCurrent(name, QStringLiteral("v1"))
                               : DeploymentOperation::setRamping(name, QStringLiteral("v2"), 10));
            QVERIFY(deployments()->isRestoring());
            outcome = clickApply(preview);
            QVERIFY(outcome);
            QCOMPARE(outcome->status, DeploymentApplyOutcome::Status::Applied);
        }
        QVERIFY(!deployments()->isRestoring());
        auto *note = preview->findChild<QLabel *>(QStringLiteral("contextNote"));
        QVERIFY2(note->text().contains(QStringLiteral("Restore finished in 2 step(s)")),
                 qPrintable(note->text()));
        const std::optional<WorkerDeployment> server = serverDeployment(name);
        QVERIFY(server);
        QCOMPARE(server->routing.currentBuildId, QStringLiteral("v1"));
        QCOMPARE(server->routing.rampingBuildId, QStringLiteral("v2"));
        QCOMPARE(server->routing.rampingPercentage, 10.0);
        // Both steps are in the history as a restore.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                int restores = 0;
                for (const HistoryEntry &entry : panelEntries())
                    restores += entry.context.source == HistoryContext::Source::Restore;
                return restores == 2;
            }(),
            15000);
        screenshot(m_window.get(), QStringLiteral("deployment-window-restored"));

        // Cancelling a step's preview ends the restore; nothing more is sent.
        QVERIFY(changeElsewhere(DeploymentOperation::setCurrent(name, QStringLiteral("v3"))));
        shown.clear();
        m_window->findChild<QAction *>(QStringLiteral("refresh"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
        QTRY_VERIFY(panel->model()->rowOf(entryId) >= 0);
        timeline->setCurrentIndex(timeline->model()->index(panel->model()->rowOf(entryId), 0));
        QTRY_VERIFY(panel->restoreButton()->isEnabled());
        QTest::mouseClick(panel->restoreButton(), Qt::LeftButton);
        preview = waitForPreview();
        QVERIFY(preview);
        QVERIFY(deployments()->isRestoring());
        QTest::mouseClick(preview->cancelButton(), Qt::LeftButton);
        QTRY_VERIFY(!preview->isVisible());
        QVERIFY(!deployments()->isRestoring());
        QVERIFY2(m_window->statusText().contains(QStringLiteral("Restore stopped")),
                 qPrintable(m_window->statusText()));
        const std::optional<WorkerDeployment> after = serverDeployment(name);
        QVERIFY(after);
        QCOMPARE(after->routing.currentBuildId, QStringLiteral("v3"));
    }
};

QTEST_MAIN(TestDeploymentWindow)
#include "tst_deploymentwindow.moc"
