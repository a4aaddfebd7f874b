#include "support/opnotation.h"
#include "support/setnotation.h"
#include "support/testserver.h"
#include "temporal/queuereader.h"
#include "temporal/taskqueuediscovery.h"
#include "temporal/temporalclient.h"
#include "versionsets/versionsetplanner.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using TestServer::await;

// The Temporal client against a real Temporal dev server (started by the ctest fixture).
class TestTemporalClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<TemporalClient> m_client;

    static QString freshQueue(const char *prefix)
    {
        return QLatin1String(prefix) + QLatin1Char('-') +
               QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    }

    std::optional<Result<VersionSets>> read(const QString &queue)
    {
        return await<VersionSets>(
            [&](QObject *ctx, auto done) { m_client->getVersionSets(ctx, queue, done); });
    }
    std::optional<Result<Done>> send(const QString &queue, const BuildIdOperation &op)
    {
        return await<Done>(
            [&](QObject *ctx, auto done) { m_client->updateVersionSets(ctx, queue, op, done); });
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString address = TestServer::versioningAddress();
        QVERIFY2(!address.isEmpty(),
                 "the temporal_server fixture did not start (VERSIONSCOPE_TEST_SERVER_DIR)");
        m_client = std::make_unique<TemporalClient>(TestServer::settingsFor(address));
    }

    void systemInfo()
    {
        auto info = await<SystemInfo>([&](QObject *ctx, auto done) { m_client->getSystemInfo(ctx, done); });
        QVERIFY(info && info->isOk());
        QVERIFY(info->value().serverVersion.startsWith(QLatin1String("1.")));
        QVERIFY(info->value().buildIdBasedVersioning);
    }

    void namespaces()
    {
        auto page =
            await<NamespacePage>([&](QObject *ctx, auto done) { m_client->listNamespaces(ctx, {}, done); });
        QVERIFY(page && page->isOk());
        QStringList names;
        for (const NamespaceInfo &ns : page->value().namespaces) {
            names << ns.name;
            if (ns.name == QStringLiteral("default"))
                QCOMPARE(ns.state, NamespaceInfo::State::Registered);
        }
        QVERIFY2(names.contains(QStringLiteral("default")), qPrintable(names.join(u',')));
        auto described =
            await<NamespaceInfo>([&](QObject *ctx, auto done) { m_client->describeNamespace(ctx, done); });
        QVERIFY(described && described->isOk());
        QCOMPARE(described->value().name, QStringLiteral("default"));
        QVERIFY(!described->value().id.isEmpty());
        QCOMPARE(described->value().state, NamespaceInfo::State::Registered);
    }

    void newQueueHasNoSets()
    {
        auto sets = read(freshQueue("empty"));
        QVERIFY(sets && sets->isOk());
        QVERIFY(sets->value().isEmpty());
    }

    // Every operation and every error case, through the client, against the planner's prediction.
    void operationMatchesPlanner_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("expectedSets");
        QTest::addColumn<QString>("expectedCode");

        const QString ok = QStringLiteral("OK");
        QTest::newRow("add-new-default on empty queue") << ""
                                                        << "new:1.0"
                                                        << "1.0" << ok;
        QTest::newRow("add-new-default") << "new:1.0"
                                         << "new:2.0"
                                         << "1.0|2.0" << ok;
        QTest::newRow("add-new-default no-op") << "new:1.0"
                                               << "new:1.0"
                                               << "1.0" << ok;
        QTest::newRow("add-new-default existing") << "new:1.0 new:2.0"
                                                  << "new:1.0"
                                                  << "1.0|2.0"
                                                  << "INVALID_ARGUMENT";
        QTest::newRow("add-new-default over set limit") << "new:1.0 new:2.0 new:3.0"
                                                        << "new:4.0"
                                                        << "1.0|2.0|3.0"
                                                        << "FAILED_PRECONDITION";
        QTest::newRow("add-new-compatible") << "new:1.0 new:2.0"
                                            << "compat:1.1>1.0"
                                            << "1.0,1.1|2.0" << ok;
        QTest::newRow("add-new-compatible make default") << "new:1.0 new:2.0"
                                                         << "compat!:1.1>1.0"
                                                         << "2.0|1.0,1.1" << ok;
        QTest::newRow("add-new-compatible unknown existing") << "new:1.0"
                                                             << "compat:1.1>9.9"
                                                             << "1.0"
                                                             << "NOT_FOUND";
        QTest::newRow("add-new-compatible no-op") << "new:1.0 compat:1.1>1.0"
                                                  << "compat:1.1>1.0"
                                                  << "1.0,1.1" << ok;
        QTest::newRow("add-new-compatible not default in set") << "new:1.0 compat:1.1>1.0"
                                                               << "compat:1.0>1.1"
                                                               << "1.0,1.1"
                                                               << "INVALID_ARGUMENT";
        QTest::newRow("add-new-compatible not default for queue") << "new:1.0 compat:1.1>1.0 new:2.0"
                                                                  << "compat!:1.1>1.0"
                                                                  << "1.0,1.1|2.0"
                                                                  << "INVALID_ARGUMENT";
        QTest::newRow("add-new-compatible incompatible") << "new:1.0 new:2.0"
                                                         << "compat:2.0>1.0"
                                                         << "1.0|2.0"
                                                         << "INVALID_ARGUMENT";
        QTest::newRow("add-new-compatible over build ID limit")
            << "new:a compat:b>a compat:c>a compat:d>a new:e compat:f>e compat:g>e compat:h>e"
            << "compat:i>a"
            << "a,b,c,d|e,f,g,h"
            << "FAILED_PRECONDITION";
        QTest::newRow("promote-set") << "new:1.0 new:2.0 new:3.0"
                                     << "promote:1.0"
                                     << "2.0|3.0|1.0" << ok;
        QTest::newRow("promote-set no-op") << "new:1.0 new:2.0"
                                           << "promote:2.0"
                                           << "1.0|2.0" << ok;
        QTest::newRow("promote-set unknown") << "new:1.0"
                                             << "promote:9.9"
                                             << "1.0"
                                             << "NOT_FOUND";
        QTest::newRow("promote-id-in-set") << "new:1.0 compat:1.1>1.0 compat:1.2>1.0"
                                           << "promoteid:1.0"
                                           << "1.1,1.2,1.0" << ok;
        QTest::newRow("promote-id-in-set no-op") << "new:1.0 compat:1.1>1.0"
                                                 << "promoteid:1.1"
                                                 << "1.0,1.1" << ok;
        QTest::newRow("promote-id-in-set unknown") << "new:1.0"
                                                   << "promoteid:9.9"
                                                   << "1.0"
                                                   << "NOT_FOUND";
        QTest::newRow("merge-sets into default") << "new:1.0 compat:1.1>1.0 new:2.0"
                                                 << "merge:2.0<1.0"
                                                 << "1.0,1.1,2.0" << ok;
        QTest::newRow("merge-sets moves queue default") << "new:1.0 new:2.0"
                                                        << "merge:1.0<2.0"
                                                        << "2.0,1.0" << ok;
        QTest::newRow("merge-sets same set") << "new:1.0 compat:1.1>1.0"
                                             << "merge:1.0<1.1"
                                             << "1.0,1.1" << ok;
        QTest::newRow("merge-sets unknown primary") << "new:1.0"
                                                    << "merge:9.9<1.0"
                                                    << "1.0"
                                                    << "NOT_FOUND";
        QTest::newRow("merge-sets unknown secondary") << "new:1.0"
                                                      << "merge:1.0<9.9"
                                                      << "1.0"
                                                      << "NOT_FOUND";
        QTest::newRow("empty build ID") << "new:1.0"
                                        << "new:"
                                        << "1.0"
                                        << "INVALID_ARGUMENT";
        QTest::newRow("256-byte build ID")
            << "" << QStringLiteral("new:") + QString(256, QLatin1Char('x')) << ""
            << "INVALID_ARGUMENT";
    }

    void operationMatchesPlanner()
    {
        QFETCH(QString, setup);
        QFETCH(QString, operation);
        QFETCH(QString, expectedSets);
        QFETCH(QString, expectedCode);

        const QString queue = freshQueue("ops");
        for (const BuildIdOperation &op : opsFrom(setup)) {
            auto sent = send(queue, op);
            QVERIFY(sent);
            QVERIFY2(sent->isOk(), qPrintable(op.summary() + QStringLiteral(": ") +
                                              (sent->isOk() ? QString() : sent->error().message)));
        }
        auto before = read(queue);
        QVERIFY(before && before->isOk());

        const VersionSetPlan plan =
            planVersionSetOperation(before->value(), opFrom(operation), m_client->settings().limits);
        QCOMPARE(plan.error ? errorCodeName(plan.error->code) : QStringLiteral("OK"), expectedCode);

        auto sent = send(queue, opFrom(operation));
        QVERIFY(sent);
        QCOMPARE(sent->isOk() ? QStringLiteral("OK") : errorCodeName(sent->error().code), expectedCode);
        if (!sent->isOk())
            qDebug() << "server said:" << sent->error().message << "| planner said:" << plan.error->message;

        auto after = read(queue);
        QVERIFY(after && after->isOk());
        QCOMPARE(notationOf(after->value()), expectedSets);
        QVERIFY(plan.matches(after->value()));
    }

    void versionSetsDisabledIsExplained()
    {
        const QString address = TestServer::plainAddress();
        QVERIFY2(!address.isEmpty(), "the temporal_plain_server fixture did not start");
        TemporalClient plain(TestServer::settingsFor(address));
        auto sets = await<VersionSets>(
            [&](QObject *ctx, auto done) { plain.getVersionSets(ctx, QStringLiteral("q"), done); });
        QVERIFY(sets && !sets->isOk());
        QCOMPARE(sets->error().reason, QStringLiteral("version-sets-unavailable"));
        QCOMPARE(sets->error().code, ErrorCode::PermissionDenied);
        QVERIFY(sets->error().message.contains(QLatin1String("namespace default")));
        QVERIFY(sets->error().detail.contains(QLatin1String("frontend.workerVersioningDataAPIs")));
        auto update = await<Done>([&](QObject *ctx, auto done) {
            plain.updateVersionSets(ctx, QStringLiteral("q"),
                                    BuildIdOperation::addNewDefault(QStringLiteral("1.0")), done);
        });
        QVERIFY(update && !update->isOk());
        QCOMPARE(update->error().reason, QStringLiteral("version-sets-unavailable"));
    }

    void unknownNamespace()
    {
        ConnectionSettings settings = m_client->settings();
        settings.namespaceName = QStringLiteral("no-such-namespace");
        TemporalClient client(settings);
        auto sets = await<VersionSets>(
            [&](QObject *ctx, auto done) { client.getVersionSets(ctx, QStringLiteral("q"), done); });
        QVERIFY(sets && !sets->isOk());
        QCOMPARE(sets->error().code, ErrorCode::NotFound);
        QVERIFY(sets->error().message.contains(QLatin1String("no-such-namespace")));
    }

    void unreachableServer()
    {
        ConnectionSettings settings = TestServer::settingsFor(QStringLiteral("127.0.0.1:1"));
        settings.callTimeoutMs = 3000;
        TemporalClient client(settings);
        auto sets = await<VersionSets>(
            [&](QObject *ctx, auto done) { client.getVersionSets(ctx, QStringLiteral("q"), done); });
        QVERIFY(sets && !sets->isOk());
        QVERIFY(sets->error().code == ErrorCode::Unavailable ||
                sets->error().code == ErrorCode::DeadlineExceeded);
        QCOMPARE(sets->error().reason, QStringLiteral("unreachable"));
        QVERIFY(sets->error().detail.contains(QLatin1String("127.0.0.1:1")));
    }

    void destroyingClientCancelsCallsWithoutCallbacks()
    {
        int callbacks = 0;
        QObject context;
        {
            TemporalClient client(m_client->settings());
            for (int i = 0; i < 20; ++i)
                client.getVersionSets(&context, freshQueue("cancel"),
                                      [&](const Result<VersionSets> &) { ++callbacks; });
            QVERIFY(client.callsInFlight() > 0);
        }
        // Anything that would still arrive has been posted by now; process it.
        QCoreApplication::processEvents();
        QCOMPARE(callbacks, 0);
    }

    void cancelledCallDoesNotCallBack()
    {
        int callbacks = 0;
        QObject context;
        const auto id = m_client->getVersionSets(&context, freshQueue("cancel"),
                                                 [&](const Result<VersionSets> &) { ++callbacks; });
        m_client->cancel(id);
        // A second call on the same client still works and is answered after the first.
        auto sets = read(freshQueue("after-cancel"));
        QVERIFY(sets && sets->isOk());
        QCOMPARE(callbacks, 0);
    }

    void destroyedContextGetsNoCallback()
    {
        int callbacks = 0;
        auto *context = new QObject;
        m_client->getVersionSets(context, freshQueue("ctx"),
                                 [&](const Result<VersionSets> &) { ++callbacks; });
        delete context;
        QTRY_COMPARE(m_client->callsInFlight(), 0);
        QCoreApplication::processEvents();
        QCOMPARE(callbacks, 0);
    }

    void reachabilityIsBatched()
    {
        const QString queue = freshQueue("reach");
        for (const BuildIdOperation &op :
             opsFrom(QStringLiteral("new:1.0 compat:1.1>1.0 compat:1.2>1.0 compat:1.3>1.0 "
                                    "compat:1.4>1.0 new:2.0 compat:2.1>2.0"))) {
            auto sent = send(queue, op);
            QVERIFY(sent && sent->isOk());
        }
        QueueReader reader(m_client.get());
        QSignalSpy spy(&reader, &QueueReader::finished);
        QueueReader::Options options;
        options.reachability = true;
        reader.read(queue, options);
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 20000);
        const auto snapshot = spy.at(0).at(0).value<Result<QueueSnapshot>>();
        QVERIFY(snapshot.isOk());
        QVERIFY2(!snapshot.value().reachabilityError,
                 qPrintable(snapshot.value().reachabilityError
                                ? snapshot.value().reachabilityError->toString()
                                : QString()));
        // Seven build IDs, asked five at a time: every one answered.
        QCOMPARE(snapshot.value().reachability.size(), 7);
        QVERIFY(snapshot.value()
                    .reachability.value(QStringLiteral("2.1"))
                    .reachability.contains(TaskReachability::NewWorkflows));
        QVERIFY(!snapshot.value()
                     .reachability.value(QStringLiteral("1.1"))
                     .reachability.contains(TaskReachability::NewWorkflows));
        QVERIFY(snapshot.value().pollers.has_value());
    }

    void discoveryFindsQueuesOfRecentWorkflows()
    {
        const QString temporal = TestServer::temporalCliIn("VERSIONSCOPE_TEST_SERVER_DIR");
        QVERIFY(!temporal.isEmpty());
        const QStringList queues = {freshQueue("disc-a"), freshQueue("disc-b")};
        for (const QString &queue : queues) {
            QProcess start;
            start.start(temporal,
                        {QStringLiteral("workflow"), QStringLiteral("start"), QStringLiteral("--address"),
                         m_client->settings().address, QStringLiteral("--task-queue"), queue,
                         QStringLiteral("--type"), QStringLiteral("DiscoveryProbe"),
                         QStringLiteral("--workflow-id"), QStringLiteral("probe-") + queue});
            QVERIFY(start.waitForFinished(30000));
            QCOMPARE(start.exitCode(), 0);
        }
        TaskQueueDiscovery discovery(m_client.get());
        QSignalSpy spy(&discovery, &TaskQueueDiscovery::finished);
        // Visibility is eventually consistent: look again until both queues show.
        QStringList found;
        QDeadlineTimer deadline(20000);
        while (!deadline.hasExpired()) {
            spy.clear();
            discovery.start(100, 5);
            QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 15000);
            const auto result = spy.at(0).at(0).value<Result<QList<DiscoveredTaskQueue>>>();
            QVERIFY(result.isOk());
            found.clear();
            for (const DiscoveredTaskQueue &queue : result.value())
                found << queue.name;
            if (found.contains(queues.at(0)) && found.contains(queues.at(1)))
                break;
            QTest::qWait(300);
        }
        QVERIFY2(found.contains(queues.at(0)) && found.contains(queues.at(1)), qPrintable(found.join(u',')));
        // Newest first.
        QVERIFY(found.indexOf(queues.at(1)) < found.indexOf(queues.at(0)));
    }
};

QTEST_GUILESS_MAIN(TestTemporalClient)
#include "tst_temporalclient.moc"
