#include "history/historyschema.h"
#include "history/historystore.h"
#include "history/historytestbackend.h"
#include "support/deploymentnotation.h"
#include "support/opnotation.h"
#include "support/setnotation.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <functional>

Q_DECLARE_METATYPE(HistoryFilter)

namespace {

const QDateTime kStart = QDateTime(QDate(2026, 5, 4), QTime(9, 0), Qt::UTC);
const QString kServer = QStringLiteral("temporal.example:7233");
const QString kNamespace = QStringLiteral("payments");

HistoryContext deploymentContext(const QString &deployment, const QString &user = "alice")
{
    HistoryContext context{user,      user + "@laptop (versionscope)", kServer, kNamespace,
                           QString(), HistoryContext::Source::Window};
    context.model = HistoryContext::Model::Deployment;
    context.deploymentName = deployment;
    return context;
}

HistoryEntry applied(const DeploymentOperation &operation, const WorkerDeployment &before,
                     const std::optional<WorkerDeployment> &after, int minutes,
                     HistoryEntry::Outcome outcome = HistoryEntry::Outcome::Applied,
                     const QString &user = "alice")
{
    HistoryEntry entry;
    entry.kind = HistoryEntry::Kind::Applied;
    entry.recordedAt = kStart.addSecs(minutes * 60);
    entry.context = deploymentContext(before.name, user);
    entry.deploymentOperation = operation;
    entry.deploymentBefore = before;
    entry.deploymentAfter = after;
    entry.outcome = outcome;
    if (outcome == HistoryEntry::Outcome::Applied && after)
        entry.matchedPreview = true;
    if (outcome != HistoryEntry::Outcome::Applied) {
        entry.errorCode = "FAILED_PRECONDITION";
        entry.errorMessage = "conflict token mismatch";
    }
    return entry;
}

HistoryEntry observed(const std::optional<WorkerDeployment> &before, const WorkerDeployment &seen,
                      int minutes)
{
    return HistoryEntry::observedDeploymentChange(deploymentContext(seen.name), before, seen,
                                                  kStart.addSecs(minutes * 60));
}

// current:B, ramp:B@P, stop, delete:B, manager-self, manager-unset, metadata:B on deployment svc.
DeploymentOperation deploymentOperation(const QString &notation)
{
    const QString verb = notation.section(QLatin1Char(':'), 0, 0);
    const QString argument = notation.section(QLatin1Char(':'), 1);
    if (verb == "current")
        return DeploymentOperation::setCurrent("svc", argument);
    if (verb == "ramp")
        return DeploymentOperation::setRamping("svc", argument.section('@', 0, 0),
                                               argument.section('@', 1).toDouble());
    if (verb == "stop")
        return DeploymentOperation::stopRamping("svc");
    if (verb == "delete")
        return DeploymentOperation::deleteVersion("svc", argument, false);
    DeploymentOperation operation;
    operation.deploymentName = "svc";
    if (verb.startsWith("manager")) {
        operation.kind = DeploymentOperation::Kind::SetManager;
        operation.managerSelf = verb == "manager-self";
        return operation;
    }
    operation.kind = DeploymentOperation::Kind::UpdateMetadata;
    operation.buildId = argument;
    operation.upsertMetadata.insert("owner", QJsonValue("a"));
    return operation;
}

HistoryFilter filterWith(const std::function<void(HistoryFilter &)> &set)
{
    HistoryFilter filter;
    set(filter);
    return filter;
}

// A deployment with every field the history stores set to something.
WorkerDeployment everyField()
{
    WorkerDeployment deployment = deploymentFrom("svc", "v1:draining v2:current* v3:ramping~12.5", 7,
                                                 "bob@ci (temporal-cli)", "controller-7");
    deployment.routing.currentChangedTime = kStart.addMSecs(-1234);
    deployment.routing.rampingChangedTime = kStart.addMSecs(-999);
    deployment.routing.rampingPercentageChangedTime = kStart.addMSecs(-5);
    deployment.routingUpdateState = WorkerDeployment::RoutingUpdateState::InProgress;
    DeploymentVersionSummary &old = deployment.versions[0];
    old.drainage = DrainageInfo{DrainageStatus::Draining, kStart.addSecs(-600), kStart.addSecs(-60)};
    old.lastCurrentTime = kStart.addSecs(-3600);
    old.lastDeactivationTime = kStart.addSecs(-1800);
    old.firstActivationTime = kStart.addSecs(-7200);
    deployment.versions[1].currentSinceTime = kStart.addSecs(-1800);
    deployment.versions[1].routingUpdateTime = kStart.addSecs(-1800);
    deployment.versions[2].rampingSinceTime = kStart.addSecs(-900);
    return deployment;
}

} // namespace

// Worker Deployment entries in the history store (issue 10), run once on SQLite and once on a real
// PostgreSQL server (VERSIONSCOPE_TEST_HISTORY_BACKEND), like tst_historystore.
class TestDeploymentHistoryStore : public QObject
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

    // The new Observed entry's id, 0 when none was appended, -1 on error.
    qint64 observe(const WorkerDeployment &seen, int minute)
    {
        const Result<std::optional<qint64>> id = store().recordDeploymentObservation(
            deploymentContext(seen.name), seen, kStart.addSecs(minute * 60));
        if (!id)
            qWarning("observe: %s", qPrintable(id.error().toString()));
        return id ? id.value().value_or(0) : -1;
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

    std::optional<WorkerDeployment> lastKnown(const QString &deployment)
    {
        const Result<std::optional<WorkerDeployment>> known =
            store().lastKnownDeployment(kServer, kNamespace, deployment);
        if (!known)
            qWarning("last known: %s", qPrintable(known.error().toString()));
        return known ? known.value() : std::nullopt;
    }

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

    void roundTrip_data()
    {
        QTest::addColumn<HistoryEntry>("entry");

        const WorkerDeployment before = everyField();
        WorkerDeployment after = before;
        after.routing.rampingPercentage = 50;
        after.routing.revisionNumber = 8;
        after.lastModifierIdentity = "alice@laptop (versionscope)";
        HistoryEntry full = applied(DeploymentOperation::setRamping("svc", "v3", 50), before, after, 0);
        full.deploymentOperation->allowNoPollers = true;
        full.deploymentOperation->ignoreMissingTaskQueues = true;
        full.context.source = HistoryContext::Source::Cli;
        full.reason = "canary 12.5% ok, \"quoted\", multi\nline, ünïcödé ✓; DROP TABLE x; --";
        full.matchedPreview = false;
        full.errorCode = "UNAVAILABLE";
        full.errorMessage = "re-read: connection reset";
        QTest::newRow("every field") << full;

        QTest::newRow("set current, unversioned") << applied(
            DeploymentOperation::setCurrent("svc", QString()), deploymentFrom("svc", "v1:current*"),
            deploymentFrom("svc", "v1:draining -:current*", 2), 1);
        QTest::newRow("stop ramping, restore") << [] {
            HistoryEntry entry = applied(DeploymentOperation::stopRamping("svc"),
                                         deploymentFrom("svc", "v1:current* v2:ramping~5"),
                                         deploymentFrom("svc", "v1:current* v2:inactive", 2), 2);
            entry.context.source = HistoryContext::Source::Restore;
            return entry;
        }();
        QTest::newRow("delete version, rejected")
            << applied(DeploymentOperation::deleteVersion("svc", "v1", true),
                       deploymentFrom("svc", "v1:draining v2:current*"), std::nullopt, 3,
                       HistoryEntry::Outcome::Rejected);
        QTest::newRow("metadata") << [] {
            DeploymentOperation operation;
            operation.kind = DeploymentOperation::Kind::UpdateMetadata;
            operation.deploymentName = "svc";
            operation.buildId = "v2";
            operation.upsertMetadata.insert("owner", QJsonValue("team-a"));
            operation.upsertMetadata.insert(
                "limits", QJsonObject{{"cpu", 2}, {"tags", QJsonArray::fromStringList({"x", "y"})}});
            operation.removeMetadata = QStringList{"old", "older"};
            return applied(operation, deploymentFrom("svc", "v2:current*"), std::nullopt, 4,
                           HistoryEntry::Outcome::Unknown);
        }();
        QTest::newRow("manager self, stale") << [] {
            DeploymentOperation operation;
            operation.kind = DeploymentOperation::Kind::SetManager;
            operation.deploymentName = "svc";
            operation.managerSelf = true;
            return applied(operation, deploymentFrom("svc", "v2:current*"),
                           deploymentFrom("svc", "v2:current* v3:inactive", 3, "bob"), 5,
                           HistoryEntry::Outcome::Stale);
        }();
        QTest::newRow("unknown, settled") << [] {
            HistoryEntry entry = applied(DeploymentOperation::setCurrent("svc", "v3"),
                                         deploymentFrom("svc", "v2:current* v3:inactive"), std::nullopt, 6,
                                         HistoryEntry::Outcome::Unknown);
            entry.deploymentAfter = deploymentFrom("svc", "v2:draining v3:current*", 2);
            entry.settledAt = kStart.addSecs(3600).addMSecs(7);
            entry.settledOutcome = HistoryEntry::Outcome::Applied;
            return entry;
        }();
        QTest::newRow("observed, first seen") << observed(std::nullopt, everyField(), 7);
        QTest::newRow("observed") << observed(deploymentFrom("svc", "v1:current*"),
                                              deploymentFrom("svc", "v1:current* v2:ramping~10", 2, "ci-bot"),
                                              8);
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
        QCOMPARE(read.value().model(), HistoryContext::Model::Deployment);

        // Through a second connection, as another process sees it.
        Result<std::unique_ptr<HistoryStore>> other = HistoryStore::open(m_location);
        QVERIFY(other.isOk());
        const Result<QList<HistoryEntry>> listed = other.value()->query({});
        QVERIFY(listed.isOk());
        QCOMPARE(listed.value(), QList<HistoryEntry>{entry});
    }

    // The conflict token is only good for the next write: it is never stored.
    void conflictTokensAreNotStored()
    {
        WorkerDeployment seen = deploymentFrom("svc", "v1:current*");
        seen.conflictToken = QByteArray("\x01\x02secret-ish", 12);
        const qint64 id = observe(seen, 0);
        QVERIFY(id > 0);
        QVERIFY(store().entry(id).value().deploymentAfter->conflictToken.isEmpty());
        QVERIFY(lastKnown("svc")->conflictToken.isEmpty());
        m_store.reset();
        HistoryTestBackend::RawDatabase raw(m_location);
        const QStringList stored =
            raw.exec(QString("SELECT deployment_after FROM versionscope_history WHERE id = %1").arg(id));
        QCOMPARE(stored.size(), 1);
        QVERIFY2(!stored.first().contains("onflict"), qPrintable(stored.first()));
    }

    void refusesInconsistentEntries_data()
    {
        QTest::addColumn<HistoryEntry>("entry");
        const WorkerDeployment svc = deploymentFrom("svc", "v1:current*");
        HistoryEntry withQueue = applied(DeploymentOperation::setCurrent("svc", "v1"), svc, svc, 0);
        withQueue.context.taskQueue = "orders";
        QTest::newRow("a task queue") << withQueue;
        HistoryEntry noName = applied(DeploymentOperation::setCurrent("svc", "v1"), svc, svc, 0);
        noName.context.deploymentName.clear();
        QTest::newRow("no deployment name") << noName;
        HistoryEntry withSets = applied(DeploymentOperation::setCurrent("svc", "v1"), svc, svc, 0);
        withSets.operation = opFrom("new:1");
        QTest::newRow("a version-set operation") << withSets;
        HistoryEntry observedWithOperation = observed(std::nullopt, svc, 0);
        observedWithOperation.deploymentOperation = DeploymentOperation::setCurrent("svc", "v1");
        QTest::newRow("observed with an operation") << observedWithOperation;
        HistoryEntry observedWithoutSeen = observed(std::nullopt, svc, 0);
        observedWithoutSeen.deploymentAfter.reset();
        QTest::newRow("observed without the deployment seen") << observedWithoutSeen;
        HistoryEntry noBefore = applied(DeploymentOperation::setCurrent("svc", "v1"), svc, svc, 0);
        noBefore.deploymentBefore.reset();
        QTest::newRow("applied without before") << noBefore;
        HistoryEntry setsWithDeployment;
        setsWithDeployment.kind = HistoryEntry::Kind::Observed;
        setsWithDeployment.recordedAt = kStart;
        setsWithDeployment.context = deploymentContext(QString());
        setsWithDeployment.context.model = HistoryContext::Model::VersionSets;
        setsWithDeployment.context.taskQueue = "orders";
        setsWithDeployment.after = setsFrom("1.0");
        setsWithDeployment.outcome = HistoryEntry::Outcome::Observed;
        setsWithDeployment.deploymentAfter = svc;
        QTest::newRow("version-set entry with a deployment") << setsWithDeployment;
    }

    void refusesInconsistentEntries()
    {
        QFETCH(HistoryEntry, entry);
        const Result<qint64> id = store().append(entry);
        QVERIFY(!id.isOk());
        QCOMPARE(id.error().code, ErrorCode::InvalidArgument);
        QCOMPARE(ids({}), QList<qint64>());
    }

    void observations()
    {
        QCOMPARE(lastKnown("svc"), std::optional<WorkerDeployment>());

        // The first sight of a deployment is its baseline, whatever it looks like.
        const WorkerDeployment first = deploymentFrom("svc", "v1:current*", 1, "ci-bot");
        const qint64 baseline = observe(first, 0);
        QVERIFY(baseline > 0);
        QCOMPARE(store().entry(baseline).value().deploymentBefore, std::optional<WorkerDeployment>());
        QCOMPARE(lastKnown("svc"), std::optional(first));
        QCOMPARE(observe(first, 1), 0);

        // Times, drainage checks and the conflict token move without anyone changing anything.
        WorkerDeployment later = first;
        later.conflictToken = "new token";
        later.versions[0].drainage.lastCheckedTime = kStart.addSecs(120);
        later.versions[0].routingUpdateTime = kStart.addSecs(100);
        later.routing.currentChangedTime = kStart;
        later.routingUpdateState = WorkerDeployment::RoutingUpdateState::Completed;
        QCOMPARE(observe(later, 2), 0);

        // A change made elsewhere, with who made it and the revision.
        const WorkerDeployment ramped =
            deploymentFrom("svc", "v1:current* v2:ramping~10", 2, "bob@ci (temporal-cli)");
        const qint64 changed = observe(ramped, 3);
        QVERIFY(changed > baseline);
        const HistoryEntry entry = store().entry(changed).value();
        QCOMPARE(entry.kind, HistoryEntry::Kind::Observed);
        QCOMPARE(entry.deploymentBefore, std::optional(first));
        QCOMPARE(entry.deploymentAfter, std::optional(ramped));
        QCOMPARE(entry.changedBy(), QString("bob@ci (temporal-cli)"));
        QCOMPARE(entry.routingRevision(), std::optional<qint64>(2));
        QCOMPARE(entry.context.osUser, QString("alice"));
        QVERIFY(entry.context.identity.isEmpty());
        QCOMPARE(entry.recordedAt, kStart.addSecs(180));

        // The revision moved, the routing is back where it was: someone changed it twice.
        WorkerDeployment back = ramped;
        back.routing.revisionNumber = 4;
        QVERIFY(observe(back, 4) > 0);
        // A version drained; a new version appeared; the manager changed.
        WorkerDeployment drained = back;
        drained.versions[1].status = DeploymentVersionStatus::Drained;
        QVERIFY(observe(drained, 5) > 0);
        WorkerDeployment grown = drained;
        grown.versions << deploymentFrom("svc", "v3:inactive").versions;
        QVERIFY(observe(grown, 6) > 0);
        WorkerDeployment managed = grown;
        managed.managerIdentity = "controller";
        QVERIFY(observe(managed, 7) > 0);
        QCOMPARE(observe(managed, 8), 0);

        // Deployments are apart, and apart from a queue of the same name.
        QVERIFY(observe(deploymentFrom("other", "x:current*"), 9) > 0);
        QCOMPARE(lastKnown("svc"), std::optional(managed));
        QCOMPARE(store().lastKnownSets(kServer, kNamespace, "svc").value(), std::optional<VersionSets>());
        HistoryContext queue = deploymentContext(QString());
        queue.model = HistoryContext::Model::VersionSets;
        queue.taskQueue = "svc";
        QVERIFY(store().recordObservation(queue, setsFrom("1.0"), kStart.addSecs(600)).value().has_value());
        QCOMPARE(lastKnown("svc"), std::optional(managed));

        // Versionscope's own change is known: reading its result back is not a change made elsewhere.
        WorkerDeployment current = managed;
        current.routing = routingFrom("v2*");
        current.routing.revisionNumber = 5;
        current.lastModifierIdentity = "alice@laptop (versionscope)";
        QVERIFY(append(applied(DeploymentOperation::setCurrent("svc", "v2"), managed, current, 11)) > 0);
        QCOMPARE(observe(current, 12), 0);
        // A refused change leaves the deployment as it was.
        QVERIFY(append(applied(DeploymentOperation::setCurrent("svc", "v9"), current, std::nullopt, 13,
                               HistoryEntry::Outcome::Rejected)) > 0);
        QCOMPARE(lastKnown("svc"), std::optional(current));
        QCOMPARE(observe(current, 14), 0);

        QCOMPARE(ids(filterWith([](HistoryFilter &f) {
                     f.deploymentName = "svc";
                     f.kind = HistoryEntry::Kind::Observed;
                 })).size(),
                 6);

        // An observation is about the deployment its context names.
        const Result<std::optional<qint64>> mismatch = store().recordDeploymentObservation(
            deploymentContext("svc"), deploymentFrom("other", "x:current*"), kStart);
        QCOMPARE(mismatch.error().code, ErrorCode::InvalidArgument);
    }

    // A read whose write arrives after a newer state was recorded (two tools, one history; seen in
    // tst_concurrency) is not a change back to it: the routing revision says it is older.
    void olderReadIsNotRecordedAsAChange()
    {
        const WorkerDeployment first = deploymentFrom("svc", "v1:current* v2:inactive", 1, "ci-bot");
        QVERIFY(observe(first, 0) > 0);
        const WorkerDeployment current =
            deploymentFrom("svc", "v1:draining v2:current*", 2, "alice@laptop (versionscope)");
        QVERIFY(append(applied(DeploymentOperation::setCurrent("svc", "v2"), first, current, 1)) > 0);
        QCOMPARE(observe(first, 2), 0);
        QCOMPARE(lastKnown("svc"), std::optional(current));
        // A newer revision is a change, even back to the first routing.
        WorkerDeployment back = first;
        back.routing.revisionNumber = 3;
        QVERIFY(observe(back, 3) > 0);
    }

    // What the read after a change of unknown effect shows settles it, once, in the same transaction as the
    // observation; its effect is not taken for a change made elsewhere.
    void readsSettleUnknownChanges_data()
    {
        // current:B, ramp:B@P, stop, delete:B, manager-self, manager-unset, metadata:B
        // (deploymentOperation()).
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("seen");
        QTest::addColumn<QString>("seenManager");
        QTest::addColumn<HistoryEntry::Outcome>("settledAs");

        const auto row = [](const char *name, const char *operation, const char *before, const char *seen,
                            const char *manager, HistoryEntry::Outcome outcome) {
            QTest::newRow(name) << QString(operation) << QString(before) << QString(seen) << QString(manager)
                                << outcome;
        };
        using O = HistoryEntry::Outcome;
        row("set current, took effect", "current:v2", "v1:current* v2:inactive", "v1:draining v2:current*",
            "", O::Applied);
        row("set current, did not", "current:v2", "v1:current* v2:inactive", "v1:current* v2:inactive", "",
            O::NotSent);
        row("set current, something else", "current:v2", "v1:current* v2:inactive v3:inactive",
            "v1:current* v2:inactive v3:ramping~5", "", O::Unknown);
        row("current = the ramping version ends the ramp", "current:v2", "v1:current* v2:ramping~30",
            "v1:draining v2:current*", "", O::Applied);
        row("ramp, took effect", "ramp:v2@25", "v1:current* v2:inactive", "v1:current* v2:ramping~25", "",
            O::Applied);
        row("ramp, another percentage", "ramp:v2@25", "v1:current* v2:ramping~10",
            "v1:current* v2:ramping~50", "", O::Unknown);
        row("ramp, did not", "ramp:v2@25", "v1:current* v2:ramping~10", "v1:current* v2:ramping~10", "",
            O::NotSent);
        row("stop ramping", "stop", "v1:current* v2:ramping~10", "v1:current* v2:inactive", "", O::Applied);
        row("delete, gone", "delete:v0", "v0:drained v1:current*", "v1:current*", "", O::Applied);
        row("delete, still there", "delete:v0", "v0:drained v1:current*", "v0:drained v1:current*", "",
            O::NotSent);
        row("manager self, set", "manager-self", "v1:current*", "v1:current*", "alice@laptop (versionscope)",
            O::Applied);
        row("manager self, not set", "manager-self", "v1:current*", "v1:current*", "", O::NotSent);
        row("manager self, someone else", "manager-self", "v1:current*", "v1:current*", "controller",
            O::Unknown);
        row("manager unset", "manager-unset", "v1:current*", "v1:current*", "", O::Applied);
        // Metadata: metadataChangesAreSettledByTheVersionsMetadata.
    }

    void readsSettleUnknownChanges()
    {
        QFETCH(QString, operation);
        QFETCH(QString, before);
        QFETCH(QString, seen);
        QFETCH(QString, seenManager);
        QFETCH(HistoryEntry::Outcome, settledAs);
        const WorkerDeployment beforeState = deploymentFrom("svc", before, 1);
        WorkerDeployment seenState =
            deploymentFrom("svc", seen, 2, "alice@laptop (versionscope)", seenManager);
        QVERIFY(observe(beforeState, 0) > 0);
        const qint64 id = append(applied(deploymentOperation(operation), beforeState, std::nullopt, 1,
                                         HistoryEntry::Outcome::Unknown));
        QVERIFY(id > 0);
        QVERIFY(store().entry(id).value().awaitsSettlement());

        QCOMPARE(observe(seenState, 2), 0);
        const HistoryEntry settled = store().entry(id).value();
        QCOMPARE(settled.settledOutcome, std::optional(settledAs));
        QCOMPARE(settled.settledAt, kStart.addSecs(120));
        QCOMPARE(settled.deploymentAfter, std::optional(seenState));
        QCOMPARE(settled.effectiveOutcome(), settledAs);
        QCOMPARE(lastKnown("svc"), std::optional(seenState));
        // Settled once: the next read finds nothing to do.
        QCOMPARE(observe(seenState, 3), 0);
        QCOMPARE(store().entry(id).value(), settled);
    }

    // The faults work saw a routing change land after the immediate re-read of a call whose connection broke
    // had settled it as not applied. A read that still shows the old state sooner than kLateEffectMs after
    // the attempt was recorded leaves it waiting; a later one settles it; one that shows the change settles
    // it at once.
    void notAppliedIsSettledOnlyByALateEnoughRead()
    {
        const WorkerDeployment before = deploymentFrom("svc", "v1:current* v2:inactive", 1);
        const WorkerDeployment after = deploymentFrom("svc", "v1:draining v2:current*", 2);
        QVERIFY(observe(before, 0) > 0);
        const qint64 id = append(applied(DeploymentOperation::setCurrent("svc", "v2"), before, std::nullopt,
                                         1, HistoryEntry::Outcome::Unknown));
        const QDateTime recorded = store().entry(id).value().recordedAt;
        const auto observeAt = [&](const WorkerDeployment &seen, qint64 msAfter) {
            return store().recordDeploymentObservation(deploymentContext("svc"), seen,
                                                       recorded.addMSecs(msAfter));
        };
        QVERIFY(observeAt(before, 100));
        QVERIFY(observeAt(before, HistoryEntry::kLateEffectMs - 1));
        QVERIFY(store().entry(id).value().awaitsSettlement());
        QVERIFY(observeAt(before, HistoryEntry::kLateEffectMs));
        QCOMPARE(store().entry(id).value().settledOutcome, std::optional(HistoryEntry::Outcome::NotSent));

        // Seen applied at once: settled at once, and not recorded as a change made elsewhere.
        const qint64 second = append(applied(DeploymentOperation::setCurrent("svc", "v2"), before,
                                             std::nullopt, 2, HistoryEntry::Outcome::Unknown));
        const QDateTime secondRecorded = store().entry(second).value().recordedAt;
        const Result<std::optional<qint64>> observed = store().recordDeploymentObservation(
            deploymentContext("svc"), after, secondRecorded.addMSecs(100));
        QVERIFY(observed);
        QVERIFY(!observed.value());
        QCOMPARE(store().entry(second).value().settledOutcome, std::optional(HistoryEntry::Outcome::Applied));
    }

    // The read-back of "v2 onto Current" can come before the server moves v1 from CURRENT to DRAINING; the
    // next read shows v1 draining. That is no change of anyone's (the routing change is recorded) and is not
    // recorded as one seen elsewhere; v1 draining → drained later is news, and is.
    void statusesCatchingUpWithTheRoutingAreNoChange()
    {
        QVERIFY(observe(deploymentFrom("svc", "v1:current v2:current*", 2, "alice"), 0) > 0);
        QCOMPARE(observe(deploymentFrom("svc", "v1:draining v2:current*", 2, "alice"), 1), 0);
        QCOMPARE(observe(deploymentFrom("svc", "v1:drained v2:current*", 2, "alice"), 2) > 0, true);
    }

    // DescribeWorkerDeployment does not return metadata: a read without the version's metadata leaves a
    // metadata change of unknown effect waiting (it used to settle it as unknown for good, found by
    // tst_faultmatrix); a read with it settles it.
    void metadataChangesAreSettledByTheVersionsMetadata_data()
    {
        QTest::addColumn<HistoryEntry::VersionMetadata>("seen");
        QTest::addColumn<HistoryEntry::Outcome>("settledAs");
        QTest::newRow("set") << HistoryEntry::VersionMetadata{{"v1", {{"owner", QJsonValue("a")}}}}
                             << HistoryEntry::Outcome::Applied;
        QTest::newRow("not set") << HistoryEntry::VersionMetadata{{"v1", {{"team", QJsonValue("b")}}}}
                                 << HistoryEntry::Outcome::NotSent;
        QTest::newRow("another value") << HistoryEntry::VersionMetadata{{"v1", {{"owner", QJsonValue("z")}}}}
                                       << HistoryEntry::Outcome::NotSent;
    }

    void metadataChangesAreSettledByTheVersionsMetadata()
    {
        QFETCH(HistoryEntry::VersionMetadata, seen);
        QFETCH(HistoryEntry::Outcome, settledAs);
        const WorkerDeployment state = deploymentFrom("svc", "v1:current*", 1);
        QVERIFY(observe(state, 0) > 0);
        const qint64 id = append(applied(deploymentOperation("metadata:v1"), state, std::nullopt, 1,
                                         HistoryEntry::Outcome::Unknown));
        QVERIFY(id > 0);
        // A read of the deployment alone, or with another version's metadata, cannot tell.
        QCOMPARE(observe(state, 2), 0);
        QVERIFY(store().recordDeploymentObservation(deploymentContext("svc"), state, kStart.addSecs(180),
                                                    HistoryEntry::VersionMetadata{{"v2", {}}}));
        QVERIFY(store().entry(id).value().awaitsSettlement());
        QVERIFY(
            store().recordDeploymentObservation(deploymentContext("svc"), state, kStart.addSecs(240), seen));
        const HistoryEntry settled = store().entry(id).value();
        QCOMPARE(settled.settledOutcome, std::optional(settledAs));
        QCOMPARE(settled.settledAt, kStart.addSecs(240));
    }

    void settleDeployment()
    {
        const WorkerDeployment before = deploymentFrom("svc", "v1:current* v2:inactive");
        const WorkerDeployment after = deploymentFrom("svc", "v1:draining v2:current*", 2);
        // Applied without a read-back awaits settlement too.
        const qint64 id =
            append(applied(DeploymentOperation::setCurrent("svc", "v2"), before, std::nullopt, 0));
        QVERIFY(store().entry(id).value().awaitsSettlement());
        const QDateTime at = kStart.addSecs(60).addMSecs(3);
        const Result<Done> done = store().settleDeployment(id, HistoryEntry::Outcome::Applied, after, at);
        QVERIFY2(done.isOk(), done ? "" : qPrintable(done.error().toString()));
        const HistoryEntry read = store().entry(id).value();
        QCOMPARE(read.settledOutcome, std::optional(HistoryEntry::Outcome::Applied));
        QCOMPARE(read.settledAt, at);
        QCOMPARE(read.deploymentAfter, std::optional(after));
        QCOMPARE(lastKnown("svc"), std::optional(after));

        QCOMPARE(store().settleDeployment(id, HistoryEntry::Outcome::NotSent, before, at).error().code,
                 ErrorCode::FailedPrecondition);
        // The two models' settlements do not mix.
        const qint64 other = append(applied(DeploymentOperation::setCurrent("svc", "v1"), after, std::nullopt,
                                            1, HistoryEntry::Outcome::Unknown));
        QCOMPARE(store().settle(other, HistoryEntry::Outcome::Applied, setsFrom("1.0"), at).error().code,
                 ErrorCode::FailedPrecondition);
        QVERIFY(store().entry(other).value().awaitsSettlement());
        HistoryContext queue = deploymentContext(QString());
        queue.model = HistoryContext::Model::VersionSets;
        queue.taskQueue = "orders";
        HistoryEntry sets;
        sets.kind = HistoryEntry::Kind::Applied;
        sets.recordedAt = kStart;
        sets.context = queue;
        sets.operation = opFrom("new:2.0");
        sets.before = setsFrom("1.0");
        sets.outcome = HistoryEntry::Outcome::Unknown;
        const qint64 setsId = append(sets);
        QCOMPARE(store().settleDeployment(setsId, HistoryEntry::Outcome::Applied, after, at).error().code,
                 ErrorCode::FailedPrecondition);
        QCOMPARE(store().settleDeployment(987654, HistoryEntry::Outcome::Applied, after, at).error().code,
                 ErrorCode::NotFound);
    }

    void filters_data()
    {
        QTest::addColumn<HistoryFilter>("filter");
        // Indexes into the entries filters() appends, newest first.
        QTest::addColumn<QList<int>>("expected");
        const auto row = [](const char *name, HistoryFilter filter, QList<int> expected) {
            QTest::newRow(name) << filter << expected;
        };
        row("everything", {}, {5, 4, 3, 2, 1, 0});
        row("model deployment",
            filterWith([](HistoryFilter &f) { f.model = HistoryContext::Model::Deployment; }), {5, 4, 3, 1});
        row("model version sets",
            filterWith([](HistoryFilter &f) { f.model = HistoryContext::Model::VersionSets; }), {2, 0});
        row("deployment", filterWith([](HistoryFilter &f) { f.deploymentName = "svc"; }), {4, 3, 1});
        row("deployment named like a queue",
            filterWith([](HistoryFilter &f) { f.deploymentName = "orders"; }), {5});
        row("queue named like a deployment", filterWith([](HistoryFilter &f) { f.taskQueue = "orders"; }),
            {2, 0});
        row("deployment operation", filterWith([](HistoryFilter &f) {
                f.deploymentOperation = DeploymentOperation::Kind::SetRamping;
            }),
            {3});
        row("version-set operation leaves deployments out",
            filterWith([](HistoryFilter &f) { f.operation = BuildIdOperation::Kind::AddNewDefault; }), {0});
        row("person: who changed it elsewhere", filterWith([](HistoryFilter &f) { f.person = "CI-BOT"; }),
            {4});
        row("person: who applied it", filterWith([](HistoryFilter &f) { f.person = "dora"; }), {3});
        row("combined", filterWith([](HistoryFilter &f) {
                f.model = HistoryContext::Model::Deployment;
                f.kind = HistoryEntry::Kind::Applied;
                f.person = "alice";
            }),
            {1});
    }

    void filters()
    {
        QFETCH(HistoryFilter, filter);
        QFETCH(QList<int>, expected);

        HistoryContext queue = deploymentContext(QString());
        queue.model = HistoryContext::Model::VersionSets;
        queue.taskQueue = "orders";
        HistoryEntry sets;
        sets.kind = HistoryEntry::Kind::Applied;
        sets.recordedAt = kStart;
        sets.context = queue;
        sets.operation = opFrom("new:1.0");
        sets.after = setsFrom("1.0");
        sets.outcome = HistoryEntry::Outcome::Applied;

        const WorkerDeployment svc = deploymentFrom("svc", "v1:current* v2:inactive");
        QList<HistoryEntry> entries;
        entries << sets;                                                               // 0
        entries << applied(DeploymentOperation::setCurrent("svc", "v1"), svc, svc, 1); // 1
        entries << HistoryEntry::observedChange(queue, setsFrom("1.0"), setsFrom("1.0|2.0"),
                                                kStart.addSecs(120)); // 2
        entries << applied(DeploymentOperation::setRamping("svc", "v2", 10), svc, std::nullopt, 3,
                           HistoryEntry::Outcome::Rejected, "dora");                                 // 3
        entries << observed(svc, deploymentFrom("svc", "v1:current* v2:ramping~5", 2, "ci-bot"), 4); // 4
        entries << observed(std::nullopt, deploymentFrom("orders", "o1:current*", 1, "someone"), 5); // 5
        for (int i : {5, 0, 3, 1, 4, 2}) {
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
            if (filter.matches(entries[i]))
                inMemory << entries[i].id;
        }
        QCOMPARE(inMemory, expectedIds);
    }

    // A history written before deployments (schema version 2) opens, migrates in place and keeps its
    // version-set entries, which then sit beside deployment entries.
    void migratesAVersion2Database()
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
            QCOMPARE(raw.exec("INSERT INTO versionscope_schema (version) VALUES (2)"), QStringList());
            for (const HistorySchema::Migration &migration : HistorySchema::migrations(dialect)) {
                if (migration.version > 2)
                    continue;
                for (const QString &statement : migration.statements)
                    QCOMPARE(raw.exec(statement), QStringList());
            }
            QCOMPARE(raw.exec("INSERT INTO versionscope_history (kind, recorded_at, os_user, identity, "
                              "server_address, namespace, task_queue, source, operation, build_id, "
                              "existing_build_id, secondary_build_id, make_set_default, reason, before_sets, "
                              "after_sets, matched_preview, outcome, error_code, error_message, known_sets, "
                              "known_seq) VALUES ('applied', 1000, 'carol', 'carol@host', 's:1', 'ns', 'q', "
                              "'cli', 'add-new-default', '1.0', '', '', 0, 'first', '[]', '" +
                              oneSet + "', 1, 'applied', '', '', '" + oneSet + "', 1)"),
                     QStringList());
        }
        QVERIFY(HistorySchema::latestVersion() >= 3);

        Result<std::unique_ptr<HistoryStore>> opened = HistoryStore::open(location);
        QVERIFY2(opened.isOk(), opened ? "" : qPrintable(opened.error().toString()));
        HistoryStore &migrated = *opened.value();
        const QList<HistoryEntry> entries = migrated.query({}).value();
        QCOMPARE(entries.size(), 1);
        const HistoryEntry old = entries.first();
        QCOMPARE(old.model(), HistoryContext::Model::VersionSets);
        QCOMPARE(old.context.taskQueue, QString("q"));
        QCOMPARE(old.context.deploymentName, QString());
        QCOMPARE(old.operation, std::optional(opFrom("new:1.0")));
        QCOMPARE(old.after, std::optional(setsFrom("1.0")));
        QCOMPARE(old.reason, QString("first"));
        QCOMPARE(migrated.lastKnownSets("s:1", "ns", "q").value(), std::optional(setsFrom("1.0")));

        // Both models after the migration.
        HistoryContext observer = deploymentContext("svc");
        observer.serverAddress = "s:1";
        observer.namespaceName = "ns";
        QVERIFY(migrated.recordDeploymentObservation(observer, deploymentFrom("svc", "v1:current*"), kStart)
                    .value()
                    .has_value());
        HistoryContext queue = observer;
        queue.model = HistoryContext::Model::VersionSets;
        queue.deploymentName.clear();
        queue.taskQueue = "q";
        QCOMPARE(migrated.recordObservation(queue, setsFrom("1.0"), kStart).value(), std::optional<qint64>());
        QCOMPARE(migrated.query({}).value().size(), 2);
        QCOMPARE(
            migrated.query(filterWith([](HistoryFilter &f) { f.model = HistoryContext::Model::VersionSets; }))
                .value(),
            QList<HistoryEntry>{old});
        opened.value().reset();

        HistoryTestBackend::RawDatabase raw(location);
        QCOMPARE(raw.exec("SELECT version FROM versionscope_schema"),
                 QStringList{QString::number(HistorySchema::latestVersion())});
        QCOMPARE(raw.exec("SELECT model FROM versionscope_history ORDER BY id"),
                 (QStringList{"version-sets", "deployment"}));
    }

    // Refreshes in several windows at once record one observation of a deployment, not one each.
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
                results[size_t(i)] = store.value()->recordDeploymentObservation(
                    deploymentContext("race"), deploymentFrom("race", "v1:current*"), kStart);
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
};

QTEST_GUILESS_MAIN(TestDeploymentHistoryStore)
#include "tst_deploymenthistorystore.moc"
