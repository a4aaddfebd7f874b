#include "support/testserver.h"
#include "temporal/deploymentreader.h"
#include "temporal/temporalclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTest>
#include <QUuid>

#include <algorithm>

using TestServer::await;

// The Worker Deployments read side and every change call against a real dev server, whose fixture
// (tests/integration/CMakeLists.txt, scripts/deployment_worker.py) runs real Python SDK workers:
// orders-svc (only read: v1 current with 2 pinned and 3 auto-upgrade workflows open, v2 polling, both on
// orders-a and orders-b) and payments-svc (v1 and v2 on payments-a and payments-b), which the change tests
// change. Every change test starts from whatever state payments-svc is in, so the order does not matter;
// whatever the server applies asynchronously (visibility, pollers) is waited for by reading again.
class TestDeploymentReader : public QObject
{
    Q_OBJECT

    static constexpr int kEventuallyMs = 60000;
    static inline const QString kIdentity = QStringLiteral("tst-deploymentreader");
    static inline const QString kOrders = QStringLiteral("orders-svc");
    static inline const QString kPayments = QStringLiteral("payments-svc");

    ConnectionSettings m_settings;
    std::unique_ptr<TemporalClient> m_client;
    // What the last polling read saw, for the message when it never got what it waited for.
    QString m_lastSeen;

    std::optional<Result<DeploymentSnapshot>> read(TemporalClient *client, const QString &name,
                                                   DeploymentReader::Options options = {})
    {
        DeploymentReader reader(client);
        return await<DeploymentSnapshot>(
            [&](QObject *ctx, auto done) { reader.read(ctx, name, options, done); });
    }
    std::optional<Result<DeploymentSnapshot>> read(const QString &name,
                                                   DeploymentReader::Options options = {})
    {
        return read(m_client.get(), name, options);
    }
    // The deployment alone, with its conflict token.
    WorkerDeployment describe(const QString &name)
    {
        const auto found = read(name, {false, false, false});
        if (!found || !found->isOk()) {
            m_lastSeen = found ? found->error().toString() : QStringLiteral("no answer");
            return {};
        }
        return found->value().deployment;
    }
    std::optional<Result<QByteArray>> send(const DeploymentOperation &operation, const QByteArray &token)
    {
        // The tests here look at the token; what the server says the routing was is the engine's business.
        const auto reply = await<DeploymentChangeReply>(
            [&](QObject *ctx, auto done) { m_client->changeWorkerDeployment(ctx, operation, token, done); });
        if (!reply)
            return std::nullopt;
        if (!reply->isOk())
            return Result<QByteArray>(reply->error());
        return Result<QByteArray>(reply->value().conflictToken);
    }
    static DeploymentOperation operation(DeploymentOperation::Kind kind, const QString &buildId = {},
                                         double percentage = 0)
    {
        DeploymentOperation op;
        op.kind = kind;
        op.deploymentName = kPayments;
        op.buildId = buildId;
        op.percentage = percentage;
        return op;
    }
    // payments-svc with no ramp and no manager, as every change test wants to start.
    WorkerDeployment cleanPayments()
    {
        WorkerDeployment deployment = describe(kPayments);
        if (!deployment.managerIdentity.isEmpty())
            send(operation(DeploymentOperation::Kind::SetManager), {});
        if (deployment.routing.hasRamp)
            send(operation(DeploymentOperation::Kind::StopRamping), {});
        return describe(kPayments);
    }
    static QString otherOf(const QString &buildId)
    {
        return buildId == QLatin1String("v1") ? QStringLiteral("v2") : QStringLiteral("v1");
    }
    // QVERIFY2 evaluates its message even when the check passes.
    template <typename T> static QString errorText(const Result<T> &result)
    {
        return result.isOk() ? QString() : result.error().toString();
    }
    static QString describeError(const std::optional<Result<QByteArray>> &result)
    {
        if (!result)
            return QStringLiteral("no answer");
        return result->isOk() ? QStringLiteral("accepted") : result->error().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString address = TestServer::addressIn("VERSIONSCOPE_TEST_DEPLOYMENTS_SERVER_DIR");
        QVERIFY2(!address.isEmpty(), "the temporal_deployments_server fixture did not start");
        m_settings = TestServer::settingsFor(address);
        m_settings.identity = kIdentity;
        m_client = std::make_unique<TemporalClient>(m_settings);
    }

    void list()
    {
        DeploymentReader reader(m_client.get());
        QList<WorkerDeploymentSummary> deployments;
        // Read from visibility: a deployment the fixture just created may appear a moment later.
        const auto bothListed = [&] {
            const auto listed = await<QList<WorkerDeploymentSummary>>(
                [&](QObject *ctx, auto done) { reader.list(ctx, done); });
            if (!listed || !listed->isOk()) {
                m_lastSeen = listed ? listed->error().toString() : QStringLiteral("no answer");
                return false;
            }
            deployments = listed->value();
            QStringList names;
            for (const WorkerDeploymentSummary &summary : deployments)
                names << summary.name;
            m_lastSeen = names.join(QLatin1String(", "));
            return names.contains(kOrders) && names.contains(kPayments);
        };
        QTRY_VERIFY2_WITH_TIMEOUT(bothListed(), qPrintable(m_lastSeen), kEventuallyMs);
        for (const QString &name : {kOrders, kPayments}) {
            QCOMPARE(
                std::count_if(deployments.cbegin(), deployments.cend(),
                              [&](const WorkerDeploymentSummary &summary) { return summary.name == name; }),
                1);
        }
        const WorkerDeploymentSummary orders =
            *std::find_if(deployments.cbegin(), deployments.cend(),
                          [](const WorkerDeploymentSummary &summary) { return summary.name == kOrders; });
        QVERIFY(orders.createTime.isValid());
        QVERIFY(orders.latestBuildId == QLatin1String("v1") || orders.latestBuildId == QLatin1String("v2"));
        // The list's routing is eventually consistent too; orders-svc's only change was the fixture's.
        QTRY_VERIFY_WITH_TIMEOUT(bothListed() && std::any_of(deployments.cbegin(), deployments.cend(),
                                                             [](const WorkerDeploymentSummary &summary) {
                                                                 return summary.name == kOrders &&
                                                                        summary.routing.currentBuildId ==
                                                                            QLatin1String("v1");
                                                             }),
                                 kEventuallyMs);
    }

    void describeDeployment()
    {
        // A client of its own, so that its call counts are this read's.
        TemporalClient client(m_settings);
        const auto found = read(&client, kOrders, {false, false, false});
        QVERIFY(found);
        QVERIFY2(found->isOk(), qPrintable(errorText(*found)));
        const DeploymentSnapshot &snapshot = found->value();
        const WorkerDeployment &deployment = snapshot.deployment;
        QCOMPARE(deployment.name, kOrders);
        QVERIFY(!deployment.conflictToken.isEmpty());
        QVERIFY(deployment.createTime.isValid());
        QVERIFY(snapshot.readAt.isValid());
        QCOMPARE(deployment.routing.currentBuildId, QStringLiteral("v1"));
        QVERIFY(!deployment.routing.hasRamp);
        QCOMPARE(deployment.routing.rampingPercentage, 0.0);
        QVERIFY(deployment.routing.revisionNumber >= 1);
        QVERIFY(deployment.routing.currentChangedTime.isValid());
        QCOMPARE(deployment.lastModifierIdentity, QStringLiteral("deployment-worker-fixture"));
        QCOMPARE(deployment.managerIdentity, QString());
        QMap<QString, DeploymentVersionStatus> statuses;
        for (const DeploymentVersionSummary &version : deployment.versions)
            statuses.insert(version.buildId, version.status);
        const QMap<QString, DeploymentVersionStatus> expected{
            {QStringLiteral("v1"), DeploymentVersionStatus::Current},
            {QStringLiteral("v2"), DeploymentVersionStatus::Inactive}};
        QCOMPARE(statuses, expected);
        // Nothing asked for, nothing read.
        QVERIFY(snapshot.details.isEmpty());
        QVERIFY(!snapshot.pollers);
        QVERIFY(snapshot.workflowCounts.isEmpty());
        QCOMPARE(client.callCounts(), (QHash<QString, int>{{QStringLiteral("DescribeWorkerDeployment"), 1}}));
    }

    // What deploymentreader.h says a full read costs: two versions on two queues, 11 calls.
    void readCost()
    {
        TemporalClient client(m_settings);
        const auto found = read(&client, kOrders);
        QVERIFY(found);
        QVERIFY2(found->isOk(), qPrintable(errorText(*found)));
        const QHash<QString, int> expected{{QStringLiteral("DescribeWorkerDeployment"), 1},
                                           {QStringLiteral("DescribeWorkerDeploymentVersion"), 2},
                                           {QStringLiteral("CountWorkflowExecutions"), 4},
                                           {QStringLiteral("DescribeTaskQueue"), 4}};
        QCOMPARE(client.callCounts(), expected);
        QCOMPARE(client.totalCalls(), 11);
    }

    void versionDetails_data()
    {
        QTest::addColumn<QString>("buildId");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("everCurrent");
        QTest::newRow("v1 current") << QStringLiteral("v1") << int(DeploymentVersionStatus::Current) << true;
        QTest::newRow("v2 inactive") << QStringLiteral("v2") << int(DeploymentVersionStatus::Inactive)
                                     << false;
    }
    void versionDetails()
    {
        QFETCH(QString, buildId);
        QFETCH(int, status);
        QFETCH(bool, everCurrent);
        const auto found = read(kOrders, {true, false, false});
        QVERIFY(found);
        QVERIFY2(found->isOk(), qPrintable(errorText(*found)));
        QVERIFY(!found->value().detailsError);
        QVERIFY(found->value().details.contains(buildId));
        const DeploymentVersionDetails details = found->value().details.value(buildId);
        QCOMPARE(details.version, (DeploymentVersionRef{kOrders, buildId}));
        QCOMPARE(int(details.status), status);
        QVERIFY(details.createTime.isValid());
        QCOMPARE(details.currentSinceTime.isValid(), everCurrent);
        QCOMPARE(details.routingChangedTime.isValid(), everCurrent);
        // Server 1.31.2 fills first_activation_time and last_current_time in the deployment's version
        // summaries but not here, so they are not checked.
        QCOMPARE(details.rampPercentage, 0.0);
        QList<VersionTaskQueue> queues = details.taskQueues;
        std::sort(queues.begin(), queues.end(), [](const VersionTaskQueue &a, const VersionTaskQueue &b) {
            return std::pair(a.name, a.type) < std::pair(b.name, b.type);
        });
        const QList<VersionTaskQueue> expected{{QStringLiteral("orders-a"), 1},
                                               {QStringLiteral("orders-a"), 2},
                                               {QStringLiteral("orders-b"), 1},
                                               {QStringLiteral("orders-b"), 2}};
        QCOMPARE(queues, expected);
    }

    void pollers_data()
    {
        QTest::addColumn<QString>("buildId");
        QTest::addColumn<QString>("taskQueue");
        QTest::addColumn<int>("type");
        for (const char *build : {"v1", "v2"}) {
            for (const char *queue : {"orders-a", "orders-b"}) {
                for (int type : {1, 2}) {
                    QTest::addRow("%s %s %s", build, queue, type == 1 ? "workflow" : "activity")
                        << QString::fromLatin1(build) << QString::fromLatin1(queue) << type;
                }
            }
        }
    }
    void pollers()
    {
        QFETCH(QString, buildId);
        QFETCH(QString, taskQueue);
        QFETCH(int, type);
        // The fixture names each worker after its version and queue.
        const QString identity = kOrders + QLatin1Char('-') + buildId + QLatin1Char('-') + taskQueue;
        DeploymentPoller seen;
        // A poller shows once one of its long polls reached the queue's root partition.
        const auto polled = [&] {
            const auto found = read(kOrders, {false, true, false});
            if (!found || !found->isOk() || !found->value().pollers) {
                m_lastSeen = !found           ? QStringLiteral("no answer")
                             : !found->isOk() ? found->error().toString()
                                              : found->value().pollersError.value_or(Error()).toString();
                return false;
            }
            m_lastSeen.clear();
            for (const DeploymentPoller &poller : *found->value().pollers) {
                m_lastSeen += poller.identity + QLatin1Char('/') + QString::number(poller.taskQueueType) +
                              QLatin1Char(' ');
                if (poller.identity == identity && poller.taskQueueType == type) {
                    seen = poller;
                    return true;
                }
            }
            return false;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(polled(), qPrintable(m_lastSeen), kEventuallyMs);
        QCOMPARE(seen.deploymentName, kOrders);
        QCOMPARE(seen.buildId, buildId);
        QCOMPARE(seen.taskQueue, taskQueue);
        QVERIFY(seen.lastAccessTime.isValid());
        QVERIFY(qAbs(seen.lastAccessTime.secsTo(QDateTime::currentDateTimeUtc())) < 300);
    }

    void workflowCounts_data()
    {
        QTest::addColumn<QString>("buildId");
        QTest::addColumn<qint64>("pinned");
        QTest::addColumn<qint64>("autoUpgrade");
        QTest::newRow("v1, current") << QStringLiteral("v1") << qint64(2) << qint64(3);
        QTest::newRow("v2, no workflows") << QStringLiteral("v2") << qint64(0) << qint64(0);
    }
    void workflowCounts()
    {
        QFETCH(QString, buildId);
        QFETCH(qint64, pinned);
        QFETCH(qint64, autoUpgrade);
        const VersionWorkflowCounts expected{pinned, autoUpgrade};
        // Visibility records the versioning search attributes shortly after each workflow's first task.
        const auto counted = [&] {
            const auto found = read(kOrders, {false, false, true});
            if (!found || !found->isOk()) {
                m_lastSeen = found ? found->error().toString() : QStringLiteral("no answer");
                return false;
            }
            if (found->value().workflowCountsError) {
                m_lastSeen = found->value().workflowCountsError->toString();
                return false;
            }
            const VersionWorkflowCounts counts = found->value().workflowCounts.value(buildId);
            m_lastSeen = QStringLiteral("pinned %1, auto-upgrade %2")
                             .arg(counts.pinned ? QString::number(*counts.pinned) : QStringLiteral("unknown"),
                                  counts.autoUpgrade ? QString::number(*counts.autoUpgrade)
                                                     : QStringLiteral("unknown"));
            return counts == expected;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(counted(), qPrintable(m_lastSeen), kEventuallyMs);
    }

    void missingDeployment()
    {
        const auto found = read(QStringLiteral("no-such-svc"));
        QVERIFY(found);
        QVERIFY(!found->isOk());
        QCOMPARE(found->error().code, ErrorCode::NotFound);
        QCOMPARE(found->error().message, QStringLiteral("no Worker Deployment found with name 'no-such-svc'; "
                                                        "does your Worker Deployment have pollers?"));

        const auto version = await<DeploymentVersionDetails>([&](QObject *ctx, auto done) {
            m_client->describeWorkerDeploymentVersion(ctx, {kOrders, QStringLiteral("v9")}, done);
        });
        QVERIFY(version);
        QVERIFY(!version->isOk());
        QCOMPARE(version->error().code, ErrorCode::NotFound);
        QCOMPARE(version->error().message, QStringLiteral("Worker Deployment Version not found"));
    }

    void setCurrentVersion()
    {
        const WorkerDeployment before = cleanPayments();
        QVERIFY2(!before.conflictToken.isEmpty(), qPrintable(m_lastSeen));
        const QString target = otherOf(before.routing.currentBuildId);
        const auto sent =
            send(operation(DeploymentOperation::Kind::SetCurrent, target), before.conflictToken);
        QVERIFY2(sent && sent->isOk(), qPrintable(describeError(sent)));
        QVERIFY(!sent->value().isEmpty());
        QVERIFY(sent->value() != before.conflictToken);

        const WorkerDeployment after = describe(kPayments);
        QCOMPARE(after.routing.currentBuildId, target);
        QCOMPARE(after.lastModifierIdentity, kIdentity);
        QCOMPARE(after.conflictToken, sent->value());
        QVERIFY(after.routing.revisionNumber > before.routing.revisionNumber);

        // The token of the read before the change is stale now: refused, nothing changed.
        const auto stale =
            send(operation(DeploymentOperation::Kind::SetCurrent, before.routing.currentBuildId),
                 before.conflictToken);
        QVERIFY(stale);
        QVERIFY(!stale->isOk());
        QCOMPARE(stale->error().code, ErrorCode::FailedPrecondition);
        QCOMPARE(stale->error().message, QStringLiteral("conflict token mismatch"));
        QCOMPARE(describe(kPayments).routing.currentBuildId, target);

        const auto unknown = send(operation(DeploymentOperation::Kind::SetCurrent, QStringLiteral("v9")), {});
        QVERIFY(unknown);
        QVERIFY(!unknown->isOk());
        QCOMPARE(unknown->error().code, ErrorCode::NotFound);
        QCOMPARE(unknown->error().message,
                 QStringLiteral("build ID 'v9' not found in Worker Deployment 'payments-svc'"));
    }

    void rampingVersion()
    {
        const WorkerDeployment before = cleanPayments();
        QVERIFY2(!before.conflictToken.isEmpty(), qPrintable(m_lastSeen));
        const QString ramped = otherOf(before.routing.currentBuildId);
        QByteArray token = before.conflictToken;
        struct Step
        {
            DeploymentOperation operation;
            bool hasRamp;
            QString rampingBuildId;
            double percentage;
        };
        const QList<Step> steps{
            {operation(DeploymentOperation::Kind::SetRamping, ramped, 25), true, ramped, 25},
            // Changing the percentage is the same call.
            {operation(DeploymentOperation::Kind::SetRamping, ramped, 50), true, ramped, 50},
            // A ramp to the unversioned workers: only the deprecated ramping_version string shows it.
            {operation(DeploymentOperation::Kind::SetRamping, QString(), 10), true, QString(), 10},
            {operation(DeploymentOperation::Kind::StopRamping), false, QString(), 0},
        };
        for (const Step &step : steps) {
            const auto sent = send(step.operation, token);
            QVERIFY2(sent && sent->isOk(), qPrintable(describeError(sent)));
            const WorkerDeployment after = describe(kPayments);
            QCOMPARE(after.routing.hasRamp, step.hasRamp);
            QCOMPARE(after.routing.rampingBuildId, step.rampingBuildId);
            QCOMPARE(after.routing.rampingPercentage, step.percentage);
            QCOMPARE(after.routing.currentBuildId, before.routing.currentBuildId);
            QCOMPARE(after.conflictToken, sent->value());
            token = sent->value();
        }

        const auto tooMuch = send(operation(DeploymentOperation::Kind::SetRamping, ramped, 150), token);
        QVERIFY(tooMuch);
        QVERIFY(!tooMuch->isOk());
        QCOMPARE(tooMuch->error().code, ErrorCode::InvalidArgument);
        QCOMPARE(tooMuch->error().message,
                 QStringLiteral("Percentage must be between 0 and 100 (inclusive)"));
    }

    void versionMetadata()
    {
        DeploymentOperation upsert =
            operation(DeploymentOperation::Kind::UpdateMetadata, QStringLiteral("v2"));
        upsert.upsertMetadata = {
            {QStringLiteral("owner"), QStringLiteral("team-payments")},
            {QStringLiteral("rollout"),
             QJsonObject{{QStringLiteral("step"), 2}, {QStringLiteral("canary"), true}}},
            {QStringLiteral("ticket"), 42},
            {QStringLiteral("regions"), QJsonArray{QStringLiteral("eu"), QStringLiteral("us")}},
        };
        const auto metadata = [&] {
            const auto found = await<DeploymentVersionDetails>([&](QObject *ctx, auto done) {
                m_client->describeWorkerDeploymentVersion(ctx, {kPayments, QStringLiteral("v2")}, done);
            });
            return found && found->isOk() ? found->value().metadata : QMap<QString, QJsonValue>();
        };
        const auto sent = send(upsert, {});
        QVERIFY2(sent && sent->isOk(), qPrintable(describeError(sent)));
        QCOMPARE(sent->value(), QByteArray());
        QCOMPARE(metadata(), upsert.upsertMetadata);

        DeploymentOperation change =
            operation(DeploymentOperation::Kind::UpdateMetadata, QStringLiteral("v2"));
        change.upsertMetadata = {{QStringLiteral("owner"), QStringLiteral("team-b")}};
        change.removeMetadata = {QStringLiteral("ticket"), QStringLiteral("regions"),
                                 QStringLiteral("rollout")};
        const auto changed = send(change, {});
        QVERIFY2(changed && changed->isOk(), qPrintable(describeError(changed)));
        QCOMPARE(metadata(), change.upsertMetadata);
    }

    void managerIdentity()
    {
        const WorkerDeployment before = cleanPayments();
        QVERIFY2(!before.conflictToken.isEmpty(), qPrintable(m_lastSeen));
        // Whatever happens below, the other tests must not find a manager set.
        const auto unset =
            qScopeGuard([this] { send(operation(DeploymentOperation::Kind::SetManager), {}); });

        DeploymentOperation other = operation(DeploymentOperation::Kind::SetManager);
        other.managerIdentity = QStringLiteral("someone-else");
        const auto sent = send(other, before.conflictToken);
        QVERIFY2(sent && sent->isOk(), qPrintable(describeError(sent)));
        QVERIFY(!sent->value().isEmpty());
        const WorkerDeployment managed = describe(kPayments);
        QCOMPARE(managed.managerIdentity, QStringLiteral("someone-else"));
        QCOMPARE(managed.conflictToken, sent->value());

        // Another manager: our routing change is refused, in the server's words.
        const auto refused = send(
            operation(DeploymentOperation::Kind::SetRamping, otherOf(before.routing.currentBuildId), 10), {});
        QVERIFY(refused);
        QVERIFY(!refused->isOk());
        QCOMPARE(refused->error().code, ErrorCode::FailedPrecondition);
        QCOMPARE(
            refused->error().message,
            QStringLiteral("ManagerIdentity 'someone-else' is set and does not match user identity "
                           "'tst-deploymentreader'; to proceed, set your own identity as the "
                           "ManagerIdentity, remove the ManagerIdentity, or wait for the other client to do "
                           "so"));

        const auto removed = send(operation(DeploymentOperation::Kind::SetManager), managed.conflictToken);
        QVERIFY2(removed && removed->isOk(), qPrintable(describeError(removed)));
        QCOMPARE(describe(kPayments).managerIdentity, QString());

        DeploymentOperation self = operation(DeploymentOperation::Kind::SetManager);
        self.managerSelf = true;
        const auto mine = send(self, {});
        QVERIFY2(mine && mine->isOk(), qPrintable(describeError(mine)));
        QCOMPARE(describe(kPayments).managerIdentity, kIdentity);

        const auto removedAgain = send(operation(DeploymentOperation::Kind::SetManager), {});
        QVERIFY2(removedAgain && removedAgain->isOk(), qPrintable(describeError(removedAgain)));
        QCOMPARE(describe(kPayments).managerIdentity, QString());
    }

    void deleteVersion()
    {
        const WorkerDeployment before = cleanPayments();
        QVERIFY2(!before.conflictToken.isEmpty(), qPrintable(m_lastSeen));
        const QString current = before.routing.currentBuildId;
        const auto refusedCurrent = send(operation(DeploymentOperation::Kind::DeleteVersion, current), {});
        QVERIFY(refusedCurrent);
        QVERIFY(!refusedCurrent->isOk());
        QCOMPARE(refusedCurrent->error().code, ErrorCode::FailedPrecondition);
        QCOMPARE(refusedCurrent->error().message,
                 QStringLiteral("version 'payments-svc:%1' cannot be deleted since it is current or ramping")
                     .arg(current));

        // Skipping drainage reaches the next check: its workers still poll.
        DeploymentOperation polled = operation(DeploymentOperation::Kind::DeleteVersion, otherOf(current));
        polled.skipDrainage = true;
        const auto refusedPolled = send(polled, {});
        QVERIFY(refusedPolled);
        QVERIFY(!refusedPolled->isOk());
        QCOMPARE(refusedPolled->error().code, ErrorCode::FailedPrecondition);
        QCOMPARE(refusedPolled->error().message,
                 QStringLiteral("version 'payments-svc:%1' cannot be deleted since it has active pollers")
                     .arg(otherOf(current)));

        // A version nobody ever polled: created by a ramp that allows no pollers, then left.
        const QString ghost =
            QStringLiteral("ghost-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
        DeploymentOperation ramp = operation(DeploymentOperation::Kind::SetRamping, ghost, 5);
        ramp.allowNoPollers = true;
        const auto ramped = send(ramp, {});
        QVERIFY2(ramped && ramped->isOk(), qPrintable(describeError(ramped)));
        const auto stopped = send(operation(DeploymentOperation::Kind::StopRamping), ramped->value());
        QVERIFY2(stopped && stopped->isOk(), qPrintable(describeError(stopped)));
        const WorkerDeployment withGhost = describe(kPayments);
        QVERIFY(
            std::any_of(withGhost.versions.cbegin(), withGhost.versions.cend(),
                        [&](const DeploymentVersionSummary &version) { return version.buildId == ghost; }));

        const auto draining = send(operation(DeploymentOperation::Kind::DeleteVersion, ghost), {});
        QVERIFY(draining);
        QVERIFY(!draining->isOk());
        QCOMPARE(draining->error().code, ErrorCode::FailedPrecondition);
        QCOMPARE(
            draining->error().message,
            QStringLiteral("version 'payments-svc:%1' cannot be deleted since it is draining").arg(ghost));

        DeploymentOperation remove = operation(DeploymentOperation::Kind::DeleteVersion, ghost);
        remove.skipDrainage = true;
        const auto deleted = send(remove, {});
        QVERIFY2(deleted && deleted->isOk(), qPrintable(describeError(deleted)));
        QCOMPARE(deleted->value(), QByteArray());
        const WorkerDeployment after = describe(kPayments);
        QVERIFY(
            std::none_of(after.versions.cbegin(), after.versions.cend(),
                         [&](const DeploymentVersionSummary &version) { return version.buildId == ghost; }));
        QCOMPARE(after.versions.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDeploymentReader)
#include "tst_deploymentreader.moc"
