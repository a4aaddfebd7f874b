#include "deployments/deploymentdiff.h"
#include "temporal/responseconversion.h"

#include <QFile>
#include <QTest>

#include <limits>

namespace wf = temporal::api::workflowservice::v1;

namespace {

wf::DescribeTaskQueueResponse pollerSeenAt(qint64 seconds, int nanos)
{
    wf::DescribeTaskQueueResponse response;
    auto *poller = response.add_pollers();
    poller->set_identity("worker-1");
    poller->mutable_last_access_time()->set_seconds(seconds);
    poller->mutable_last_access_time()->set_nanos(nanos);
    return response;
}

} // namespace

// The conversion of WorkflowService responses to the project's values (core/temporal/responseconversion),
// for what a server should never send; fuzz/fuzz_versionsetresponses and fuzz_deploymentresponses found
// these. What servers do send is covered against a real server by the integration tests.
class TestResponseConversion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Seconds times 1000 overflowed (undefined behaviour) for a timestamp beyond ±292 million years; a time
    // outside google.protobuf.Timestamp's range (years 1 to 9999) is unknown, like an unset one.
    void timestampsOutsideTheirRangeAreUnknown_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<int>("nanos");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime unknown;
        QTest::newRow("int64 max") << std::numeric_limits<qint64>::max() << 0 << unknown;
        QTest::newRow("int64 min") << std::numeric_limits<qint64>::min() << 0 << unknown;
        QTest::newRow("after 9999") << qint64(253402300800) << 0 << unknown;
        QTest::newRow("before year 1") << qint64(-62135596801) << 0 << unknown;
        QTest::newRow("negative nanos") << qint64(1796000000) << -1 << unknown;
        QTest::newRow("nanos of a second or more") << qint64(1796000000) << 1000000000 << unknown;
        QTest::newRow("unset") << qint64(0) << 0 << unknown;
        QTest::newRow("last of 9999") << qint64(253402300799) << 999999999
                                      << QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
        QTest::newRow("first of year 1")
            << qint64(-62135596800) << 0 << QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC);
        QTest::newRow("a poll") << qint64(1796000000) << 123456789
                                << QDateTime::fromMSecsSinceEpoch(1796000000123, Qt::UTC);
    }

    void timestampsOutsideTheirRangeAreUnknown()
    {
        QFETCH(qint64, seconds);
        QFETCH(int, nanos);
        QFETCH(QDateTime, expected);
        const QList<PollerInfo> pollers =
            pollersFromResponse(pollerSeenAt(seconds, nanos), TaskQueueKind::Workflow);
        QCOMPARE(pollers.size(), 1);
        QCOMPARE(pollers.first().lastAccessTime, expected);
        QCOMPARE(pollers.first().identity, QString("worker-1"));
    }

    // The input the fuzzer kept: its selector byte (workflow pollers), then a DescribeTaskQueueResponse whose
    // poller was last seen at INT64_MAX seconds.
    void foundInputConverts()
    {
        QFile file(QStringLiteral(VERSIONSCOPE_FUZZ_CORPUS
                                  "/fuzz_versionsetresponses/regression-poller-time-overflow"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray input = file.readAll();
        QCOMPARE(input.at(0), '\x01');
        wf::DescribeTaskQueueResponse response;
        QVERIFY(response.ParseFromArray(input.constData() + 1, int(input.size() - 1)));
        QCOMPARE(response.pollers(0).last_access_time().seconds(), std::numeric_limits<qint64>::max());
        const QList<PollerInfo> pollers = pollersFromResponse(response, TaskQueueKind::Workflow);
        QCOMPARE(pollers.size(), 1);
        QVERIFY(!pollers.first().lastAccessTime.isValid());
    }

    // A DescribeWorkerDeployment naming v1 twice (draining, then current) made deploymentDifferences report
    // "v1: draining → current" between a read and itself: every refresh would show a change nobody made.
    // The first entry is kept.
    void aVersionNamedTwiceIsKeptOnce()
    {
        wf::DescribeWorkerDeploymentResponse response;
        auto *info = response.mutable_worker_deployment_info();
        info->set_name("orders");
        for (const auto status : {temporal::api::enums::v1::WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING,
                                  temporal::api::enums::v1::WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT}) {
            auto *summary = info->add_version_summaries();
            summary->mutable_deployment_version()->set_deployment_name("orders");
            summary->mutable_deployment_version()->set_build_id("v1");
            summary->set_status(status);
        }
        auto *v2 = info->add_version_summaries();
        v2->mutable_deployment_version()->set_build_id("v2");
        const WorkerDeployment deployment = workerDeploymentFromResponse(response);
        QCOMPARE(deployment.versions.size(), 2);
        QCOMPARE(deployment.versions.at(0).buildId, QString("v1"));
        QCOMPARE(deployment.versions.at(0).status, DeploymentVersionStatus::Draining);
        QCOMPARE(deployment.versions.at(1).buildId, QString("v2"));
        QCOMPARE(deploymentDifferences(deployment, deployment), QStringList());
    }

    // The input the fuzzer kept (selector 1: DescribeWorkerDeployment).
    void foundDeploymentInputDiffersNotFromItself()
    {
        QFile file(QStringLiteral(VERSIONSCOPE_FUZZ_CORPUS
                                  "/fuzz_deploymentresponses/regression-version-named-twice"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray input = file.readAll();
        QCOMPARE(input.at(0), '\x01');
        wf::DescribeWorkerDeploymentResponse response;
        QVERIFY(response.ParseFromArray(input.constData() + 1, int(input.size() - 1)));
        const WorkerDeployment deployment = workerDeploymentFromResponse(response);
        QCOMPARE(deploymentDifferences(deployment, deployment), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestResponseConversion)
#include "tst_responseconversion.moc"
