#include "history/deploymentrestoreplanner.h"
#include "support/deploymentnotation.h"

#include <QTest>

using Limitation = DeploymentRestorePlan::Limitation;

namespace {

// "current:v2 ramp:v3@10 stop" on deployment svc, the notation the expected plans are written in.
QString notationOf(const QList<DeploymentOperation> &operations)
{
    QStringList words;
    for (const DeploymentOperation &op : operations) {
        const QString version = op.buildId.isEmpty() ? QStringLiteral("-") : op.buildId;
        switch (op.kind) {
        case DeploymentOperation::Kind::SetCurrent:
            words << "current:" + version;
            break;
        case DeploymentOperation::Kind::SetRamping:
            words << "ramp:" + version + "@" + QString::number(op.percentage);
            break;
        case DeploymentOperation::Kind::StopRamping:
            words << "stop";
            break;
        default:
            words << "other";
            break;
        }
    }
    return words.join(' ');
}

// Whether the server accepts op on a deployment routed as `routing` with these versions: the version
// exists (or is the unversioned workers) and a ramp does not target the current version.
bool accepted(const DeploymentRouting &routing, const WorkerDeployment &deployment,
              const DeploymentOperation &op)
{
    if (op.deploymentName != deployment.name)
        return false;
    if (!op.buildId.isEmpty() && !deployment.version(op.buildId))
        return false;
    if (op.kind == DeploymentOperation::Kind::SetRamping && op.buildId == routing.currentBuildId)
        return false;
    return true;
}

} // namespace

class TestDeploymentRestorePlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void predictedRouting_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("after");
        QTest::newRow("set current") << "v1:current* v2:inactive"
                                     << "current:v2"
                                     << "v1:draining v2:current*";
        QTest::newRow("current = the ramping version ends the ramp") << "v1:current* v2:ramping~40"
                                                                     << "current:v2"
                                                                     << "v2:current*";
        QTest::newRow("current = another version keeps the ramp") << "v1:current* v2:ramping~40 v3:inactive"
                                                                  << "current:v3"
                                                                  << "v3:current* v2:ramping~40";
        QTest::newRow("unversioned current") << "v1:current*"
                                             << "current:-"
                                             << "-:current* v1:draining";
        QTest::newRow("ramp") << "v1:current* v2:inactive"
                              << "ramp:v2@10"
                              << "v1:current* v2:ramping~10";
        QTest::newRow("change the percentage") << "v1:current* v2:ramping~10"
                                               << "ramp:v2@50"
                                               << "v1:current* v2:ramping~50";
        QTest::newRow("ramp to the unversioned workers") << "v1:current*"
                                                         << "ramp:-@5"
                                                         << "v1:current* -:ramping~5";
        QTest::newRow("unversioned at 0 % ends the ramp") << "v1:current* v2:ramping~10"
                                                          << "ramp:-@0"
                                                          << "v1:current*";
        QTest::newRow("stop ramping") << "v1:current* v2:ramping~10"
                                      << "stop"
                                      << "v1:current*";
        QTest::newRow("delete changes no routing") << "v0:drained v1:current* v2:ramping~10"
                                                   << "delete:v0"
                                                   << "v1:current* v2:ramping~10";
    }

    void predictedRouting()
    {
        QFETCH(QString, before);
        QFETCH(QString, operation);
        QFETCH(QString, after);
        DeploymentOperation op;
        const QString verb = operation.section(':', 0, 0);
        QString version = operation.section(':', 1).section('@', 0, 0);
        if (version == "-")
            version.clear();
        if (verb == "current")
            op = DeploymentOperation::setCurrent("svc", version);
        else if (verb == "ramp")
            op = DeploymentOperation::setRamping("svc", version, operation.section('@', 1).toDouble());
        else if (verb == "stop")
            op = DeploymentOperation::stopRamping("svc");
        else
            op = DeploymentOperation::deleteVersion("svc", version, false);
        const DeploymentRouting predicted = op.routingAfter(routingFrom(before));
        QVERIFY2(predicted.sameRouting(routingFrom(after)), qPrintable(predicted.summary()));
        // Times and the revision are the server's to set.
        QCOMPARE(predicted.revisionNumber, routingFrom(before).revisionNumber);
    }

    void plans_data()
    {
        QTest::addColumn<QString>("current");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("operations");
        QTest::addColumn<bool>("reaches");
        QTest::addColumn<QList<Limitation::Kind>>("limitations");

        const auto row = [](const char *name, const char *current, const char *target, const char *operations,
                            bool reaches, QList<Limitation::Kind> limitations = {}) {
            QTest::newRow(name) << QString(current) << QString(target) << QString(operations) << reaches
                                << limitations;
        };
        row("already there", "v1:current* v2:ramping~10", "v1:current* v2:ramping~10", "", true);
        row("roll back the current version", "v1:draining v2:current*", "v1:current* v2:inactive",
            "current:v1", true);
        row("ramp back", "v1:current* v2:inactive", "v1:current* v2:ramping~10", "ramp:v2@10", true);
        row("percentage back", "v1:current* v2:ramping~50", "v1:current* v2:ramping~10", "ramp:v2@10", true);
        row("ramp ends", "v1:current* v2:ramping~50", "v1:current* v2:inactive", "stop", true);
        // Making the ramping version current ends the ramp on the server: no StopRamping after it.
        row("the ramping version becomes current", "v1:current* v2:ramping~50", "v1:draining v2:current*",
            "current:v2", true);
        // The target ramps today's current version: current first, or the ramp would be refused.
        row("swap current and ramping", "v1:current* v2:ramping~30", "v1:ramping~30 v2:current*",
            "current:v2 ramp:v1@30", true);
        row("undo a promotion", "v1:draining v2:current*", "v1:current* v2:ramping~25",
            "current:v1 ramp:v2@25", true);
        row("another ramp", "v1:current* v2:ramping~10 v3:inactive", "v1:current* v3:ramping~20 v2:inactive",
            "ramp:v3@20", true);
        row("new current keeps the ramp", "v1:current* v2:ramping~10 v3:inactive",
            "v3:current* v2:ramping~10 v1:inactive", "current:v3", true);
        row("back to unversioned workers", "v1:current*", "-:current*", "current:-", true);
        row("ramp to unversioned workers", "v1:current* v2:inactive", "v1:current* -:ramping~5", "ramp:-@5",
            true);
        row("from unversioned", "-:current* v1:ramping~5", "v1:current*", "current:v1", true);
        // Deleted versions cannot be routed to again; what can still be restored is.
        row("current version gone", "v2:current* v3:ramping~10", "v1:current* v2:inactive", "stop", false,
            {Limitation::Kind::VersionGone});
        row("ramping version gone", "v1:current*", "v1:current* v0:ramping~10", "", false,
            {Limitation::Kind::VersionGone});
        row("both gone", "v3:current*", "v1:current* v2:ramping~10", "", false,
            {Limitation::Kind::VersionGone, Limitation::Kind::VersionGone});
        row("gone current, ramp restored", "v2:current* v3:inactive", "v1:current* v3:ramping~10",
            "ramp:v3@10", false, {Limitation::Kind::VersionGone});
        row("ramp on what stays current", "v2:current*", "v1:current* v2:ramping~10", "", false,
            {Limitation::Kind::VersionGone, Limitation::Kind::RampTargetIsCurrent});
    }

    void plans()
    {
        QFETCH(QString, current);
        QFETCH(QString, target);
        QFETCH(QString, operations);
        QFETCH(bool, reaches);
        QFETCH(QList<Limitation::Kind>, limitations);
        const WorkerDeployment now = deploymentFrom("svc", current, 5);
        const WorkerDeployment then = deploymentFrom("svc", target, 2);
        const DeploymentRestorePlan plan = planDeploymentRestore(now, then);
        QCOMPARE(notationOf(plan.operations), operations);
        QCOMPARE(plan.reachesTarget(), reaches);
        QList<Limitation::Kind> kinds;
        for (const Limitation &limitation : plan.limitations) {
            kinds << limitation.kind;
            QVERIFY(!limitation.text.isEmpty());
            QVERIFY2(limitation.buildIds.isEmpty() || limitation.text.contains(limitation.buildIds.first()),
                     qPrintable(limitation.text));
        }
        QCOMPARE(kinds, limitations);
        QCOMPARE(plan.current, now);
        QCOMPARE(plan.target, then);
        // Nothing more to do from where the plan leads.
        WorkerDeployment after = now;
        after.routing = plan.closest;
        QVERIFY(planDeploymentRestore(after, then).operations.isEmpty());
    }

    void anotherDeploymentIsNotRestored()
    {
        const DeploymentRestorePlan plan = planDeploymentRestore(
            deploymentFrom("svc", "v1:current* v2:inactive"), deploymentFrom("other", "v2:current*"));
        QVERIFY(plan.operations.isEmpty());
        QCOMPARE(plan.limitations.size(), 1);
        QCOMPARE(plan.limitations.first().kind, Limitation::Kind::OtherDeployment);
    }

    // Every pair of routings over three versions and the unversioned workers: the plan reaches the target,
    // every step is one the server accepts and changes the routing, and no plan is longer than two steps.
    void everyRoutingIsRestoredInAnOrderTheServerAccepts()
    {
        const QStringList versions{"", "v1", "v2", "v3"};
        QList<DeploymentRouting> routings;
        for (const QString &current : versions) {
            DeploymentRouting routing;
            routing.currentBuildId = current;
            routings << routing;
            for (const QString &ramp : versions) {
                if (ramp == current)
                    continue;
                for (double percentage : {0.0, 10.0, 50.0}) {
                    // The server keeps no ramp to the unversioned workers at 0 %.
                    if (ramp.isEmpty() && percentage == 0)
                        continue;
                    DeploymentRouting ramped = routing;
                    ramped.hasRamp = true;
                    ramped.rampingBuildId = ramp;
                    ramped.rampingPercentage = percentage;
                    routings << ramped;
                }
            }
        }
        WorkerDeployment deployment = deploymentFrom("svc", "v1:inactive v2:inactive v3:inactive");
        int checked = 0;
        for (const DeploymentRouting &from : routings) {
            for (const DeploymentRouting &to : routings) {
                WorkerDeployment now = deployment;
                now.routing = from;
                WorkerDeployment then = deployment;
                then.routing = to;
                const DeploymentRestorePlan plan = planDeploymentRestore(now, then);
                const QString pair = from.summary() + " -> " + to.summary();
                QVERIFY2(plan.limitations.isEmpty(), qPrintable(pair));
                QVERIFY2(plan.operations.size() <= 2, qPrintable(pair));
                DeploymentRouting routing = from;
                for (const DeploymentOperation &op : plan.operations) {
                    QVERIFY2(accepted(routing, now, op), qPrintable(pair + ": " + notationOf({op})));
                    const DeploymentRouting next = op.routingAfter(routing);
                    QVERIFY2(!next.sameRouting(routing), qPrintable(pair + ": " + notationOf({op})));
                    routing = next;
                }
                QVERIFY2(routing.sameRouting(to), qPrintable(pair + " reached " + routing.summary()));
                QVERIFY(plan.closest.sameRouting(routing));
                QCOMPARE(plan.operations.isEmpty(), from.sameRouting(to));
                ++checked;
            }
        }
        QCOMPARE(checked, int(routings.size() * routings.size()));
    }
};

QTEST_GUILESS_MAIN(TestDeploymentRestorePlanner)
#include "tst_deploymentrestoreplanner.moc"
