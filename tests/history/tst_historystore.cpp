#include "history/historyschema.h"
#include "history/historystore.h"
#include "history/historytestbackend.h"
#include "support/opnotation.h"
#include "support/setnotation.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>

Q_DECLARE_METATYPE(HistoryFilter)

namespace {

const QDateTime kStart = QDateTime(QDate(2026, 5, 4), QTime(9, 0), Qt::UTC);

HistoryContext contextFor(const QString &queue, const QString &user = "alice")
{
    return HistoryContext{user,  user + "@laptop (versionscope)", "temporal.example:7233", "payments",
                          queue, HistoryContext::Source::Window};
}

HistoryEntry applied(const QString &queue, const QString &before, const QString &operation,
                     const QString &after, int minutes, const QString &user = "alice")
{
    HistoryEntry entry;
    entry.kind = HistoryEntry::Kind::Applied;
    entry.recordedAt = kStart.addSecs(minutes * 60);
    entry.context = contextFor(queue, user);
    entry.operation = opFrom(operation);
    entry.before = setsFrom(before);
    entry.after = setsFrom(after);
    entry.matchedPreview = true;
    entry.outcome = HistoryEntry::Outcome::Applied;
    return entry;
}

HistoryEntry withOutcome(HistoryEntry entry, HistoryEntry::Outcome outcome)
{
    entry.outcome = outcome;
    entry.matchedPreview.reset();
    if (outcome == HistoryEntry::Outcome::Rejected || outcome == HistoryEntry::Outcome::Unknown ||
        outcome == HistoryEntry::Outcome::NotSent)
        entry.after.reset();
    if (outcome != HistoryEntry::Outcome::Applied) {
        entry.errorCode = "FAILED_PRECONDITION";
        entry.errorMessage = "refused";
    }
    return entry;
}

HistoryEntry observed(const QString &queue, const QString &before, const QString &after, int minutes)
{
    return HistoryEntry::observedChange(contextFor(queue), setsFrom(before), setsFrom(after),
                                        kStart.addSecs(minutes * 60));
}

HistoryFilter filterWith(const std::function<void(HistoryFilter &)> &set)
{
    HistoryFilter filter;
    set(filter);
    return filter;
}

// A TCP port on 127.0.0.1 that nothing listens on.
int closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

} // namespace

// The history store, run once on SQLite and once on a real PostgreSQL server
// (VERSIONSCOPE_TEST_HISTORY_BACKEND).
class TestHistoryStore : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    HistoryLocation m_location;
    std::unique_ptr<HistoryStore> m_store;

    HistoryLocation freshLocation()
    {
        const Result<HistoryLocation> location = HistoryTestBackend::freshLocation(
            m_dir->filePath(QString::number(QRandomGenerator::global()->generate())));
        if (!location)
            qFatal("no test database: %s", qPrintable(location.error().toString()));
        return location.value();
    }

    HistoryStore &store() { return *m_store; }

    qint64 append(const HistoryEntry &entry)
    {
        const Result<qint64> id = m_store->append(entry);
        if (!id)
            qWarning("append: %s", qPrintable(id.error().toString()));
        return id ? id.value() : -1;
    }

    QList<qint64> ids(const HistoryFilter &filter)
    {
        const Result<QList<HistoryEntry>> entries = m_store->query(filter);
        if (!entries)
            qWarning("query: %s", qPrintable(entries.error().toString()));
        QList<qint64> result;
        for (const HistoryEntry &entry : entries ? entries.value() : QList<HistoryEntry>())
            result << entry.id;
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("backend: %s", qPrintable(HistoryTestBackend::name()));
        QVERIFY(HistoryTestBackend::name() == "sqlite" || HistoryTestBackend::name() == "postgresql");
        if (HistoryTestBackend::isPostgresql())
            QVERIFY2(!HistoryTestBackend::serverUrl().isEmpty(),
                     "the postgres fixture did not start a server");
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_location = freshLocation();
        Result<std::unique_ptr<HistoryStore>> opened = HistoryStore::open(m_location);
        QVERIFY2(opened.isOk(), opened ? "" : qPrintable(opened.error().toString()));
        m_store = std::move(opened).value();
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void roundTrip_data()
    {
        QTest::addColumn<HistoryEntry>("entry");

        HistoryEntry full = applied("orders", "1.0|2.0", "compat!:2.1>2.0", "1.0|2.0,2.1", 0);
        full.context.source = HistoryContext::Source::Cli;
        full.reason = "canary 5% ok, \"quoted\", multi\nline, ünïcödé ✓; DROP TABLE x; --";
        full.matchedPreview = false;
        full.errorCode = "UNAVAILABLE";
        full.errorMessage = "re-read: connection reset (retry)";
        QTest::newRow("every field") << full;

        QTest::newRow("merge") << applied("orders", "a1,a2|b1,b2", "merge:b2<a2", "a1,b1,a2,b2", 1);
        QTest::newRow("promote set, restore") << [] {
            HistoryEntry entry = applied("orders", "1.0|2.0", "promote:1.0", "2.0|1.0", 2);
            entry.context.source = HistoryContext::Source::Restore;
            return entry;
        }();
        QTest::newRow("promote id") << applied("q", "1.0,1.1", "promoteid:1.0", "1.1,1.0", 3);
        QTest::newRow("rejected, empty queue")
            << withOutcome(applied("q", "", "promote:9", "", 4), HistoryEntry::Outcome::Rejected);
        QTest::newRow("stale") << withOutcome(applied("q", "1.0", "new:2.0", "1.0|3.0", 5),
                                              HistoryEntry::Outcome::Stale);
        QTest::newRow("not sent") << withOutcome(applied("q", "1.0", "new:2.0", "", 6),
                                                 HistoryEntry::Outcome::NotSent);
        QTest::newRow("unknown, settled") << [] {
            HistoryEntry entry =
                withOutcome(applied("q", "1.0", "new:2.0", "", 7), HistoryEntry::Outcome::Unknown);
            entry.after = setsFrom("1.0|2.0");
            entry.settledAt = kStart.addSecs(3600).addMSecs(7);
            entry.settledOutcome = HistoryEntry::Outcome::Applied;
            return entry;
        }();
        QTest::newRow("observed, first seen") << observed("q", "", "1.0", 8);
        QTest::newRow("observed") << observed("q", "1.0", "1.0|2.0", 9);
        QTest::newRow("milliseconds, far future") << [] {
            HistoryEntry entry = observed("q", "1.0", "2.0", 0);
            entry.recordedAt = QDateTime(QDate(2199, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
            return entry;
        }();
    }

    void roundTrip()
    {
        QFETCH(HistoryEntry, entry);
        const qint64 id = append(entry);
        QVERIFY(id > 0);
        entry.id = id;
        const Result<HistoryEntry> read = store().entry(id);
        QVERIFY2(read.isOk(), read ? "" : qPrintable(read.error().toString()));
        QCOMPARE(read.value(), entry);
        QCOMPARE(read.value().recordedAt.toMSecsSinceEpoch(), entry.recordedAt.toMSecsSinceEpoch());
        QCOMPARE(read.value().recordedAt.timeSpec(), Qt::UTC);

        // The same entry through a second connection, as another process sees it.
        Result<std::unique_ptr<HistoryStore>> other = HistoryStore::open(m_location);
        QVERIFY(other.isOk());
        const Result<QList<HistoryEntry>> listed = other.value()->query({});
        QVERIFY(listed.isOk());
        QCOMPARE(listed.value(), QList<HistoryEntry>{entry});
    }

    void refusesInconsistentEntries_data()
    {
        QTest::addColumn<HistoryEntry>("entry");
        HistoryEntry noTime = applied("q", "", "new:1", "1", 0);
        noTime.recordedAt = {};
        QTest::newRow("no time") << noTime;
        HistoryEntry noQueue = applied("", "", "new:1", "1", 0);
        QTest::newRow("no queue") << noQueue;
        HistoryEntry observedWithOperation = observed("q", "", "1", 0);
        observedWithOperation.operation = opFrom("new:1");
        QTest::newRow("observed with an operation") << observedWithOperation;
        HistoryEntry appliedWithoutOperation = applied("q", "", "new:1", "1", 0);
        appliedWithoutOperation.operation.reset();
        QTest::newRow("applied without an operation") << appliedWithoutOperation;
        HistoryEntry halfSettled =
            withOutcome(applied("q", "", "new:1", "", 0), HistoryEntry::Outcome::Unknown);
        halfSettled.settledOutcome = HistoryEntry::Outcome::Applied;
        QTest::newRow("settled without a time") << halfSettled;
    }

    void refusesInconsistentEntries()
    {
        QFETCH(HistoryEntry, entry);
        const Result<qint64> id = store().append(entry);
        QVERIFY(!id.isOk());
        QCOMPARE(id.error().code, ErrorCode::InvalidArgument);
        QCOMPARE(ids({}), QList<qint64>());
    }

    void filters_data()
    {
        QTest::addColumn<HistoryFilter>("filter");
        // Indexes into the entries filters() appends, newest first.
        QTest::addColumn<QList<int>>("expected");

        const auto row = [](const char *name, HistoryFilter filter, QList<int> expected) {
            QTest::newRow(name) << filter << expected;
        };
        row("everything", {}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
        row("queue", filterWith([](HistoryFilter &f) { f.taskQueue = "billing"; }), {7, 5});
        row("namespace", filterWith([](HistoryFilter &f) { f.namespaceName = "other-ns"; }), {8});
        row("server", filterWith([](HistoryFilter &f) { f.serverAddress = "prod:7233"; }), {9});
        row("person, OS user, any case", filterWith([](HistoryFilter &f) { f.person = "BOB"; }), {6, 5});
        row("person, part of identity", filterWith([](HistoryFilter &f) { f.person = "b@lap"; }), {6, 5});
        row("person, literal percent", filterWith([](HistoryFilter &f) { f.person = "100%"; }), {4});
        row("person, literal underscore", filterWith([](HistoryFilter &f) { f.person = "x_y"; }), {3});
        row("person, nobody", filterWith([](HistoryFilter &f) { f.person = "mallory"; }), {});
        row("operation",
            filterWith([](HistoryFilter &f) { f.operation = BuildIdOperation::Kind::PromoteSet; }), {2});
        row("outcome rejected",
            filterWith([](HistoryFilter &f) { f.outcome = HistoryEntry::Outcome::Rejected; }), {6});
        row("outcome applied counts settled unknown",
            filterWith([](HistoryFilter &f) { f.outcome = HistoryEntry::Outcome::Applied; }),
            {9, 8, 5, 4, 3, 2, 1, 0});
        row("outcome unknown, unsettled only",
            filterWith([](HistoryFilter &f) { f.outcome = HistoryEntry::Outcome::Unknown; }), {});
        row("kind observed", filterWith([](HistoryFilter &f) { f.kind = HistoryEntry::Kind::Observed; }),
            {7});
        row("since, inclusive", filterWith([](HistoryFilter &f) { f.since = kStart.addSecs(7 * 60); }),
            {9, 8, 7});
        row("until, inclusive", filterWith([](HistoryFilter &f) { f.until = kStart.addSecs(60); }), {1, 0});
        row("window", filterWith([](HistoryFilter &f) {
                f.since = kStart.addSecs(3 * 60);
                f.until = kStart.addSecs(5 * 60);
            }),
            {5, 4, 3});
        row("limit", filterWith([](HistoryFilter &f) { f.limit = 3; }), {9, 8, 7});
        row("combined", filterWith([](HistoryFilter &f) {
                f.taskQueue = "orders";
                f.namespaceName = "payments";
                f.person = "alice";
                f.kind = HistoryEntry::Kind::Applied;
                f.until = kStart.addSecs(4 * 60);
                f.limit = 2;
            }),
            {4, 2});
    }

    void filters()
    {
        QFETCH(HistoryFilter, filter);
        QFETCH(QList<int>, expected);

        QList<HistoryEntry> entries;
        entries << applied("orders", "", "new:1.0", "1.0", 0)
                << applied("orders", "1.0", "new:2.0", "1.0|2.0", 1)
                << applied("orders", "1.0|2.0", "promote:1.0", "2.0|1.0", 2)
                << applied("orders", "2.0|1.0", "new:3.0", "2.0|1.0|3.0", 3, "x_y")
                << applied("orders", "2.0|1.0|3.0", "new:4.0", "2.0|1.0|3.0|4.0", 4, "alice 100%");
        entries << applied("billing", "", "new:1.0", "1.0", 5, "bob");
        entries << withOutcome(applied("orders", "1.0", "merge:1.0<2.0", "", 6, "bob"),
                               HistoryEntry::Outcome::Rejected);
        entries << observed("billing", "1.0", "1.0|9.9", 7);
        HistoryEntry otherNamespace = applied("orders", "", "new:1.0", "1.0", 8);
        otherNamespace.context.namespaceName = "other-ns";
        entries << otherNamespace;
        HistoryEntry settled =
            withOutcome(applied("orders", "", "new:7.0", "", 9), HistoryEntry::Outcome::Unknown);
        settled.context.serverAddress = "prod:7233";
        settled.after = setsFrom("7.0");
        settled.settledAt = kStart.addSecs(9999);
        settled.settledOutcome = HistoryEntry::Outcome::Applied;
        entries << settled;
        // Appended out of time order: listing is by time, not by id.
        for (int i : {3, 0, 9, 1, 2, 8, 4, 5, 7, 6}) {
            entries[i].id = append(entries[i]);
            QVERIFY(entries[i].id > 0);
        }

        QList<qint64> expectedIds;
        for (int index : expected)
            expectedIds << entries[index].id;
        QCOMPARE(ids(filter), expectedIds);

        // The SQL and the in-memory rule agree.
        QList<qint64> inMemory;
        for (int i = entries.size() - 1; i >= 0; --i) {
            if (filter.matches(entries[i]) && (filter.limit == 0 || inMemory.size() < filter.limit))
                inMemory << entries[i].id;
        }
        QCOMPARE(inMemory, expectedIds);
    }

    void sameTimeNewestIdFirst()
    {
        const qint64 first = append(applied("q", "", "new:1", "1", 0));
        const qint64 second = append(applied("q", "1", "new:2", "1|2", 0));
        QCOMPARE(ids({}), (QList<qint64>{second, first}));
    }

    void settle()
    {
        HistoryEntry unknown =
            withOutcome(applied("q", "1.0", "new:2.0", "", 0), HistoryEntry::Outcome::Unknown);
        const qint64 id = append(unknown);
        QVERIFY(store().entry(id).value().awaitsSettlement());
        // Something newer is known about the queue than the unknown update...
        QVERIFY(append(withOutcome(applied("q", "1.0", "promoteid:9.9", "", 1),
                                   HistoryEntry::Outcome::Rejected)) > 0);

        // ... and then a read settles it: the settling read is the newest knowledge.
        const QDateTime at = kStart.addSecs(120).addMSecs(5);
        const Result<Done> settled =
            store().settle(id, HistoryEntry::Outcome::Applied, setsFrom("1.0|2.0"), at);
        QVERIFY2(settled.isOk(), settled ? "" : qPrintable(settled.error().toString()));
        const HistoryEntry read = store().entry(id).value();
        QCOMPARE(read.outcome, HistoryEntry::Outcome::Unknown);
        QCOMPARE(read.settledOutcome, std::optional(HistoryEntry::Outcome::Applied));
        QCOMPARE(read.settledAt, at);
        QCOMPARE(read.after, std::optional(setsFrom("1.0|2.0")));
        QVERIFY(!read.awaitsSettlement());
        QCOMPARE(store().lastKnownSets("temporal.example:7233", "payments", "q").value(),
                 std::optional(setsFrom("1.0|2.0")));
        QCOMPARE(ids(filterWith([](HistoryFilter &f) { f.outcome = HistoryEntry::Outcome::Applied; })),
                 QList<qint64>{id});

        // Only once, and only for entries that await it.
        Result<Done> again = store().settle(id, HistoryEntry::Outcome::NotSent, setsFrom("1.0"), at);
        QCOMPARE(again.error().code, ErrorCode::FailedPrecondition);
        QCOMPARE(store().entry(id).value(), read);
        const qint64 done = append(applied("q", "1.0|2.0", "new:3.0", "1.0|2.0|3.0", 3));
        QCOMPARE(store().settle(done, HistoryEntry::Outcome::Applied, setsFrom("1.0"), at).error().code,
                 ErrorCode::FailedPrecondition);
        QCOMPARE(store().settle(987654, HistoryEntry::Outcome::Applied, setsFrom("1.0"), at).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(store().settle(id, HistoryEntry::Outcome::Observed, setsFrom("1.0"), at).error().code,
                 ErrorCode::InvalidArgument);

        // Applied without a re-read awaits settlement too.
        HistoryEntry unverified = applied("q", "1.0|2.0|3.0", "new:4.0", "", 4);
        unverified.after.reset();
        unverified.matchedPreview.reset();
        const qint64 unverifiedId = append(unverified);
        QVERIFY(store()
                    .settle(unverifiedId, HistoryEntry::Outcome::Applied, setsFrom("1.0|2.0|3.0|4.0"), at)
                    .isOk());
        QCOMPARE(store().entry(unverifiedId).value().settledOutcome,
                 std::optional(HistoryEntry::Outcome::Applied));
    }

    void observations()
    {
        const HistoryContext orders = contextFor("orders");
        const auto record = [&](const HistoryContext &context, const QString &sets, int minute) {
            const Result<std::optional<qint64>> id =
                store().recordObservation(context, setsFrom(sets), kStart.addSecs(minute * 60));
            if (!id)
                qWarning("%s", qPrintable(id.error().toString()));
            return id ? id.value().value_or(0) : -1;
        };
        QCOMPARE(store().lastKnownSets(orders.serverAddress, orders.namespaceName, "orders").value(),
                 std::optional<VersionSets>());

        // A queue without sets is no news: any name is one.
        QCOMPARE(record(orders, "", 0), 0);
        // The first sight of a queue is its baseline.
        const qint64 first = record(orders, "1.0", 0);
        QVERIFY(first > 0);
        QCOMPARE(store().entry(first).value().before, VersionSets());
        QCOMPARE(record(orders, "1.0", 1), 0);
        QCOMPARE(record(orders, "1.0", 2), 0);

        const qint64 changed = record(orders, "1.0|2.0", 3);
        QVERIFY(changed > first);
        const HistoryEntry entry = store().entry(changed).value();
        QCOMPARE(entry.kind, HistoryEntry::Kind::Observed);
        QCOMPARE(entry.before, setsFrom("1.0"));
        QCOMPARE(entry.after, std::optional(setsFrom("1.0|2.0")));
        QCOMPARE(entry.recordedAt, kStart.addSecs(180));
        QCOMPARE(entry.context.osUser, QString("alice"));
        QVERIFY(entry.context.identity.isEmpty());

        // Queues are apart: same name on another namespace is another queue.
        HistoryContext elsewhere = orders;
        elsewhere.namespaceName = "other";
        QVERIFY(record(elsewhere, "1.0|2.0", 4) > 0);

        // Versionscope's own update is known: seeing its result is not a change made elsewhere.
        QVERIFY(append(applied("orders", "1.0|2.0", "new:3.0", "1.0|2.0|3.0", 5)) > 0);
        QCOMPARE(record(orders, "1.0|2.0|3.0", 6), 0);
        // A refused update leaves the sets as they were.
        QVERIFY(append(withOutcome(applied("orders", "1.0|2.0|3.0", "promote:9", "", 7),
                                   HistoryEntry::Outcome::Rejected)) > 0);
        QCOMPARE(record(orders, "1.0|2.0|3.0", 8), 0);
        // An update whose outcome is unknown is settled by the next read: its effect is not a change made
        // elsewhere.
        const qint64 unknown = append(
            withOutcome(applied("orders", "1.0|2.0|3.0", "new:4.0", "", 9), HistoryEntry::Outcome::Unknown));
        QVERIFY(unknown > 0);
        QCOMPARE(record(orders, "1.0|2.0|3.0|4.0", 10), 0);
        QCOMPARE(store().entry(unknown).value().settledOutcome,
                 std::optional(HistoryEntry::Outcome::Applied));
        QCOMPARE(store().entry(unknown).value().settledAt, kStart.addSecs(600));
        // Back to an earlier state is a change too.
        QVERIFY(record(orders, "1.0", 11) > 0);

        QCOMPARE(ids(filterWith([](HistoryFilter &f) {
                     f.taskQueue = "orders";
                     f.kind = HistoryEntry::Kind::Observed;
                 })).size(),
                 4);
    }

    // What the read after an update of unknown effect shows settles it, once, in the same transaction as
    // the observation.
    void refreshSettlesUnknownUpdates_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("seen");
        QTest::addColumn<HistoryEntry::Outcome>("settledAs");
        QTest::addColumn<bool>("observed");
        QTest::newRow("took effect") << "new:2.0"
                                     << "1.0|2.0" << HistoryEntry::Outcome::Applied << false;
        QTest::newRow("did not take effect") << "new:2.0"
                                             << "1.0" << HistoryEntry::Outcome::NotSent << false;
        QTest::newRow("something else happened") << "new:2.0"
                                                 << "1.0|3.0" << HistoryEntry::Outcome::Unknown << false;
        QTest::newRow("merged") << "merge:1.0<1.1"
                                << "1.1,1.0" << HistoryEntry::Outcome::Applied << false;
    }

    void refreshSettlesUnknownUpdates()
    {
        QFETCH(QString, operation);
        QFETCH(QString, seen);
        QFETCH(HistoryEntry::Outcome, settledAs);
        QFETCH(bool, observed);
        const QString before = operation.startsWith("merge") ? "1.0|1.1" : "1.0";
        QVERIFY(store().recordObservation(contextFor("q"), setsFrom(before), kStart).value().has_value());
        const qint64 id =
            append(withOutcome(applied("q", before, operation, "", 1), HistoryEntry::Outcome::Unknown));
        const Result<std::optional<qint64>> observation =
            store().recordObservation(contextFor("q"), setsFrom(seen), kStart.addSecs(120));
        QVERIFY(observation.isOk());
        QCOMPARE(observation.value().has_value(), observed);
        const HistoryEntry settled = store().entry(id).value();
        QCOMPARE(settled.settledOutcome, std::optional(settledAs));
        QCOMPARE(settled.after, std::optional(setsFrom(seen)));
        QCOMPARE(settled.effectiveOutcome(), settledAs);
        // Settled once: the next read finds nothing to do.
        QVERIFY(!store().recordObservation(contextFor("q"), setsFrom(seen), kStart.addSecs(180)).value());
        QCOMPARE(store().entry(id).value(), settled);
    }

    // Refreshes in several windows at once record one observation, not one each.
    void concurrentObservationsRecordOnce()
    {
        constexpr int kThreads = 4;
        std::vector<Result<std::optional<qint64>>> results(kThreads);
        QList<QThread *> threads;
        std::atomic<int> ready{0};
        for (int i = 0; i < kThreads; ++i) {
            threads << QThread::create([&, i] {
                Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(m_location);
                if (!store) {
                    results[size_t(i)] = store.error();
                    return;
                }
                ++ready;
                while (ready.load() < kThreads)
                    QThread::yieldCurrentThread();
                results[size_t(i)] =
                    store.value()->recordObservation(contextFor("race"), setsFrom("1.0|2.0"), kStart);
            });
            threads.last()->start();
        }
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(30000));
            delete thread;
        }
        int recorded = 0;
        for (const auto &result : results) {
            QVERIFY2(result.isOk(), result ? "" : qPrintable(result.error().toString()));
            recorded += result.value().has_value() ? 1 : 0;
        }
        QCOMPARE(recorded, 1);
        QCOMPARE(ids({}).size(), 1);
    }

    // The entry's context is stored in the same columns as before it was a HistoryContext of its own.
    void contextColumns()
    {
        HistoryEntry entry = applied("orders", "1.0", "new:2.0", "1.0|2.0", 0, "dora");
        entry.context.source = HistoryContext::Source::Restore;
        const Result<qint64> id = m_store->append(entry);
        QVERIFY(id.isOk());
        m_store.reset();
        HistoryTestBackend::RawDatabase raw(m_location);
        const QString where = QString(" FROM versionscope_history WHERE id = %1").arg(id.value());
        const QList<QPair<QString, QString>> columns{{"os_user", "dora"},
                                                     {"identity", "dora@laptop (versionscope)"},
                                                     {"server_address", "temporal.example:7233"},
                                                     {"namespace", "payments"},
                                                     {"task_queue", "orders"},
                                                     {"source", "restore"}};
        for (const auto &[column, value] : columns)
            QCOMPARE(raw.exec("SELECT " + column + where), QStringList{value});
    }

    void openMigratesAnExistingDatabase()
    {
        m_store.reset();
        const HistoryLocation location = freshLocation();
        const HistorySchema::Dialect dialect =
            location.isPostgresql() ? HistorySchema::Dialect::Postgresql : HistorySchema::Dialect::Sqlite;
        if (!location.isPostgresql())
            QVERIFY(QDir().mkpath(QFileInfo(location.filePath()).path()));
        {
            // A history as the first released schema left it, with an entry in it.
            HistoryTestBackend::RawDatabase raw(location);
            QCOMPARE(raw.exec("CREATE TABLE versionscope_schema (version INTEGER NOT NULL)"), QStringList());
            QCOMPARE(raw.exec("INSERT INTO versionscope_schema (version) VALUES (1)"), QStringList());
            const QList<HistorySchema::Migration> migrations = HistorySchema::migrations(dialect);
            for (const QString &statement : migrations.first().statements)
                QCOMPARE(raw.exec(statement), QStringList());
            QCOMPARE(
                raw.exec(
                    "INSERT INTO versionscope_history (kind, recorded_at, os_user, identity, server_address, "
                    "namespace, task_queue, source, reason, before_sets, after_sets, outcome, error_code, "
                    "error_message, known_sets, known_seq) VALUES ('observed', 1000, 'carol', '', 's:1', "
                    "'ns', 'q', 'window', '', '[]', "
                    "'[{\"buildIds\":[\"1.0\"],\"defaultForSet\":\"1.0\",\"isDefaultSet\":true}]', "
                    "'observed', '', '', "
                    "'[{\"buildIds\":[\"1.0\"],\"defaultForSet\":\"1.0\",\"isDefaultSet\":true}]', 1)"),
                QStringList());
        }
        QVERIFY(HistorySchema::latestVersion() > 1);

        Result<std::unique_ptr<HistoryStore>> opened = HistoryStore::open(location);
        QVERIFY2(opened.isOk(), opened ? "" : qPrintable(opened.error().toString()));
        const Result<QList<HistoryEntry>> entries = opened.value()->query({});
        QVERIFY(entries.isOk());
        QCOMPARE(entries.value().size(), 1);
        QCOMPARE(entries.value().first().context.osUser, QString("carol"));
        QCOMPARE(entries.value().first().after, std::optional(setsFrom("1.0")));
        QCOMPARE(opened.value()->lastKnownSets("s:1", "ns", "q").value(), std::optional(setsFrom("1.0")));
        QVERIFY(opened.value()->append(applied("q", "1.0", "new:2.0", "1.0|2.0", 0)).isOk());
        opened.value().reset();

        HistoryTestBackend::RawDatabase raw(location);
        QCOMPARE(raw.exec("SELECT version FROM versionscope_schema"),
                 QStringList{QString::number(HistorySchema::latestVersion())});
        const QString indexes =
            location.isPostgresql()
                ? "SELECT indexname FROM pg_indexes WHERE tablename = 'versionscope_history' "
                  "AND indexname NOT LIKE '%pkey' ORDER BY indexname"
                : "SELECT name FROM sqlite_master WHERE type = 'index' AND "
                  "tbl_name = 'versionscope_history' ORDER BY name";
        QCOMPARE(raw.exec(indexes), (QStringList{"versionscope_history_deployment",
                                                 "versionscope_history_queue", "versionscope_history_time"}));

        // Opening again changes nothing and keeps everything.
        opened = HistoryStore::open(location);
        QVERIFY(opened.isOk());
        QCOMPARE(opened.value()->query({}).value().size(), 2);
        QCOMPARE(raw.exec("SELECT COUNT(*) FROM versionscope_schema"), QStringList{"1"});
    }

    void refusesANewerSchema()
    {
        QVERIFY(append(observed("q", "", "1.0", 0)) > 0);
        m_store.reset();
        {
            HistoryTestBackend::RawDatabase raw(m_location);
            QCOMPARE(raw.exec("UPDATE versionscope_schema SET version = 99"), QStringList());
        }
        const Result<std::unique_ptr<HistoryStore>> opened = HistoryStore::open(m_location);
        QVERIFY(!opened.isOk());
        QCOMPARE(opened.error().code, ErrorCode::FailedPrecondition);
        QCOMPARE(opened.error().reason, QString("history-schema-newer"));
        QVERIFY2(opened.error().message.contains("schema version 99"), qPrintable(opened.error().message));
        QVERIFY(opened.error().detail.contains("upgrade"));
        // Nothing was touched.
        HistoryTestBackend::RawDatabase raw(m_location);
        QCOMPARE(raw.exec("SELECT COUNT(*) FROM versionscope_history"), QStringList{"1"});
    }

    void sqliteFileSetup()
    {
        if (HistoryTestBackend::isPostgresql())
            return; // SQLite files only; nothing to check on a server
        QCOMPARE(m_location.kind(), HistoryLocation::Kind::Sqlite);
        // The folder was created, and the file is in WAL mode with full syncs.
        QVERIFY(QFileInfo(m_location.filePath()).isFile());
        HistoryTestBackend::RawDatabase raw(m_location);
        QCOMPARE(raw.exec("PRAGMA journal_mode"), QStringList{"wal"});

        // A file that is not a database is refused with a clear message, and left alone.
        const QString notADatabase = m_dir->filePath("notes.txt");
        QFile file(notADatabase);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray text = QByteArray("shopping list: milk, eggs, flour, sugar, butter\n").repeated(100);
        file.write(text);
        file.close();
        const Result<std::unique_ptr<HistoryStore>> opened =
            HistoryStore::open(HistoryLocation::sqliteFile(notADatabase));
        QVERIFY(!opened.isOk());
        QVERIFY2(opened.error().detail.contains("--history"), qPrintable(opened.error().toString()));
        QFile reread(notADatabase);
        QVERIFY(reread.open(QIODevice::ReadOnly));
        QCOMPARE(reread.readAll(), text);

        // A folder where the file should be.
        const Result<std::unique_ptr<HistoryStore>> folder =
            HistoryStore::open(HistoryLocation::sqliteFile(m_dir->path()));
        QVERIFY(!folder.isOk());
        QVERIFY(folder.error().message.contains("folder"));
    }

    void unreachablePostgresFailsQuickly_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("withinMs");
        QTest::addColumn<QString>("expected");
        QTest::newRow("closed port") << QString("postgresql://u:s3cret@127.0.0.1:%1/h").arg(closedPort())
                                     << 3000 << "cannot connect to the history database";
        // Accepts the connection and never answers: only connect_timeout ends the wait.
        QTest::newRow("silent server") << "silent" << 4500 << "cannot connect to the history database";
    }

    void unreachablePostgresFailsQuickly()
    {
        QFETCH(QString, url);
        QFETCH(int, withinMs);
        QFETCH(QString, expected);
        int listener = -1;
        if (url == "silent") {
            listener = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
            QCOMPARE(::listen(listener, 4), 0);
            socklen_t length = sizeof address;
            ::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length);
            url = QString("postgresql://u:s3cret@127.0.0.1:%1/h?connect_timeout=2")
                      .arg(ntohs(address.sin_port));
        }
        const Result<HistoryLocation> location = HistoryLocation::parse(url);
        QVERIFY(location.isOk());
        QElapsedTimer timer;
        timer.start();
        const Result<std::unique_ptr<HistoryStore>> opened = HistoryStore::open(location.value());
        const qint64 elapsed = timer.elapsed();
        if (listener >= 0)
            ::close(listener);
        qInfo("failed after %lld ms", elapsed);
        QVERIFY(!opened.isOk());
        QVERIFY2(elapsed < withinMs, qPrintable(QString::number(elapsed)));
        const Error &error = opened.error();
        QCOMPARE(error.code, ErrorCode::Unavailable);
        QVERIFY2(error.message.contains(expected), qPrintable(error.message));
        QVERIFY(error.message.contains("127.0.0.1"));
        QVERIFY(error.detail.contains("--history"));
        QVERIFY2(!error.toString().contains("s3cret"), qPrintable(error.toString()));
    }

    void checkWritable()
    {
        const Result<Done> writable = store().checkWritable();
        QVERIFY2(writable.isOk(), writable ? "" : qPrintable(writable.error().toString()));
        if (!HistoryTestBackend::isPostgresql())
            return; // the tests run as root, whom file permissions do not stop
        // A user who may read the history but not write it.
        const QString role = "reader_" + QString::number(QRandomGenerator::global()->generate());
        {
            HistoryTestBackend::RawDatabase raw(m_location);
            QCOMPARE(raw.exec("CREATE ROLE " + role + " LOGIN"), QStringList());
            QCOMPARE(raw.exec("GRANT SELECT ON versionscope_history, versionscope_schema TO " + role),
                     QStringList());
        }
        QUrl url(HistoryTestBackend::serverUrl());
        url.setUserName(role);
        url.setPath("/" + m_location.databaseName());
        Result<std::unique_ptr<HistoryStore>> reader =
            HistoryStore::open(HistoryLocation::parse(url.toString()).value());
        QVERIFY2(reader.isOk(), reader ? "" : qPrintable(reader.error().toString()));
        QVERIFY(reader.value()->query({}).isOk());
        const Result<Done> denied = reader.value()->checkWritable();
        QVERIFY(!denied.isOk());
        QCOMPARE(denied.error().code, ErrorCode::PermissionDenied);
        QVERIFY2(denied.error().message.contains(role), qPrintable(denied.error().message));
        // And indeed it cannot.
        QVERIFY(!reader.value()->append(observed("q", "", "1.0", 0)).isOk());
    }

    void postgresMissingDatabaseIsClear()
    {
        if (!HistoryTestBackend::isPostgresql())
            return; // a server-side failure
        QUrl url(HistoryTestBackend::serverUrl());
        url.setPath("/no_such_database");
        const Result<std::unique_ptr<HistoryStore>> opened =
            HistoryStore::open(HistoryLocation::parse(url.toString()).value());
        QVERIFY(!opened.isOk());
        QVERIFY2(opened.error().message.contains("no_such_database"), qPrintable(opened.error().toString()));
        QVERIFY(opened.error().detail.contains("database exists"));
    }

    // A server that dropped the connection (restart, idle timeout) costs one failed call, not the history.
    void postgresReconnectsAfterTheConnectionDied()
    {
        if (!HistoryTestBackend::isPostgresql())
            return; // SQLite has no connection to lose
        QVERIFY(append(observed("q", "", "1.0", 0)) > 0);
        {
            HistoryTestBackend::RawDatabase raw(m_location);
            QCOMPARE(
                raw.exec(
                    QString("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1' "
                            "AND pid <> pg_backend_pid()")
                        .arg(m_location.databaseName())),
                QStringList{"true"});
        }
        const Result<QList<HistoryEntry>> failed = store().query({});
        QVERIFY(!failed.isOk());
        QCOMPARE(failed.error().code, ErrorCode::Unavailable);
        const Result<QList<HistoryEntry>> again = store().query({});
        QVERIFY2(again.isOk(), again ? "" : qPrintable(again.error().toString()));
        QCOMPARE(again.value().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
