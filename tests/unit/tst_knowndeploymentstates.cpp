#include "deployments/deploymentdiff.h"
#include "rollout/knowndeploymentstates.h"

#include <QTest>

// The rule for "was this deployment changed elsewhere", in memory: a read differs from the last known state
// by more than statuses catching up with an unchanged routing, and no attempt of ours explains it.
class TestKnownDeploymentStates : public QObject
{
    Q_OBJECT

    static DeploymentVersionSummary version(const QString &buildId, DeploymentVersionStatus status)
    {
        DeploymentVersionSummary summary;
        summary.buildId = buildId;
        summary.status = status;
        return summary;
    }

    // v2 current at revision 3, v1 draining (the state right after "v2 onto Current").
    static WorkerDeployment v2Current()
    {
        WorkerDeployment deployment;
        deployment.name = QStringLiteral("svc");
        deployment.routing.currentBuildId = QStringLiteral("v2");
        deployment.routing.revisionNumber = 3;
        deployment.lastModifierIdentity = QStringLiteral("alice@versionscope");
        deployment.versions = {version(QStringLiteral("v2"), DeploymentVersionStatus::Current),
                               version(QStringLiteral("v1"), DeploymentVersionStatus::Draining)};
        return deployment;
    }

    static WorkerDeployment withStatus(WorkerDeployment deployment, const QString &buildId,
                                       DeploymentVersionStatus status)
    {
        for (DeploymentVersionSummary &summary : deployment.versions) {
            if (summary.buildId == buildId)
                summary.status = status;
        }
        return deployment;
    }

private Q_SLOTS:
    void firstReadIsNoChange()
    {
        KnownDeploymentStates states;
        const auto reading = states.observe(v2Current());
        QVERIFY(!reading.changedElsewhere);
        QVERIFY(!reading.before);
        QCOMPARE(states.lastKnown(QStringLiteral("svc")), std::optional(v2Current()));
    }

    // tst_deploymentwindow saw this on a loaded CI machine: the read-back of "v2 onto Current" came before
    // the server moved v1 from CURRENT to DRAINING; the next refresh showed v1 draining, and the window
    // announced a change "made outside this window" that nobody made.
    void serverCatchingUpWithOurRoutingIsNotElsewhere()
    {
        KnownDeploymentStates states;
        states.observe(withStatus(v2Current(), QStringLiteral("v1"), DeploymentVersionStatus::Current));
        const auto reading = states.observe(v2Current());
        QVERIFY(!reading.changedElsewhere);
        // It is still what the process now knows.
        QCOMPARE(states.lastKnown(QStringLiteral("svc")), std::optional(v2Current()));

        // The same for a ramp: v3 still inactive in the read-back of "ramp v3", ramping in the next read.
        WorkerDeployment ramping = v2Current();
        ramping.routing.hasRamp = true;
        ramping.routing.rampingBuildId = QStringLiteral("v3");
        ramping.routing.rampingPercentage = 10;
        ramping.versions.append(version(QStringLiteral("v3"), DeploymentVersionStatus::Inactive));
        states.observe(ramping);
        QVERIFY(!states.observe(withStatus(ramping, QStringLiteral("v3"), DeploymentVersionStatus::Ramping))
                     .changedElsewhere);
    }

    void routingChangeIsElsewhere_data()
    {
        QTest::addColumn<WorkerDeployment>("after");
        WorkerDeployment deployment = v2Current();
        deployment.routing.currentBuildId = QStringLiteral("v1");
        deployment.routing.revisionNumber = 4;
        QTest::newRow("another current")
            << withStatus(withStatus(deployment, QStringLiteral("v1"), DeploymentVersionStatus::Current),
                          QStringLiteral("v2"), DeploymentVersionStatus::Draining);
        deployment = v2Current();
        deployment.routing.revisionNumber = 4;
        QTest::newRow("routing set again, statuses moved")
            << withStatus(deployment, QStringLiteral("v1"), DeploymentVersionStatus::Drained);
        deployment = v2Current();
        deployment.lastModifierIdentity = QStringLiteral("bob@cli");
        QTest::newRow("another last modifier")
            << withStatus(deployment, QStringLiteral("v1"), DeploymentVersionStatus::Drained);
        // News, not a lag: the version can go now.
        QTest::newRow("v1 drained") << withStatus(v2Current(), QStringLiteral("v1"),
                                                  DeploymentVersionStatus::Drained);
        // Statuses that leave what the routing gives them.
        QTest::newRow("v2 no longer current by status")
            << withStatus(v2Current(), QStringLiteral("v2"), DeploymentVersionStatus::Draining);
        QTest::newRow("v1 current by status alone")
            << withStatus(v2Current(), QStringLiteral("v1"), DeploymentVersionStatus::Current);
        deployment = v2Current();
        deployment.managerIdentity = QStringLiteral("bob@cli");
        QTest::newRow("a manager identity set") << deployment;
        deployment = v2Current();
        deployment.versions.append(version(QStringLiteral("v3"), DeploymentVersionStatus::Inactive));
        QTest::newRow("a new version") << deployment;
        deployment = v2Current();
        deployment.versions.removeLast();
        QTest::newRow("a version deleted") << deployment;
        deployment = v2Current();
        deployment.versions.last().buildId = QStringLiteral("v0");
        QTest::newRow("a version replaced by another") << deployment;
    }

    void routingChangeIsElsewhere()
    {
        QFETCH(WorkerDeployment, after);
        KnownDeploymentStates states;
        states.observe(v2Current());
        const auto reading = states.observe(after);
        QVERIFY(reading.changedElsewhere);
        QCOMPARE(*reading.before, v2Current());
        QVERIFY(!onlyStatusesCaughtUpWithRouting(v2Current(), after));
        // Said once.
        QVERIFY(!states.observe(after).changedElsewhere);
    }

    void sameStateIsNoProgress() { QVERIFY(!onlyStatusesCaughtUpWithRouting(v2Current(), v2Current())); }
};

QTEST_GUILESS_MAIN(TestKnownDeploymentStates)
#include "tst_knowndeploymentstates.moc"
