#include "deployments/deploymentpreview.h"
#include "history/historyfilter.h"
#include "history/historyservice.h"
#include "history/historystore.h"
#include "history/historytestbackend.h"
#include "rollout/rolloutengine.h"
#include "support/deploymentworkers.h"
#include "support/faultproxy.h"
#include "support/testserver.h"
#include "temporal/temporalclient.h"
#include "versionsets/versionsetplanner.h"

#include <QElapsedTimer>
#include <QEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <functional>
#include <memory>

using TestServer::await;

// Issue 11, "every accepted change appears in the history exactly once": two tools (engines with histories
// of their own, as two windows or a window and the CLI) share one history (SQLite, or PostgreSQL when ctest
// runs the _postgresql twin). Tool B reads the queue or deployment exactly between tool A's send and A's
// record of it: an event filter on A's client holds the send's answer (the first answer A's client gets after
// the apply started) until B has read and recorded. The change must be recorded once, by A's entry.
class TestInFlightRollout : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    struct Tool
    {
        std::unique_ptr<TemporalClient> client;
        std::unique_ptr<HistoryService> history;
        std::unique_ptr<RolloutEngine> engine;
    };

    // A history database of its own for one test, which both tools then open.
    HistoryLocation sharedHistory()
    {
        const QString folder = m_dir.filePath(QUuid::createUuid().toString(QUuid::WithoutBraces));
        QDir().mkpath(folder);
        const Result<HistoryLocation> location = HistoryTestBackend::freshLocation(folder);
        if (!location)
            qFatal("no test history: %s", qPrintable(location.error().toString()));
        return location.value();
    }

    static std::unique_ptr<Tool> tool(const QString &address, const QString &identity,
                                      const HistoryLocation &location)
    {
        auto t = std::make_unique<Tool>();
        ConnectionSettings settings = TestServer::settingsFor(address);
        settings.identity = identity;
        t->client = std::make_unique<TemporalClient>(settings);
        t->history = std::make_unique<HistoryService>();
        QSignalSpy opened(t->history.get(), &HistoryService::opened);
        t->history->open(location);
        if (!opened.wait(15000))
            qWarning("history did not open");
        t->engine = std::make_unique<RolloutEngine>(t->client.get(), t->history.get());
        return t;
    }

    // Waits until the tool's history calls made so far have run (the service runs them in order).
    static bool drain(Tool &t)
    {
        bool done = false;
        QObject context;
        t.history->checkWritable(&context, [&done](const Result<Done> &) { done = true; });
        QDeadlineTimer deadline(15000);
        while (!done && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        return done;
    }

    static QList<HistoryEntry> entries(const HistoryLocation &location, const HistoryFilter &filter)
    {
        auto store = HistoryStore::open(location);
        if (!store)
            return {};
        QList<HistoryEntry> list = store.value()->query(filter).value();
        std::reverse(list.begin(), list.end());
        return list;
    }

    static int inFlight(const HistoryLocation &location)
    {
        auto store = HistoryStore::open(location);
        return store ? int(store.value()->inFlightAttempts().value().size()) : -1;
    }

    // Runs between: the first event that brings an answer to client after arm() is held until between ran
    // (in a nested event loop: between waits for the other tool's calls).
    class SendAnswerHold : public QObject
    {
    public:
        SendAnswerHold(TemporalClient *client, std::function<void()> between)
            : m_between(std::move(between))
        {
            client->installEventFilter(this);
        }
        void arm() { m_armed = true; }
        bool ran() const { return m_ran; }

    protected:
        bool eventFilter(QObject *, QEvent *event) override
        {
            if (m_armed && event->type() == QEvent::MetaCall) {
                m_armed = false;
                m_between();
                m_ran = true;
            }
            return false;
        }

    private:
        std::function<void()> m_between;
        bool m_armed = false;
        bool m_ran = false;
    };

    static Result<QueueSnapshot> readQueue(RolloutEngine &engine, const QString &queue)
    {
        QueueReader::Options options;
        options.pollers = false;
        auto result =
            await<QueueSnapshot>([&](QObject *ctx, auto done) { engine.read(ctx, queue, options, done); });
        return result ? *result : Result<QueueSnapshot>(Error(ErrorCode::DeadlineExceeded, "no answer"));
    }

    static Result<DeploymentSnapshot> readDeployment(RolloutEngine &engine, const QString &name)
    {
        auto result = await<DeploymentSnapshot>(
            [&](QObject *ctx, auto done) {
                engine.readDeployment(ctx, name, DeploymentReader::Options(), done);
            },
            30000);
        return result ? *result : Result<DeploymentSnapshot>(Error(ErrorCode::DeadlineExceeded, "no answer"));
    }

    static std::optional<RolloutEngine::ApplyResult> apply(RolloutEngine &engine, const QString &queue,
                                                           const VersionSetPlan &plan)
    {
        std::optional<RolloutEngine::ApplyResult> result;
        QObject context;
        RolloutEngine::ApplyOptions options;
        options.previewReadIsFresh = true;
        engine.apply(&context, queue, plan, options,
                     [&result](const RolloutEngine::ApplyResult &r) { result = r; });
        QDeadlineTimer deadline(60000);
        while (!result && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        return result;
    }

    static std::optional<RolloutEngine::DeploymentApplyResult>
    applyDeployment(RolloutEngine &engine, const DeploymentPreview &preview)
    {
        std::optional<RolloutEngine::DeploymentApplyResult> result;
        QObject context;
        engine.applyDeployment(&context, preview, RolloutEngine::ApplyOptions(),
                               [&result](const RolloutEngine::DeploymentApplyResult &r) { result = r; });
        QDeadlineTimer deadline(60000);
        while (!result && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        return result;
    }

    // A deployment of its own with workers of v1 (current) and v2 on one task queue.
    static DeploymentWorkers::Spec twoVersions(const QString &prefix)
    {
        return DeploymentWorkers::Spec{prefix,
                                       {QStringLiteral("v1"), QStringLiteral("v2")},
                                       {QStringLiteral("a")},
                                       QStringLiteral("v1"),
                                       0,
                                       0};
    }

    static QString freshQueue()
    {
        return QStringLiteral("inflight-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("history backend: %s", qPrintable(HistoryTestBackend::name()));
        QVERIFY2(!TestServer::versioningAddress().isEmpty(), "the temporal fixture did not start");
        QVERIFY2(!TestServer::deploymentsAddress().isEmpty(),
                 "the temporal_deployments_server fixture did not start");
        if (HistoryTestBackend::isPostgresql())
            QVERIFY2(!HistoryTestBackend::serverUrl().isEmpty(), "the postgres fixture did not start");
        QVERIFY(m_dir.isValid());
    }

    void versionSetChangeReadByAnotherToolBeforeItIsRecorded()
    {
        const HistoryLocation location = sharedHistory();
        const QString address = TestServer::versioningAddress();
        auto a = tool(address, QStringLiteral("a@versionscope"), location);
        auto b = tool(address, QStringLiteral("b@versionscope"), location);
        b->engine->setReadSource(HistoryContext::Source::Cli);
        const QString queue = freshQueue();
        auto seeded = await<Done>([&](QObject *ctx, auto done) {
            a->client->updateVersionSets(ctx, queue, BuildIdOperation::addNewDefault("1.0"), done);
        });
        QVERIFY(seeded && seeded->isOk());

        const Result<QueueSnapshot> aRead = readQueue(*a->engine, queue);
        QVERIFY(aRead);
        QVERIFY(readQueue(*b->engine, queue));
        QVERIFY(drain(*a) && drain(*b));
        const VersionSetPlan plan =
            planVersionSetOperation(aRead.value().sets, BuildIdOperation::addNewDefault("2.0"), {});
        QVERIFY(plan.isAccepted());

        std::optional<VersionSets> bSaw;
        SendAnswerHold hold(a->client.get(), [&] {
            const Result<QueueSnapshot> seen = readQueue(*b->engine, queue);
            if (seen)
                bSaw = seen.value().sets;
            drain(*b);
        });
        QSignalSpy aElsewhere(a->engine.get(), &RolloutEngine::changedElsewhere);
        hold.arm();
        const std::optional<RolloutEngine::ApplyResult> result = apply(*a->engine, queue, plan);
        QVERIFY(result);
        QCOMPARE(result->outcome.status, ApplyOutcome::Status::Applied);
        QVERIFY(result->historyId);
        QVERIFY(hold.ran());
        // B did read the change before A recorded it: the race the test is about did happen.
        QVERIFY(bSaw);
        QVERIFY(plan.matches(*bSaw));

        // Both tools read again: nothing new either way.
        QVERIFY(readQueue(*a->engine, queue));
        QVERIFY(readQueue(*b->engine, queue));
        QVERIFY(drain(*a) && drain(*b));
        QCOMPARE(aElsewhere.count(), 0);

        HistoryFilter filter;
        filter.taskQueue = queue;
        const QList<HistoryEntry> history = entries(location, filter);
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.at(0).kind, HistoryEntry::Kind::Observed); // the first sight of the queue
        QCOMPARE(history.at(0).after, std::optional(aRead.value().sets));
        QCOMPARE(history.at(1).kind, HistoryEntry::Kind::Applied);
        QCOMPARE(history.at(1).id, *result->historyId);
        QCOMPARE(history.at(1).outcome, HistoryEntry::Outcome::Applied);
        QCOMPARE(history.at(1).after, bSaw);
        QCOMPARE(inFlight(location), 0);
    }

    // A sender that announced a change and never recorded it (it crashed after the server applied it): reads
    // record nothing while the announcement lives, then the change as seen elsewhere, once.
    void aCrashedSendersChangeIsObservedOnceItsAnnouncementExpired()
    {
        const HistoryLocation location = sharedHistory();
        const QString address = TestServer::versioningAddress();
        auto b = tool(address, QStringLiteral("b@versionscope"), location);
        const QString queue = freshQueue();
        auto seeded = await<Done>([&](QObject *ctx, auto done) {
            b->client->updateVersionSets(ctx, queue, BuildIdOperation::addNewDefault("1.0"), done);
        });
        QVERIFY(seeded && seeded->isOk());
        const Result<QueueSnapshot> before = readQueue(*b->engine, queue);
        QVERIFY(before);
        QVERIFY(drain(*b));

        // The crashed sender: its announcement (as RolloutEngine writes it), then its change, never recorded.
        TemporalClient crashed(TestServer::settingsFor(address));
        ApplyOutcome asSent;
        asSent.status = ApplyOutcome::Status::Unknown;
        asSent.plan =
            planVersionSetOperation(before.value().sets, BuildIdOperation::addNewDefault("2.0"), {});
        const QDateTime startedAt = QDateTime::currentDateTimeUtc();
        const QDateTime expiresAt = startedAt.addSecs(3);
        {
            auto store = HistoryStore::open(location);
            QVERIFY(store);
            QVERIFY(store.value()
                        ->announceAttempt(HistoryEntry::fromApplyOutcome(
                                              asSent,
                                              HistoryContext::forConnection(crashed.settings(), queue,
                                                                            HistoryContext::Source::Cli),
                                              QString(), startedAt),
                                          startedAt, expiresAt)
                        .isOk());
        }
        auto sent = await<Done>([&](QObject *ctx, auto done) {
            crashed.updateVersionSets(ctx, queue, asSent.plan.operation, done);
        });
        QVERIFY(sent && sent->isOk());

        HistoryFilter observed;
        observed.taskQueue = queue;
        observed.kind = HistoryEntry::Kind::Observed;
        const Result<QueueSnapshot> during = readQueue(*b->engine, queue);
        QVERIFY(during);
        QVERIFY(drain(*b));
        QVERIFY(QDateTime::currentDateTimeUtc() < expiresAt); // else the step proves nothing
        QCOMPARE(entries(location, observed).size(), 1);

        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > expiresAt, 10000);
        QVERIFY(readQueue(*b->engine, queue));
        QVERIFY(drain(*b));
        const QList<HistoryEntry> seen = entries(location, observed);
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen.at(1).before, before.value().sets);
        QCOMPARE(seen.at(1).after, std::optional(during.value().sets));
        QVERIFY(asSent.plan.matches(during.value().sets));
        // Once: the next read finds the history up to date.
        QVERIFY(readQueue(*b->engine, queue));
        QVERIFY(drain(*b));
        QCOMPARE(entries(location, observed).size(), 2);
    }

    // A history that does not answer (another program holds its write lock) holds the change back for a
    // moment, not for the history's own timeouts: the change is sent unannounced, recorded once the lock is
    // gone, and the late announcement is withdrawn.
    void aBusyHistoryDoesNotHoldTheChangeBack()
    {
        const HistoryLocation location = sharedHistory();
        const QString address = TestServer::versioningAddress();
        auto a = tool(address, QStringLiteral("a@versionscope"), location);
        const QString queue = freshQueue();
        auto seeded = await<Done>([&](QObject *ctx, auto done) {
            a->client->updateVersionSets(ctx, queue, BuildIdOperation::addNewDefault("1.0"), done);
        });
        QVERIFY(seeded && seeded->isOk());
        const Result<QueueSnapshot> aRead = readQueue(*a->engine, queue);
        QVERIFY(aRead);
        QVERIFY(drain(*a));
        const VersionSetPlan plan =
            planVersionSetOperation(aRead.value().sets, BuildIdOperation::addNewDefault("2.0"), {});

        HistoryTestBackend::RawDatabase lock(location);
        if (location.isPostgresql()) {
            QCOMPARE(lock.exec("BEGIN"), QStringList());
            QCOMPARE(lock.exec("LOCK TABLE versionscope_history IN SHARE ROW EXCLUSIVE MODE"), QStringList());
        } else {
            QCOMPARE(lock.exec("BEGIN IMMEDIATE"), QStringList());
        }
        QElapsedTimer sinceApply;
        qint64 sentAfterMs = -1;
        SendAnswerHold hold(a->client.get(), [&] {
            sentAfterMs = sinceApply.elapsed();
            lock.exec("COMMIT");
        });
        hold.arm();
        sinceApply.start();
        const std::optional<RolloutEngine::ApplyResult> result = apply(*a->engine, queue, plan);
        QVERIFY(result);
        QVERIFY(hold.ran());
        // Sent before the history's own waits (SQLite's busy timeout 10 s, PostgreSQL's statement timeout
        // 15 s) would have given up.
        QVERIFY2(sentAfterMs < 9000, qPrintable(QString::number(sentAfterMs)));
        QCOMPARE(result->outcome.status, ApplyOutcome::Status::Applied);
        QVERIFY(result->historyId);
        QVERIFY(drain(*a));
        QCOMPARE(inFlight(location), 0);
        HistoryFilter filter;
        filter.taskQueue = queue;
        QCOMPARE(entries(location, filter).size(), 2);
    }

    void deploymentChangeReadByAnotherToolBeforeItIsRecorded()
    {
        const QString address = TestServer::deploymentsAddress();
        DeploymentWorkers workers(address, qEnvironmentVariable("VERSIONSCOPE_TEST_DEPLOYMENTS_SERVER_DIR"),
                                  twoVersions(QStringLiteral("inflight")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        const HistoryLocation location = sharedHistory();
        auto a = tool(address, QStringLiteral("a@versionscope"), location);
        auto b = tool(address, QStringLiteral("b@versionscope"), location);
        b->engine->setReadSource(HistoryContext::Source::Cli);

        const Result<DeploymentSnapshot> aRead = readDeployment(*a->engine, name);
        QVERIFY(aRead);
        QVERIFY(readDeployment(*b->engine, name));
        QVERIFY(drain(*a) && drain(*b));
        HistoryFilter filter;
        filter.deploymentName = name;
        const int known = int(entries(location, filter).size());
        const DeploymentPreview preview =
            a->engine->previewDeployment(aRead.value(), DeploymentOperation::setCurrent(name, "v2"));
        QVERIFY(!preview.isBlocked());

        std::optional<WorkerDeployment> bSaw;
        SendAnswerHold hold(a->client.get(), [&] {
            const Result<DeploymentSnapshot> seen = readDeployment(*b->engine, name);
            if (seen)
                bSaw = seen.value().deployment;
            drain(*b);
        });
        QSignalSpy aElsewhere(a->engine.get(), &RolloutEngine::deploymentChangedElsewhere);
        hold.arm();
        const std::optional<RolloutEngine::DeploymentApplyResult> result =
            applyDeployment(*a->engine, preview);
        QVERIFY(result);
        QCOMPARE(result->outcome.status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY(result->historyId);
        QVERIFY(hold.ran());
        QVERIFY(bSaw);
        QCOMPARE(bSaw->routing.currentBuildId, QStringLiteral("v2"));
        QCOMPARE(aElsewhere.count(), 0);

        const QList<HistoryEntry> history = entries(location, filter);
        QCOMPARE(history.size(), known + 1);
        QCOMPARE(history.last().id, *result->historyId);
        QCOMPARE(history.last().kind, HistoryEntry::Kind::Applied);
        QCOMPARE(history.last().outcome, HistoryEntry::Outcome::Applied);
        // No entry but A's says v2 became current.
        for (const HistoryEntry &entry : history.mid(0, known))
            QVERIFY(!entry.deploymentAfter || entry.deploymentAfter->routing.currentBuildId != "v2");
        QCOMPARE(inFlight(location), 0);
    }

    // A success that changed nothing (server 1.31 answers so when the last modifier's identity asks for what
    // the deployment already has) can be our own change run again by the server, or someone else's made after
    // our read. The engine takes it for ours unless a witness says otherwise: the server's change time before
    // our send, or another attempt in the history. Here two tools with the same identity send the same change
    // 200 ms apart through a proxy that holds every chunk 2.5 s, so the second to arrive was sent before the
    // first one changed the deployment: its change time alone would make it claim the change. The history's
    // witness must make it stale, and the change be recorded once. (Both go through the proxy: the history
    // tells servers apart by address.)
    void aNoOpReplyWitnessedByAnotherToolIsStale()
    {
        const QString address = TestServer::deploymentsAddress();
        DeploymentWorkers workers(address, qEnvironmentVariable("VERSIONSCOPE_TEST_DEPLOYMENTS_SERVER_DIR"),
                                  twoVersions(QStringLiteral("noop")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        FaultProxy proxy(quint16(address.section(QLatin1Char(':'), -1).toUInt()));
        QVERIFY(proxy.isListening());
        const HistoryLocation location = sharedHistory();
        const QString identity = QStringLiteral("ops@versionscope");
        // The same identity made the last change, so that server 1.31 answers A with a no-op.
        {
            auto first = tool(address, identity, location);
            const Result<DeploymentSnapshot> read = readDeployment(*first->engine, name);
            QVERIFY(read);
            const auto ramp = applyDeployment(
                *first->engine, first->engine->previewDeployment(
                                    read.value(), DeploymentOperation::setRamping(name, "v2", 5)));
            QVERIFY(ramp);
            QCOMPARE(ramp->outcome.status, DeploymentApplyOutcome::Status::Applied);
            QVERIFY(drain(*first));
        }
        auto a = tool(proxy.address(), identity, location);
        auto b = tool(proxy.address(), identity, location);
        const Result<DeploymentSnapshot> aRead = readDeployment(*a->engine, name);
        const Result<DeploymentSnapshot> bRead = readDeployment(*b->engine, name);
        QVERIFY(aRead && bRead);
        QVERIFY(drain(*a) && drain(*b));
        const DeploymentOperation toV2 = DeploymentOperation::setCurrent(name, "v2");

        // When A sends, every chunk starts waiting 2.5 s in the proxy; B sends the same change 200 ms later.
        std::optional<RolloutEngine::DeploymentApplyResult> bResult;
        QObject bContext;
        connect(a->engine.get(), &RolloutEngine::stageStarted, &bContext,
                [&](RolloutEngine::Stage stage, const QString &) {
                    if (stage != RolloutEngine::Stage::Apply)
                        return;
                    proxy.setFault(FaultProxy::Fault::Delay, 2500);
                    QTimer::singleShot(200, &bContext, [&] {
                        b->engine->applyDeployment(
                            &bContext, b->engine->previewDeployment(bRead.value(), toV2),
                            RolloutEngine::ApplyOptions(),
                            [&bResult](const RolloutEngine::DeploymentApplyResult &r) { bResult = r; });
                    });
                });
        const auto aResult = applyDeployment(*a->engine, a->engine->previewDeployment(aRead.value(), toV2));
        QVERIFY(aResult);
        QTRY_VERIFY_WITH_TIMEOUT(bResult.has_value(), 30000);
        proxy.setFault(FaultProxy::Fault::Pass);
        // One of them changed the deployment (A's request arrives first), the other is stale.
        const bool aApplied = aResult->outcome.status == DeploymentApplyOutcome::Status::Applied;
        const DeploymentApplyOutcome &applied = aApplied ? aResult->outcome : bResult->outcome;
        const DeploymentApplyOutcome &stale = aApplied ? bResult->outcome : aResult->outcome;
        QVERIFY2(applied.status == DeploymentApplyOutcome::Status::Applied, qPrintable(applied.summary()));
        QVERIFY2(stale.status == DeploymentApplyOutcome::Status::Stale, qPrintable(stale.summary()));
        qInfo().noquote() << "the stale one:" << stale.error.message;
        // On a server that answers with a no-op, it was the history that decided: the change came after the
        // stale one was sent.
        if (stale.error.message.contains(QStringLiteral("changed nothing")))
            QVERIFY2(stale.error.message.contains(QStringLiteral("another attempt in the history")),
                     qPrintable(stale.error.message));
        QVERIFY(drain(*a) && drain(*b));

        HistoryFilter filter;
        filter.deploymentName = name;
        int madeCurrent = 0;
        for (const HistoryEntry &entry : entries(location, filter)) {
            const std::optional<WorkerDeployment> after = entry.deploymentAfter;
            if (entry.kind == HistoryEntry::Kind::Applied &&
                entry.effectiveOutcome() == HistoryEntry::Outcome::Applied && after &&
                after->routing.currentBuildId == QStringLiteral("v2"))
                ++madeCurrent;
            if (entry.kind == HistoryEntry::Kind::Observed && after && entry.deploymentBefore &&
                entry.deploymentBefore->routing.currentBuildId != QStringLiteral("v2") &&
                after->routing.currentBuildId == QStringLiteral("v2"))
                QFAIL("v2 becoming current was recorded as seen elsewhere");
        }
        QCOMPARE(madeCurrent, 1);
        QCOMPARE(inFlight(location), 0);
    }
};

QTEST_GUILESS_MAIN(TestInFlightRollout)
#include "tst_inflightrollout.moc"
