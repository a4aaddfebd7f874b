#include "deployments/deploymentgraphmodel.h"
#include "deployments/deploymentpage.h"
#include "dialogs/deploymentpreviewdialog.h"
#include "dialogs/previewdialog.h"
#include "history/historystore.h"
#include "rollout/rolloutengine.h"
#include "session/namespacesession.h"
#include "support/deploymentworkers.h"
#include "support/testserver.h"
#include "temporal/temporalclient.h"
#include "versionsets/versionsetjson.h"
#include "versionsets/versionsetplanner.h"
#include "window/mainwindow.h"
#include "window/windowdeployments.h"
#include "window/windowsettings.h"

#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <memory>

using TestServer::await;

namespace {

// One actor's turn, as the test saw it, for the checks at the end.
struct Turn
{
    int step = 0;
    QString actor;
    QString what;
    // Applies only: the status the actor reported and the history entry it named (0: none).
    bool isApply = false;
    ApplyOutcome::Status status = ApplyOutcome::Status::NotSent;
    qint64 historyId = 0;
    // The actor's read was older than the server's state when it applied.
    bool readWasStale = false;
    // Deployments: the routing the server had before and after the step this turn was part of.
    DeploymentRouting routingBefore;
    DeploymentRouting routingAfter;
};

// What a window or the CLI has in hand between its read and its apply.
enum class Phase { Idle, Read, Previewed };

} // namespace

// Two windows and versionscope-cli change one version-set queue, and then one Worker Deployment, in random
// interleavings against the real dev servers, all three recording into ONE history file. Each actor reads,
// previews an operation chosen from what it read, and applies; whoever acts in between makes that read stale
// on purpose. After every turn the server is read independently, so every apply can be held against the
// state it really replaced:
//  (a) an accepted apply's recorded before-state is the server's state it replaced, a window's apply made
//      from a stale read ends Stale and changes nothing, and the history's entries chain (each one's before
//      is the state the previous left);
//  (b) every accepted apply is in the history exactly once, under the id its actor reported, and nothing
//      else is recorded as applied (nor, for the queue that only the actors touch, as observed);
//  (c) at the end each window (after a refresh), the history's last known state and the CLI all show what
//      the server has.
// Windows open their previews with MainWindow::requestOperation / WindowDeployments::requestOperation and
// apply with the preview dialog's Apply button; the drags that lead there are tested in tst_mainwindow and
// tst_deploymentwindow. On the deployment, when both windows hold a preview, both Apply buttons are sometimes
// clicked at once: the server takes at most one. (Version sets have no conflict token: two applies whose
// re-read and send overlap are not protected, by design, so the queue's turns never overlap.)
// The seed is printed; VERSIONSCOPE_TEST_SEED=N replays one run, VERSIONSCOPE_TEST_ROUNDS=N sets the steps.
class TestConcurrency : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_history;
    QString m_cli;
    quint32 m_seed = 0;
    QRandomGenerator m_random;
    int m_nextBuildId = 1;

    struct Window
    {
        QString name;
        std::unique_ptr<WindowSettings> settings;
        std::unique_ptr<MainWindow> window;
        Phase phase = Phase::Idle;
    };

    struct CliActor
    {
        Phase phase = Phase::Idle;
        VersionSets readSets;
        WorkerDeployment readDeployment;
    };

    struct CliRun
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    QProcessEnvironment windowEnvironment() const
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("VERSIONSCOPE_HISTORY"), m_history);
        environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"),
                           QStringLiteral("/nonexistent/temporal.toml"));
        environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
                           QStringLiteral("/nonexistent/versionscope.toml"));
        return environment;
    }

    std::unique_ptr<Window> openWindow(const QString &name, const QString &address)
    {
        auto w = std::make_unique<Window>();
        w->name = name;
        w->settings = std::make_unique<WindowSettings>(m_dir.filePath(name + QStringLiteral(".ini")));
        // Reads happen only when the test makes them, so what each window last read is known.
        w->settings->setRefreshIntervalSeconds(0);
        ConnectionOverrides overrides;
        overrides.address = address;
        overrides.namespaceName = QStringLiteral("default");
        overrides.maxSets = TestServer::kSetLimit;
        overrides.maxBuildIds = TestServer::kBuildIdLimit;
        w->window =
            std::make_unique<MainWindow>(w->settings.get(), overrides, windowEnvironment(), std::nullopt);
        w->window->resize(1100, 700);
        w->window->show();
        return w;
    }

    // A click on a window's deployment preview's Apply, and what came of it once the window has read the
    // deployment again.
    struct PendingApply
    {
        DeploymentRouting previewed;
        std::optional<DeploymentApplyOutcome> outcome;
        qint64 historyId = 0;
        std::unique_ptr<QObject> context;
        std::unique_ptr<QSignalSpy> shown;
    };

    std::unique_ptr<PendingApply> clickApply(Window &w)
    {
        auto pending = std::make_unique<PendingApply>();
        WindowDeployments *deployments = w.window->deployments();
        DeploymentPreviewDialog *preview = deployments->previewDialog();
        pending->previewed = preview->preview().snapshot().deployment.routing;
        pending->context = std::make_unique<QObject>();
        PendingApply *p = pending.get();
        connect(deployments, &WindowDeployments::attemptFinished, p->context.get(),
                [p](const QString &, const DeploymentApplyOutcome &o, qint64 id) {
                    p->outcome = o;
                    p->historyId = id;
                });
        pending->shown = std::make_unique<QSignalSpy>(w.window.get(), &MainWindow::deploymentShown);
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        return pending;
    }

    CliRun cli(const QString &address, const QStringList &arguments)
    {
        QProcess process;
        process.start(m_cli,
                      QStringList{QStringLiteral("--address"), address, QStringLiteral("--namespace"),
                                  QStringLiteral("default"), QStringLiteral("--history"), m_history,
                                  QStringLiteral("--version-set-limit"),
                                  QString::number(TestServer::kSetLimit), QStringLiteral("--build-id-limit"),
                                  QString::number(TestServer::kBuildIdLimit)} +
                          arguments);
        if (!process.waitForStarted(10000))
            return {};
        process.closeWriteChannel();
        process.waitForFinished(60000);
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                process.readAllStandardOutput(), process.readAllStandardError()};
    }

    static QJsonObject parseObject(const QByteArray &json) { return QJsonDocument::fromJson(json).object(); }

    // The history as an independent reader of the file sees it, oldest first.
    QList<HistoryEntry> recorded(const HistoryFilter &filter)
    {
        const Result<HistoryLocation> location = HistoryLocation::resolve(m_history, {}, {});
        if (!location)
            return {};
        Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location.value());
        if (!store)
            return {};
        const Result<QList<HistoryEntry>> entries = store.value()->query(filter);
        if (!entries)
            return {};
        QList<HistoryEntry> list = entries.value();
        std::sort(list.begin(), list.end(),
                  [](const HistoryEntry &a, const HistoryEntry &b) { return a.id < b.id; });
        return list;
    }

    QString freshBuildId() { return QStringLiteral("b%1").arg(m_nextBuildId++); }

    template <typename T> const T &pick(const QList<T> &list)
    {
        return list.at(int(m_random.bounded(quint32(list.size()))));
    }

    // A random operation that the planner accepts on sets and that changes them; none when there is none.
    std::optional<BuildIdOperation> randomSetOperation(const VersionSets &sets)
    {
        const VersioningLimits limits = TestServer::settingsFor(TestServer::versioningAddress()).limits;
        const QStringList ids = sets.allBuildIds();
        QList<BuildIdOperation> candidates;
        candidates << BuildIdOperation::addNewDefault(QStringLiteral("new"));
        for (const QString &id : ids) {
            candidates << BuildIdOperation::addNewCompatible(QStringLiteral("new"), id, false)
                       << BuildIdOperation::addNewCompatible(QStringLiteral("new"), id, true)
                       << BuildIdOperation::promoteSet(id) << BuildIdOperation::promoteIdInSet(id);
            for (const QString &other : ids)
                if (sets.find(other).set != sets.find(id).set)
                    candidates << BuildIdOperation::mergeSets(id, other);
        }
        QList<BuildIdOperation> useful;
        for (const BuildIdOperation &op : std::as_const(candidates)) {
            const VersionSetPlan plan = planVersionSetOperation(sets, op, limits);
            if (plan.isAccepted() && !plan.changesNothing())
                useful << op;
        }
        if (useful.isEmpty())
            return std::nullopt;
        BuildIdOperation chosen = pick(useful);
        if (chosen.buildId == QLatin1String("new"))
            chosen.buildId = freshBuildId();
        return chosen;
    }

    static QStringList cliArguments(const BuildIdOperation &op)
    {
        QStringList args{QStringLiteral("task-queue"), QStringLiteral("update-build-ids"), op.commandName()};
        if (op.kind == BuildIdOperation::Kind::MergeSets)
            return args << QStringLiteral("--primary-build-id") << op.buildId
                        << QStringLiteral("--secondary-build-id") << op.secondaryBuildId;
        args << QStringLiteral("--build-id") << op.buildId;
        if (op.kind == BuildIdOperation::Kind::AddNewCompatible) {
            args << QStringLiteral("--existing-compatible-build-id") << op.existingBuildId;
            if (op.makeSetDefault)
                args << QStringLiteral("--set-as-default");
        }
        return args;
    }

    // A random routing change of the deployment as read (current, ramp, end of the ramp) that the preview
    // does not block; none when there is none.
    std::optional<DeploymentOperation> randomDeploymentOperation(const DeploymentSnapshot &snapshot,
                                                                 RolloutEngine *engine)
    {
        const WorkerDeployment &d = snapshot.deployment;
        QList<DeploymentOperation> candidates;
        for (const QString &id : {QStringLiteral("v1"), QStringLiteral("v2"), QStringLiteral("v3")}) {
            if (id != d.routing.currentBuildId) {
                candidates << DeploymentOperation::setCurrent(d.name, id);
                candidates << DeploymentOperation::setRamping(d.name, id, 5 * (1 + m_random.bounded(19)));
            }
        }
        if (d.routing.hasRamp)
            candidates << DeploymentOperation::stopRamping(d.name);
        QList<DeploymentOperation> useful;
        for (const DeploymentOperation &op : std::as_const(candidates))
            if (!engine->previewDeployment(snapshot, op).isBlocked() &&
                !op.routingAfter(d.routing).sameRouting(d.routing))
                useful << op;
        if (useful.isEmpty())
            return std::nullopt;
        return pick(useful);
    }

    static QStringList cliArguments(const DeploymentOperation &op)
    {
        QStringList args{QStringLiteral("worker"), QStringLiteral("deployment"), op.commandName(),
                         QStringLiteral("--deployment-name"), op.deploymentName};
        switch (op.kind) {
        case DeploymentOperation::Kind::SetCurrent:
            return args << QStringLiteral("--build-id") << op.buildId;
        case DeploymentOperation::Kind::SetRamping:
            return args << QStringLiteral("--build-id") << op.buildId << QStringLiteral("--percentage")
                        << QString::number(op.percentage);
        case DeploymentOperation::Kind::StopRamping:
            return args << QStringLiteral("--delete");
        default:
            return args;
        }
    }

    // The test's own scheduler: which actor moves next. Three actors; an actor holding a read or a preview is
    // passed over half of the time, so that the others change the server between its read and its apply.
    int nextActor(const QList<Phase> &phases)
    {
        for (;;) {
            const int actor = int(m_random.bounded(quint32(phases.size())));
            if (phases.at(actor) != Phase::Idle && m_random.bounded(2) == 0)
                continue;
            return actor;
        }
    }

    static QString entryText(const HistoryEntry &entry)
    {
        const std::unique_ptr<char[]> text(toString(entry));
        return QString::fromUtf8(text.get());
    }

    static QString routingText(const DeploymentRouting &routing)
    {
        return routing.summary() + QStringLiteral(" @rev %1").arg(routing.revisionNumber);
    }
    static bool sameRoutingAndRevision(const DeploymentRouting &a, const DeploymentRouting &b)
    {
        return a.sameRouting(b) && a.revisionNumber == b.revisionNumber;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_history = m_dir.filePath(QStringLiteral("shared-history.sqlite"));
        m_cli = QStringLiteral(VERSIONSCOPE_CLI_PATH);
        QVERIFY(QFile::exists(m_cli));
        bool fromEnvironment = false;
        m_seed = qEnvironmentVariable("VERSIONSCOPE_TEST_SEED").toUInt(&fromEnvironment);
        if (!fromEnvironment)
            m_seed = QRandomGenerator::global()->generate();
        m_random.seed(m_seed);
        qInfo("seed %u (replay with VERSIONSCOPE_TEST_SEED=%u)", m_seed, m_seed);
    }

    void versionSetQueue()
    {
        const QString address = TestServer::versioningAddress();
        QVERIFY2(!address.isEmpty(), "the temporal fixture did not start");
        const QString queue =
            QStringLiteral("race-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
        TemporalClient truthClient(TestServer::settingsFor(address));
        const auto serverSets = [&]() -> std::optional<VersionSets> {
            auto read = await<VersionSets>(
                [&](QObject *ctx, auto done) { truthClient.getVersionSets(ctx, queue, done); });
            if (!read || !read->isOk())
                return std::nullopt;
            return read->value();
        };
        QElapsedTimer timer;
        timer.start();

        std::vector<std::unique_ptr<Window>> windows;
        windows.push_back(openWindow(QStringLiteral("window-1"), address));
        windows.push_back(openWindow(QStringLiteral("window-2"), address));
        CliActor cliActor;
        // The queue starts with one build ID, put there by the CLI (so it is in the history as applied).
        const CliRun seeded =
            cli(address, cliArguments(BuildIdOperation::addNewDefault(freshBuildId())) +
                             QStringList{QStringLiteral("-t"), queue, QStringLiteral("--yes"),
                                         QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(seeded.exitCode == 0, seeded.err.constData());
        QList<Turn> turns;
        Turn seedTurn;
        seedTurn.actor = QStringLiteral("cli");
        seedTurn.what = QStringLiteral("seed");
        seedTurn.isApply = true;
        seedTurn.status = ApplyOutcome::Status::Applied;
        seedTurn.historyId =
            parseObject(seeded.out)[QLatin1String("outcome")][QLatin1String("historyId")].toInteger();
        turns << seedTurn;
        std::optional<VersionSets> truth = serverSets();
        QVERIFY(truth);
        QList<VersionSets> states{VersionSets(), *truth};
        for (auto &w : windows) {
            QSignalSpy shown(w->window.get(), &MainWindow::queueShown);
            w->window->openTaskQueue(queue);
            QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        }

        const int steps = qEnvironmentVariableIntValue("VERSIONSCOPE_TEST_ROUNDS") > 0
                              ? qEnvironmentVariableIntValue("VERSIONSCOPE_TEST_ROUNDS")
                              : 120;
        int staleWindowApplies = 0;
        for (int step = 1; step <= steps; ++step) {
            QList<Phase> phases;
            for (const auto &w : windows)
                phases << w->phase;
            phases << cliActor.phase;
            const int actor = nextActor(phases);
            Turn turn;
            turn.step = step;
            if (actor < int(windows.size())) {
                Window &w = *windows[size_t(actor)];
                turn.actor = w.name;
                MainWindow *window = w.window.get();
                if (w.phase == Phase::Idle) {
                    QSignalSpy shown(window, &MainWindow::queueShown);
                    window->session()->refresh();
                    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
                    QCOMPARE(window->session()->snapshot()->sets, *truth);
                    turn.what = QStringLiteral("read ") + truth->toDisplayString();
                    w.phase = Phase::Read;
                } else if (w.phase == Phase::Read) {
                    const VersionSets seen = window->session()->snapshot()->sets;
                    const std::optional<BuildIdOperation> op = randomSetOperation(seen);
                    if (!op) {
                        w.phase = Phase::Idle;
                        turn.what = QStringLiteral("nothing to do on ") + seen.toDisplayString();
                    } else {
                        window->requestOperation(*op);
                        QTRY_VERIFY(window->previewDialog() && window->previewDialog()->isVisible());
                        QCOMPARE(window->previewDialog()->preview().plan().before, seen);
                        window->previewDialog()->reasonEdit()->setText(QStringLiteral("step %1").arg(step));
                        turn.what = QStringLiteral("preview ") + op->summary();
                        w.phase = Phase::Previewed;
                    }
                } else {
                    PreviewDialog *preview = window->previewDialog();
                    const VersionSets previewed = preview->preview().plan().before;
                    QSignalSpy attempted(window, &MainWindow::operationAttempted);
                    QSignalSpy recordedSpy(window, &MainWindow::attemptRecorded);
                    QSignalSpy shown(window, &MainWindow::queueShown);
                    QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
                    QTRY_VERIFY_WITH_TIMEOUT(
                        attempted.count() == 1 && recordedSpy.count() == 1 && shown.count() >= 1, 30000);
                    const auto outcome = attempted.at(0).at(1).value<ApplyOutcome>();
                    turn.isApply = true;
                    turn.status = outcome.status;
                    turn.historyId = recordedSpy.at(0).at(0).toLongLong();
                    turn.readWasStale = previewed != *truth;
                    turn.what = QStringLiteral("apply %1 from %2: %3")
                                    .arg(outcome.plan.operation.summary(), previewed.toDisplayString(),
                                         ApplyOutcome::statusName(outcome.status));
                    staleWindowApplies += turn.readWasStale;
                    preview->close();
                    w.phase = Phase::Idle;
                }
            } else {
                turn.actor = QStringLiteral("cli");
                if (cliActor.phase == Phase::Idle) {
                    const CliRun read = cli(address, {QStringLiteral("task-queue"),
                                                      QStringLiteral("get-build-ids"), QStringLiteral("-t"),
                                                      queue, QStringLiteral("-o"), QStringLiteral("json")});
                    QVERIFY2(read.exitCode == 0, read.err.constData());
                    const Result<VersionSets> sets =
                        versionSetsFromJson(QJsonDocument::fromJson(read.out).array());
                    QVERIFY(sets.isOk());
                    QCOMPARE(sets.value(), *truth);
                    cliActor.readSets = sets.value();
                    cliActor.phase = Phase::Read;
                    turn.what = QStringLiteral("read ") + sets.value().toDisplayString();
                } else {
                    // The operator types a command chosen from what they read a while ago; the CLI reads the
                    // queue again itself and previews on that.
                    cliActor.phase = Phase::Idle;
                    const std::optional<BuildIdOperation> op = randomSetOperation(cliActor.readSets);
                    if (!op) {
                        turn.what = QStringLiteral("nothing to do");
                    } else {
                        const CliRun run =
                            cli(address, cliArguments(*op) +
                                             QStringList{QStringLiteral("-t"), queue, QStringLiteral("--yes"),
                                                         QStringLiteral("-o"), QStringLiteral("json")});
                        const QJsonObject outcome = parseObject(run.out)[QLatin1String("outcome")].toObject();
                        turn.isApply = true;
                        turn.historyId = outcome[QLatin1String("historyId")].toInteger();
                        const QString status = outcome[QLatin1String("status")].toString();
                        // No outcome: the CLI refused before sending (its fresh read made the operation
                        // invalid).
                        turn.status = status == QLatin1String("applied") ? ApplyOutcome::Status::Applied
                                      : status == QLatin1String("stale") ? ApplyOutcome::Status::Stale
                                                                         : ApplyOutcome::Status::NotSent;
                        QCOMPARE(run.exitCode == 0, turn.status == ApplyOutcome::Status::Applied);
                        turn.what =
                            QStringLiteral("apply %1 (read %2): %3")
                                .arg(op->summary(), cliActor.readSets.toDisplayString(),
                                     status.isEmpty() ? QStringLiteral("refused before sending") : status);
                    }
                }
            }
            truth = serverSets();
            QVERIFY(truth);
            states << *truth;
            turns << turn;
            qInfo("%3d %-8s %s", step, qPrintable(turn.actor), qPrintable(turn.what));
            const VersionSets &before = states.at(states.size() - 2);
            if (turn.isApply && turn.status != ApplyOutcome::Status::Applied)
                QVERIFY2(*truth == before, "an apply that was not accepted changed the queue");
            if (turn.actor != QLatin1String("cli") && turn.isApply) {
                // (a) A window's apply made from a read the server has moved past is never sent.
                QCOMPARE(turn.status,
                         turn.readWasStale ? ApplyOutcome::Status::Stale : ApplyOutcome::Status::Applied);
            }
            if (!turn.isApply)
                QCOMPARE(*truth, before);
        }
        qInfo("%d steps, %d window applies made from a stale read, %lld ms", steps, staleWindowApplies,
              timer.elapsed());
        QVERIFY2(staleWindowApplies >= 2, "the interleaving never made a window's read stale");

        // The history: every entry about the queue, oldest first.
        HistoryFilter filter;
        filter.taskQueue = queue;
        const QList<HistoryEntry> entries = recorded(filter);
        QVERIFY(!entries.isEmpty());
        QHash<qint64, HistoryEntry> byId;
        for (const HistoryEntry &entry : entries)
            byId.insert(entry.id, entry);
        // (a) Every accepted apply's recorded before- and after-state are the server states it replaced and
        // made (read independently right before and after its turn).
        QSet<qint64> reportedApplied;
        int reportedStale = 0;
        for (qsizetype i = 0; i < turns.size(); ++i) {
            const Turn &turn = turns.at(i);
            if (!turn.isApply)
                continue;
            if (turn.status == ApplyOutcome::Status::Stale)
                ++reportedStale;
            if (turn.status != ApplyOutcome::Status::Applied)
                continue;
            QVERIFY2(turn.historyId > 0, qPrintable(turn.what));
            QVERIFY2(!reportedApplied.contains(turn.historyId),
                     "two applies reported the same history entry");
            reportedApplied.insert(turn.historyId);
            QVERIFY2(byId.contains(turn.historyId),
                     qPrintable(QStringLiteral("entry %1 is missing").arg(turn.historyId)));
            const HistoryEntry &entry = byId.value(turn.historyId);
            QCOMPARE(entry.outcome, HistoryEntry::Outcome::Applied);
            QCOMPARE(entry.before, states.at(i));
            QVERIFY(entry.after);
            QCOMPARE(*entry.after, states.at(i + 1));
        }
        // (b) Nothing else is recorded as applied; no change is recorded twice (as observed too).
        QSet<qint64> historyApplied;
        int historyStale = 0;
        VersionSets known;
        QDateTime lastTime;
        for (const HistoryEntry &entry : entries) {
            QVERIFY2(
                entry.kind != HistoryEntry::Kind::Observed,
                qPrintable(
                    QStringLiteral("a change was recorded as made elsewhere: %1").arg(entryText(entry))));
            QVERIFY(!lastTime.isValid() || entry.recordedAt >= lastTime);
            lastTime = entry.recordedAt;
            if (entry.outcome == HistoryEntry::Outcome::Stale) {
                ++historyStale;
                // Recorded with the state found instead, which is the one the chain has reached.
                QVERIFY(entry.after);
                QCOMPARE(*entry.after, known);
                continue;
            }
            QCOMPARE(entry.outcome, HistoryEntry::Outcome::Applied);
            historyApplied.insert(entry.id);
            // The chain: each accepted change starts where the previous one left the queue.
            QCOMPARE(entry.before, known);
            known = *entry.after;
        }
        QCOMPARE(historyApplied, reportedApplied);
        QCOMPARE(historyStale, reportedStale);

        // (c) The final state, wherever it is shown, is the server's.
        QCOMPARE(known, *truth);
        for (auto &w : windows) {
            QSignalSpy shown(w->window.get(), &MainWindow::queueShown);
            w->window->session()->refresh();
            QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
            QCOMPARE(w->window->session()->snapshot()->sets, *truth);
        }
        const CliRun finalRead =
            cli(address, {QStringLiteral("task-queue"), QStringLiteral("get-build-ids"), QStringLiteral("-t"),
                          queue, QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(finalRead.exitCode, 0);
        QCOMPARE(versionSetsFromJson(QJsonDocument::fromJson(finalRead.out).array()).value(), *truth);
        {
            const Result<HistoryLocation> location = HistoryLocation::resolve(m_history, {}, {});
            QVERIFY(location.isOk());
            Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location.value());
            QVERIFY(store.isOk());
            const auto lastKnown = store.value()->lastKnownSets(
                windows.front()->window->session()->settings().address, QStringLiteral("default"), queue);
            QVERIFY(lastKnown.isOk());
            QCOMPARE(lastKnown.value(), std::optional<VersionSets>(*truth));
        }
        // The final reads recorded nothing new either.
        QCOMPARE(recorded(filter).size(), entries.size());
        qInfo("version sets: %lld ms", timer.elapsed());
    }

    void workerDeployment()
    {
        const QString address = TestServer::deploymentsAddress();
        QVERIFY2(!address.isEmpty(), "the temporal_deployments_server fixture did not start");
        QElapsedTimer timer;
        timer.start();
        DeploymentWorkers workers(
            address, qEnvironmentVariable("VERSIONSCOPE_TEST_DEPLOYMENTS_SERVER_DIR"),
            DeploymentWorkers::Spec{QStringLiteral("race"),
                                    {QStringLiteral("v1"), QStringLiteral("v2"), QStringLiteral("v3")},
                                    {QStringLiteral("a")},
                                    QStringLiteral("v1"),
                                    0,
                                    0});
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        qInfo("workers up after %lld ms", timer.elapsed());

        ConnectionSettings truthSettings = TestServer::settingsFor(address);
        truthSettings.identity = QStringLiteral("truth@concurrency");
        TemporalClient truthClient(truthSettings);
        // Reads only (its previews filter the random operations); never records, never changes anything.
        RolloutEngine truthEngine(&truthClient, nullptr);
        const auto serverDeployment = [&]() -> std::optional<DeploymentSnapshot> {
            DeploymentReader::Options light;
            light.pollers = false;
            light.workflowCounts = false;
            auto read = await<DeploymentSnapshot>(
                [&](QObject *ctx, auto done) { truthEngine.readDeployment(ctx, name, light, done); }, 30000);
            if (!read || !read->isOk())
                return std::nullopt;
            return read->value();
        };

        std::vector<std::unique_ptr<Window>> windows;
        windows.push_back(openWindow(QStringLiteral("window-1"), address));
        windows.push_back(openWindow(QStringLiteral("window-2"), address));
        CliActor cliActor;
        std::optional<DeploymentSnapshot> truth = serverDeployment();
        QVERIFY(truth);
        QList<Turn> turns;
        for (auto &w : windows) {
            QSignalSpy shown(w->window.get(), &MainWindow::deploymentShown);
            w->window->deployments()->openDeployment(name);
            QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
        }

        const int steps = qEnvironmentVariableIntValue("VERSIONSCOPE_TEST_ROUNDS") > 0
                              ? qEnvironmentVariableIntValue("VERSIONSCOPE_TEST_ROUNDS")
                              : 50;
        int staleWindowApplies = 0;
        int simultaneous = 0;
        for (int step = 1; step <= steps; ++step) {
            QList<Phase> phases;
            for (const auto &w : windows)
                phases << w->phase;
            phases << cliActor.phase;
            const int actor = nextActor(phases);
            Turn turn;
            turn.step = step;
            // The second window's turn when both apply at once.
            QList<Turn> extra;
            if (actor < int(windows.size())) {
                Window &w = *windows[size_t(actor)];
                turn.actor = w.name;
                MainWindow *window = w.window.get();
                WindowDeployments *deployments = window->deployments();
                if (w.phase == Phase::Idle) {
                    QSignalSpy shown(window, &MainWindow::deploymentShown);
                    window->session()->refresh();
                    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
                    const DeploymentRouting &seen =
                        window->session()->deploymentSnapshot()->deployment.routing;
                    QVERIFY2(sameRoutingAndRevision(seen, truth->deployment.routing),
                             qPrintable(routingText(seen) + QStringLiteral(" vs ") +
                                        routingText(truth->deployment.routing)));
                    turn.what = QStringLiteral("read ") + routingText(seen);
                    w.phase = Phase::Read;
                } else if (w.phase == Phase::Read) {
                    const DeploymentSnapshot seen = *window->session()->deploymentSnapshot();
                    const std::optional<DeploymentOperation> op =
                        randomDeploymentOperation(seen, &truthEngine);
                    if (!op) {
                        w.phase = Phase::Idle;
                        turn.what = QStringLiteral("nothing to do");
                    } else {
                        deployments->requestOperation(*op);
                        QTRY_VERIFY(deployments->previewDialog() &&
                                    deployments->previewDialog()->isVisible());
                        QVERIFY(sameRoutingAndRevision(
                            deployments->previewDialog()->preview().snapshot().deployment.routing,
                            seen.deployment.routing));
                        turn.what = QStringLiteral("preview ") + op->summary();
                        w.phase = Phase::Previewed;
                    }
                } else {
                    // Half of the time when the other window holds a preview too, both Apply buttons are
                    // clicked at once: the two changes meet at the server, which lets one through.
                    Window &other = *windows[size_t(1 - actor)];
                    const bool together = other.phase == Phase::Previewed && m_random.bounded(2) == 0;
                    std::vector<Window *> appliers{&w};
                    if (together)
                        appliers.push_back(&other);
                    std::vector<std::unique_ptr<PendingApply>> pending;
                    for (Window *applier : appliers)
                        pending.push_back(clickApply(*applier));
                    for (const auto &p : pending)
                        QTRY_VERIFY_WITH_TIMEOUT(p->outcome && p->shown->count() >= 1, 30000);
                    for (size_t i = 0; i < pending.size(); ++i) {
                        const PendingApply &p = *pending[i];
                        Turn &t = i == 0 ? turn : extra.emplace_back();
                        t.step = step;
                        t.actor = appliers[i]->name;
                        t.isApply = true;
                        t.status = p.outcome->status;
                        t.historyId = p.historyId;
                        t.readWasStale = !sameRoutingAndRevision(p.previewed, truth->deployment.routing);
                        t.what = QStringLiteral("apply %1 from %2%3: %4")
                                     .arg(p.outcome->operation.summary(), routingText(p.previewed),
                                          together ? QStringLiteral(" (both windows at once)") : QString(),
                                          ApplyOutcome::statusName(p.outcome->status));
                        staleWindowApplies += t.readWasStale;
                        simultaneous += together;
                        appliers[i]->window->deployments()->previewDialog()->close();
                        appliers[i]->phase = Phase::Idle;
                    }
                }
            } else {
                turn.actor = QStringLiteral("cli");
                if (cliActor.phase == Phase::Idle) {
                    const CliRun read = cli(address, {QStringLiteral("worker"), QStringLiteral("deployment"),
                                                      QStringLiteral("describe"), QStringLiteral("-d"), name,
                                                      QStringLiteral("-o"), QStringLiteral("json")});
                    QVERIFY2(read.exitCode == 0, read.err.constData());
                    const QJsonObject routing =
                        parseObject(read.out)[QLatin1String("routingConfig")].toObject();
                    QCOMPARE(routing[QLatin1String("currentVersionBuildID")].toString(),
                             truth->deployment.routing.currentBuildId);
                    QCOMPARE(routing[QLatin1String("rampingVersionBuildID")].toString(),
                             truth->deployment.routing.rampingBuildId);
                    cliActor.readDeployment = truth->deployment;
                    cliActor.phase = Phase::Read;
                    turn.what = QStringLiteral("read ") + routingText(truth->deployment.routing);
                } else {
                    cliActor.phase = Phase::Idle;
                    DeploymentSnapshot asRead = *truth;
                    asRead.deployment = cliActor.readDeployment;
                    const std::optional<DeploymentOperation> op =
                        randomDeploymentOperation(asRead, &truthEngine);
                    if (!op) {
                        turn.what = QStringLiteral("nothing to do");
                    } else {
                        const CliRun run =
                            cli(address,
                                cliArguments(*op) + QStringList{QStringLiteral("-y"), QStringLiteral("-o"),
                                                                QStringLiteral("json")});
                        const QJsonObject outcome = parseObject(run.out)[QLatin1String("outcome")].toObject();
                        turn.isApply = true;
                        turn.historyId = outcome[QLatin1String("historyId")].toInteger();
                        const QString status = outcome[QLatin1String("status")].toString();
                        turn.status = status == QLatin1String("applied") ? ApplyOutcome::Status::Applied
                                      : status == QLatin1String("stale") ? ApplyOutcome::Status::Stale
                                                                         : ApplyOutcome::Status::NotSent;
                        QVERIFY2((run.exitCode == 0) == (turn.status == ApplyOutcome::Status::Applied),
                                 run.err.constData());
                        turn.what =
                            QStringLiteral("apply %1 (read %2): %3")
                                .arg(op->summary(), routingText(cliActor.readDeployment.routing),
                                     status.isEmpty() ? QStringLiteral("refused before sending") : status);
                    }
                }
            }
            const DeploymentRouting before = truth->deployment.routing;
            truth = serverDeployment();
            QVERIFY(truth);
            int accepted = 0;
            for (Turn t : QList<Turn>{turn} + extra) {
                t.routingBefore = before;
                t.routingAfter = truth->deployment.routing;
                turns << t;
                qInfo("%3d %-8s %s", step, qPrintable(t.actor), qPrintable(t.what));
                accepted += t.isApply && t.status == ApplyOutcome::Status::Applied;
                // (a) A window's apply made from a read the server has moved past is refused by the conflict
                // token: Stale, nothing changed.
                if (t.actor != QLatin1String("cli") && t.isApply && t.readWasStale)
                    QCOMPARE(t.status, ApplyOutcome::Status::Stale);
            }
            // Of two changes made from the same read at once, the server takes one.
            QVERIFY(accepted <= 1);
            if (accepted == 0)
                QVERIFY2(sameRoutingAndRevision(truth->deployment.routing, before),
                         "a step without an accepted change changed the routing");
        }
        qInfo("%d steps, %d window applies made from a stale read, %d made at once, %lld ms", steps,
              staleWindowApplies, simultaneous, timer.elapsed());
        QVERIFY2(staleWindowApplies >= 2, "the interleaving never made a window's read stale");

        HistoryFilter filter;
        filter.deploymentName = name;
        const QList<HistoryEntry> entries = recorded(filter);
        QHash<qint64, HistoryEntry> byId;
        for (const HistoryEntry &entry : entries)
            byId.insert(entry.id, entry);
        QSet<qint64> reportedApplied;
        int reportedStale = 0;
        for (const Turn &turn : std::as_const(turns)) {
            if (!turn.isApply)
                continue;
            reportedStale += turn.status == ApplyOutcome::Status::Stale;
            if (turn.status != ApplyOutcome::Status::Applied)
                continue;
            QVERIFY2(turn.historyId > 0, qPrintable(turn.what));
            QVERIFY(!reportedApplied.contains(turn.historyId));
            reportedApplied.insert(turn.historyId);
            QVERIFY2(byId.contains(turn.historyId),
                     qPrintable(QStringLiteral("entry %1 is missing").arg(turn.historyId)));
            const HistoryEntry &entry = byId.value(turn.historyId);
            // (a) The state it replaced is the one its preview was made from.
            QVERIFY(entry.deploymentBefore && entry.deploymentAfter);
            QVERIFY2(sameRoutingAndRevision(entry.deploymentBefore->routing, turn.routingBefore),
                     qPrintable(turn.what + QStringLiteral(": recorded before ") +
                                routingText(entry.deploymentBefore->routing) +
                                QStringLiteral(", server had ") + routingText(turn.routingBefore)));
            QVERIFY(sameRoutingAndRevision(entry.deploymentAfter->routing, turn.routingAfter));
        }
        // (b) and the chain: routing moves only by the accepted changes, each starting where the previous
        // left it. Observed entries are allowed (versions drain on their own) but never move the routing.
        QSet<qint64> historyApplied;
        int historyStale = 0;
        std::optional<DeploymentRouting> known;
        for (const HistoryEntry &entry : entries) {
            if (entry.kind == HistoryEntry::Kind::Observed) {
                QVERIFY(entry.deploymentAfter);
                if (known)
                    QVERIFY2(
                        sameRoutingAndRevision(entry.deploymentAfter->routing, *known),
                        qPrintable(QStringLiteral("an accepted change was recorded as made elsewhere: %1")
                                       .arg(entryText(entry))));
                known = entry.deploymentAfter->routing;
                continue;
            }
            if (entry.outcome == HistoryEntry::Outcome::Stale) {
                ++historyStale;
                continue;
            }
            QCOMPARE(entry.outcome, HistoryEntry::Outcome::Applied);
            historyApplied.insert(entry.id);
            QVERIFY(known);
            QVERIFY(sameRoutingAndRevision(entry.deploymentBefore->routing, *known));
            known = entry.deploymentAfter->routing;
        }
        QCOMPARE(historyApplied, reportedApplied);
        QCOMPARE(historyStale, reportedStale);

        // (c) The final state everywhere is the server's.
        QVERIFY(known && sameRoutingAndRevision(*known, truth->deployment.routing));
        for (auto &w : windows) {
            QSignalSpy shown(w->window.get(), &MainWindow::deploymentShown);
            w->window->session()->refresh();
            QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 30000);
            QVERIFY(sameRoutingAndRevision(w->window->session()->deploymentSnapshot()->deployment.routing,
                                           truth->deployment.routing));
            QVERIFY(sameRoutingAndRevision(w->window->deployments()->page()->graphModel()->routing(),
                                           truth->deployment.routing));
        }
        const CliRun finalRead =
            cli(address, {QStringLiteral("worker"), QStringLiteral("deployment"), QStringLiteral("describe"),
                          QStringLiteral("-d"), name, QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(finalRead.exitCode, 0);
        const QJsonObject routing = parseObject(finalRead.out)[QLatin1String("routingConfig")].toObject();
        QCOMPARE(routing[QLatin1String("currentVersionBuildID")].toString(),
                 truth->deployment.routing.currentBuildId);
        QCOMPARE(routing[QLatin1String("rampingVersionBuildID")].toString(),
                 truth->deployment.routing.rampingBuildId);
        QCOMPARE(routing[QLatin1String("rampingVersionPercentage")].toDouble(),
                 truth->deployment.routing.rampingPercentage);
        {
            const Result<HistoryLocation> location = HistoryLocation::resolve(m_history, {}, {});
            QVERIFY(location.isOk());
            Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location.value());
            QVERIFY(store.isOk());
            const auto lastKnown = store.value()->lastKnownDeployment(
                windows.front()->window->session()->settings().address, QStringLiteral("default"), name);
            QVERIFY(lastKnown.isOk() && lastKnown.value());
            QVERIFY(sameRoutingAndRevision(lastKnown.value()->routing, truth->deployment.routing));
        }
        qInfo("deployment: %lld ms", timer.elapsed());
    }
};

QTEST_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
