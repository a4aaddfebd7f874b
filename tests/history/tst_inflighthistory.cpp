#include "history/historyschema.h"
#include "history/historystore.h"
#include "history/historytestbackend.h"
#include "support/deploymentnotation.h"
#include "support/opnotation.h"
#include "support/setnotation.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

// Changes in flight (issue 11): a change is announced before it is sent and its entry removes the
// announcement, so that a read by another window or CLI in between does not record it a second time as seen
// elsewhere. Run once on SQLite and once on a real PostgreSQL server (VERSIONSCOPE_TEST_HISTORY_BACKEND).
namespace {

const QDateTime kStart = QDateTime(QDate(2026, 5, 4), QTime(9, 0), Qt::UTC);
const QString kServer = QStringLiteral("temporal.example:7233");
const QString kNamespace = QStringLiteral("payments");

HistoryContext queueContext(const QString &queue)
{
    return HistoryContext{"alice", "alice@laptop (versionscope)", kServer, kNamespace,
                          queue,   HistoryContext::Source::Window};
}

HistoryContext deploymentContext(const QString &deployment)
{
    HistoryContext context = queueContext(QString());
    context.model = HistoryContext::Model::Deployment;
    context.deploymentName = deployment;
    return context;
}

// An attempt as the engine announces it: Applied, effect unknown.
HistoryEntry announcedUpdate(const QString &queue, const QString &before, const QString &operation)
{
    HistoryEntry entry;
    entry.kind = HistoryEntry::Kind::Applied;
    entry.recordedAt = kStart;
    entry.context = queueContext(queue);
    entry.operation = opFrom(operation);
    entry.before = setsFrom(before);
    entry.outcome = HistoryEntry::Outcome::Unknown;
    return entry;
}

// The attempt's entry once it ended Applied with sets after.
HistoryEntry ended(HistoryEntry attempt, const QString &after)
{
    attempt.outcome = HistoryEntry::Outcome::Applied;
    attempt.after = setsFrom(after);
    attempt.matchedPreview = true;
    attempt.recordedAt = kStart.addSecs(2);
    return attempt;
}

HistoryEntry announcedDeploymentChange(const DeploymentOperation &operation, const WorkerDeployment &before)
{
    HistoryEntry entry;
    entry.kind = HistoryEntry::Kind::Applied;
    entry.recordedAt = kStart;
    entry.context = deploymentContext(before.name);
    entry.deploymentOperation = operation;
    entry.deploymentBefore = before;
    entry.outcome = HistoryEntry::Outcome::Unknown;
    return entry;
}

} // namespace

class TestInFlightHistory : public QObject
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

    // The id of the Observed entry a read of queue recorded, 0 when it recorded none, -1 on error.
    qint64 read(const QString &queue, const QString &sets, int seconds)
    {
        const Result<std::optional<qint64>> id =
            m_store->recordObservation(queueContext(queue), setsFrom(sets), kStart.addSecs(seconds));
        if (!id)
            qWarning("%s", qPrintable(id.error().toString()));
        return id ? id.value().value_or(0) : -1;
    }

    qint64 readDeployment(const WorkerDeployment &seen, int seconds)
    {
        const Result<std::optional<qint64>> id =
            m_store->recordDeploymentObservation(deploymentContext(seen.name), seen, kStart.addSecs(seconds));
        if (!id)
            qWarning("%s", qPrintable(id.error().toString()));
        return id ? id.value().value_or(0) : -1;
    }

    qint64 announce(const HistoryEntry &attempt, int expiresInSeconds)
    {
        const Result<qint64> id = m_store->announceAttempt(attempt, kStart, kStart.addSecs(expiresInSeconds));
        if (!id)
            qWarning("announce: %s", qPrintable(id.error().toString()));
        return id ? id.value() : -1;
    }

    int entryCount() { return int(m_store->query({}).value().size()); }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("backend: %s", qPrintable(HistoryTestBackend::name()));
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

    // Another tool's read between our send and our record: the change is recorded once, by our entry.
    void aReadWhileInFlightRecordsNothing()
    {
        QVERIFY(read("orders", "1.0", 0) > 0);
        const HistoryEntry attempt = announcedUpdate("orders", "1.0", "new:2.0");
        const qint64 inFlight = announce(attempt, 60);
        QVERIFY(inFlight > 0);
        QCOMPARE(store().inFlightAttempts().value().size(), 1);
        QCOMPARE(store().inFlightAttempts().value().first().attempt, attempt);

        QCOMPARE(read("orders", "1.0|2.0", 1), 0);
        const Result<qint64> entry = store().appendAnnounced(ended(attempt, "1.0|2.0"), inFlight);
        QVERIFY2(entry.isOk(), entry ? "" : qPrintable(entry.error().toString()));
        QVERIFY(store().inFlightAttempts().value().isEmpty());
        // Nothing left over: the next read knows the state from the attempt's entry.
        QCOMPARE(read("orders", "1.0|2.0", 3), 0);
        QCOMPARE(entryCount(), 2);
        QCOMPARE(store().entry(entry.value()).value().outcome, HistoryEntry::Outcome::Applied);
    }

    // What an announcement does not explain is recorded as before.
    void onlyThePredictedStateIsLeftOut_data()
    {
        QTest::addColumn<QString>("queue");
        QTest::addColumn<QString>("seen");
        QTest::addColumn<int>("expiresIn");
        QTest::addColumn<bool>("recorded");
        QTest::newRow("predicted") << "orders"
                                   << "1.0|2.0" << 60 << false;
        QTest::newRow("something else") << "orders"
                                        << "1.0|3.0" << 60 << true;
        QTest::newRow("expired: the sender is gone") << "orders"
                                                     << "1.0|2.0" << -1 << true;
        QTest::newRow("expires as the read happens") << "orders"
                                                     << "1.0|2.0" << 1 << true;
        QTest::newRow("another queue") << "invoices"
                                       << "1.0|2.0" << 60 << true;
    }

    void onlyThePredictedStateIsLeftOut()
    {
        QFETCH(QString, queue);
        QFETCH(QString, seen);
        QFETCH(int, expiresIn);
        QFETCH(bool, recorded);
        QVERIFY(read("orders", "1.0", 0) > 0);
        QVERIFY(read("invoices", "1.0", 0) > 0);
        QVERIFY(announce(announcedUpdate("orders", "1.0", "new:2.0"), expiresIn) > 0);
        const qint64 id = read(queue, seen, 1);
        QCOMPARE(id > 0, recorded);
        if (recorded)
            QCOMPARE(store().entry(id).value().kind, HistoryEntry::Kind::Observed);
    }

    // A merge's order within the set is the server's: the settlement rule allows for it.
    void aMergeInFlightExplainsEitherOrder()
    {
        QVERIFY(read("orders", "1.0|1.1", 0) > 0);
        QVERIFY(announce(announcedUpdate("orders", "1.0|1.1", "merge:1.0<1.1"), 60) > 0);
        QCOMPARE(read("orders", "1.1,1.0", 1), 0);
    }

    // The sender crashed after the server applied the change: once its announcement expired, the next read
    // records the change as seen elsewhere, and the next announcement cleans the expired one up.
    void aCrashedSenderIsRecordedOnceItsAnnouncementExpired()
    {
        QVERIFY(read("orders", "1.0", 0) > 0);
        const Result<qint64> crashed =
            store().announceAttempt(announcedUpdate("orders", "1.0", "new:2.0"), kStart, kStart.addSecs(60));
        QVERIFY(crashed.isOk());
        QCOMPARE(read("orders", "1.0|2.0", 30), 0);
        const qint64 observed = read("orders", "1.0|2.0", 61);
        QVERIFY(observed > 0);
        QCOMPARE(store().entry(observed).value().after, std::optional(setsFrom("1.0|2.0")));
        QCOMPARE(read("orders", "1.0|2.0", 62), 0);
        QCOMPARE(store().inFlightAttempts().value().size(), 1);
        QVERIFY(store()
                    .announceAttempt(announcedUpdate("orders", "1.0|2.0", "new:3.0"), kStart.addSecs(120),
                                     kStart.addSecs(180))
                    .isOk());
        const QList<HistoryStore::InFlightAttempt> left = store().inFlightAttempts().value();
        QCOMPARE(left.size(), 1);
        QVERIFY(left.first().id != crashed.value());
    }

    // The server refused the change as stale: the announcement is withdrawn and what a read shows is someone
    // else's doing, even the very state we asked for.
    void aWithdrawnAnnouncementExplainsNothing()
    {
        QVERIFY(read("orders", "1.0", 0) > 0);
        const qint64 inFlight = announce(announcedUpdate("orders", "1.0", "new:2.0"), 60);
        QVERIFY(store().withdrawAnnouncement(inFlight).isOk());
        QVERIFY(store().inFlightAttempts().value().isEmpty());
        QVERIFY(read("orders", "1.0|2.0", 1) > 0);
    }

    // An attempt whose answer was lost ends Unknown and removes its announcement; the read that follows
    // settles it as before, and records nothing.
    void anUnknownOutcomeIsSettledAsBefore()
    {
        QVERIFY(read("orders", "1.0", 0) > 0);
        HistoryEntry attempt = announcedUpdate("orders", "1.0", "new:2.0");
        const qint64 inFlight = announce(attempt, 60);
        attempt.errorCode = "DEADLINE_EXCEEDED";
        attempt.errorMessage = "no answer";
        const qint64 id = store().appendAnnounced(attempt, inFlight).value();
        QCOMPARE(read("orders", "1.0|2.0", 1), 0);
        QCOMPARE(store().entry(id).value().settledOutcome, std::optional(HistoryEntry::Outcome::Applied));
        QCOMPARE(entryCount(), 2);
    }

    // The same for Worker Deployments: the routing the operation makes of the deployment before.
    void aDeploymentReadWhileInFlightRecordsNothing_data()
    {
        QTest::addColumn<QString>("seen");
        QTest::addColumn<bool>("recorded");
        QTest::newRow("predicted routing, new revision and modifier") << "v1:draining v2:current*" << false;
        QTest::newRow("another routing") << "v1:current* v2:ramping~10" << true;
    }

    void aDeploymentReadWhileInFlightRecordsNothing()
    {
        QFETCH(QString, seen);
        QFETCH(bool, recorded);
        const WorkerDeployment before = deploymentFrom("svc", "v1:current* v2:inactive", 1, "bob");
        QVERIFY(readDeployment(before, 0) > 0);
        const qint64 inFlight =
            announce(announcedDeploymentChange(DeploymentOperation::setCurrent("svc", "v2"), before), 60);
        QVERIFY(inFlight > 0);
        const WorkerDeployment now = deploymentFrom("svc", seen, 2, "alice@laptop (versionscope)");
        QCOMPARE(readDeployment(now, 1) > 0, recorded);
        if (recorded)
            return;
        HistoryEntry entry = announcedDeploymentChange(DeploymentOperation::setCurrent("svc", "v2"), before);
        entry.outcome = HistoryEntry::Outcome::Applied;
        entry.deploymentAfter = now;
        entry.matchedPreview = true;
        QVERIFY(store().appendAnnounced(entry, inFlight).isOk());
        QCOMPARE(readDeployment(now, 3), 0);
        QCOMPARE(entryCount(), 2);
    }

    void refusesAnAnnouncementThatIsNoAttempt()
    {
        const HistoryEntry seen = HistoryEntry::observedChange(queueContext("orders"), setsFrom("1.0"),
                                                               setsFrom("1.0|2.0"), kStart);
        const Result<qint64> id = store().announceAttempt(seen, kStart, kStart.addSecs(60));
        QVERIFY(!id.isOk());
        QCOMPARE(id.error().code, ErrorCode::InvalidArgument);
    }

    // A history written by schema 3 (deployments, no announcements) opens, migrates in place and keeps its
    // entries; announcements work after it.
    void migratesAVersion3Database()
    {
        m_store.reset();
        const HistoryLocation location = freshLocation();
        const HistorySchema::Dialect dialect =
            location.isPostgresql() ? HistorySchema::Dialect::Postgresql : HistorySchema::Dialect::Sqlite;
        if (!location.isPostgresql())
            QVERIFY(QDir().mkpath(QFileInfo(location.filePath()).path()));
        const QString oneSet = "[{\"buildIds\":[\"1.0\"],\"defaultForSet\":\"1.0\",\"isDefaultSet\":true}]";
        {
            HistoryTestBackend::RawDatabase raw(location);
            QCOMPARE(raw.exec("CREATE TABLE versionscope_schema (version INTEGER NOT NULL)"), QStringList());
            QCOMPARE(raw.exec("INSERT INTO versionscope_schema (version) VALUES (3)"), QStringList());
            for (const HistorySchema::Migration &migration : HistorySchema::migrations(dialect)) {
                if (migration.version > 3)
                    continue;
                for (const QString &statement : migration.statements)
                    QCOMPARE(raw.exec(statement), QStringList());
            }
            QCOMPARE(raw.exec("INSERT INTO versionscope_history (kind, recorded_at, os_user, identity, "
                              "server_address, namespace, task_queue, source, reason, before_sets, "
                              "after_sets, outcome, error_code, error_message, known_sets, known_seq) "
                              "VALUES ('observed', 1000, 'carol', '', '" +
                              kServer + "', '" + kNamespace + "', 'orders', 'window', '', '[]', '" + oneSet +
                              "', 'observed', '', '', '" + oneSet + "', 1)"),
                     QStringList());
        }
        QCOMPARE(HistorySchema::latestVersion(), 4);

        Result<std::unique_ptr<HistoryStore>> opened = HistoryStore::open(location);
        QVERIFY2(opened.isOk(), opened ? "" : qPrintable(opened.error().toString()));
        m_store = std::move(opened).value();
        QCOMPARE(entryCount(), 1);
        QCOMPARE(store().lastKnownSets(kServer, kNamespace, "orders").value(),
                 std::optional(setsFrom("1.0")));
        QVERIFY(store().inFlightAttempts().value().isEmpty());
        QVERIFY(announce(announcedUpdate("orders", "1.0", "new:2.0"), 60) > 0);
        QCOMPARE(read("orders", "1.0|2.0", 1), 0);
        m_store.reset();

        HistoryTestBackend::RawDatabase raw(location);
        QCOMPARE(raw.exec("SELECT version FROM versionscope_schema"), QStringList{"4"});
        QCOMPARE(raw.exec("SELECT COUNT(*) FROM versionscope_in_flight"), QStringList{"1"});
        // Opening again changes nothing and keeps everything.
        opened = HistoryStore::open(location);
        QVERIFY(opened.isOk());
        QCOMPARE(opened.value()->inFlightAttempts().value().size(), 1);
        QCOMPARE(raw.exec("SELECT COUNT(*) FROM versionscope_schema"), QStringList{"1"});
    }
};

QTEST_GUILESS_MAIN(TestInFlightHistory)
#include "tst_inflighthistory.moc"
