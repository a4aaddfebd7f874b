#include "dialogs/deploymentpreviewdialog.h"
#include "dialogs/previewdialog.h"
#include "history/historyfilter.h"
#include "history/historylocation.h"
#include "history/historystore.h"
#include "rollout/rolloutengine.h"
#include "session/namespacesession.h"
#include "support/deploymentworkers.h"
#include "support/faultproxy.h"
#include "support/testserver.h"
#include "temporal/retrypolicy.h"
#include "temporal/temporalclient.h"
#include "window/mainwindow.h"
#include "window/windowdeployments.h"
#include "window/windowsettings.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <signal.h>

#include <functional>
#include <memory>

using TestServer::await;

namespace {

// What a scenario does to the connection, at the moment its stage starts. Kill is not the proxy's: the dev
// server itself is killed (SIGKILL) and restarted on the same port with its data.
enum class Injected { Hang, Delay, Cut, Reset, Refuse, LoseReply, Kill };

QString injectedName(Injected fault)
{
    switch (fault) {
    case Injected::Hang:
        return QStringLiteral("hang");
    case Injected::Delay:
        return QStringLiteral("delay");
    case Injected::Cut:
        return QStringLiteral("cut");
    case Injected::Reset:
        return QStringLiteral("reset");
    case Injected::Refuse:
        return QStringLiteral("refuse");
    case Injected::LoseReply:
        return QStringLiteral("lose-reply");
    case Injected::Kill:
        return QStringLiteral("kill");
    }
    return {};
}

using Stage = RolloutEngine::Stage;

// Short deadlines so that a hang ends fast; the dev server answers a call in a few milliseconds. Changes of a
// deployment's routing wait until the deployment's task queues took them, which takes seconds on a loaded
// machine (and more right after a server restart): the deployment scenarios use a longer deadline.
constexpr int kCallTimeoutMs = 1500;
constexpr int kDeploymentCallTimeoutMs = 6000;
constexpr int kDelayMs = 120;
// The window's event loop may never be away longer than this while a fault is on.
constexpr qint64 kMaxStallMs = 100;

// Nanoseconds this thread has waited for a CPU while runnable (/proc/thread-self/schedstat, 2nd field).
qint64 runQueueWaitNs()
{
    QFile file(QStringLiteral("/proc/thread-self/schedstat"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = file.readAll().split(' ');
    return fields.size() >= 2 ? fields.at(1).toLongLong() : 0;
}

// Measures the longest gap between ticks of a 5 ms timer on the GUI thread: how long the event loop was
// away (a blocked or busy GUI thread shows as a gap). The time the thread waited for a CPU while runnable is
// taken out: on a machine shared by many processes the scheduler alone can keep a thread off the CPU for
// 100 ms, which says nothing about the window (the wall-clock gap is reported too).
class StallProbe : public QObject
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_lastWaitNs = runQueueWaitNs();
        m_maxGap = 0;
        m_maxWallGap = 0;
        m_timer.start(5);
    }
    // The longest time the event loop was away, without the waits for a CPU, in ms.
    qint64 stop()
    {
        tick();
        m_timer.stop();
        return m_maxGap;
    }
    qint64 maxWallGap() const { return m_maxWallGap; }

private:
    void tick()
    {
        const qint64 now = m_clock.elapsed();
        const qint64 waitNs = runQueueWaitNs();
        const qint64 gap = now - m_last;
        m_maxWallGap = std::max(m_maxWallGap, gap);
        m_maxGap = std::max(m_maxGap, gap - (waitNs - m_lastWaitNs) / 1000000);
        m_last = now;
        m_lastWaitNs = waitNs;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_lastWaitNs = 0;
    qint64 m_maxGap = 0;
    qint64 m_maxWallGap = 0;
};

int changeAttempts(const QHash<QString, int> &attempts)
{
    int total = 0;
    for (auto it = attempts.cbegin(); it != attempts.cend(); ++it) {
        if (RetryPolicy::changesServer(it.key()))
            total += it.value();
    }
    return total;
}

QString shortId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).left(6);
}

} // namespace

// Faults against the real Temporal dev server, through the real window: a loopback proxy (FaultProxy) sits
// between the window and a dev server of this test's own and hangs, delays, cuts, resets, refuses the
// connection or loses the server's answer, or the server is killed, exactly when a step of a read or a
// change starts (RolloutEngine::stageStarted). Every fault meets every step of both models; scenarios that
// are the same by construction run once, so that the whole matrix stays near two minutes:
//  - a read and its fleet of reads do not depend on the operation: every fault once per model;
//  - the stale check and the read-back send the same read whatever the operation: every fault once per
//    model, the operation kinds taking turns (the stale check exists for version sets and for the deployment
//    operations without a conflict token: metadata and deletion share it);
//  - the change itself differs per kind: every kind loses its request (cut) and its answer (lose-reply); the
//    other faults (delay, reset, refuse, and the expensive ones: hang costs a deadline, kill a server
//    restart) take turns over the kinds.
// In each scenario: no crash; the event loop never away longer than 100 ms while the fault is on; a clear
// message in the window; recovery by the window's own next read once the connection is back; a change sent
// at most once; one history entry for the attempt with the right outcome, and an unknown one settled by the
// next read to what the server really has. The test prints how many scenarios ran and passed and lists the
// failures.
class TestFaultMatrix : public QObject
{
    Q_OBJECT

    QString m_serverDir;
    QString m_address;
    QTemporaryDir m_dir;
    QString m_history;
    std::unique_ptr<FaultProxy> m_proxy;
    // Someone else, straight to the server: seeds states and reads what the server really has.
    std::unique_ptr<TemporalClient> m_directClient;
    std::unique_ptr<RolloutEngine> m_direct;
    std::unique_ptr<WindowSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<DeploymentWorkers> m_workers;
    std::unique_ptr<DeploymentWorkers> m_deletable;
    QStringList m_deletableVersions;
    int m_ran = 0;
    int m_passed = 0;
    QStringList m_failures;
    // Scenarios a restart or a hang made slow, for the summary.
    QElapsedTimer m_clock;

    static QString stateDir() { return qEnvironmentVariable("VERSIONSCOPE_TEST_FAULTS_SERVER_DIR"); }

    NamespaceSession *session() const { return m_window->session(); }
    TemporalClient *windowClient() const { return session()->engine()->client(); }

    ConnectionOverrides overridesWith(int callTimeoutMs) const
    {
        ConnectionOverrides overrides;
        overrides.address = m_proxy->address();
        overrides.namespaceName = QStringLiteral("default");
        overrides.maxSets = TestServer::kSetLimit;
        overrides.maxBuildIds = TestServer::kBuildIdLimit;
        overrides.callTimeoutMs = callTimeoutMs;
        return overrides;
    }

    void openWindow()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("VERSIONSCOPE_HISTORY"), m_history);
        environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"),
                           QStringLiteral("/nonexistent/temporal.toml"));
        environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
                           QStringLiteral("/nonexistent/versionscope.toml"));
        m_window = std::make_unique<MainWindow>(m_settings.get(), overridesWith(kCallTimeoutMs), environment,
                                                std::nullopt);
        m_window->resize(1200, 800);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(session() != nullptr, 10000);
        // Only the reads a scenario starts go through the proxy while a fault is on.
        session()->setRefreshInterval(0);
    }

    // ---- the server ----

    bool runServerScript(const QString &command)
    {
        QProcess script;
        script.setProcessChannelMode(QProcess::MergedChannels);
        script.start(QStringLiteral(VERSIONSCOPE_SCRIPTS_DIR "/temporal-dev-server"), {command, m_serverDir});
        // The event loop keeps running while the server restarts: the window must not care.
        if (!QTest::qWaitFor([&] { return script.state() == QProcess::NotRunning; }, 60000))
            return false;
        if (script.exitCode() != 0)
            qWarning("temporal-dev-server %s: %s", qPrintable(command), script.readAll().constData());
        return script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0;
    }

    // SIGKILL at once, from the stage's slot: the call that starts right after meets a dead server.
    void killServer()
    {
        QFile pidFile(m_serverDir + QStringLiteral("/server.pid"));
        if (pidFile.open(QIODevice::ReadOnly)) {
            const pid_t pid = pid_t(pidFile.readAll().trimmed().toLongLong());
            if (pid > 0 && ::kill(-pid, SIGKILL) != 0)
                ::kill(pid, SIGKILL);
        }
    }

    // ---- faults ----

    void inject(Injected fault)
    {
        switch (fault) {
        case Injected::Hang:
            m_proxy->setFault(FaultProxy::Fault::Hang);
            break;
        case Injected::Delay:
            m_proxy->setFault(FaultProxy::Fault::Delay, kDelayMs);
            break;
        case Injected::Cut:
            m_proxy->setFault(FaultProxy::Fault::Cut);
            break;
        case Injected::Reset:
            m_proxy->setFault(FaultProxy::Fault::Reset);
            break;
        case Injected::Refuse:
            m_proxy->setFault(FaultProxy::Fault::Refuse);
            break;
        case Injected::LoseReply:
            m_proxy->setFault(FaultProxy::Fault::LoseReply);
            break;
        case Injected::Kill:
            killServer();
            break;
        }
    }

    // The connection comes back. A hang's held bytes are dropped (the late request never reaches the
    // server: a hung server that recovers does not run calls whose callers gave up, and a late delivery
    // would make the server's state race with the settling read). A connection that lost part of an answer
    // is broken for good (its HTTP/2 frames no longer line up) and is closed now rather than when its cut
    // comes.
    void lift(Injected fault)
    {
        if (fault == Injected::Hang || fault == Injected::LoseReply)
            m_proxy->closeConnections();
        m_proxy->setFault(FaultProxy::Fault::Pass);
    }

    // Arms `fault` when `stage` of target starts (once); the probe starts with it.
    struct Armed
    {
        QObject context;
        bool fired = false;
        QElapsedTimer since;
        // The window's status bar as the step started (the window's own slot ran first).
        QString status;
    };
    std::unique_ptr<Armed> armAt(Stage stage, const QString &target, Injected fault, StallProbe &probe)
    {
        auto armed = std::make_unique<Armed>();
        Armed *a = armed.get();
        connect(
            session()->engine(), &RolloutEngine::stageStarted, &a->context,
            [this, a, stage, target, fault, &probe](Stage started, const QString &name) {
                if (a->fired || started != stage || name != target)
                    return;
                a->fired = true;
                a->since.start();
                a->status = m_window->statusBar()->currentMessage();
                probe.start();
                inject(fault);
            },
            Qt::DirectConnection);
        return armed;
    }

    // ---- bookkeeping ----

    struct Outcome
    {
        QStringList problems;
        QString note;
    };

    // Runs a scenario unless VERSIONSCOPE_FAULTS_ONLY (a part of scenario names) leaves it out.
    void run(const QString &name, const std::function<Outcome()> &scenario)
    {
        const QString only = qEnvironmentVariable("VERSIONSCOPE_FAULTS_ONLY");
        if (!only.isEmpty() && !name.contains(only))
            return;
        QElapsedTimer clock;
        clock.start();
        Outcome outcome = scenario();
        outcome.note += QStringLiteral("; %1 ms").arg(clock.elapsed());
        record(name, outcome);
    }

    void record(const QString &name, const Outcome &outcome)
    {
        ++m_ran;
        if (outcome.problems.isEmpty()) {
            ++m_passed;
            qInfo("PASS %s%s", qPrintable(name),
                  outcome.note.isEmpty() ? "" : qPrintable(QStringLiteral(" (") + outcome.note + u')'));
        } else {
            m_failures << name + QStringLiteral(": ") + outcome.problems.join(QStringLiteral("; "));
            qWarning("FAIL %s: %s", qPrintable(name),
                     qPrintable(outcome.problems.join(QStringLiteral("; "))));
        }
    }

    std::unique_ptr<HistoryStore> store() const
    {
        const Result<HistoryLocation> location = HistoryLocation::resolve(m_history, {}, {});
        if (!location)
            return nullptr;
        Result<std::unique_ptr<HistoryStore>> opened = HistoryStore::open(location.value());
        return opened ? std::move(opened.value()) : nullptr;
    }

    // The attempts (not observations) recorded for a queue or deployment after id `after`, oldest first.
    QList<HistoryEntry> attemptsAfter(const HistoryFilter &filter, qint64 after) const
    {
        std::unique_ptr<HistoryStore> s = store();
        if (!s)
            return {};
        const Result<QList<HistoryEntry>> found = s->query(filter);
        QList<HistoryEntry> list;
        if (!found)
            return list;
        for (const HistoryEntry &entry : found.value()) {
            if (entry.kind == HistoryEntry::Kind::Applied && entry.id > after)
                list.prepend(entry);
        }
        return list;
    }

    qint64 lastHistoryId() const
    {
        std::unique_ptr<HistoryStore> s = store();
        if (!s)
            return 0;
        const Result<QList<HistoryEntry>> found = s->query(HistoryFilter());
        qint64 last = 0;
        if (found) {
            for (const HistoryEntry &entry : found.value())
                last = std::max(last, entry.id);
        }
        return last;
    }

    // Like QTest::qWaitFor, for conditions that cost a query (the history file): asked every 100 ms.
    static bool waitPolling(const std::function<bool()> &done, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            if (done())
                return true;
            if (deadline.hasExpired())
                return false;
            QTest::qWait(100);
        }
    }

    // Reads the current queue or deployment again until a read succeeds (with its extras), at most 3 reads, a
    // failed one tried again after 300 ms; how many reads it took, 0 when none succeeded.
    int recover(const std::function<bool()> &readEnded, const std::function<bool()> &readOk,
                const std::function<void()> &startRead)
    {
        for (int reads = 1; reads <= 3; ++reads) {
            startRead();
            if (QTest::qWaitFor(readEnded, 15000) && readOk())
                return reads;
            QTest::qWait(300);
        }
        return 0;
    }

    // ---- version sets ----

    struct SetKind
    {
        QString name;
        QList<BuildIdOperation> seed;
        BuildIdOperation operation;
    };

    static QList<SetKind> setKinds()
    {
        const QString v1 = QStringLiteral("1.0");
        const QString v11 = QStringLiteral("1.1");
        const QString v2 = QStringLiteral("2.0");
        return {
            {QStringLiteral("add-new-default"),
             {BuildIdOperation::addNewDefault(v1)},
             BuildIdOperation::addNewDefault(v2)},
            {QStringLiteral("add-compatible"),
             {BuildIdOperation::addNewDefault(v1)},
             BuildIdOperation::addNewCompatible(v11, v1, false)},
            {QStringLiteral("add-compatible-make-default"),
             {BuildIdOperation::addNewDefault(v1), BuildIdOperation::addNewDefault(v2)},
             BuildIdOperation::addNewCompatible(v11, v1, true)},
            {QStringLiteral("promote-set"),
             {BuildIdOperation::addNewDefault(v1), BuildIdOperation::addNewDefault(v2)},
             BuildIdOperation::promoteSet(v1)},
            {QStringLiteral("promote-build-id"),
             {BuildIdOperation::addNewDefault(v1), BuildIdOperation::addNewCompatible(v11, v1, false)},
             BuildIdOperation::promoteIdInSet(v1)},
            {QStringLiteral("merge-sets"),
             {BuildIdOperation::addNewDefault(v1), BuildIdOperation::addNewDefault(v2)},
             BuildIdOperation::mergeSets(v2, v1)},
        };
    }

    std::optional<VersionSets> serverSets(const QString &queue)
    {
        auto read = await<VersionSets>(
            [&](QObject *ctx, auto done) { m_directClient->getVersionSets(ctx, queue, done); });
        if (!read || !read->isOk())
            return std::nullopt;
        return read->value();
    }

    bool seedQueue(const QString &queue, const QList<BuildIdOperation> &operations)
    {
        for (const BuildIdOperation &op : operations) {
            auto sent = await<Done>(
                [&](QObject *ctx, auto done) { m_directClient->updateVersionSets(ctx, queue, op, done); });
            if (!sent || !sent->isOk())
                return false;
        }
        return true;
    }

    // Opens a fresh queue in the window, seeded; false when that did not work.
    bool showFreshQueue(const QString &queue, const SetKind &kind, Outcome &result)
    {
        if (!seedQueue(queue, kind.seed)) {
            result.problems << QStringLiteral("could not seed the queue");
            return false;
        }
        QSignalSpy shown(m_window.get(), &MainWindow::queueShown);
        m_window->openTaskQueue(queue);
        if (!QTest::qWaitFor([&] { return shown.count() >= 1 && !session()->isReading(); }, 15000)) {
            result.problems << QStringLiteral("the window did not show the queue before the fault");
            return false;
        }
        return true;
    }

    Outcome runQueueRead(Stage stage, Injected fault)
    {
        Outcome result;
        const SetKind kind = setKinds().first();
        const QString queue = QStringLiteral("fm-%1-%2-%3")
                                  .arg(RolloutEngine::stageName(stage), injectedName(fault), shortId());
        if (!showFreshQueue(queue, kind, result))
            return result;
        StallProbe probe;
        auto armed = armAt(stage, queue, fault, probe);
        std::optional<Result<QueueSnapshot>> read;
        QObject context;
        connect(session(), &NamespaceSession::snapshotRead, &context,
                [&](const QString &name, const Result<QueueSnapshot> &snapshot) {
                    if (name == queue && !read)
                        read = snapshot;
                });
        session()->refresh();
        if (!QTest::qWaitFor([&] { return read.has_value(); }, 30000)) {
            result.problems << QStringLiteral("the read never ended");
            lift(fault);
            return result;
        }
        const QString message = m_window->statusText();
        if (fault == Injected::Kill && !runServerScript(QStringLiteral("restart")))
            result.problems << QStringLiteral("the server did not restart");
        lift(fault);
        const qint64 stall = probe.stop();
        if (!armed->fired)
            result.problems << QStringLiteral("the stage never started");
        if (stall > kMaxStallMs)
            result.problems << QStringLiteral("the event loop stalled %1 ms (%2 ms with waits for a CPU)")
                                   .arg(stall)
                                   .arg(probe.maxWallGap());
        const bool cheap = fault == Injected::Delay;
        if (stage == Stage::Read) {
            if (cheap && !read->isOk())
                result.problems << QStringLiteral("a delayed read failed: %1").arg(read->error().toString());
            if (!cheap && read->isOk())
                result.problems << QStringLiteral("the read succeeded through the fault");
            if (!cheap && !message.contains(QStringLiteral("Reading %1 failed: ").arg(queue)))
                result.problems << QStringLiteral("unclear message: %1").arg(message);
        } else if (read->isOk()) {
            const bool extrasFailed = read->value().pollersError.has_value();
            if (cheap && extrasFailed)
                result.problems << QStringLiteral("pollers failed through a delay");
            if (!cheap && !extrasFailed)
                result.problems << QStringLiteral("pollers read through the fault");
            if (!cheap && !message.contains(QStringLiteral("pollers unknown: ")))
                result.problems << QStringLiteral("unclear message: %1").arg(message);
        } else {
            result.problems
                << QStringLiteral("the read failed at its fleet step: %1").arg(read->error().toString());
        }
        result.note = message;
        // Recovery: the window's next refresh reads everything again.
        read.reset();
        const int reads = recover([&] { return read.has_value(); },
                                  [&] { return read && read->isOk() && !read->value().pollersError; },
                                  [&] {
                                      read.reset();
                                      session()->refresh();
                                  });
        if (reads == 0)
            result.problems << QStringLiteral("no recovery after the fault");
        else if (reads > 1 && fault != Injected::Kill)
            result.problems << QStringLiteral("recovery took %1 refreshes").arg(reads);
        return result;
    }

    Outcome runQueueChange(const SetKind &kind, Stage stage, Injected fault)
    {
        Outcome result;
        const QString queue =
            QStringLiteral("fm-%1-%2-%3-%4")
                .arg(kind.name, RolloutEngine::stageName(stage), injectedName(fault), shortId());
        if (!showFreshQueue(queue, kind, result))
            return result;
        m_window->requestOperation(kind.operation);
        PreviewDialog *preview = nullptr;
        if (!QTest::qWaitFor(
                [&] {
                    preview = m_window->previewDialog();
                    return preview && preview->isVisible();
                },
                5000) ||
            !preview->applyButton()->isEnabled()) {
            result.problems << QStringLiteral("no preview to apply");
            return result;
        }
        const VersionSetPlan plan = session()->preview(kind.operation).plan();
        const int attemptsBefore = changeAttempts(windowClient()->attemptCounts());
        const qint64 historyBefore = lastHistoryId();

        StallProbe probe;
        auto armed = armAt(stage, queue, fault, probe);
        std::optional<ApplyOutcome> outcome;
        QObject context;
        connect(m_window.get(), &MainWindow::operationAttempted, &context,
                [&](const QString &name, const ApplyOutcome &o, const QString &) {
                    if (name == queue && !outcome)
                        outcome = o;
                });
        // The connection comes back as soon as the attempt ended, before the session's own read after it,
        // which is the read that must recover and settle. A killed server is restarted afterwards.
        connect(
            session(), &NamespaceSession::applyFinished, &context,
            [&, fault] {
                if (fault != Injected::Kill)
                    lift(fault);
            },
            Qt::DirectConnection);
        std::optional<Result<QueueSnapshot>> read;
        connect(session(), &NamespaceSession::snapshotRead, &context,
                [&](const QString &name, const Result<QueueSnapshot> &snapshot) {
                    if (name == queue && outcome)
                        read = snapshot;
                });
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 30000)) {
            result.problems << QStringLiteral("the apply never ended");
            lift(fault);
            preview->close();
            return result;
        }
        const QString message = m_window->statusText();
        (void)QTest::qWaitFor([&] { return read.has_value(); }, 10000);
        if (fault == Injected::Kill) {
            if (!runServerScript(QStringLiteral("restart")))
                result.problems << QStringLiteral("the server did not restart");
            lift(fault);
        }
        if (!read || !read->isOk()) {
            const int reads = recover([&] { return read.has_value(); }, [&] { return read && read->isOk(); },
                                      [&] {
                                          read.reset();
                                          session()->refresh();
                                      });
            if (reads == 0)
                result.problems << QStringLiteral("no recovery after the fault");
            else if (fault != Injected::Kill)
                result.problems << QStringLiteral("the read after the attempt did not recover on its own");
        }
        const qint64 stall = probe.stop();
        preview->close();
        if (!armed->fired)
            result.problems << QStringLiteral("the stage never started");
        if (!armed->status.contains(stepWords(stage)))
            result.problems << QStringLiteral("the status bar does not name the step: %1").arg(armed->status);
        if (stall > kMaxStallMs)
            result.problems << QStringLiteral("the event loop stalled %1 ms (%2 ms with waits for a CPU)")
                                   .arg(stall)
                                   .arg(probe.maxWallGap());

        // The outcome and its message.
        ApplyOutcome::Status expected = ApplyOutcome::Status::Applied;
        if (fault != Injected::Delay) {
            if (stage == Stage::StaleCheck)
                expected = ApplyOutcome::Status::NotSent;
            else if (stage == Stage::Apply)
                expected = ApplyOutcome::Status::Unknown;
        }
        if (outcome->status != expected)
            result.problems << QStringLiteral("outcome %1, expected %2 (%3)")
                                   .arg(ApplyOutcome::statusName(outcome->status),
                                        ApplyOutcome::statusName(expected), outcome->summary());
        const bool verifyExpected = fault != Injected::Delay && stage == Stage::ReadBack;
        if (outcome->status == ApplyOutcome::Status::Applied && outcome->verifyFailed != verifyExpected)
            result.problems
                << QStringLiteral("read-back %1").arg(outcome->verifyFailed ? "failed" : "worked");
        if (!message.startsWith(kind.operation.summary()) || !message.contains(outcome->summary()))
            result.problems << QStringLiteral("unclear message: %1").arg(message);
        if (outcome->status != ApplyOutcome::Status::Applied && outcome->error.message.isEmpty())
            result.problems << QStringLiteral("no reason given: %1").arg(message);
        result.note = message;

        // Sent at most once, and only when the stale check let it through.
        const int attempts = changeAttempts(windowClient()->attemptCounts()) - attemptsBefore;
        const int expectedAttempts = outcome->status == ApplyOutcome::Status::NotSent ? 0 : 1;
        if (attempts != expectedAttempts)
            result.problems << QStringLiteral("the update went %1 times to gRPC, expected %2")
                                   .arg(attempts)
                                   .arg(expectedAttempts);

        // What the server has: one application or none.
        const std::optional<VersionSets> now = serverSets(queue);
        if (!now) {
            result.problems << QStringLiteral("the server could not be read afterwards");
            return result;
        }
        const bool applied = plan.matches(*now);
        if (const std::optional<bool> reached = reachesServer(stage, fault); reached && *reached != applied)
            result.problems
                << QStringLiteral("the update %1 the server").arg(applied ? "reached" : "never reached");
        if (!applied && *now != plan.before)
            result.problems << QStringLiteral("the server has neither the preview's before nor after: %1")
                                   .arg(now->toDisplayString());
        if ((outcome->status == ApplyOutcome::Status::Applied && !applied) ||
            (outcome->status == ApplyOutcome::Status::NotSent && applied))
            result.problems << QStringLiteral("the outcome says %1 but the server %2")
                                   .arg(ApplyOutcome::statusName(outcome->status),
                                        applied ? QStringLiteral("has the change")
                                                : QStringLiteral("does not have it"));

        // One history entry for the attempt, right, and settled when its effect was unknown.
        HistoryFilter filter;
        filter.taskQueue = queue;
        const HistoryEntry::Outcome wantSettled =
            applied ? HistoryEntry::Outcome::Applied : HistoryEntry::Outcome::NotSent;
        const bool unknown = outcome->status == ApplyOutcome::Status::Unknown;
        QList<HistoryEntry> entries;
        (void)waitPolling(
            [&] {
                entries = attemptsAfter(filter, historyBefore);
                return entries.size() == 1 && (!unknown || entries.first().settledOutcome);
            },
            5000);
        if (entries.size() != 1) {
            result.problems << QStringLiteral("%1 history entries for one attempt").arg(entries.size());
        } else {
            const HistoryEntry &entry = entries.first();
            if (HistoryEntry::outcomeName(entry.outcome) != ApplyOutcome::statusName(outcome->status))
                result.problems
                    << QStringLiteral("history says %1").arg(HistoryEntry::outcomeName(entry.outcome));
            if (unknown && entry.settledOutcome != wantSettled)
                result.problems << QStringLiteral("unknown entry settled as %1, the server says %2")
                                       .arg(entry.settledOutcome
                                                ? HistoryEntry::outcomeName(*entry.settledOutcome)
                                                : QStringLiteral("nothing"),
                                            HistoryEntry::outcomeName(wantSettled));
            if (unknown)
                result.note += QStringLiteral("; settled as %1").arg(HistoryEntry::outcomeName(wantSettled));
        }
        return result;
    }

    // ---- deployments ----

    struct DeploymentKind
    {
        QString name;
        bool takesToken = true;
        // Brings the deployment into the state the operation needs (through the direct client) and returns
        // the operation; nullopt when that failed.
        std::function<std::optional<DeploymentOperation>(const WorkerDeployment &)> prepare;
    };

    std::optional<WorkerDeployment> serverDeployment()
    {
        DeploymentReader::Options light;
        light.pollers = false;
        light.workflowCounts = false;
        light.versionDetails = false;
        auto read = await<DeploymentSnapshot>(
            [&](QObject *ctx, auto done) { m_direct->readDeployment(ctx, m_workers->name(), light, done); },
            20000);
        if (!read || !read->isOk())
            return std::nullopt;
        return read->value().deployment;
    }

    std::optional<QMap<QString, QJsonValue>> serverMetadata(const QString &buildId)
    {
        auto read = await<DeploymentVersionDetails>([&](QObject *ctx, auto done) {
            m_directClient->describeWorkerDeploymentVersion(
                ctx, DeploymentVersionRef{m_workers->name(), buildId}, done);
        });
        if (!read || !read->isOk())
            return std::nullopt;
        return read->value().metadata;
    }

    bool changeDirectly(const DeploymentOperation &operation)
    {
        auto read = await<DeploymentSnapshot>(
            [&](QObject *ctx, auto done) {
                m_direct->readDeployment(ctx, operation.deploymentName, DeploymentReader::Options(), done);
            },
            20000);
        if (!read || !read->isOk())
            return false;
        std::optional<RolloutEngine::DeploymentApplyResult> applied;
        QObject context;
        m_direct->applyDeployment(&context, m_direct->previewDeployment(read->value(), operation), {},
                                  [&](const RolloutEngine::DeploymentApplyResult &r) { applied = r; });
        return QTest::qWaitFor([&] { return applied.has_value(); }, 20000) &&
               applied->outcome.status == DeploymentApplyOutcome::Status::Applied;
    }

    QList<DeploymentKind> deploymentKinds()
    {
        const QString name = m_workers->name();
        DeploymentOperation manager;
        manager.kind = DeploymentOperation::Kind::SetManager;
        manager.deploymentName = name;
        DeploymentOperation self = manager;
        self.managerSelf = true;
        return {
            {QStringLiteral("set-current"), true,
             [name](const WorkerDeployment &d) -> std::optional<DeploymentOperation> {
                 return DeploymentOperation::setCurrent(name, d.routing.currentBuildId == QLatin1String("a")
                                                                  ? QStringLiteral("b")
                                                                  : QStringLiteral("a"));
             }},
            {QStringLiteral("set-ramping"), true,
             [name](const WorkerDeployment &d) -> std::optional<DeploymentOperation> {
                 const double percentage = d.routing.hasRamp && d.routing.rampingPercentage == 20 ? 30 : 20;
                 return DeploymentOperation::setRamping(name, QStringLiteral("c"), percentage);
             }},
            {QStringLiteral("stop-ramping"), true,
             [name, this](const WorkerDeployment &d) -> std::optional<DeploymentOperation> {
                 if (!d.routing.hasRamp &&
                     !changeDirectly(DeploymentOperation::setRamping(name, QStringLiteral("c"), 15)))
                     return std::nullopt;
                 return DeploymentOperation::stopRamping(name);
             }},
            {QStringLiteral("set-manager"), true,
             [manager, self, this](const WorkerDeployment &d) -> std::optional<DeploymentOperation> {
                 if (!d.managerIdentity.isEmpty() && !changeDirectly(manager))
                     return std::nullopt;
                 return self;
             }},
            {QStringLiteral("unset-manager"), true,
             [manager, self, this](const WorkerDeployment &d) -> std::optional<DeploymentOperation> {
                 if (d.managerIdentity.isEmpty() && !changeDirectly(self))
                     return std::nullopt;
                 return manager;
             }},
            {QStringLiteral("update-metadata"), false,
             [name](const WorkerDeployment &) -> std::optional<DeploymentOperation> {
                 DeploymentOperation op;
                 op.kind = DeploymentOperation::Kind::UpdateMetadata;
                 op.deploymentName = name;
                 op.buildId = QStringLiteral("b");
                 op.upsertMetadata.insert(QStringLiteral("scenario-") + shortId(), QJsonValue(1));
                 return op;
             }},
            {QStringLiteral("delete-version"), false,
             [name, this](const WorkerDeployment &) -> std::optional<DeploymentOperation> {
                 if (m_deletableVersions.isEmpty())
                     return std::nullopt;
                 return DeploymentOperation::deleteVersion(name, m_deletableVersions.takeFirst(), false);
             }},
        };
    }

    bool showDeployment(Outcome &result)
    {
        QSignalSpy shown(m_window.get(), &MainWindow::deploymentShown);
        m_window->deployments()->openDeployment(m_workers->name());
        if (!QTest::qWaitFor([&] { return shown.count() >= 1 && !session()->isReading(); }, 20000)) {
            result.problems << QStringLiteral("the window did not show the deployment before the fault");
            return false;
        }
        return true;
    }

    Outcome runDeploymentRead(Stage stage, Injected fault)
    {
        Outcome result;
        if (!showDeployment(result))
            return result;
        const QString name = m_workers->name();
        StallProbe probe;
        auto armed = armAt(stage, name, fault, probe);
        std::optional<Result<DeploymentSnapshot>> read;
        QObject context;
        connect(session(), &NamespaceSession::deploymentRead, &context,
                [&](const QString &n, const Result<DeploymentSnapshot> &snapshot) {
                    if (n == name && !read)
                        read = snapshot;
                });
        session()->refresh();
        if (!QTest::qWaitFor([&] { return read.has_value(); }, 30000)) {
            result.problems << QStringLiteral("the read never ended");
            lift(fault);
            return result;
        }
        QString message = m_window->statusText();
        if (fault == Injected::Kill && !runServerScript(QStringLiteral("restart")))
            result.problems << QStringLiteral("the server did not restart");
        lift(fault);
        const qint64 stall = probe.stop();
        if (!armed->fired)
            result.problems << QStringLiteral("the stage never started");
        if (stall > kMaxStallMs)
            result.problems << QStringLiteral("the event loop stalled %1 ms (%2 ms with waits for a CPU)")
                                   .arg(stall)
                                   .arg(probe.maxWallGap());
        const bool cheap = fault == Injected::Delay;
        if (stage == Stage::Read) {
            if (cheap && !read->isOk())
                result.problems << QStringLiteral("a delayed read failed: %1").arg(read->error().toString());
            if (!cheap && read->isOk())
                result.problems << QStringLiteral("the read succeeded through the fault");
            if (!cheap &&
                !message.contains(QStringLiteral("Reading worker deployment %1 failed: ").arg(name)))
                result.problems << QStringLiteral("unclear message: %1").arg(message);
        } else if (read->isOk()) {
            const DeploymentSnapshot &s = read->value();
            const bool extrasFailed = s.pollersError || s.workflowCountsError || s.detailsError;
            if (cheap && extrasFailed)
                result.problems << QStringLiteral("extras failed through a delay");
            if (!cheap && !extrasFailed)
                result.problems << QStringLiteral("extras read through the fault");
            if (!cheap && !message.contains(QStringLiteral(" unknown: ")))
                result.problems << QStringLiteral("unclear message: %1").arg(message);
        } else {
            result.problems
                << QStringLiteral("the read failed at its fleet step: %1").arg(read->error().toString());
        }
        result.note = message;
        const int reads = recover([&] { return read.has_value(); },
                                  [&] {
                                      return read && read->isOk() && !read->value().pollersError &&
                                             !read->value().workflowCountsError &&
                                             !read->value().detailsError;
                                  },
                                  [&] {
                                      read.reset();
                                      session()->refresh();
                                  });
        if (reads == 0)
            result.problems << QStringLiteral("no recovery after the fault");
        else if (reads > 1 && fault != Injected::Kill)
            result.problems << QStringLiteral("recovery took %1 refreshes").arg(reads);
        return result;
    }

    Outcome runDeploymentChange(DeploymentKind &kind, Stage stage, Injected fault)
    {
        Outcome result;
        const std::optional<WorkerDeployment> start = serverDeployment();
        if (!start) {
            result.problems << QStringLiteral("the deployment could not be read directly");
            return result;
        }
        const std::optional<DeploymentOperation> op = kind.prepare(*start);
        if (!op) {
            result.problems << QStringLiteral("could not prepare the deployment");
            return result;
        }
        if (!showDeployment(result))
            return result;
        WindowDeployments *window = m_window->deployments();
        DeploymentPreviewDialog *preview = nullptr;
        // A version whose workers just stopped still has pollers for matching.PollerHistoryTTL (10 s here).
        for (int tries = 0; tries < 30; ++tries) {
            window->requestOperation(*op);
            (void)QTest::qWaitFor(
                [&] { return window->previewDialog() && window->previewDialog()->isVisible(); }, 5000);
            preview = window->previewDialog();
            if (preview && preview->applyButton()->isEnabled())
                break;
            if (preview)
                preview->close();
            preview = nullptr;
            QTest::qWait(500);
            showDeployment(result);
        }
        if (!preview) {
            result.problems << QStringLiteral("no preview to apply");
            return result;
        }
        const WorkerDeployment before =
            session()->deploymentSnapshot() ? session()->deploymentSnapshot()->deployment : *start;
        const int attemptsBefore = changeAttempts(windowClient()->attemptCounts());
        const qint64 historyBefore = lastHistoryId();
        const QString name = m_workers->name();

        StallProbe probe;
        auto armed = armAt(stage, name, fault, probe);
        std::optional<DeploymentApplyOutcome> outcome;
        QObject context;
        connect(window, &WindowDeployments::attemptFinished, &context,
                [&](const QString &n, const DeploymentApplyOutcome &o, qint64) {
                    if (n == name && !outcome)
                        outcome = o;
                });
        connect(
            session(), &NamespaceSession::deploymentApplyFinished, &context,
            [&, fault] {
                if (fault != Injected::Kill)
                    lift(fault);
            },
            Qt::DirectConnection);
        std::optional<Result<DeploymentSnapshot>> read;
        connect(session(), &NamespaceSession::deploymentRead, &context,
                [&](const QString &n, const Result<DeploymentSnapshot> &snapshot) {
                    if (n == name && outcome)
                        read = snapshot;
                });
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 30000)) {
            result.problems << QStringLiteral("the apply never ended");
            lift(fault);
            preview->close();
            return result;
        }
        const QString message = m_window->statusText();
        (void)QTest::qWaitFor([&] { return read.has_value(); }, 15000);
        if (fault == Injected::Kill) {
            if (!runServerScript(QStringLiteral("restart")))
                result.problems << QStringLiteral("the server did not restart");
            lift(fault);
        }
        if (!read || !read->isOk()) {
            const int reads = recover([&] { return read.has_value(); }, [&] { return read && read->isOk(); },
                                      [&] {
                                          read.reset();
                                          session()->refresh();
                                      });
            if (reads == 0)
                result.problems << QStringLiteral("no recovery after the fault");
            else if (fault != Injected::Kill)
                result.problems << QStringLiteral("the read after the attempt did not recover on its own");
        }
        const qint64 stall = probe.stop();
        preview->close();
        if (!armed->fired)
            result.problems << QStringLiteral("the stage never started");
        if (!armed->status.contains(stepWords(stage)))
            result.problems << QStringLiteral("the status bar does not name the step: %1").arg(armed->status);
        if (stall > kMaxStallMs)
            result.problems << QStringLiteral("the event loop stalled %1 ms (%2 ms with waits for a CPU)")
                                   .arg(stall)
                                   .arg(probe.maxWallGap());

        using Status = DeploymentApplyOutcome::Status;
        Status expected = Status::Applied;
        if (fault != Injected::Delay) {
            if (stage == Stage::StaleCheck)
                expected = Status::NotSent;
            else if (stage == Stage::Apply)
                expected = Status::Unknown;
        }
        if (outcome->status != expected)
            result.problems << QStringLiteral("outcome %1, expected %2 (%3)")
                                   .arg(ApplyOutcome::statusName(outcome->status),
                                        ApplyOutcome::statusName(expected), outcome->summary());
        const bool verifyExpected = fault != Injected::Delay && stage == Stage::ReadBack;
        if (outcome->status == Status::Applied && outcome->verifyFailed != verifyExpected)
            result.problems
                << QStringLiteral("read-back %1").arg(outcome->verifyFailed ? "failed" : "worked");
        if (!message.startsWith(op->summary()) || !message.contains(outcome->summary()))
            result.problems << QStringLiteral("unclear message: %1").arg(message);
        if (outcome->status != Status::Applied && outcome->error.message.isEmpty())
            result.problems << QStringLiteral("no reason given: %1").arg(message);
        result.note = message;

        const int attempts = changeAttempts(windowClient()->attemptCounts()) - attemptsBefore;
        const int expectedAttempts = outcome->status == Status::NotSent ? 0 : 1;
        if (attempts != expectedAttempts)
            result.problems << QStringLiteral("the change went %1 times to gRPC, expected %2")
                                   .arg(attempts)
                                   .arg(expectedAttempts);

        // What the server has, judged independently of the history's rule.
        const std::optional<WorkerDeployment> now = serverDeployment();
        if (!now) {
            result.problems << QStringLiteral("the server could not be read afterwards");
            return result;
        }
        std::optional<bool> applied;
        switch (op->kind) {
        case DeploymentOperation::Kind::SetCurrent:
        case DeploymentOperation::Kind::SetRamping:
        case DeploymentOperation::Kind::StopRamping:
            if (now->routing.sameRouting(op->routingAfter(before.routing)))
                applied = true;
            else if (now->routing.sameRouting(before.routing))
                applied = false;
            break;
        case DeploymentOperation::Kind::DeleteVersion:
            applied = now->version(op->buildId) == nullptr;
            break;
        case DeploymentOperation::Kind::SetManager:
            applied =
                now->managerIdentity == (op->managerSelf ? windowClient()->settings().identity : QString());
            break;
        case DeploymentOperation::Kind::UpdateMetadata:
            if (const auto metadata = serverMetadata(op->buildId))
                applied = metadata->contains(op->upsertMetadata.firstKey());
            break;
        }
        if (!applied) {
            result.problems << QStringLiteral("the server has neither the before nor the after");
            return result;
        }
        if ((outcome->status == Status::Applied && !*applied) ||
            (outcome->status == Status::NotSent && *applied))
            result.problems << QStringLiteral("the outcome says %1 but the server %2")
                                   .arg(outcome->summary(), *applied ? QStringLiteral("has the change")
                                                                     : QStringLiteral("does not have it"));

        HistoryFilter filter;
        filter.deploymentName = name;
        const HistoryEntry::Outcome wantSettled =
            *applied ? HistoryEntry::Outcome::Applied : HistoryEntry::Outcome::NotSent;
        const bool unknown = outcome->status == Status::Unknown;
        QList<HistoryEntry> entries;
        (void)waitPolling(
            [&] {
                entries = attemptsAfter(filter, historyBefore);
                return entries.size() == 1 && (!unknown || entries.first().settledOutcome);
            },
            5000);
        if (entries.size() != 1) {
            result.problems << QStringLiteral("%1 history entries for one attempt").arg(entries.size());
        } else {
            const HistoryEntry &entry = entries.first();
            if (HistoryEntry::outcomeName(entry.outcome) != ApplyOutcome::statusName(outcome->status))
                result.problems
                    << QStringLiteral("history says %1").arg(HistoryEntry::outcomeName(entry.outcome));
            if (unknown && entry.settledOutcome != wantSettled)
                result.problems << QStringLiteral("unknown entry settled as %1, the server says %2")
                                       .arg(entry.settledOutcome
                                                ? HistoryEntry::outcomeName(*entry.settledOutcome)
                                                : QStringLiteral("nothing"),
                                            HistoryEntry::outcomeName(wantSettled));
            if (unknown)
                result.note += QStringLiteral("; settled as %1").arg(HistoryEntry::outcomeName(wantSettled));
        }
        return result;
    }

    // Whether a change meeting fault at stage reaches the server, when the fault decides it: a fault on the
    // change's own call keeps the request from the server, except lose-reply, which loses the answer after
    // the server acted; a killed server may die before or after it acted.
    static std::optional<bool> reachesServer(Stage stage, Injected fault)
    {
        if (stage == Stage::StaleCheck)
            return fault == Injected::Delay;
        if (stage != Stage::Apply || fault == Injected::Delay || fault == Injected::LoseReply)
            return true;
        if (fault == Injected::Kill)
            return std::nullopt;
        return false;
    }

    // What the window's status bar says while a step of a change runs.
    static QString stepWords(Stage stage)
    {
        switch (stage) {
        case Stage::StaleCheck:
            return QStringLiteral("checking that nothing changed since the preview");
        case Stage::Apply:
            return QStringLiteral("sending the change");
        case Stage::ReadBack:
            return QStringLiteral("reading back the result");
        case Stage::Read:
        case Stage::FleetRead:
            break;
        }
        return {};
    }

    static QList<Injected> allFaults()
    {
        return {Injected::Hang,   Injected::Delay,     Injected::Cut, Injected::Reset,
                Injected::Refuse, Injected::LoseReply, Injected::Kill};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_clock.start();
        m_serverDir = stateDir();
        m_address = TestServer::addressIn("VERSIONSCOPE_TEST_FAULTS_SERVER_DIR");
        QVERIFY2(!m_address.isEmpty(), "the temporal_faults fixture did not start");
        QVERIFY(m_dir.isValid());
        m_history = m_dir.filePath(QStringLiteral("history.sqlite"));
        m_proxy = std::make_unique<FaultProxy>(quint16(m_address.section(u':', -1).toUInt()));
        QVERIFY(m_proxy->isListening());
        m_settings = std::make_unique<WindowSettings>(m_dir.filePath(QStringLiteral("window.ini")));
        openWindow();

        ConnectionSettings direct = TestServer::settingsFor(m_address);
        direct.identity = session()->settings().identity;
        m_directClient = std::make_unique<TemporalClient>(direct);
        m_direct = std::make_unique<RolloutEngine>(m_directClient.get());

        qInfo("set up in %lld ms", m_clock.elapsed());
    }

    void versionSetFaults()
    {
        QElapsedTimer clock;
        clock.start();
        const QList<Injected> all = {Injected::Hang,   Injected::Delay,     Injected::Cut, Injected::Reset,
                                     Injected::Refuse, Injected::LoseReply, Injected::Kill};
        for (Stage stage : {Stage::Read, Stage::FleetRead}) {
            for (Injected fault : all) {
                run(QStringLiteral("version sets / %1 / %2")
                        .arg(RolloutEngine::stageName(stage), injectedName(fault)),
                    [&] { return runQueueRead(stage, fault); });
            }
        }
        const QList<SetKind> kinds = setKinds();
        int rotation = 0;
        const auto change = [&](const SetKind &kind, Stage stage, Injected fault) {
            run(QStringLiteral("version sets / %1 / %2 / %3")
                    .arg(kind.name, RolloutEngine::stageName(stage), injectedName(fault)),
                [&] { return runQueueChange(kind, stage, fault); });
        };
        // The stale check and the read-back are the same GetWorkerBuildIdCompatibility whatever the
        // operation: every fault once, the operation kinds taking turns.
        for (Stage stage : {Stage::StaleCheck, Stage::ReadBack}) {
            for (Injected fault : allFaults())
                change(kinds.at(rotation++ % kinds.size()), stage, fault);
        }
        // The update differs per kind: each kind loses its request (cut) and its answer (lose-reply); the
        // other faults take turns.
        for (const SetKind &kind : kinds) {
            for (Injected fault : {Injected::Cut, Injected::LoseReply})
                change(kind, Stage::Apply, fault);
        }
        for (Injected fault :
             {Injected::Delay, Injected::Reset, Injected::Refuse, Injected::Hang, Injected::Kill})
            change(kinds.at(rotation++ % kinds.size()), Stage::Apply, fault);
        qInfo("version sets: %lld ms", clock.elapsed());
    }

    void deploymentFaults()
    {
        QElapsedTimer clock;
        clock.start();
        const QString only = qEnvironmentVariable("VERSIONSCOPE_FAULTS_ONLY");
        if (!only.isEmpty() && !only.startsWith(QStringLiteral("deployments")))
            return;
        // Versions to delete: their workers poll once and stop, so that by the deletions the
        // server no longer counts them as polled (matching.PollerHistoryTTL is 10 s on this server).
        m_workers = std::make_unique<DeploymentWorkers>(
            m_address, m_serverDir,
            DeploymentWorkers::Spec{QStringLiteral("faults"),
                                    {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                                    {QStringLiteral("q")},
                                    QStringLiteral("a")});
        QVERIFY2(m_workers->started(), qPrintable(m_workers->output()));
        QStringList deletable;
        for (int i = 1; i <= 3; ++i)
            deletable << QStringLiteral("d%1").arg(i);
        m_deletable = std::make_unique<DeploymentWorkers>(
            m_address, m_serverDir,
            DeploymentWorkers::Spec{
                QStringLiteral("faults"), deletable, {QStringLiteral("q")}, {}, 0, 0, m_workers->name()});
        QVERIFY2(m_deletable->started(), qPrintable(m_deletable->output()));
        m_deletable->stop();
        m_deletableVersions = deletable;
        qInfo("deployment workers started in %lld ms", clock.elapsed());
        // The window connects again, as a person does from File › Connect, with the longer deadline.
        m_window->connectWith(overridesWith(kDeploymentCallTimeoutMs));
        QTRY_VERIFY_WITH_TIMEOUT(session() && session()->settings().callTimeoutMs == kDeploymentCallTimeoutMs,
                                 10000);
        session()->setRefreshInterval(0);
        const QList<Injected> all = {Injected::Hang,   Injected::Delay,     Injected::Cut, Injected::Reset,
                                     Injected::Refuse, Injected::LoseReply, Injected::Kill};
        for (Stage stage : {Stage::Read, Stage::FleetRead}) {
            for (Injected fault : all) {
                run(QStringLiteral("deployments / %1 / %2")
                        .arg(RolloutEngine::stageName(stage), injectedName(fault)),
                    [&] { return runDeploymentRead(stage, fault); });
            }
        }
        QList<DeploymentKind> kinds = deploymentKinds();
        int rotation = 0;
        const auto change = [&](DeploymentKind &kind, Stage stage, Injected fault) {
            run(QStringLiteral("deployments / %1 / %2 / %3")
                    .arg(kind.name, RolloutEngine::stageName(stage), injectedName(fault)),
                [&] { return runDeploymentChange(kind, stage, fault); });
        };
        const auto kindNamed = [&](const char *name) -> DeploymentKind & {
            return *std::find_if(kinds.begin(), kinds.end(),
                                 [&](const DeploymentKind &k) { return k.name == QLatin1String(name); });
        };
        // Kinds that can take any fault at any step: deletions need a version each (5 polled once) and are
        // kept for their own call.
        QList<DeploymentKind *> rotating;
        for (DeploymentKind &kind : kinds) {
            if (kind.name != QLatin1String("delete-version"))
                rotating << &kind;
        }
        // The stale check (operations without a conflict token) is the same DescribeWorkerDeployment for
        // metadata and deletion; the read-back is the same for every kind (metadata adds its version's).
        for (Injected fault : allFaults())
            change(kindNamed("update-metadata"), Stage::StaleCheck, fault);
        for (Injected fault : allFaults())
            change(*rotating.at(rotation++ % rotating.size()), Stage::ReadBack, fault);
        // The change itself differs per kind: each loses its request and its answer; the rest take turns.
        for (DeploymentKind &kind : kinds) {
            for (Injected fault : {Injected::Cut, Injected::LoseReply})
                change(kind, Stage::Apply, fault);
        }
        for (Injected fault :
             {Injected::Delay, Injected::Reset, Injected::Refuse, Injected::Hang, Injected::Kill})
            change(*rotating.at(rotation++ % rotating.size()), Stage::Apply, fault);
        qInfo("deployments: %lld ms", clock.elapsed());
    }

    // The server is killed and restarted with its data while the window shows a queue, then a deployment: the
    // window says the server cannot be reached, shows the same state after the restart and changes it, all
    // without being restarted itself. (A server killed while a change is in flight is the matrix's kill at
    // the apply step: unknown, settled after the restart.)
    void windowRecoversFromAServerRestart()
    {
        const QString only = qEnvironmentVariable("VERSIONSCOPE_FAULTS_ONLY");
        if (!only.isEmpty() && !only.startsWith(QStringLiteral("restart")))
            return;
        QElapsedTimer clock;
        clock.start();
        const SetKind kind = setKinds().at(1);
        const QString queue = QStringLiteral("fm-restart-") + shortId();
        Outcome setup;
        QVERIFY(showFreshQueue(queue, kind, setup));
        const VersionSets before = session()->snapshot()->sets;

        // Kills the server, checks the window says so without stalling, restarts the server and refreshes
        // until a read succeeds, as the window's automatic refresh would: right after a restart the server
        // answers DescribeWorkerDeployment with "no poller seen for task queue recently" until the workers
        // polled again. Empty when all went well, else what did not.
        const auto restartWhileShown = [&](const std::function<void()> &refresh,
                                           const std::function<bool()> &readEnded,
                                           const std::function<bool()> &readOk) -> QString {
            StallProbe probe;
            probe.start();
            killServer();
            refresh();
            if (!QTest::qWaitFor(readEnded, 15000) || readOk())
                return QStringLiteral("a read of a killed server did not fail: ") + m_window->statusText();
            if (!m_window->statusText().contains(QStringLiteral("could not reach Temporal")))
                return QStringLiteral("unclear message: ") + m_window->statusText();
            if (!runServerScript(QStringLiteral("restart")))
                return QStringLiteral("the server did not restart");
            const qint64 stall = probe.stop();
            if (stall > kMaxStallMs)
                return QStringLiteral("the event loop stalled %1 ms").arg(stall);
            QDeadlineTimer deadline(60000);
            do {
                refresh();
                if (QTest::qWaitFor(readEnded, 15000) && readOk())
                    return {};
                QTest::qWait(1000);
            } while (!deadline.hasExpired());
            return QStringLiteral("no recovery after the restart: ") + m_window->statusText();
        };

        // The queue.
        std::optional<Result<QueueSnapshot>> read;
        QObject context;
        connect(session(), &NamespaceSession::snapshotRead, &context,
                [&](const QString &name, const Result<QueueSnapshot> &snapshot) {
                    if (name == queue)
                        read = snapshot;
                });
        const QString queueProblem = restartWhileShown(
            [&] {
                read.reset();
                session()->refresh();
            },
            [&] { return read.has_value(); }, [&] { return read && read->isOk(); });
        QVERIFY2(queueProblem.isEmpty(), qPrintable(queueProblem));
        QCOMPARE(read->value().sets, before);
        QSignalSpy attempted(m_window.get(), &MainWindow::operationAttempted);
        m_window->requestOperation(kind.operation);
        PreviewDialog *preview = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] {
                preview = m_window->previewDialog();
                return preview && preview->isVisible();
            },
            5000));
        QTest::mouseClick(preview->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(attempted.count(), 1, 15000);
        QCOMPARE(attempted.at(0).at(1).value<ApplyOutcome>().status, ApplyOutcome::Status::Applied);
        preview->close();

        // The deployment.
        if (!m_workers) {
            m_workers = std::make_unique<DeploymentWorkers>(
                m_address, m_serverDir,
                DeploymentWorkers::Spec{QStringLiteral("faults"),
                                        {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                                        {QStringLiteral("q")},
                                        QStringLiteral("a")});
            QVERIFY2(m_workers->started(), qPrintable(m_workers->output()));
        }
        Outcome shown;
        QVERIFY(showDeployment(shown));
        const WorkerDeployment deploymentBefore = session()->deploymentSnapshot()->deployment;
        std::optional<Result<DeploymentSnapshot>> deploymentRead;
        connect(
            session(), &NamespaceSession::deploymentRead, &context,
            [&](const QString &, const Result<DeploymentSnapshot> &snapshot) { deploymentRead = snapshot; });
        const QString deploymentProblem = restartWhileShown(
            [&] {
                deploymentRead.reset();
                session()->refresh();
            },
            [&] { return deploymentRead.has_value(); },
            [&] { return deploymentRead && deploymentRead->isOk(); });
        QVERIFY2(deploymentProblem.isEmpty(), qPrintable(deploymentProblem));
        QVERIFY(deploymentRead->value().deployment.routing.sameRouting(deploymentBefore.routing));
        QCOMPARE(deploymentRead->value().deployment.versions.size(), deploymentBefore.versions.size());
        const QString target = deploymentBefore.routing.currentBuildId == QLatin1String("a")
                                   ? QStringLiteral("b")
                                   : QStringLiteral("a");
        std::optional<DeploymentApplyOutcome> outcome;
        connect(m_window->deployments(), &WindowDeployments::attemptFinished, &context,
                [&](const QString &, const DeploymentApplyOutcome &o, qint64) { outcome = o; });
        // Right after the restart the server may not know the versions' pollers yet: the preview waits.
        DeploymentPreviewDialog *deploymentPreview = nullptr;
        for (int tries = 0; tries < 20 && !deploymentPreview; ++tries) {
            m_window->deployments()->requestOperation(
                DeploymentOperation::setCurrent(m_workers->name(), target));
            (void)QTest::qWaitFor(
                [&] {
                    deploymentPreview = m_window->deployments()->previewDialog();
                    return deploymentPreview && deploymentPreview->isVisible();
                },
                5000);
            if (deploymentPreview && !deploymentPreview->applyButton()->isEnabled()) {
                deploymentPreview->close();
                deploymentPreview = nullptr;
                QTest::qWait(500);
                QVERIFY(showDeployment(shown));
            }
        }
        QVERIFY(deploymentPreview);
        QTest::mouseClick(deploymentPreview->applyButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return outcome.has_value(); }, 15000));
        QVERIFY2(outcome->status == DeploymentApplyOutcome::Status::Applied, qPrintable(outcome->summary()));
        deploymentPreview->close();
        qInfo("server restarts: %lld ms", clock.elapsed());
    }

    void cleanupTestCase()
    {
        const FaultProxy::Counters counters = m_proxy ? m_proxy->counters() : FaultProxy::Counters();
        qInfo("proxy: %d connections accepted, %d refused, %lld bytes to the server, %lld back, %d gRPC "
              "requests",
              counters.connectionsAccepted, counters.connectionsRefused, counters.bytesToServer,
              counters.bytesToClient, counters.requestsToServer);
        qInfo("fault matrix: %d scenarios ran, %d passed (every fault at every step of both models; reads, "
              "stale "
              "checks and read-backs once per model and fault, kinds taking turns; at the change itself cut "
              "and "
              "lose-reply for every kind, the other faults taking turns) in %lld ms",
              m_ran, m_passed, m_clock.elapsed());
        for (const QString &failure : m_failures)
            qWarning("failed: %s", qPrintable(failure));
        m_window.reset();
        m_workers.reset();
        m_deletable.reset();
        QVERIFY2(m_failures.isEmpty(),
                 qPrintable(QStringLiteral("%1 of %2 scenarios failed").arg(m_failures.size()).arg(m_ran)));
    }
};

QTEST_MAIN(TestFaultMatrix)
#include "tst_faultmatrix.moc"
