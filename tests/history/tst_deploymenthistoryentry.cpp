#include "history/historyentry.h"
#include "support/deploymentnotation.h"
#include "temporal/connectionsettings.h"

#include <QTest>

#include <functional>

namespace {

const QDateTime kAt = QDateTime(QDate(2026, 5, 4), QTime(9, 0), Qt::UTC);

HistoryContext deploymentContext()
{
    HistoryContext context{"alice",   "alice@laptop (versionscope)", "temporal:7233", "payments",
                           QString(), HistoryContext::Source::Window};
    context.model = HistoryContext::Model::Deployment;
    context.deploymentName = "svc";
    return context;
}

DeploymentApplyOutcome outcomeWith(DeploymentApplyOutcome::Status status)
{
    DeploymentApplyOutcome outcome;
    outcome.status = status;
    outcome.operation = DeploymentOperation::setRamping("svc", "v2", 10);
    outcome.before = deploymentFrom("svc", "v1:current* v2:inactive", 3);
    outcome.before.conflictToken = "before-token";
    outcome.predictedRouting = routingFrom("v1* v2~10");
    return outcome;
}

} // namespace

// The deployment side of HistoryEntry (issue 10): how an apply outcome becomes an entry, what counts as a
// change, and what an entry knows.
class TestDeploymentHistoryEntry : public QObject
{
    Q_OBJECT

    QList<WorkerDeployment> m_others;

private Q_SLOTS:
    void modelNames()
    {
        QCOMPARE(HistoryContext::modelName(HistoryContext::Model::VersionSets), QString("version-sets"));
        QCOMPARE(HistoryContext::modelName(HistoryContext::Model::Deployment), QString("deployment"));
        for (auto model : {HistoryContext::Model::VersionSets, HistoryContext::Model::Deployment})
            QCOMPARE(HistoryContext::modelFromName(HistoryContext::modelName(model)), std::optional(model));
        QCOMPARE(HistoryContext::modelFromName("queues"), std::optional<HistoryContext::Model>());
        QCOMPARE(deploymentContext().subject(), QString("svc"));
        HistoryContext queue = deploymentContext();
        queue.model = HistoryContext::Model::VersionSets;
        queue.taskQueue = "orders";
        QCOMPARE(queue.subject(), QString("orders"));
    }

    // The context the engine builds for a deployment: the connection's fields, the deployment, no queue.
    void contextForDeployment()
    {
        ConnectionSettings settings;
        settings.address = "temporal.example:7233";
        settings.namespaceName = "payments";
        settings.identity = "alice@laptop (versionscope)";
        settings.apiKey = "secret";
        const HistoryContext context =
            HistoryContext::forDeployment(settings, "svc", HistoryContext::Source::Cli);
        QCOMPARE(context.model, HistoryContext::Model::Deployment);
        QCOMPARE(context.deploymentName, QString("svc"));
        QVERIFY(context.taskQueue.isEmpty());
        QCOMPARE(context.serverAddress, settings.address);
        QCOMPARE(context.namespaceName, settings.namespaceName);
        QCOMPARE(context.identity, settings.identity);
        QCOMPARE(context.source, HistoryContext::Source::Cli);
        QCOMPARE(context.osUser, HistoryContext::currentOsUser());
    }

    void fromApplyOutcome_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("verifyFailed");
        QTest::addColumn<bool>("hasAfter");
        QTest::addColumn<HistoryEntry::Outcome>("outcome");
        QTest::addColumn<bool>("hasError");
        QTest::addColumn<bool>("awaits");
        using S = DeploymentApplyOutcome::Status;
        using O = HistoryEntry::Outcome;
        QTest::newRow("applied") << int(S::Applied) << false << true << O::Applied << false << false;
        QTest::newRow("applied, read-back failed")
            << int(S::Applied) << true << false << O::Applied << true << true;
        QTest::newRow("stale") << int(S::Stale) << false << true << O::Stale << true << false;
        QTest::newRow("rejected") << int(S::Rejected) << false << false << O::Rejected << true << false;
        QTest::newRow("unknown") << int(S::Unknown) << false << false << O::Unknown << true << true;
        QTest::newRow("not sent") << int(S::NotSent) << false << false << O::NotSent << true << false;
    }

    void fromApplyOutcome()
    {
        QFETCH(int, status);
        QFETCH(bool, verifyFailed);
        QFETCH(bool, hasAfter);
        QFETCH(HistoryEntry::Outcome, outcome);
        QFETCH(bool, hasError);
        QFETCH(bool, awaits);
        DeploymentApplyOutcome applied = outcomeWith(DeploymentApplyOutcome::Status(status));
        applied.verifyFailed = verifyFailed;
        if (status != int(DeploymentApplyOutcome::Status::Applied) || !verifyFailed)
            applied.after =
                deploymentFrom("svc", "v1:current* v2:ramping~10", 4, "alice@laptop (versionscope)");
        if (applied.after)
            applied.after->conflictToken = "after-token";
        applied.matchesPreview = true;
        if (hasError)
            applied.error = Error{ErrorCode::FailedPrecondition, "conflict token mismatch"};

        const HistoryEntry entry =
            HistoryEntry::fromDeploymentApplyOutcome(applied, deploymentContext(), "canary", kAt);
        QCOMPARE(entry.kind, HistoryEntry::Kind::Applied);
        QCOMPARE(entry.model(), HistoryContext::Model::Deployment);
        QCOMPARE(entry.outcome, outcome);
        QCOMPARE(entry.reason, QString("canary"));
        QCOMPARE(entry.deploymentOperation, std::optional(applied.operation));
        QVERIFY(!entry.operation);
        QVERIFY(!entry.after);
        // Conflict tokens are only good for the next write: not part of the record.
        QVERIFY(entry.deploymentBefore && entry.deploymentBefore->conflictToken.isEmpty());
        QCOMPARE(entry.deploymentBefore->routing, applied.before.routing);
        QCOMPARE(entry.deploymentAfter.has_value(), hasAfter);
        if (hasAfter)
            QVERIFY(entry.deploymentAfter->conflictToken.isEmpty());
        QCOMPARE(entry.matchedPreview.has_value(), outcome == HistoryEntry::Outcome::Applied && hasAfter);
        QCOMPARE(entry.errorCode.isEmpty(), !hasError);
        QCOMPARE(entry.awaitsSettlement(), awaits);
        QVERIFY(!entry.knownState());
        // What the entry knows of the deployment afterwards: the read-back, or what a refusal left.
        if (hasAfter)
            QCOMPARE(entry.knownDeployment(), entry.deploymentAfter);
        else if (outcome == HistoryEntry::Outcome::Rejected)
            QCOMPARE(entry.knownDeployment(), entry.deploymentBefore);
        else
            QVERIFY(!entry.knownDeployment());
        QCOMPARE(entry.changedBy(), QString("alice@laptop (versionscope)"));
        QVERIFY(!entry.routingRevision());
    }

    void observed()
    {
        const WorkerDeployment seen =
            deploymentFrom("svc", "v1:current* v2:ramping~50", 9, "bob@ci (temporal-cli)");
        const HistoryEntry entry =
            HistoryEntry::observedDeploymentChange(deploymentContext(), std::nullopt, seen, kAt);
        QCOMPARE(entry.kind, HistoryEntry::Kind::Observed);
        QCOMPARE(entry.outcome, HistoryEntry::Outcome::Observed);
        QVERIFY(entry.context.identity.isEmpty());
        QCOMPARE(entry.changedBy(), QString("bob@ci (temporal-cli)"));
        QCOMPARE(entry.routingRevision(), std::optional<qint64>(9));
        QCOMPARE(entry.knownDeployment(), std::optional(seen));
        QVERIFY(!entry.awaitsSettlement());
    }

    void sameState_data()
    {
        // An index into m_others: WorkerDeployment is no metatype of its own.
        QTest::addColumn<int>("other");
        QTest::addColumn<bool>("same");
        const WorkerDeployment base =
            deploymentFrom("svc", "v1:draining v2:current* v3:ramping~10", 4, "bob", "");
        m_others.clear();
        const auto changed = [this, &base](const std::function<void(WorkerDeployment &)> &change) {
            WorkerDeployment copy = base;
            change(copy);
            m_others << copy;
            return int(m_others.size() - 1);
        };
        QTest::newRow("itself") << changed([](WorkerDeployment &) {}) << true;
        QTest::newRow("token") << changed([](WorkerDeployment &d) { d.conflictToken = "x"; }) << true;
        QTest::newRow("times") << changed([](WorkerDeployment &d) {
            d.routing.rampingChangedTime = kAt;
            d.versions[0].drainage.lastCheckedTime = kAt;
            d.versions[1].routingUpdateTime = kAt;
        }) << true;
        QTest::newRow("version order")
            << changed([](WorkerDeployment &d) { std::swap(d.versions[0], d.versions[2]); }) << true;
        QTest::newRow("update state") << changed([](WorkerDeployment &d) {
            d.routingUpdateState = WorkerDeployment::RoutingUpdateState::InProgress;
        }) << true;
        QTest::newRow("float percentage read back")
            << changed([](WorkerDeployment &d) { d.routing.rampingPercentage = double(float(10.0)); })
            << true;
        QTest::newRow("percentage") << changed([](WorkerDeployment &d) { d.routing.rampingPercentage = 20; })
                                    << false;
        QTest::newRow("current") << changed([](WorkerDeployment &d) { d.routing.currentBuildId = "v1"; })
                                 << false;
        QTest::newRow("revision only")
            << changed([](WorkerDeployment &d) { d.routing.revisionNumber = 5; }) << false;
        QTest::newRow("status") << changed([](WorkerDeployment &d) {
            d.versions[0].status = DeploymentVersionStatus::Drained;
        }) << false;
        QTest::newRow("version added") << changed([](WorkerDeployment &d) {
            d.versions << deploymentFrom("svc", "v4:inactive").versions;
        }) << false;
        QTest::newRow("manager") << changed([](WorkerDeployment &d) { d.managerIdentity = "controller"; })
                                 << false;
        QTest::newRow("last modifier")
            << changed([](WorkerDeployment &d) { d.lastModifierIdentity = "carol"; }) << false;
    }

    void sameState()
    {
        QFETCH(int, other);
        QFETCH(bool, same);
        const WorkerDeployment base =
            deploymentFrom("svc", "v1:draining v2:current* v3:ramping~10", 4, "bob", "");
        QCOMPARE(HistoryEntry::sameDeploymentState(base, m_others.at(other)), same);
        QCOMPARE(HistoryEntry::sameDeploymentState(m_others.at(other), base), same);
    }
};

QTEST_GUILESS_MAIN(TestDeploymentHistoryEntry)
#include "tst_deploymenthistoryentry.moc"
