#include "cliinvocation.h"

#include <QTest>

Q_DECLARE_METATYPE(DeploymentOperation)

// `versionscope-cli worker deployment …` reads Temporal CLI's flags into the same operation the window
// builds, and refuses what Temporal's CLI would refuse (or what would send something surprising).
class TestDeploymentCliOptions : public QObject
{
    Q_OBJECT

    static QStringList words(const char *line)
    {
        return QString::fromUtf8(line).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }

private Q_SLOTS:
    void parsesCommands_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("command");
        QTest::addColumn<QString>("deployment");
        QTest::addColumn<QString>("buildId");
        using C = CliInvocation::Command;
        QTest::newRow("list") << words("worker deployment list") << int(C::DeploymentList) << ""
                              << "";
        QTest::newRow("describe -d") << words("worker deployment describe -d svc")
                                     << int(C::DeploymentDescribe) << "svc"
                                     << "";
        QTest::newRow("describe --name")
            << words("worker deployment describe --name svc") << int(C::DeploymentDescribe) << "svc"
            << "";
        QTest::newRow("describe-version")
            << words("worker deployment describe-version --deployment-name svc --build-id v2")
            << int(C::DeploymentDescribeVersion) << "svc"
            << "v2";
        QTest::newRow("global flags anywhere") << words("--namespace ns worker deployment describe-version "
                                                        "--build-id v2 --deployment-name svc -o json")
                                               << int(C::DeploymentDescribeVersion) << "svc"
                                               << "v2";
    }
    void parsesCommands()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, command);
        QFETCH(QString, deployment);
        QFETCH(QString, buildId);
        const Result<CliInvocation> parsed = parseCliArguments(arguments);
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
        QCOMPARE(int(parsed.value().command), command);
        QCOMPARE(parsed.value().deploymentName, deployment);
        QCOMPARE(parsed.value().deploymentBuildId, buildId);
    }

    void parsesChanges_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<DeploymentOperation>("expected");
        const QString svc = QStringLiteral("svc");
        QTest::newRow("set current")
            << words("worker deployment set-current-version --deployment-name svc --build-id v2 -y")
            << DeploymentOperation::setCurrent(svc, QStringLiteral("v2"));
        QTest::newRow("set current unversioned")
            << words("worker deployment set-current-version --deployment-name svc --unversioned")
            << DeploymentOperation::setCurrent(svc, QString());
        DeploymentOperation protectionsLifted = DeploymentOperation::setCurrent(svc, QStringLiteral("v2"));
        protectionsLifted.allowNoPollers = true;
        protectionsLifted.ignoreMissingTaskQueues = true;
        QTest::newRow("protections lifted")
            << words("worker deployment set-current-version --deployment-name svc --build-id v2 "
                     "--allow-no-pollers --ignore-missing-task-queues")
            << protectionsLifted;
        QTest::newRow("ramp") << words("worker deployment set-ramping-version --deployment-name svc "
                                       "--build-id v3 --percentage 12.5")
                              << DeploymentOperation::setRamping(svc, QStringLiteral("v3"), 12.5);
        QTest::newRow("ramp unversioned")
            << words(
                   "worker deployment set-ramping-version --deployment-name svc --unversioned --percentage 0")
            << DeploymentOperation::setRamping(svc, QString(), 0);
        QTest::newRow("stop ramp")
            << words("worker deployment set-ramping-version --deployment-name svc --delete")
            << DeploymentOperation::stopRamping(svc);
        QTest::newRow("delete") << words(
                                       "worker deployment delete-version --deployment-name svc --build-id v1")
                                << DeploymentOperation::deleteVersion(svc, QStringLiteral("v1"), false);
        QTest::newRow("delete skipping drainage")
            << words("worker deployment delete-version --deployment-name svc --build-id v1 --skip-drainage")
            << DeploymentOperation::deleteVersion(svc, QStringLiteral("v1"), true);
        DeploymentOperation metadata;
        metadata.kind = DeploymentOperation::Kind::UpdateMetadata;
        metadata.deploymentName = svc;
        metadata.buildId = QStringLiteral("v2");
        metadata.upsertMetadata.insert(QStringLiteral("owner"), QStringLiteral("payments"));
        metadata.upsertMetadata.insert(QStringLiteral("replicas"), 3);
        metadata.removeMetadata = QStringList{QStringLiteral("old")};
        QTest::newRow("metadata") << QStringList{QStringLiteral("worker"),
                                                 QStringLiteral("deployment"),
                                                 QStringLiteral("update-version-metadata"),
                                                 QStringLiteral("--deployment-name"),
                                                 QStringLiteral("svc"),
                                                 QStringLiteral("--build-id"),
                                                 QStringLiteral("v2"),
                                                 QStringLiteral("--metadata"),
                                                 QStringLiteral("owner=\"payments\""),
                                                 QStringLiteral("--metadata"),
                                                 QStringLiteral("replicas=3"),
                                                 QStringLiteral("--remove-entries"),
                                                 QStringLiteral("old")}
                                  << metadata;
        DeploymentOperation manager;
        manager.kind = DeploymentOperation::Kind::SetManager;
        manager.deploymentName = svc;
        manager.managerIdentity = QStringLiteral("ci-bot");
        QTest::newRow("manager set")
            << words("worker deployment manager-identity set --deployment-name svc --manager-identity ci-bot")
            << manager;
        DeploymentOperation self = manager;
        self.managerIdentity.clear();
        self.managerSelf = true;
        QTest::newRow("manager self")
            << words("worker deployment manager-identity set --deployment-name svc --self") << self;
        DeploymentOperation unset = manager;
        unset.managerIdentity.clear();
        QTest::newRow("manager unset")
            << words("worker deployment manager-identity unset --deployment-name svc") << unset;
    }
    void parsesChanges()
    {
        QFETCH(QStringList, arguments);
        QFETCH(DeploymentOperation, expected);
        const Result<CliInvocation> parsed = parseCliArguments(arguments);
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
        QCOMPARE(int(parsed.value().command), int(CliInvocation::Command::DeploymentChange));
        QVERIFY(parsed.value().deploymentOperation == expected);
    }

    void refusesMistakes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no subcommand") << words("worker deployment") << "needs a subcommand";
        QTest::newRow("not deployment") << words("worker versions") << "deployment";
        QTest::newRow("unknown") << words("worker deployment promote")
                                 << "unknown worker deployment subcommand";
        QTest::newRow("describe without name") << words("worker deployment describe") << "needs --name";
        QTest::newRow("both targets")
            << words(
                   "worker deployment set-current-version --deployment-name svc --build-id v2 --unversioned")
            << "contradict";
        QTest::newRow("no target") << words("worker deployment set-current-version --deployment-name svc")
                                   << "needs --build-id";
        QTest::newRow("ramp without percentage")
            << words("worker deployment set-ramping-version --deployment-name svc --build-id v2")
            << "needs --percentage";
        QTest::newRow("percentage too high") << words("worker deployment set-ramping-version "
                                                      "--deployment-name svc --build-id v2 --percentage 101")
                                             << "from 0 to 100";
        QTest::newRow("percentage not a number")
            << words("worker deployment set-ramping-version --deployment-name svc --build-id v2 --percentage "
                     "ten")
            << "from 0 to 100";
        QTest::newRow("delete with a target")
            << words("worker deployment set-ramping-version --deployment-name svc --build-id v2 --delete")
            << "--delete stops the ramp";
        QTest::newRow("flag of another command")
            << words("worker deployment set-current-version --deployment-name svc --build-id v2 "
                     "--skip-drainage")
            << "does not take --skip-drainage";
        QTest::newRow("metadata not json")
            << words("worker deployment update-version-metadata --deployment-name "
                     "svc --build-id v2 --metadata owner=payments")
            << "not JSON";
        QTest::newRow("metadata key")
            << words("worker deployment update-version-metadata --deployment-name svc "
                     "--build-id v2 --metadata 1x=2")
            << "not an identifier";
        QTest::newRow("metadata nothing")
            << words("worker deployment update-version-metadata --deployment-name svc --build-id v2")
            << "needs --metadata or --remove-entries";
        QTest::newRow("manager both") << words("worker deployment manager-identity set --deployment-name svc "
                                               "--self --manager-identity x")
                                      << "exactly one";
        QTest::newRow("manager neither")
            << words("worker deployment manager-identity set --deployment-name svc") << "exactly one";
        QTest::newRow("yes and dry run")
            << words("worker deployment set-current-version --deployment-name svc --build-id v2 -y --dry-run")
            << "contradict";
        QTest::newRow("extra word") << words("worker deployment list extra") << "unexpected argument";
    }
    void refusesMistakes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Result<CliInvocation> parsed = parseCliArguments(arguments);
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().message.contains(message), qPrintable(parsed.error().message));
        QCOMPARE(parsed.error().detail, QStringLiteral("see versionscope-cli --help"));
    }

    // An odd build ID is not refused while parsing: one made by another tool must stay usable, and only the
    // server's list tells new from existing (tst_deploymentcli::oddNamesMadeByAnotherTool). It is kept as
    // typed, never trimmed.
    void oddBuildIdIsKeptForTheServerToJudge()
    {
        const Result<CliInvocation> parsed =
            parseCliArguments({QStringLiteral("worker"), QStringLiteral("deployment"),
                               QStringLiteral("set-current-version"), QStringLiteral("--deployment-name"),
                               QStringLiteral("svc"), QStringLiteral("--build-id"), QStringLiteral(" v2")});
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
        QCOMPARE(parsed.value().deploymentBuildId, QStringLiteral(" v2"));
    }
};

QTEST_GUILESS_MAIN(TestDeploymentCliOptions)
#include "tst_deploymentclioptions.moc"
