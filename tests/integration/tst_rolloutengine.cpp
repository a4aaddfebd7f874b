#include "history/historylocation.h"
#include "history/historyservice.h"
#include "history/historystore.h"
#include "rollout/rolloutengine.h"
#include "support/testserver.h"
#include "temporal/temporalclient.h"
#include "versionsets/versionsetplanner.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using TestServer::await;

// The rollout engine, tested directly against the real dev server (no window, no CLI): what each step
// costs in calls, what it records in a real history, and how it tells our changes from changes made
// elsewhere (made here with a second, independent client).
class TestRolloutEngine : public QObject
{
    Q_OBJECT

    QString m_address;
    QTemporaryDir m_dir;
    std::unique_ptr<TemporalClient> m_other;

    static QString freshQueue()
    {
        return QStringLiteral("engine-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    }

    // A client, a history in a file of its own, and an engine over both.
    struct Rig
    {
        std::unique_ptr<TemporalClient> client;
        std::unique_ptr<HistoryService> history;
        std::unique_ptr<RolloutEngine> engine;
        HistoryLocation location;
    };

    std::unique_ptr<Rig> rig(bool withHistory = true)
    {
        auto r = std::make_unique<Rig>();
        r->client = std::make_unique<TemporalClient>(TestServer::settingsFor(m_address));
        if (withHistory) {
            r->location = HistoryLocation::sqliteFile(m_dir.filePath(
                QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral(".sqlite")));
            r->history = std::make_unique<HistoryService>();
            QSignalSpy opened(r->history.get(), &HistoryService::opened);
            r->history->open(r->location);
            if (!opened.wait(10000))
                qWarning("history did not open");
        }
        r->engine = std::make_unique<RolloutEngine>(r->client.get(), r->history.get());
        return r;
    }

    // A fresh queue with one set, [1.0], made by the independent client.
    QString seededQueue()
    {
        const QString queue = freshQueue();
        auto sent = await<Done>([&](QObject *ctx, auto done) {
            m_other->updateVersionSets(ctx, queue, BuildIdOperation::addNewDefault(QStringLiteral("1.0")),
                                       done);
        });
        QTest::qVerify(sent && sent->isOk(), "seeding the queue", "", __FILE__, __LINE__);
        return queue;
    }

    // One call: the sets, no pollers.
    static QueueReader::Options setsOnlyRead()
    {
        QueueReader::Options options;
        options.pollers = false;
        return options;
    }

    void change(const QString &queue, const BuildIdOperation &operation)
    {
        auto sent = await<Done>(
            [&](QObject *ctx, auto done) { m_other->updateVersionSets(ctx, queue, operation, done); });
        QVERIFY(sent && sent->isOk());
    }

    static Result<QueueSnapshot> read(RolloutEngine &engine, const QString &queue,
                                      const QueueReader::Options &options = QueueReader::Options())
    {
        auto result =
            await<QueueSnapshot>([&](QObject *ctx, auto done) { engine.read(ctx, queue, options, done); });
        return result
                   ? *result
                   : Result<QueueSnapshot>(Error(ErrorCode::DeadlineExceeded, QStringLiteral("no answer")));
    }

    static RolloutEngine::ApplyResult apply(RolloutEngine &engine, const QString &queue,
                                            const VersionSetPlan &plan,
                                            const RolloutEngine::ApplyOptions &options)
    {
        std::optional<RolloutEngine::ApplyResult> result;
        QObject context;
        engine.apply(&context, queue, plan, options,
                     [&result](const RolloutEngine::ApplyResult &r) { result = r; });
        QDeadlineTimer deadline(20000);
        while (!result && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        if (!result) {
            RolloutEngine::ApplyResult none;
            none.outcome.error =
                Error(ErrorCode::DeadlineExceeded, QStringLiteral("the engine did not answer"));
            return none;
        }
        return *result;
    }

    // Every entry of the rig's history for queue, oldest first, read with a store of its own.
    static QList<HistoryEntry> entries(const Rig &r, const QString &queue)
    {
        auto store = HistoryStore::open(r.location);
        if (!store)
            return {};
        HistoryFilter filter;
        filter.taskQueue = queue;
        auto found = store.value()->query(filter);
        QList<HistoryEntry> list = found ? found.value() : QList<HistoryEntry>();
        std::reverse(list.begin(), list.end());
        return list;
    }

    // Waits until the history service has done everything asked of it so far.
    static void drain(Rig &r)
    {
        bool done = false;
        QObject context;
        r.history->checkWritable(&context, [&done](const Result<Done> &) { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_address = TestServer::versioningAddress();
        QVERIFY2(!m_address.isEmpty(), "the temporal_server fixture did not start");
        QVERIFY(m_dir.isValid());
        m_other = std::make_unique<TemporalClient>(TestServer::settingsFor(m_address));
    }

    void readCostsOneCallForSetsAndNineWithPollers()
    {
        const QString queue = seededQueue();
        auto r = rig(false);
        const QueueReader::Options setsOnly = setsOnlyRead();
        QVERIFY(read(*r->engine, queue, setsOnly).isOk());
        QCOMPARE(r->client->totalCalls(), 1);
        // Every partition (4) of both types: nobody polls, so nothing can be skipped.
        QVERIFY(read(*r->engine, queue).isOk());
        QCOMPARE(r->client->totalCalls(), 1 + 1 + 8);
        QCOMPARE(r->client->callCounts().value(QStringLiteral("DescribeTaskQueue")), 8);
    }

    void applyCostsThreeCallsOrTwoWhenTheReadIsFresh()
    {
        const QString queue = seededQueue();
        auto r = rig();
        const QueueReader::Options setsOnly = setsOnlyRead();
        const auto snapshot = read(*r->engine, queue, setsOnly);
        QVERIFY(snapshot.isOk());
        const int afterRead = r->client->totalCalls();

        const VersionSetPreview preview =
            r->engine->preview(snapshot.value(), BuildIdOperation::addNewDefault(QStringLiteral("2.0")));
        auto result = apply(*r->engine, queue, preview.plan(),
                            {QStringLiteral("first"), HistoryContext::Source::Cli, false, QString()});
        QCOMPARE(result.outcome.status, ApplyOutcome::Status::Applied);
        QVERIFY(result.outcome.matchesPreview);
        QVERIFY(result.historyId);
        QCOMPARE(r->client->totalCalls() - afterRead, 3); // re-read, update, read back

        const int before = r->client->totalCalls();
        const VersionSetPlan next = planVersionSetOperation(
            result.outcome.actual, BuildIdOperation::promoteSet(QStringLiteral("1.0")), {});
        result = apply(*r->engine, queue, next, {QString(), HistoryContext::Source::Cli, true, QString()});
        QCOMPARE(result.outcome.status, ApplyOutcome::Status::Applied);
        QCOMPARE(r->client->totalCalls() - before, 2); // update, read back

        drain(*r);
        const QList<HistoryEntry> recorded = entries(*r, queue);
        // The first read saw the queue for the first time (an observation), then our two updates; our own
        // changes are never recorded as seen elsewhere.
        QCOMPARE(recorded.size(), 3);
        QCOMPARE(recorded.at(0).kind, HistoryEntry::Kind::Observed);
        QCOMPARE(recorded.at(1).kind, HistoryEntry::Kind::Applied);
        QCOMPARE(recorded.at(1).reason, QStringLiteral("first"));
        QCOMPARE(recorded.at(2).outcome, HistoryEntry::Outcome::Applied);
        QVERIFY(read(*r->engine, queue, setsOnly).isOk());
        drain(*r);
        QCOMPARE(entries(*r, queue).size(), 3);
    }

    void changeElsewhereIsAnnouncedAndRecordedOnce()
    {
        const QString queue = seededQueue();
        auto r = rig();
        const QueueReader::Options setsOnly = setsOnlyRead();
        QSignalSpy elsewhere(r->engine.get(), &RolloutEngine::changedElsewhere);
        QVERIFY(read(*r->engine, queue, setsOnly).isOk());
        QCOMPARE(elsewhere.count(), 0);
        change(queue, BuildIdOperation::addNewDefault(QStringLiteral("2.0")));
        QVERIFY(read(*r->engine, queue, setsOnly).isOk());
        QCOMPARE(elsewhere.count(), 1);
        QCOMPARE(elsewhere.at(0).at(0).toString(), queue);
        QVERIFY(read(*r->engine, queue, setsOnly).isOk());
        QCOMPARE(elsewhere.count(), 1);
        drain(*r);
        const QList<HistoryEntry> recorded = entries(*r, queue);
        QCOMPARE(recorded.size(), 2); // first seen, then the change made elsewhere
        QCOMPARE(recorded.at(1).kind, HistoryEntry::Kind::Observed);
        QCOMPARE(recorded.at(1).after->queueDefault(), QStringLiteral("2.0"));
    }

    void staleApplyRecordsTheOutsideChangeThenTheStaleAttempt()
    {
        const QString queue = seededQueue();
        auto r = rig();
        const QueueReader::Options setsOnly = setsOnlyRead();
        const auto snapshot = read(*r->engine, queue, setsOnly);
        QVERIFY(snapshot.isOk());
        const VersionSetPreview preview =
            r->engine->preview(snapshot.value(), BuildIdOperation::addNewDefault(QStringLiteral("3.0")));
        change(queue, BuildIdOperation::addNewDefault(QStringLiteral("2.0")));
        const int before = r->client->totalCalls();
        const auto result = apply(*r->engine, queue, preview.plan(), {});
        QCOMPARE(result.outcome.status, ApplyOutcome::Status::Stale);
        QCOMPARE(r->client->totalCalls() - before, 1); // the stale check only: nothing sent
        QCOMPARE(result.outcome.actual.queueDefault(), QStringLiteral("2.0"));
        drain(*r);
        const QList<HistoryEntry> recorded = entries(*r, queue);
        QCOMPARE(recorded.size(), 3);
        QCOMPARE(recorded.at(1).kind, HistoryEntry::Kind::Observed);
        QCOMPARE(recorded.at(1).after->queueDefault(), QStringLiteral("2.0"));
        QCOMPARE(recorded.at(2).outcome, HistoryEntry::Outcome::Stale);
        // The server still has what the other client made: the stale plan was not sent.
        auto now =
            await<VersionSets>([&](QObject *ctx, auto done) { m_other->getVersionSets(ctx, queue, done); });
        QVERIFY(now && now->isOk());
        QVERIFY(!now->value().contains(QStringLiteral("3.0")));
    }

    void unknownOutcomeIsSettledByTheNextRead()
    {
        // An update whose answer is lost: sent through a client whose deadline is too short to hear back.
        const QString queue = seededQueue();
        auto r = rig();
        const QueueReader::Options setsOnly = setsOnlyRead();
        const auto snapshot = read(*r->engine, queue, setsOnly);
        QVERIFY(snapshot.isOk());
        const VersionSetPlan plan = planVersionSetOperation(
            snapshot.value().sets, BuildIdOperation::addNewDefault(QStringLiteral("2.0")), {});
        // The attempt as the engine would record it had the answer been lost after the server applied it.
        ApplyOutcome lost;
        lost.status = ApplyOutcome::Status::Unknown;
        lost.plan = plan;
        lost.error = Error(ErrorCode::DeadlineExceeded, QStringLiteral("no answer"));
        change(queue, plan.operation);
        bool appended = false;
        QObject context;
        r->history->append(&context,
                           HistoryEntry::fromApplyOutcome(
                               lost, r->engine->historyContext(queue, HistoryContext::Source::Cli), QString(),
                               QDateTime::currentDateTimeUtc()),
                           [&appended](const Result<qint64> &id) { appended = id.isOk(); });
        QTRY_VERIFY(appended);
        QVERIFY(read(*r->engine, queue, setsOnly).isOk());
        drain(*r);
        const QList<HistoryEntry> recorded = entries(*r, queue);
        // No "changed elsewhere": the read settled our own attempt as applied.
        QCOMPARE(recorded.size(), 2);
        QCOMPARE(recorded.at(1).settledOutcome, std::optional(HistoryEntry::Outcome::Applied));
    }

    void previewCommandNamesTheSameServer()
    {
        const QString queue = seededQueue();
        auto r = rig(false);
        const QueueReader::Options setsOnly = setsOnlyRead();
        const auto snapshot = read(*r->engine, queue, setsOnly);
        QVERIFY(snapshot.isOk());
        const QString command =
            r->engine->preview(snapshot.value(), BuildIdOperation::promoteSet(QStringLiteral("1.0")))
                .cliCommand();
        QVERIFY2(command.contains(QStringLiteral("--address ") + m_address), qPrintable(command));
        QVERIFY2(command.contains(QStringLiteral("default")), qPrintable(command));
    }

    void queueNameWithControlCharacterIsNeverChanged()
    {
        auto r = rig(false);
        const QString queue = QStringLiteral("orders\u0007");
        const VersionSetPlan plan = planVersionSetOperation(
            VersionSets(), BuildIdOperation::addNewDefault(QStringLiteral("1.0")), {});
        const auto result = apply(*r->engine, queue, plan, {});
        QCOMPARE(result.outcome.status, ApplyOutcome::Status::NotSent);
        // The value is shown escaped, never with the raw control character.
        QVERIFY2(result.outcome.error.message.contains(QStringLiteral("orders\\u{7}")),
                 qPrintable(result.outcome.error.message));
        QVERIFY(!result.outcome.error.message.contains(QChar(0x7)));
        QCOMPARE(r->client->totalCalls(), 0);
    }

    void unwritableHistoryIsSaidOnceAndReadsStillAnswer()
    {
        const QString queue = seededQueue();
        auto r = rig(false);
        // A history that never opened: every write fails with the reason.
        HistoryService broken;
        QSignalSpy failed(&broken, &HistoryService::openFailed);
        broken.open(HistoryLocation::sqliteFile(QStringLiteral("/proc/versionscope/none.sqlite")));
        QVERIFY(failed.wait(10000));
        r->engine->setHistory(&broken);
        QSignalSpy problem(r->engine.get(), &RolloutEngine::historyProblemChanged);
        const QueueReader::Options setsOnly = setsOnlyRead();
        for (int i = 0; i < 3; ++i)
            QVERIFY(read(*r->engine, queue, setsOnly).isOk());
        QTRY_COMPARE(problem.count(), 1);
        QTest::qWait(200);
        QCOMPARE(problem.count(), 1);
        QVERIFY(!problem.at(0).at(0).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRolloutEngine)
#include "tst_rolloutengine.moc"
