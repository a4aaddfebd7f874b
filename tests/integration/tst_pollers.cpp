#include "support/testserver.h"
#include "temporal/queuereader.h"
#include "temporal/temporalclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using TestServer::await;

// A real Temporal Python SDK worker, started with a build ID and worker versioning on, must show up as a
// poller under that build ID: through the core's QueueReader and through `describe-build-ids`.
class TestPollers : public QObject
{
    Q_OBJECT

    QString m_address;
    QString m_queue;
    QProcess m_worker;
    std::unique_ptr<TemporalClient> m_client;

private Q_SLOTS:
    void initTestCase()
    {
        m_address = TestServer::versioningAddress();
        QVERIFY2(!m_address.isEmpty(), "the temporal_server fixture did not start");
        m_client = std::make_unique<TemporalClient>(TestServer::settingsFor(m_address));
        m_queue = QStringLiteral("pollers-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);

        for (const BuildIdOperation &op : {BuildIdOperation::addNewDefault(QStringLiteral("1.0")),
                                           BuildIdOperation::addNewDefault(QStringLiteral("2.0"))}) {
            auto sent = await<Done>(
                [&](QObject *ctx, auto done) { m_client->updateVersionSets(ctx, m_queue, op, done); });
            QVERIFY(sent && sent->isOk());
        }

        const QString venv =
            QProcessEnvironment::systemEnvironment().value(QStringLiteral("VERSIONSCOPE_TEST_VENV"));
        m_worker.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_worker.start(venv + QStringLiteral("/bin/python"),
                       {QStringLiteral(VERSIONSCOPE_SCRIPTS_DIR "/demo_worker.py"),
                        QStringLiteral("--address"), m_address, QStringLiteral("--task-queue"), m_queue,
                        QStringLiteral("--build-id"), QStringLiteral("2.0"), QStringLiteral("--identity"),
                        QStringLiteral("tst-pollers-worker")});
        QVERIFY(m_worker.waitForStarted(10000));
        QByteArray output;
        const auto ready = [&] {
            output += m_worker.readAllStandardOutput();
            return output.contains("worker ready") || m_worker.state() == QProcess::NotRunning;
        };
        QTRY_VERIFY_WITH_TIMEOUT(ready(), 60000);
        QVERIFY2(m_worker.state() == QProcess::Running, output.constData());
    }

    void cleanupTestCase()
    {
        if (m_worker.state() != QProcess::NotRunning) {
            m_worker.terminate();
            if (!m_worker.waitForFinished(15000))
                m_worker.kill();
        }
    }

    void readerSeesPollerUnderItsBuildId()
    {
        QueueReader reader(m_client.get());
        QSignalSpy spy(&reader, &QueueReader::finished);
        // Pollers register when the worker's long polls arrive: read until both types show.
        QueueSnapshot snapshot;
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()) {
            spy.clear();
            reader.read(m_queue);
            QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 20000);
            const auto result = spy.at(0).at(0).value<Result<QueueSnapshot>>();
            QVERIFY(result.isOk());
            snapshot = result.value();
            QVERIFY2(snapshot.pollers,
                     qPrintable(snapshot.pollersError ? snapshot.pollersError->toString() : QString()));
            if (snapshot.pollers->count(QStringLiteral("2.0"), TaskQueueKind::Workflow) > 0 &&
                snapshot.pollers->count(QStringLiteral("2.0"), TaskQueueKind::Activity) > 0)
                break;
            QTest::qWait(250);
        }
        QVERIFY(snapshot.pollers->count(QStringLiteral("2.0"), TaskQueueKind::Workflow) >= 1);
        QVERIFY(snapshot.pollers->count(QStringLiteral("2.0"), TaskQueueKind::Activity) >= 1);
        QCOMPARE(snapshot.pollers->count(QStringLiteral("1.0")), 0);
        const PollerInfo poller = snapshot.pollers->forBuildId(QStringLiteral("2.0")).first();
        QCOMPARE(poller.identity, QStringLiteral("tst-pollers-worker"));
        QVERIFY(poller.useVersioning);
        QVERIFY(poller.lastAccessTime.isValid());
        QVERIFY(qAbs(poller.lastAccessTime.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    }

    void describeBuildIdsShowsPoller()
    {
        QProcess cli;
        cli.start(QStringLiteral(VERSIONSCOPE_CLI_PATH),
                  {QStringLiteral("--address"), m_address, QStringLiteral("task-queue"),
                   QStringLiteral("describe-build-ids"), QStringLiteral("-t"), m_queue, QStringLiteral("-o"),
                   QStringLiteral("json")});
        QVERIFY(cli.waitForFinished(30000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        const QJsonObject document = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        QJsonObject row20, row10;
        for (const QJsonValue &row : document.value(QStringLiteral("buildIds")).toArray()) {
            if (row[QStringLiteral("buildId")] == QStringLiteral("2.0"))
                row20 = row.toObject();
            if (row[QStringLiteral("buildId")] == QStringLiteral("1.0"))
                row10 = row.toObject();
        }
        QVERIFY(row20.value(QStringLiteral("isQueueDefault")).toBool());
        QVERIFY(row20.value(QStringLiteral("workflowPollers")).toInt() >= 1);
        QVERIFY(row20.value(QStringLiteral("activityPollers")).toInt() >= 1);
        QCOMPARE(
            row20.value(QStringLiteral("pollers")).toArray().first()[QStringLiteral("identity")].toString(),
            QStringLiteral("tst-pollers-worker"));
        QCOMPARE(row10.value(QStringLiteral("pollerCount")).toInt(), 0);
        // Reachability was asked for and answered for both. The queue default takes new workflows; 1.0 does
        // too for now, because the server counts a set that was the default within the last 5 minutes.
        QVERIFY(
            row20.value(QStringLiteral("reachability")).toArray().contains(QStringLiteral("new workflows")));
        QVERIFY(row10.value(QStringLiteral("reachability")).isArray());
    }

    // What one unattended update costs, counted in the calls the CLI process itself logs: the sets, the
    // workflow root partition (where the worker that is about to receive work already shows), the update
    // and the read-back. The official CLI's update is 1 call, with no preview, no poller check, no check.
    void unattendedUpdateWithPollerCheckCostsFourCalls()
    {
        // 2.0 becomes a non-default member of its set, then is promoted back: the build ID that gains work
        // is the one the worker polls with.
        auto added = await<Done>([&](QObject *ctx, auto done) {
            m_client->updateVersionSets(
                ctx, m_queue,
                BuildIdOperation::addNewCompatible(QStringLiteral("2.1"), QStringLiteral("2.0"), false),
                done);
        });
        QVERIFY(added && added->isOk());
        const auto calls = [](const QByteArray &log) {
            QStringList rpcs;
            for (const QByteArray &line : log.split('\n')) {
                const qsizetype at = line.indexOf("versionscope.temporal.client: call ");
                if (at >= 0)
                    rpcs << QString::fromUtf8(line.mid(at)).section(QLatin1Char(' '), 3, 3);
            }
            return rpcs;
        };
        QProcess cli;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_LOGGING_RULES"),
                           QStringLiteral("versionscope.temporal.client.debug=true"));
        cli.setProcessEnvironment(environment);
        cli.start(QStringLiteral(VERSIONSCOPE_CLI_PATH),
                  {QStringLiteral("--address"), m_address, QStringLiteral("task-queue"),
                   QStringLiteral("update-build-ids"), QStringLiteral("promote-id-in-set"),
                   QStringLiteral("--build-id"), QStringLiteral("2.0"), QStringLiteral("-t"), m_queue,
                   QStringLiteral("--yes")});
        QVERIFY(cli.waitForFinished(30000));
        const QByteArray err = cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 0, err.constData());
        const QStringList rpcs = calls(err);
        QCOMPARE(rpcs, (QStringList{QStringLiteral("GetWorkerBuildIdCompatibility"),
                                    QStringLiteral("DescribeTaskQueue"),
                                    QStringLiteral("UpdateWorkerBuildIdCompatibility"),
                                    QStringLiteral("GetWorkerBuildIdCompatibility")}));
        const QByteArray out = cli.readAllStandardOutput();
        QVERIFY2(!out.contains("no poller"), out.constData());

        // A build ID nobody polls: every partition of both types is asked before the preview says so.
        cli.start(QStringLiteral(VERSIONSCOPE_CLI_PATH),
                  {QStringLiteral("--address"), m_address, QStringLiteral("task-queue"),
                   QStringLiteral("update-build-ids"), QStringLiteral("promote-id-in-set"),
                   QStringLiteral("--build-id"), QStringLiteral("2.1"), QStringLiteral("-t"), m_queue,
                   QStringLiteral("--dry-run")});
        QVERIFY(cli.waitForFinished(30000));
        const QByteArray dryErr = cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 0, dryErr.constData());
        QCOMPARE(calls(dryErr).count(QStringLiteral("DescribeTaskQueue")), 8);
        QVERIFY(cli.readAllStandardOutput().contains("2.1"));
    }
};

QTEST_GUILESS_MAIN(TestPollers)
#include "tst_pollers.moc"
