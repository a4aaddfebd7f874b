#include "deployments/deploymentoperation.h"
#include "deployments/deploymentsnapshot.h"
#include "deployments/workerdeployment.h"
#include "versionsets/buildidoperation.h"
#include "versionsets/versionsetchange.h"
#include "versionsets/versionsets.h"

#include <QTest>

using Kind = DeploymentOperation::Kind;
using Shares = QMap<QString, double>;

Q_DECLARE_METATYPE(DeploymentOperation)
Q_DECLARE_METATYPE(DeploymentRouting)

namespace {

const QString kSvc = QStringLiteral("svc");

DeploymentRouting routing(const QString &current, std::optional<QString> ramping = std::nullopt,
                          double percentage = 0)
{
    DeploymentRouting r;
    r.currentBuildId = current;
    r.hasRamp = ramping.has_value();
    r.rampingBuildId = ramping.value_or(QString());
    r.rampingPercentage = percentage;
    return r;
}

DeploymentPoller poller(const QString &identity, const QString &deployment, const QString &buildId,
                        const QString &queue = QStringLiteral("orders"), int type = 1)
{
    DeploymentPoller p;
    p.identity = identity;
    p.deploymentName = deployment;
    p.buildId = buildId;
    p.taskQueue = queue;
    p.taskQueueType = type;
    return p;
}

DeploymentOperation metadataOperation()
{
    DeploymentOperation op;
    op.kind = Kind::UpdateMetadata;
    op.deploymentName = kSvc;
    op.buildId = QStringLiteral("v2");
    op.upsertMetadata.insert(QStringLiteral("owner"), QStringLiteral("payments"));
    op.upsertMetadata.insert(QStringLiteral("jira"), 42);
    op.removeMetadata << QStringLiteral("old");
    return op;
}

DeploymentOperation managerOperation(const QString &identity, bool self)
{
    DeploymentOperation op;
    op.kind = Kind::SetManager;
    op.deploymentName = kSvc;
    op.managerIdentity = identity;
    op.managerSelf = self;
    return op;
}

} // namespace

class TestDeploymentOperation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void describesEachKind_data()
    {
        QTest::addColumn<DeploymentOperation>("operation");
        QTest::addColumn<QString>("kindName");
        QTest::addColumn<QString>("commandName");
        QTest::addColumn<bool>("changesRouting");
        QTest::addColumn<QString>("summary");

        QTest::newRow("set current") << DeploymentOperation::setCurrent(kSvc, QStringLiteral("v2"))
                                     << "set-current"
                                     << "set-current-version" << true << "make v2 current";
        QTest::newRow("set current unversioned")
            << DeploymentOperation::setCurrent(kSvc, QString()) << "set-current"
            << "set-current-version" << true << "make the unversioned worker pool current";
        QTest::newRow("ramp") << DeploymentOperation::setRamping(kSvc, QStringLiteral("v3"), 10)
                              << "set-ramping"
                              << "set-ramping-version" << true << "ramp v3 to 10 % of new workflows";
        QTest::newRow("ramp fraction from a float")
            << DeploymentOperation::setRamping(kSvc, QStringLiteral("v3"), double(10.1f)) << "set-ramping"
            << "set-ramping-version" << true << "ramp v3 to 10.1 % of new workflows";
        QTest::newRow("ramp unversioned")
            << DeploymentOperation::setRamping(kSvc, QString(), 25) << "set-ramping"
            << "set-ramping-version" << true << "ramp the unversioned worker pool to 25 % of new workflows";
        QTest::newRow("stop ramping") << DeploymentOperation::stopRamping(kSvc) << "stop-ramping"
                                      << "set-ramping-version" << true << "stop ramping";
        QTest::newRow("delete") << DeploymentOperation::deleteVersion(kSvc, QStringLiteral("v1"), false)
                                << "delete-version"
                                << "delete-version" << false << "delete version v1";
        QTest::newRow("delete skipping drainage")
            << DeploymentOperation::deleteVersion(kSvc, QStringLiteral("v1"), true) << "delete-version"
            << "delete-version" << false << "delete version v1 without waiting for it to drain";
        QTest::newRow("metadata") << metadataOperation() << "update-metadata"
                                  << "update-version-metadata" << false
                                  << "update the metadata of v2: set jira, owner; remove old";
        QTest::newRow("manager") << managerOperation(QStringLiteral("argo"), false) << "set-manager"
                                 << "manager-identity" << false << "make argo the manager identity";
        QTest::newRow("manager self")
            << managerOperation(QString(), true) << "set-manager"
            << "manager-identity" << false << "make the identity sent the manager identity";
        QTest::newRow("manager unset") << managerOperation(QString(), false) << "set-manager"
                                       << "manager-identity" << false << "unset the manager identity";
    }

    void describesEachKind()
    {
        QFETCH(DeploymentOperation, operation);
        QFETCH(QString, kindName);
        QFETCH(QString, commandName);
        QFETCH(bool, changesRouting);
        QFETCH(QString, summary);

        QCOMPARE(DeploymentOperation::kindName(operation.kind), kindName);
        Kind back = Kind::SetManager == operation.kind ? Kind::SetCurrent : Kind::SetManager;
        QVERIFY(DeploymentOperation::kindFromName(kindName, &back));
        QCOMPARE(back, operation.kind);
        QCOMPARE(operation.commandName(), commandName);
        QCOMPARE(operation.changesRouting(), changesRouting);
        QCOMPARE(operation.summary(), summary);
    }

    void unknownKindNameIsRefused()
    {
        Kind kind = Kind::SetRamping;
        QVERIFY(!DeploymentOperation::kindFromName(QStringLiteral("set-current-version"), &kind));
        QVERIFY(!DeploymentOperation::kindFromName(QString(), &kind));
        QCOMPARE(kind, Kind::SetRamping);
    }

    void shares_data()
    {
        QTest::addColumn<DeploymentRouting>("routing");
        QTest::addColumn<Shares>("shares");
        QTest::addColumn<QString>("summary");

        QTest::newRow("current only")
            << routing(QStringLiteral("v2")) << Shares{{QStringLiteral("v2"), 100}} << "current v2, no ramp";
        QTest::newRow("unversioned current")
            << routing(QString()) << Shares{{QString(), 100}} << "current unversioned, no ramp";
        QTest::newRow("ramp") << routing(QStringLiteral("v2"), QStringLiteral("v3"), 10)
                              << Shares{{QStringLiteral("v2"), 90}, {QStringLiteral("v3"), 10}}
                              << "current v2, ramping v3 at 10%";
        QTest::newRow("ramp at 0 %") << routing(QStringLiteral("v2"), QStringLiteral("v3"), 0)
                                     << Shares{{QStringLiteral("v2"), 100}, {QStringLiteral("v3"), 0}}
                                     << "current v2, ramping v3 at 0%";
        QTest::newRow("ramp at 100 %") << routing(QStringLiteral("v2"), QStringLiteral("v3"), 100)
                                       << Shares{{QStringLiteral("v2"), 0}, {QStringLiteral("v3"), 100}}
                                       << "current v2, ramping v3 at 100%";
        QTest::newRow("ramp to unversioned") << routing(QStringLiteral("v2"), QString(), 25)
                                             << Shares{{QStringLiteral("v2"), 75}, {QString(), 25}}
                                             << "current v2, ramping unversioned at 25%";
        QTest::newRow("unversioned current, versioned ramp")
            << routing(QString(), QStringLiteral("v1"), 5)
            << Shares{{QString(), 95}, {QStringLiteral("v1"), 5}} << "current unversioned, ramping v1 at 5%";
    }

    void shares()
    {
        QFETCH(DeploymentRouting, routing);
        QFETCH(Shares, shares);
        QFETCH(QString, summary);
        QCOMPARE(routing.sharesOfNewWorkflows(), shares);
        QCOMPARE(routing.summary(), summary);
    }

    void sameRoutingIgnoresAuditFactsAndFloatNoise()
    {
        DeploymentRouting a = routing(QStringLiteral("v2"), QStringLiteral("v3"), 10.1);
        DeploymentRouting b = a;
        b.revisionNumber = 7;
        b.currentChangedTime = QDateTime::currentDateTimeUtc();
        b.rampingPercentage = double(10.1f);
        QVERIFY(a.sameRouting(b));
        QVERIFY(!(a == b));
        b.rampingPercentage = 11;
        QVERIFY(!a.sameRouting(b));
        b = a;
        b.rampingBuildId = QString();
        QVERIFY(!a.sameRouting(b));
        b = a;
        b.hasRamp = false;
        QVERIFY(!a.sameRouting(b));
        // Without a ramp, leftovers in the ramp fields do not count.
        DeploymentRouting c = routing(QStringLiteral("v2"));
        DeploymentRouting d = c;
        d.rampingPercentage = 30;
        QVERIFY(c.sameRouting(d));
        d.currentBuildId = QString();
        QVERIFY(!c.sameRouting(d));
    }

    void names()
    {
        QCOMPARE((DeploymentVersionRef{kSvc, QStringLiteral("v1")}.displayName()), QStringLiteral("svc:v1"));
        QCOMPARE((DeploymentVersionRef{kSvc, QString()}.displayName()), QStringLiteral("unversioned"));
        QCOMPARE(deploymentVersionStatusName(DeploymentVersionStatus::Draining), QStringLiteral("draining"));
        QCOMPARE(deploymentVersionStatusName(DeploymentVersionStatus::Created), QStringLiteral("created"));
        QCOMPARE(deploymentVersionStatusName(static_cast<DeploymentVersionStatus>(9)),
                 QStringLiteral("status-9"));
        QCOMPARE(drainageStatusName(DrainageStatus::Drained), QStringLiteral("drained"));
        QCOMPARE(percentageText(33.29999923706055), QStringLiteral("33.3"));
        QCOMPARE(percentageText(100), QStringLiteral("100"));
        QCOMPARE(percentageText(0.125), QStringLiteral("0.13"));
    }

    void versionLookup()
    {
        WorkerDeployment deployment;
        DeploymentVersionSummary v1;
        v1.buildId = QStringLiteral("v1");
        v1.status = DeploymentVersionStatus::Draining;
        deployment.versions << v1;
        QVERIFY(deployment.version(QStringLiteral("v1")));
        QCOMPARE(deployment.version(QStringLiteral("v1"))->status, DeploymentVersionStatus::Draining);
        QCOMPARE(deployment.version(QStringLiteral("v2")), nullptr);
        QCOMPARE(deployment.version(QString()), nullptr);
    }

    void pollerCountsWorkersOfTheVersion()
    {
        DeploymentSnapshot snapshot;
        snapshot.deployment.name = kSvc;
        QCOMPARE(snapshot.pollerCount(QStringLiteral("v1")), std::nullopt);

        snapshot.pollers = QList<DeploymentPoller>{
            // One worker on two queues and both types is one poller.
            poller(QStringLiteral("w1"), kSvc, QStringLiteral("v1"), QStringLiteral("orders"), 1),
            poller(QStringLiteral("w1"), kSvc, QStringLiteral("v1"), QStringLiteral("orders"), 2),
            poller(QStringLiteral("w1"), kSvc, QStringLiteral("v1"), QStringLiteral("billing"), 1),
            poller(QStringLiteral("w2"), kSvc, QStringLiteral("v1")),
            // Without an identity nothing says two rows are one worker.
            poller(QString(), kSvc, QStringLiteral("v1")),
            poller(QString(), kSvc, QStringLiteral("v1")),
            // Another deployment that reuses the build ID on a shared queue.
            poller(QStringLiteral("w9"), QStringLiteral("other"), QStringLiteral("v1")),
            poller(QStringLiteral("u1"), QString(), QString()),
        };
        QCOMPARE(snapshot.pollerCount(QStringLiteral("v1")), std::optional<int>(4));
        QCOMPARE(snapshot.pollerCount(QStringLiteral("v2")), std::optional<int>(0));
        QCOMPARE(snapshot.pollerCount(QString()), std::optional<int>(1));
    }

    void taskQueuesComeFromDetails()
    {
        DeploymentSnapshot snapshot;
        DeploymentVersionDetails details;
        details.version = {kSvc, QStringLiteral("v1")};
        details.taskQueues = {{QStringLiteral("orders"), 1}, {QStringLiteral("orders"), 2}};
        snapshot.details.insert(QStringLiteral("v1"), details);
        QCOMPARE(snapshot.taskQueues(QStringLiteral("v1")), details.taskQueues);
        QVERIFY(snapshot.taskQueues(QStringLiteral("v2")).isEmpty());
    }

    // Every place a person reads an operation (preview text and dialog, history panel and export, status
    // bar) shows its summary: an odd name made by another tool is escaped there, once; plain ones as before.
    void summariesEscapeOddNames()
    {
        using Op = DeploymentOperation;
        QCOMPARE(Op::setCurrent(QStringLiteral("svc"), QStringLiteral("v2")).summary(),
                 QStringLiteral("make v2 current"));
        QCOMPARE(Op::setCurrent(QStringLiteral("svc"), QString::fromUtf8("v2\u202e")).summary(),
                 QStringLiteral("make \"v2\\u{202E}\" current"));
        QCOMPARE(Op::deleteVersion(QStringLiteral("svc"), QStringLiteral(" v1"), false).summary(),
                 QStringLiteral("delete version \" v1\""));
        QCOMPARE(BuildIdOperation::mergeSets(QStringLiteral("2.0"), QString::fromUtf8("1.0\u200b")).summary(),
                 QStringLiteral("merge the set of \"1.0\\u{200B}\" into the set of 2.0"));
        QCOMPARE(BuildIdOperation::promoteSet(QStringLiteral("2.0")).summary(),
                 QStringLiteral("make the set of 2.0 the queue default"));
        // Changes lines name versions and build IDs the same way.
        const VersionSets before({{QStringLiteral("1.0\n")}});
        const VersionSets after({{QStringLiteral("1.0\n")}, {QStringLiteral("2.0")}});
        const QList<VersionSetChange> changes = diffVersionSets(before, after);
        QVERIFY(!changes.isEmpty());
        QCOMPARE(changes.first().text,
                 QStringLiteral("new workflows will start on 2.0 instead of \"1.0\\n\""));
    }
};

QTEST_GUILESS_MAIN(TestDeploymentOperation)
#include "tst_deploymentoperation.moc"
