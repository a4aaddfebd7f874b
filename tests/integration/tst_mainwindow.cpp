#include "dialogs/previewdialog.h"
#include "graph/setitem.h"
#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "history/historypanel.h"
#include "history/historyservice.h"
#include "history/historystore.h"
#include "history/restoreplanner.h"
#include "models/taskqueuelistmodel.h"
#include "models/versionsettreemodel.h"
#include "session/namespacesession.h"
#include "support/setnotation.h"
#include "support/testserver.h"
#include "temporal/temporalclient.h"
#include "versionsets/versionsetjson.h"
#include "window/mainwindow.h"
#include "window/windowsettings.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUuid>

using TestServer::await;

// The window against the real Temporal dev server, driven as a person drives it: mouse drags on the graph,
// the keyboard on the tree, the preview's buttons. What the server ends up with is read back independently.
class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<TemporalClient> m_client;
    std::unique_ptr<WindowSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    QString m_queue;
    // Each test's own rollout history (never the user's).
    QString m_history;

    QProcessEnvironment isolatedEnvironment() const
    {
        // No user config file may change what the test connects to, and nothing is recorded in the user's
        // history.
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("VERSIONSCOPE_HISTORY"), m_history);
        environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"),
                           QStringLiteral("/nonexistent/temporal.toml"));
        environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
                           QStringLiteral("/nonexistent/versionscope.toml"));
        return environment;
    }

    static ConnectionOverrides overridesFor(const QString &address)
    {
        ConnectionOverrides overrides;
        overrides.address = address;
        overrides.namespaceName = QStringLiteral("default");
        overrides.maxSets = TestServer::kSetLimit;
        overrides.maxBuildIds = TestServer::kBuildIdLimit;
        return overrides;
    }

    void seed(const QList<BuildIdOperation> &operations)
    {
        for (const BuildIdOperation &op : operations) {
            auto sent = await<Done>(
                [&](QObject *ctx, auto done) { m_client->updateVersionSets(ctx, m_queue, op, done); });
            QVERIFY(sent && sent->isOk());
        }
    }

    VersionSets serverSets()
    {
        auto read = await<VersionSets>(
            [&](QObject *ctx, auto done) { m_client->getVersionSets(ctx, m_queue, done); });
        if (!read || !read->isOk())
            return setsFrom("unreadable");
        return read->value();
    }

    void openWindowOn(const QString &address, const std::optional<QString> &history = std::nullopt)
    {
        m_window = std::make_unique<MainWindow>(m_settings.get(), overridesFor(address),
                                                isolatedEnvironment(), history);
        m_window->resize(1200, 800);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void showQueue()
    {
        QSignalSpy shown(m_window.get(), &MainWindow::queueShown);
        m_window->openTaskQueue(m_queue);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QVERIFY(m_window->isShowingGraph());
        QTRY_VERIFY(m_window->graphView()->isVisible());
    }

    void drag(const QPointF &fromScene, const QPointF &toScene)
    {
        VersionSetGraphView *view = m_window->graphView();
        const QPoint from = view->mapFromScene(fromScene);
        const QPoint to = view->mapFromScene(toScene);
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(view->viewport(), from + QPoint(8, 8));
        QTest::mouseMove(view->viewport(), to);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, to);
    }

    // The queue's history as an independent reader of the file sees it, newest first.
    QList<HistoryEntry> recorded()
    {
        const Result<HistoryLocation> location = HistoryLocation::resolve(m_history, {}, {});
        if (!location)
            return {};
        Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location.value());
        if (!store)
            return {};
        HistoryFilter filter;
        filter.taskQueue = m_queue;
        const Result<QList<HistoryEntry>> entries = store.value()->query(filter);
        return entries ? entries.value() : QList<HistoryEntry>();
    }

    // Opens the preview of an operation, types the reason and applies it; returns the history id.
    qint64 applyThroughPreview(const BuildIdOperation &operation, const QString &reason)
    {
        QSignalSpy recordedSpy(m_window.get(), &MainWindow::attemptRecorded);
        QSignalSpy attempted(m_window.get(), &MainWindow::operationAttempted);
        m_window->requestOperation(operation);
        PreviewDialog *preview = m_window->previewDialog();
        if (!QTest::qWaitFor([&] { return preview && preview->isVisible(); }, 5000))
            return -1;
        preview->reasonEdit()->setText(reason);
        QSignalSpy shown(m_window.get(), &MainWindow::queueShown);
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        // Recorded, and the window has read the queue again (a preview opened before that would be stale).
        if (!QTest::qWaitFor([&] { return recordedSpy.count() == 1 && shown.count() >= 1; }, 20000))
            return -1;
        if (attempted.at(0).at(1).value<ApplyOutcome>().status != ApplyOutcome::Status::Applied)
            return -2;
        preview->close();
        return recordedSpy.at(0).at(0).toLongLong();
    }

    void selectHistoryRows(const QList<int> &rows)
    {
        QTreeView *timeline = m_window->historyPanel()->timeline();
        timeline->clearSelection();
        for (int row : rows)
            timeline->selectionModel()->select(timeline->model()->index(row, 0),
                                               QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!TestServer::versioningAddress().isEmpty(), "the temporal_server fixture did not start");
        m_client = std::make_unique<TemporalClient>(TestServer::settingsFor(TestServer::versioningAddress()));
    }

    void init()
    {
        m_settings = std::make_unique<WindowSettings>(m_dir.filePath(QStringLiteral("window.ini")));
        m_queue = QStringLiteral("window-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
        m_history = m_dir.filePath(m_queue + QStringLiteral(".sqlite"));
    }

    void cleanup()
    {
        m_window.reset();
        m_settings.reset();
    }

    void dragConfirmedInPreviewChangesTheServerAsPreviewed()
    {
        seed({BuildIdOperation::addNewDefault("1.0"), BuildIdOperation::addNewCompatible("1.1", "1.0", false),
              BuildIdOperation::addNewDefault("2.0")});
        openWindowOn(TestServer::versioningAddress());
        showQueue();
        VersionSetGraphScene *scene = m_window->graphScene();
        QCOMPARE(notationOf(scene->sets()), QString("1.0,1.1|2.0"));

        drag(scene->setItem(0)->mapToScene(QPointF(20, 10)), scene->queueDefaultSlotRect().center());
        QTRY_VERIFY(m_window->previewDialog() && m_window->previewDialog()->isVisible());
        PreviewDialog *preview = m_window->previewDialog();
        QCOMPARE(preview->preview().plan().operation, BuildIdOperation::promoteSet("1.1"));
        QCOMPARE(notationOf(preview->afterScene()->sets()), QString("2.0|1.0,1.1"));
        QVERIFY(preview->changesText().contains("1.1"));
        // Nothing was sent by the drag itself.
        QCOMPARE(notationOf(serverSets()), QString("1.0,1.1|2.0"));

        QSignalSpy attempted(m_window.get(), &MainWindow::operationAttempted);
        QTest::keyClicks(preview->reasonEdit(), "roll back to 1.x");
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(attempted.count(), 1, 20000);
        const auto outcome = attempted.at(0).at(1).value<ApplyOutcome>();
        QCOMPARE(outcome.status, ApplyOutcome::Status::Applied);
        QVERIFY(outcome.matchesPreview);
        QCOMPARE(attempted.at(0).at(2).toString(), QString("roll back to 1.x"));
        QVERIFY2(preview->bannerText().contains("matches the preview"), qPrintable(preview->bannerText()));
        // Read back independently of the window: exactly what the preview showed.
        QCOMPARE(serverSets(), preview->preview().plan().after);
        // And the window redraws the new state.
        QTRY_COMPARE_WITH_TIMEOUT(notationOf(m_window->graphScene()->sets()), QString("2.0|1.0,1.1"), 20000);
    }

    void keyboardOnlyPromotesWithinASetAndEnterCancels()
    {
        seed({BuildIdOperation::addNewDefault("1.0"),
              BuildIdOperation::addNewCompatible("1.1", "1.0", false)});
        openWindowOn(TestServer::versioningAddress());
        showQueue();
        QTreeView *tree = m_window->setTree();
        tree->setFocus();
        QTRY_VERIFY(tree->hasFocus());
        // Set 1, then its second row: 1.0 (the set default 1.1 is listed first).
        QTest::keyClick(tree, Qt::Key_Home);
        QTest::keyClick(tree, Qt::Key_Down);
        QTest::keyClick(tree, Qt::Key_Down);
        QCOMPARE(tree->currentIndex().data(VersionSetTreeModel::BuildIdRole).toString(), QString("1.0"));
        QTest::keyClick(tree, Qt::Key_P, Qt::ControlModifier);
        QTRY_VERIFY(m_window->previewDialog() && m_window->previewDialog()->isVisible());
        PreviewDialog *preview = m_window->previewDialog();
        QCOMPARE(preview->preview().plan().operation, BuildIdOperation::promoteIdInSet("1.0"));
        QCOMPARE(notationOf(preview->afterScene()->sets()), QString("1.1,1.0"));
        // Enter goes to Cancel, the default button: nothing is sent.
        QApplication::setActiveWindow(preview);
        QTest::keyClick(preview, Qt::Key_Return);
        QTRY_VERIFY(!preview->isVisible());
        QCOMPARE(notationOf(serverSets()), QString("1.0,1.1"));

        // The same again, applied from the keyboard: Space presses the focused Apply button.
        QApplication::setActiveWindow(m_window.get());
        QTRY_VERIFY(m_window->isActiveWindow());
        QTest::keyClick(tree, Qt::Key_P, Qt::ControlModifier);
        QTRY_VERIFY(preview->isVisible());
        QSignalSpy attempted(m_window.get(), &MainWindow::operationAttempted);
        preview->applyButton()->setFocus();
        QTest::keyClick(preview->applyButton(), Qt::Key_Space);
        QTRY_COMPARE_WITH_TIMEOUT(attempted.count(), 1, 20000);
        QCOMPARE(notationOf(serverSets()), QString("1.1,1.0"));
    }

    void aChangeMadeAfterThePreviewOpenedSendsNothingAndShowsTheNewState()
    {
        seed({BuildIdOperation::addNewDefault("1.0"), BuildIdOperation::addNewDefault("2.0")});
        openWindowOn(TestServer::versioningAddress());
        showQueue();
        m_window->requestOperation(BuildIdOperation::promoteSet("1.0"));
        PreviewDialog *preview = m_window->previewDialog();
        QTRY_VERIFY(preview && preview->isVisible());
        // Someone else changes the queue while the preview is open.
        seed({BuildIdOperation::addNewDefault("3.0")});
        QSignalSpy attempted(m_window.get(), &MainWindow::operationAttempted);
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(attempted.count(), 1, 20000);
        QCOMPARE(attempted.at(0).at(1).value<ApplyOutcome>().status, ApplyOutcome::Status::Stale);
        QCOMPARE(notationOf(serverSets()), QString("1.0|2.0|3.0"));
        QVERIFY2(preview->bannerText().contains("changed since this preview"),
                 qPrintable(preview->bannerText()));
        QCOMPARE(notationOf(preview->beforeScene()->sets()), QString("1.0|2.0|3.0"));
        QCOMPARE(notationOf(preview->afterScene()->sets()), QString("2.0|3.0|1.0"));
        QVERIFY(preview->applyButton()->isEnabled());
    }

    void changesMadeElsewhereAreHighlighted()
    {
        seed({BuildIdOperation::addNewDefault("1.0")});
        openWindowOn(TestServer::versioningAddress());
        showQueue();
        QSignalSpy observed(m_window.get(), &MainWindow::changeObserved);
        seed({BuildIdOperation::addNewDefault("2.0")});
        m_window->session()->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(observed.count(), 1, 20000);
        QTRY_COMPARE(notationOf(m_window->graphScene()->sets()), QString("1.0|2.0"));
        QCOMPARE(m_window->graphScene()->highlighted(), (QStringList{"1.0", "2.0"}));
        auto *banner = m_window->findChild<QLabel *>(QStringLiteral("changeBanner"));
        QVERIFY(banner && banner->isVisible());
        QVERIFY2(banner->text().contains("Changed outside this window"), qPrintable(banner->text()));
        // A refresh that finds nothing new reports nothing.
        QSignalSpy shown(m_window.get(), &MainWindow::queueShown);
        m_window->session()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QCOMPARE(observed.count(), 1);
    }

    void exportsWriteTheShownGraphAndSets()
    {
        seed({BuildIdOperation::addNewDefault("1.0"), BuildIdOperation::addNewDefault("2.0")});
        openWindowOn(TestServer::versioningAddress());
        showQueue();
        const QString png = m_dir.filePath(QStringLiteral("graph.png"));
        const QString svg = m_dir.filePath(QStringLiteral("graph.svg"));
        const QString json = m_dir.filePath(QStringLiteral("sets.json"));
        QVERIFY(m_window->exportPng(png).isOk());
        QVERIFY(m_window->exportSvg(svg).isOk());
        QVERIFY(m_window->exportJson(json).isOk());
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 400);
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray svgText = svgFile.readAll();
        QVERIFY(svgText.contains("<svg"));
        QVERIFY(svgText.contains("2.0"));
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const Result<VersionSets> read =
            versionSetsFromJson(QJsonDocument::fromJson(jsonFile.readAll()).array());
        QVERIFY(read.isOk());
        QCOMPARE(notationOf(read.value()), QString("1.0|2.0"));
    }

    void appliedChangesAndChangesSeenElsewhereAreRecorded()
    {
        seed({BuildIdOperation::addNewDefault("1.0"), BuildIdOperation::addNewDefault("2.0")});
        openWindowOn(TestServer::versioningAddress());
        showQueue();
        // The first sight of the queue is its baseline.
        QTRY_COMPARE_WITH_TIMEOUT(recorded().size(), 1, 10000);
        QCOMPARE(recorded().at(0).kind, HistoryEntry::Kind::Observed);
        QCOMPARE(notationOf(*recorded().at(0).after), QString("1.0|2.0"));

        const qint64 id = applyThroughPreview(BuildIdOperation::promoteSet("1.0"), "2.0 pages on call");
        QVERIFY(id > 0);
        QVERIFY(m_window->historyProblem().isEmpty());
        // Someone else adds a build ID; the next refresh records it as a change seen, once.
        seed({BuildIdOperation::addNewCompatible("1.1", "1.0", true)});
        QSignalSpy shown(m_window.get(), &MainWindow::queueShown);
        m_window->session()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        m_window->session()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 2, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(recorded().size(), 3, 10000);

        const QList<HistoryEntry> entries = recorded();
        const HistoryEntry &seen = entries.at(0);
        QCOMPARE(seen.kind, HistoryEntry::Kind::Observed);
        QCOMPARE(notationOf(seen.before), QString("2.0|1.0"));
        QCOMPARE(notationOf(*seen.after), QString("2.0|1.0,1.1"));
        const HistoryEntry &applied = entries.at(1);
        QCOMPARE(applied.id, id);
        QCOMPARE(applied.kind, HistoryEntry::Kind::Applied);
        QCOMPARE(applied.context.source, HistoryEntry::Source::Window);
        QCOMPARE(applied.operation, std::optional(BuildIdOperation::promoteSet("1.0")));
        QCOMPARE(applied.reason, QString("2.0 pages on call"));
        QCOMPARE(applied.outcome, HistoryEntry::Outcome::Applied);
        QCOMPARE(applied.matchedPreview, std::optional(true));
        QCOMPARE(notationOf(applied.before), QString("1.0|2.0"));
        QCOMPARE(notationOf(*applied.after), QString("2.0|1.0"));
        QCOMPARE(applied.context.serverAddress, TestServer::versioningAddress());
        QCOMPARE(applied.context.namespaceName, QString("default"));
        QVERIFY(!applied.context.osUser.isEmpty());
        QVERIFY(applied.context.identity.contains("versionscope"));

        // The panel lists the queue's three entries, newest first.
        m_window->historyDock()->show();
        QTRY_COMPARE_WITH_TIMEOUT(m_window->historyPanel()->timeline()->model()->rowCount(), 3, 10000);
    }

    void restoreBringsTheQueueBackThroughThePreview()
    {
        seed({BuildIdOperation::addNewDefault("1.0"), BuildIdOperation::addNewCompatible("1.1", "1.0", false),
              BuildIdOperation::addNewDefault("2.0")});
        openWindowOn(TestServer::versioningAddress());
        showQueue();
        QTRY_COMPARE_WITH_TIMEOUT(recorded().size(), 1, 10000);
        QVERIFY(applyThroughPreview(BuildIdOperation::addNewDefault("3.0"), "3.0 rollout") > 0);
        QVERIFY(applyThroughPreview(BuildIdOperation::promoteIdInSet("1.0"), "") > 0);
        QTRY_COMPARE(notationOf(m_window->graphScene()->sets()), QString("1.1,1.0|2.0|3.0"));

        // Back to the state first seen: [1.0 1.1] [2.0]*, keeping 3.0 (build IDs cannot be removed).
        m_window->historyDock()->show();
        HistoryPanel *panel = m_window->historyPanel();
        QTRY_COMPARE_WITH_TIMEOUT(panel->timeline()->model()->rowCount(), 3, 10000);
        selectHistoryRows({2});
        QCOMPARE(panel->selectedEntries().size(), 1);
        const HistoryEntry firstSeen = panel->selectedEntries().first();
        QCOMPARE(firstSeen.kind, HistoryEntry::Kind::Observed);
        QTRY_VERIFY(panel->restoreButton()->isEnabled());
        const RestorePlan plan = planRestore(serverSets(), *firstSeen.knownState(), {});
        QVERIFY(!plan.operations.isEmpty());

        QTest::mouseClick(panel->restoreButton(), Qt::LeftButton);
        PreviewDialog *preview = m_window->previewDialog();
        for (qsizetype step = 0; step < plan.operations.size(); ++step) {
            QTRY_VERIFY_WITH_TIMEOUT(
                preview->isVisible() && preview->applyButton()->isEnabled() &&
                    preview->contextNoteText().contains(QStringLiteral("step %1 of").arg(step + 1)),
                20000);
            QVERIFY2(preview->contextNoteText().contains("Restoring task queue"),
                     qPrintable(preview->contextNoteText()));
            QVERIFY(preview->contextNoteText().contains("3.0")); // kept, and said so
            QCOMPARE(preview->reason(), QStringLiteral("Restore to history entry #%1").arg(firstSeen.id));
            QCOMPARE(preview->preview().plan().operation, plan.operations.at(step));
            QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        }
        QTRY_VERIFY_WITH_TIMEOUT(preview->contextNoteText().contains("Restore finished"), 20000);
        QCOMPARE(serverSets(), plan.closest);
        QCOMPARE(serverSets().queueDefault(), QString("2.0"));

        // Each step is recorded as a restore.
        const QList<HistoryEntry> entries = recorded();
        QCOMPARE(entries.size(), 3 + plan.operations.size());
        for (qsizetype i = 0; i < plan.operations.size(); ++i) {
            QCOMPARE(entries.at(i).context.source, HistoryEntry::Source::Restore);
            QCOMPARE(entries.at(i).outcome, HistoryEntry::Outcome::Applied);
        }
    }

    void anUnwritableHistoryIsSaidInThePreviewAndTheUserChooses()
    {
        seed({BuildIdOperation::addNewDefault("1.0")});
        openWindowOn(TestServer::versioningAddress(),
                     QStringLiteral("postgresql://versionscope@127.0.0.1:1/history"));
        showQueue();
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->historyProblem().isEmpty(), 20000);
        m_window->requestOperation(BuildIdOperation::addNewDefault("2.0"));
        PreviewDialog *preview = m_window->previewDialog();
        QTRY_VERIFY(preview && preview->isVisible());
        QVERIFY2(preview->historyStatusText().contains("cannot be written"),
                 qPrintable(preview->historyStatusText()));
        QVERIFY(preview->historyStatusText().contains("127.0.0.1:1"));
        QCOMPARE(preview->applyButton()->text(), QString("&Apply without recording"));
        // Cancel sends nothing; applying is the user's choice and works.
        QSignalSpy recordedSpy(m_window.get(), &MainWindow::attemptRecorded);
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(recordedSpy.count(), 1, 20000);
        QCOMPARE(recordedSpy.at(0).at(0).toLongLong(), 0);
        QCOMPARE(notationOf(serverSets()), QString("1.0|2.0"));
    }

    void eachPreviewStartsWithAnEmptyReason()
    {
        seed({BuildIdOperation::addNewDefault("1.0"), BuildIdOperation::addNewDefault("2.0")});
        openWindowOn(TestServer::versioningAddress());
        showQueue();
        m_window->requestOperation(BuildIdOperation::promoteSet("1.0"));
        PreviewDialog *preview = m_window->previewDialog();
        QTRY_VERIFY(preview && preview->isVisible());
        QTRY_VERIFY(preview->historyStatusText().contains("Recorded in the rollout history"));
        preview->reasonEdit()->setText("typed for promote-set");
        preview->reject();
        m_window->requestOperation(BuildIdOperation::addNewDefault("3.0"));
        QTRY_VERIFY(preview->isVisible());
        QCOMPARE(preview->reason(), QString());
    }

    void remembersPinsLastQueueAndTheConnectionButNoSecret()
    {
        seed({BuildIdOperation::addNewDefault("1.0")});
        openWindowOn(TestServer::versioningAddress());
        showQueue();
        m_window->queueModel()->setPinned(m_queue, true);
        m_window->close();
        m_window.reset();
        QCOMPARE(m_settings->lastQueue(TestServer::versioningAddress(), "default"), m_queue);
        QCOMPARE(m_settings->pinnedQueues(TestServer::versioningAddress(), "default"), QStringList{m_queue});
        QCOMPARE(m_settings->connection().address.value_or(QString()), TestServer::versioningAddress());

        // Started again without flags: same server, the last queue shown again.
        m_window =
            std::make_unique<MainWindow>(m_settings.get(), ConnectionOverrides(), isolatedEnvironment());
        QSignalSpy shown(m_window.get(), &MainWindow::queueShown);
        m_window->show();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QCOMPARE(shown.at(0).at(0).toString(), m_queue);

        ConnectionOverrides withKey = overridesFor(TestServer::versioningAddress());
        withKey.apiKey = QStringLiteral("secret-key-that-must-not-be-saved");
        m_settings->setConnection(withKey);
        m_settings->sync();
        QFile ini(m_dir.filePath(QStringLiteral("window.ini")));
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("secret-key-that-must-not-be-saved"));
    }

    // A new queue name typed with a stray space or an invisible character is refused with the name escaped,
    // and nothing is read; a plain name opens.
    void aTypedOddNewQueueNameIsRefused()
    {
        openWindowOn(TestServer::versioningAddress());
        auto *entry = m_window->findChild<QLineEdit *>(QStringLiteral("queueEntry"));
        QVERIFY(entry);
        const QString odd = m_queue + QString::fromUtf8("\u200b");
        entry->setText(odd);
        QTest::keyClick(entry, Qt::Key_Return);
        QVERIFY2(m_window->statusText().startsWith(
                     QStringLiteral("Not opened: the task queue name \"%1\\u{200B}\" contains an invisible "
                                    "character: U+200B ZERO WIDTH SPACE at position %2")
                         .arg(m_queue)
                         .arg(m_queue.size() + 1)),
                 qPrintable(m_window->statusText()));
        QCOMPARE(m_window->queueModel()->rowOf(odd), -1);
        QCOMPARE(entry->text(), odd); // kept, to be corrected
        QVERIFY(!m_window->isShowingGraph());

        entry->setText(QLatin1Char(' ') + m_queue);
        QTest::keyClick(entry, Qt::Key_Return);
        QVERIFY2(m_window->statusText().contains(QLatin1String("starts with whitespace")),
                 qPrintable(m_window->statusText()));

        seed({BuildIdOperation::addNewDefault(QStringLiteral("1.0"))});
        entry->setText(m_queue);
        QSignalSpy shown(m_window.get(), &MainWindow::queueShown);
        QTest::keyClick(entry, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QVERIFY(m_window->queueModel()->rowOf(m_queue) >= 0);
    }

    // --task-queue with an odd name (MainWindow::openTaskQueueByName): a queue of that name made by another
    // tool opens; a new one is refused with its name escaped, and is neither listed nor shown.
    void anOddQueueNameFromTheCommandLineOpensOnlyWhenItExists()
    {
        const QString odd = m_queue + QString::fromUtf8("\u200b");
        auto sent = await<Done>([&](QObject *ctx, auto done) {
            m_client->updateVersionSets(ctx, odd, BuildIdOperation::addNewDefault(QStringLiteral("1.0")),
                                        done);
        });
        QVERIFY(sent && sent->isOk());
        openWindowOn(TestServer::versioningAddress());
        QSignalSpy shown(m_window.get(), &MainWindow::queueShown);
        QSignalSpy failed(m_window.get(), &MainWindow::queueReadFailed);
        m_window->openTaskQueueByName(odd);
        // The last queue of an earlier test may be restored first: wait for the odd one.
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(shown.cbegin(), shown.cend(),
                                             [&](const QList<QVariant> &args) { return args.at(0) == odd; }),
                                 20000);
        QVERIFY(m_window->isShowingGraph());
        QVERIFY(m_window->queueModel()->rowOf(odd) >= 0);
        QCOMPARE(failed.count(), 0);

        const QString fresh = QLatin1Char(' ') + m_queue + QStringLiteral("-new");
        m_window->openTaskQueueByName(fresh);
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 20000);
        QCOMPARE(failed.at(0).at(0).toString(), fresh);
        QVERIFY2(m_window->statusText().startsWith(
                     QStringLiteral("Not opened: new task queue: the task queue name \"%1\" starts with "
                                    "whitespace")
                         .arg(fresh)),
                 qPrintable(m_window->statusText()));
        QCOMPARE(m_window->queueModel()->rowOf(fresh), -1);
        QCOMPARE(m_window->session()->currentTaskQueue(), odd);

        // Escaped where a person reads it: the invisible character of a new name is spelled out.
        const QString invisible = m_queue + QStringLiteral("-new") + QString::fromUtf8("\u200b");
        m_window->openTaskQueueByName(invisible);
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 2, 20000);
        QVERIFY2(m_window->statusText().contains(QStringLiteral("\"%1-new\\u{200B}\"").arg(m_queue)),
                 qPrintable(m_window->statusText()));
    }

    void aNamespaceWithoutVersionSetsIsExplained()
    {
        QVERIFY2(!TestServer::plainAddress().isEmpty(), "the temporal_plain_server fixture did not start");
        openWindowOn(TestServer::plainAddress());
        m_window->openTaskQueue(m_queue);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->explanationText().contains("workerVersioningDataAPIs"), 20000);
        QVERIFY(!m_window->isShowingGraph());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
