#include "history/historyservice.h"
#include "history/historystore.h"
#include "history/historytestbackend.h"
#include "support/deploymentnotation.h"
#include "support/opnotation.h"
#include "support/setnotation.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

HistoryContext contextFor(const QString &queue)
{
    return HistoryContext{"alice",    "alice@laptop", "temporal:7233",
                          "payments", queue,          HistoryContext::Source::Window};
}

HistoryEntry applied(const QString &queue, int seq)
{
    ApplyOutcome outcome;
    outcome.status = ApplyOutcome::Status::Applied;
    outcome.plan.operation = opFrom(QString("new:%1").arg(seq));
    outcome.plan.before = setsFrom(seq == 0 ? QString() : QString::number(seq - 1));
    outcome.actual = setsFrom(seq == 0 ? QString::number(seq) : QString("%1|%2").arg(seq - 1).arg(seq));
    outcome.matchesPreview = true;
    return HistoryEntry::fromApplyOutcome(outcome, contextFor(queue), QString("step %1").arg(seq),
                                          QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + seq, Qt::UTC));
}

// A loopback port that accepts connections and never answers: a PostgreSQL server that hangs.
class SilentServer
{
public:
    SilentServer()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::listen(m_fd, 4);
        socklen_t length = sizeof address;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = ntohs(address.sin_port);
    }
    ~SilentServer() { ::close(m_fd); }
    int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

} // namespace

// The history service: the store on its own thread, answers on the owner's, on both backends.
class TestHistoryService : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    HistoryLocation freshLocation()
    {
        const Result<HistoryLocation> location = HistoryTestBackend::freshLocation(
            m_dir.filePath(QString::number(QRandomGenerator::global()->generate())));
        if (!location)
            qFatal("no test database: %s", qPrintable(location.error().toString()));
        return location.value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("backend: %s", qPrintable(HistoryTestBackend::name()));
        QVERIFY(m_dir.isValid());
        if (HistoryTestBackend::isPostgresql())
            QVERIFY2(!HistoryTestBackend::serverUrl().isEmpty(),
                     "the postgres fixture did not start a server");
    }

    // The Worker Deployment twins (issue 10): an observation, the last known deployment, a settlement, each
    // answered once on this thread, with written() after each write that changed something.
    void deploymentCalls()
    {
        HistoryService service;
        QSignalSpy written(&service, &HistoryService::written);
        service.open(freshLocation());
        HistoryContext observer = contextFor(QString());
        observer.model = HistoryContext::Model::Deployment;
        observer.deploymentName = "svc";
        const WorkerDeployment first = deploymentFrom("svc", "v1:current* v2:inactive", 1, "ci");
        QObject context;

        std::optional<Result<std::optional<qint64>>> observed;
        service.recordDeploymentObservation(&context, observer, first, QDateTime::currentDateTimeUtc(),
                                            [&](const Result<std::optional<qint64>> &id) { observed = id; });
        QTRY_VERIFY(observed.has_value());
        QVERIFY2(observed->isOk(), observed->isOk() ? "" : qPrintable(observed->error().toString()));
        QVERIFY(observed->value().has_value());
        QTRY_COMPARE(written.count(), 1);

        HistoryEntry unknown;
        unknown.kind = HistoryEntry::Kind::Applied;
        unknown.recordedAt = QDateTime::currentDateTimeUtc();
        unknown.context = observer;
        unknown.deploymentOperation = DeploymentOperation::setCurrent("svc", "v2");
        unknown.deploymentBefore = first;
        unknown.outcome = HistoryEntry::Outcome::Unknown;
        std::optional<Result<qint64>> appended;
        service.append(&context, unknown, [&](const Result<qint64> &id) { appended = id; });
        QTRY_VERIFY(appended.has_value());
        QVERIFY(appended->isOk());

        const WorkerDeployment after = deploymentFrom("svc", "v1:draining v2:current*", 2, "alice@laptop");
        std::optional<Result<Done>> settled;
        service.settleDeployment(&context, appended->value(), HistoryEntry::Outcome::Applied, after,
                                 QDateTime::currentDateTimeUtc(),
                                 [&](const Result<Done> &done) { settled = done; });
        QTRY_VERIFY(settled.has_value());
        QVERIFY2(settled->isOk(), settled->isOk() ? "" : qPrintable(settled->error().toString()));
        QTRY_COMPARE(written.count(), 3);
        QCOMPARE(written.last().at(0).toLongLong(), appended->value());

        int answers = 0;
        std::optional<WorkerDeployment> known;
        service.lastKnownDeployment(&context, "temporal:7233", "payments", "svc",
                                    [&](const Result<std::optional<WorkerDeployment>> &deployment) {
                                        ++answers;
                                        QVERIFY(deployment.isOk());
                                        known = deployment.value();
                                    });
        QTRY_COMPARE(answers, 1);
        QCOMPARE(known, std::optional(after));

        // Reading it back is no news: no entry, nothing written.
        observed.reset();
        service.recordDeploymentObservation(&context, observer, after, QDateTime::currentDateTimeUtc(),
                                            [&](const Result<std::optional<qint64>> &id) { observed = id; });
        QTRY_VERIFY(observed.has_value());
        QCOMPARE(observed->value(), std::optional<qint64>());
        QCOMPARE(written.count(), 3);
    }

    // Calls made right away wait for the store, run in order, and answer once each, on this thread.
    void callsRunInOrderAndAnswerOnce()
    {
        HistoryService service;
        QSignalSpy opened(&service, &HistoryService::opened);
        QSignalSpy written(&service, &HistoryService::written);
        const HistoryLocation location = freshLocation();
        service.open(location);
        QVERIFY(!service.isOpen());

        constexpr int kEntries = 20;
        QObject context;
        QList<qint64> ids;
        QList<int> order;
        int wrongThread = 0;
        for (int i = 0; i < kEntries; ++i) {
            service.append(&context, applied("orders", i), [&, i](const Result<qint64> &id) {
                wrongThread += QThread::currentThread() != thread() ? 1 : 0;
                QVERIFY2(id.isOk(), id ? "" : qPrintable(id.error().toString()));
                ids << id.value();
                order << i;
            });
        }
        std::optional<Result<QList<HistoryEntry>>> listed;
        int listedCalls = 0;
        service.query(&context, {}, [&](const Result<QList<HistoryEntry>> &entries) {
            ++listedCalls;
            listed = entries;
        });
        QTRY_VERIFY(listed.has_value());
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.first().first().toString(), location.describe());
        QVERIFY(service.isOpen());
        QCOMPARE(wrongThread, 0);
        QList<int> expectedOrder;
        for (int i = 0; i < kEntries; ++i)
            expectedOrder << i;
        QCOMPARE(order, expectedOrder);
        // The query was made after the appends, so it sees them all.
        QVERIFY(listed->isOk());
        QCOMPARE(listed->value().size(), kEntries);
        QCOMPARE(written.count(), kEntries);
        QCOMPARE(written.last().first().toLongLong(), ids.last());
        for (int i = 1; i < kEntries; ++i)
            QVERIFY(ids[i] > ids[i - 1]);

        // Nothing more arrives later.
        QTest::qWait(100);
        QCOMPARE(ids.size(), kEntries);
        QCOMPARE(listedCalls, 1);
    }

    void everyCallThroughTheService()
    {
        HistoryService service;
        service.open(freshLocation());
        QObject context;

        std::optional<Result<std::optional<qint64>>> observed;
        service.recordObservation(&context, contextFor("q"), setsFrom("1.0"), QDateTime::currentDateTimeUtc(),
                                  [&](const Result<std::optional<qint64>> &id) { observed = id; });
        QTRY_VERIFY(observed.has_value());
        QVERIFY(observed->isOk() && observed->value().has_value());

        observed.reset();
        service.recordObservation(&context, contextFor("q"), setsFrom("1.0"), QDateTime::currentDateTimeUtc(),
                                  [&](const Result<std::optional<qint64>> &id) { observed = id; });
        QTRY_VERIFY(observed.has_value());
        QVERIFY(observed->isOk());
        QVERIFY(!observed->value().has_value());

        HistoryEntry unknown = applied("q", 1);
        unknown.outcome = HistoryEntry::Outcome::Unknown;
        unknown.after.reset();
        unknown.matchedPreview.reset();
        std::optional<Result<qint64>> id;
        service.append(&context, unknown, [&](const Result<qint64> &result) { id = result; });
        QTRY_VERIFY(id.has_value());
        QVERIFY(id->isOk());

        std::optional<Result<Done>> settled;
        service.settle(&context, id->value(), HistoryEntry::Outcome::Applied, setsFrom("0|1"),
                       QDateTime::currentDateTimeUtc(),
                       [&](const Result<Done> &result) { settled = result; });
        QTRY_VERIFY(settled.has_value());
        QVERIFY(settled->isOk());

        std::optional<Result<HistoryEntry>> read;
        service.entry(&context, id->value(), [&](const Result<HistoryEntry> &result) { read = result; });
        QTRY_VERIFY(read.has_value());
        QCOMPARE(read->value().settledOutcome, std::optional(HistoryEntry::Outcome::Applied));

        std::optional<Result<std::optional<VersionSets>>> known;
        service.lastKnownSets(&context, "temporal:7233", "payments", "q",
                              [&](const Result<std::optional<VersionSets>> &result) { known = result; });
        QTRY_VERIFY(known.has_value());
        QCOMPARE(known->value(), std::optional(setsFrom("0|1")));

        std::optional<Result<Done>> writable;
        service.checkWritable(&context, [&](const Result<Done> &result) { writable = result; });
        QTRY_VERIFY(writable.has_value());
        QVERIFY(writable->isOk());

        // Errors come back as results.
        std::optional<Result<HistoryEntry>> missing;
        service.entry(&context, 424242, [&](const Result<HistoryEntry> &result) { missing = result; });
        QTRY_VERIFY(missing.has_value());
        QCOMPARE(missing->error().code, ErrorCode::NotFound);
    }

    // The owner's thread keeps running while PostgreSQL does not answer; the failure arrives as a signal, and
    // calls made meanwhile answer with it.
    void unreachableServerDoesNotBlockTheOwner()
    {
        SilentServer silent;
        HistoryService service;
        QSignalSpy failed(&service, &HistoryService::openFailed);
        QSignalSpy opened(&service, &HistoryService::opened);
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(50);

        QElapsedTimer timer;
        timer.start();
        service.open(HistoryLocation::parse(
                         QString("postgresql://u:s3cret@127.0.0.1:%1/h?connect_timeout=2").arg(silent.port()))
                         .value());
        QObject context;
        std::optional<Result<qint64>> id;
        service.append(&context, applied("q", 0), [&](const Result<qint64> &result) { id = result; });
        QVERIFY2(timer.elapsed() < 100, "open() or append() blocked the caller");

        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        const qint64 elapsed = timer.elapsed();
        qInfo("failed after %lld ms, %d timer ticks meanwhile", elapsed, ticks);
        QVERIFY(elapsed >= 1500);
        // The event loop ran all along: about one tick per 50 ms.
        QVERIFY2(ticks >= int(elapsed / 50) / 2, qPrintable(QString::number(ticks)));
        QCOMPARE(opened.count(), 0);
        QVERIFY(!service.isOpen());
        const Error error = failed.first().first().value<Error>();
        QCOMPARE(error.code, ErrorCode::Unavailable);
        QVERIFY(!error.toString().contains("s3cret"));

        QTRY_VERIFY(id.has_value());
        QCOMPARE(id->error().code, ErrorCode::FailedPrecondition);
        QVERIFY2(id->error().message.contains("cannot connect to the history database"),
                 qPrintable(id->error().message));

        // A later open() of a good location replaces the failed one.
        service.open(freshLocation());
        QTRY_COMPARE(opened.count(), 1);
        id.reset();
        service.append(&context, applied("q", 0), [&](const Result<qint64> &result) { id = result; });
        QTRY_VERIFY(id.has_value());
        QVERIFY(id->isOk());
    }

    void callsWithoutOpenAnswerWithAnError()
    {
        HistoryService service;
        QObject context;
        std::optional<Result<QList<HistoryEntry>>> listed;
        service.query(&context, {}, [&](const Result<QList<HistoryEntry>> &result) { listed = result; });
        QTRY_VERIFY(listed.has_value());
        QCOMPARE(listed->error().code, ErrorCode::FailedPrecondition);
    }

    // A callback whose context is gone does not run; the write happens all the same.
    void destroyedContextSkipsTheCallback()
    {
        const HistoryLocation location = freshLocation();
        HistoryService service;
        QSignalSpy written(&service, &HistoryService::written);
        service.open(location);
        int calls = 0;
        {
            QObject context;
            service.append(&context, applied("q", 0), [&calls](const Result<qint64> &) { ++calls; });
        }
        QTRY_COMPARE(written.count(), 1);
        QTest::qWait(50);
        QCOMPARE(calls, 0);
        Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location);
        QVERIFY(store.isOk());
        QCOMPARE(store.value()->query({}).value().size(), 1);
    }

    // Closing the window right after applying: every write already requested lands before the thread ends.
    void shutdownFinishesRequestedWrites()
    {
        const HistoryLocation location = freshLocation();
        constexpr int kEntries = 30;
        int calls = 0;
        {
            HistoryService service;
            service.open(location);
            QObject context;
            for (int i = 0; i < kEntries; ++i)
                service.append(&context, applied("q", i), [&calls](const Result<qint64> &) { ++calls; });
            std::optional<Result<QList<HistoryEntry>>> listed;
            service.query(&context, {}, [&](const Result<QList<HistoryEntry>> &result) { listed = result; });
        }
        // The service is gone: its callbacks did not run, its writes did.
        QCOMPARE(calls, 0);
        Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location);
        QVERIFY(store.isOk());
        QCOMPARE(store.value()->query({}).value().size(), kEntries);
    }
};

QTEST_GUILESS_MAIN(TestHistoryService)
#include "tst_historyservice.moc"
