#include "deployments/deploymentjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <functional>

Q_DECLARE_METATYPE(DeploymentRouting)
Q_DECLARE_METATYPE(WorkerDeployment)
Q_DECLARE_METATYPE(DeploymentOperation)
Q_DECLARE_METATYPE(DeploymentVersionDetails)

namespace {

QDateTime at(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODateWithMs);
}

// Through text too: what the history store and exports write is the document, not the object.
QJsonObject throughText(const QJsonObject &object)
{
    return QJsonDocument::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact)).object();
}

QJsonObject parse(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    Q_ASSERT(error.error == QJsonParseError::NoError);
    return document.object();
}

DeploymentRouting fullRouting()
{
    DeploymentRouting routing;
    routing.currentBuildId = QStringLiteral("v2");
    routing.hasRamp = true;
    routing.rampingBuildId = QStringLiteral("v3");
    // What a float32 percentage of 10.1 reads as: the round trip must keep every bit.
    routing.rampingPercentage = double(10.1f);
    routing.currentChangedTime = at(QStringLiteral("2026-11-29T03:55:45.123Z"));
    routing.rampingChangedTime = at(QStringLiteral("2026-11-29T04:00:00.000Z"));
    routing.rampingPercentageChangedTime = at(QStringLiteral("2026-11-29T04:10:00.999+02:00"));
    routing.revisionNumber = 17;
    return routing;
}

DeploymentVersionSummary summary(const QString &buildId, DeploymentVersionStatus status)
{
    DeploymentVersionSummary s;
    s.buildId = buildId;
    s.status = status;
    s.createTime = at(QStringLiteral("2026-11-28T10:00:00.001Z"));
    return s;
}

WorkerDeployment fullDeployment()
{
    WorkerDeployment deployment;
    deployment.name = QStringLiteral("svc");
    deployment.createTime = at(QStringLiteral("2026-11-28T09:59:59.500Z"));
    deployment.routing = fullRouting();
    DeploymentVersionSummary v1 = summary(QStringLiteral("v1"), DeploymentVersionStatus::Draining);
    v1.drainage.status = DrainageStatus::Draining;
    v1.drainage.lastChangedTime = at(QStringLiteral("2026-11-29T03:55:45.123Z"));
    v1.drainage.lastCheckedTime = at(QStringLiteral("2026-11-29T03:58:45.456Z"));
    v1.lastCurrentTime = at(QStringLiteral("2026-11-29T03:55:45.123Z"));
    v1.lastDeactivationTime = at(QStringLiteral("2026-11-29T03:55:45.124Z"));
    DeploymentVersionSummary v2 = summary(QStringLiteral("v2"), DeploymentVersionStatus::Current);
    v2.currentSinceTime = at(QStringLiteral("2026-11-29T03:55:45.123Z"));
    v2.firstActivationTime = at(QStringLiteral("2026-11-29T03:55:45.123Z"));
    v2.routingUpdateTime = at(QStringLiteral("2026-11-29T03:55:45.123Z"));
    DeploymentVersionSummary v3 = summary(QStringLiteral("v3"), DeploymentVersionStatus::Ramping);
    v3.rampingSinceTime = at(QStringLiteral("2026-11-29T04:00:00Z"));
    deployment.versions = {v1, v2, v3};
    deployment.lastModifierIdentity = QStringLiteral("alice@laptop (Versionscope)");
    deployment.managerIdentity = QStringLiteral("argo-rollouts");
    deployment.routingUpdateState = WorkerDeployment::RoutingUpdateState::InProgress;
    deployment.conflictToken = QByteArray("\x01\x00\xff\x80token", 9);
    return deployment;
}

DeploymentVersionDetails fullDetails()
{
    DeploymentVersionDetails details;
    details.version = {QStringLiteral("svc"), QStringLiteral("v3")};
    details.status = DeploymentVersionStatus::Ramping;
    details.createTime = at(QStringLiteral("2026-11-28T10:00:00.001Z"));
    details.routingChangedTime = at(QStringLiteral("2026-11-29T04:00:00.000Z"));
    details.rampingSinceTime = at(QStringLiteral("2026-11-29T04:00:00.000Z"));
    details.firstActivationTime = at(QStringLiteral("2026-11-29T04:00:00.000Z"));
    details.rampPercentage = 12.5;
    details.drainage.status = DrainageStatus::Unspecified;
    details.metadata.insert(QStringLiteral("owner"), QStringLiteral("payments"));
    details.metadata.insert(
        QStringLiteral("limits"),
        QJsonObject{{QStringLiteral("cpu"), 2}, {QStringLiteral("tags"), QJsonArray{1, true}}});
    details.metadata.insert(QStringLiteral("none"), QJsonValue::Null);
    details.lastModifierIdentity = QStringLiteral("bob");
    details.taskQueues = {{QStringLiteral("orders"), 1},
                          {QStringLiteral("orders"), 2},
                          {QStringLiteral("ops"), 3},
                          {QStringLiteral("future"), 7}};
    return details;
}

DeploymentOperation fullOperation()
{
    DeploymentOperation op;
    op.kind = DeploymentOperation::Kind::UpdateMetadata;
    op.deploymentName = QStringLiteral("svc");
    op.buildId = QStringLiteral("v2");
    op.percentage = 150; // an operation keeps what was asked; the preview says the server refuses it
    op.ignoreMissingTaskQueues = true;
    op.allowNoPollers = true;
    op.skipDrainage = true;
    op.upsertMetadata.insert(QStringLiteral("owner"), QStringLiteral("payments"));
    op.upsertMetadata.insert(QStringLiteral("n"), 3.5);
    op.removeMetadata = {QStringLiteral("a"), QStringLiteral("b")};
    op.managerIdentity = QStringLiteral("argo");
    return op;
}

using Reader = std::function<std::optional<Error>(const QJsonObject &)>;

template <typename T> Reader readerOf(Result<T> (*read)(const QJsonObject &))
{
    return [read](const QJsonObject &json) -> std::optional<Error> {
        const Result<T> result = read(json);
        if (result.isOk())
            return std::nullopt;
        return result.error();
    };
}

} // namespace

Q_DECLARE_METATYPE(Reader)

class TestDeploymentJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void routingRoundTrip_data()
    {
        QTest::addColumn<DeploymentRouting>("routing");
        QTest::newRow("empty") << DeploymentRouting();
        QTest::newRow("full") << fullRouting();
        DeploymentRouting unversionedRamp = fullRouting();
        unversionedRamp.rampingBuildId.clear();
        QTest::newRow("ramp to unversioned") << unversionedRamp;
        DeploymentRouting noRamp;
        noRamp.currentBuildId = QStringLiteral("v1");
        noRamp.revisionNumber = (qint64(1) << 53);
        QTest::newRow("no ramp, large revision") << noRamp;
    }

    void routingRoundTrip()
    {
        QFETCH(DeploymentRouting, routing);
        const Result<DeploymentRouting> back =
            deploymentRoutingFromJson(throughText(deploymentRoutingToJson(routing)));
        QVERIFY2(back.isOk(), qPrintable(back.isOk() ? QString() : back.error().message));
        QCOMPARE(back.value(), routing);
    }

    void routingShape()
    {
        QCOMPARE(
            QJsonDocument(deploymentRoutingToJson(fullRouting())).toJson(QJsonDocument::Compact),
            QByteArray(R"({"currentBuildId":"v2","currentChangedTime":"2026-11-29T03:55:45.123Z",)"
                       R"("hasRamp":true,"rampingBuildId":"v3",)"
                       R"("rampingChangedTime":"2026-11-29T04:00:00.000Z",)"
                       R"("rampingPercentage":10.100000381469727,)"
                       R"("rampingPercentageChangedTime":"2026-11-29T02:10:00.999Z","revisionNumber":17})"));
        const QJsonObject empty = deploymentRoutingToJson(DeploymentRouting());
        QCOMPARE(empty.value(QStringLiteral("currentChangedTime")), QJsonValue(QJsonValue::Null));
    }

    void deploymentRoundTrip_data()
    {
        QTest::addColumn<WorkerDeployment>("deployment");
        WorkerDeployment minimal;
        minimal.name = QStringLiteral("svc");
        QTest::newRow("minimal") << minimal;
        QTest::newRow("full") << fullDeployment();
    }

    void deploymentRoundTrip()
    {
        QFETCH(WorkerDeployment, deployment);
        const QJsonObject json = throughText(workerDeploymentToJson(deployment));
        const Result<WorkerDeployment> back = workerDeploymentFromJson(json);
        QVERIFY2(back.isOk(), qPrintable(back.isOk() ? QString() : back.error().message));
        QCOMPARE(back.value(), deployment);
        QCOMPARE(back.value().conflictToken, deployment.conflictToken);
        for (qsizetype i = 0; i < deployment.versions.size(); ++i) {
            const Result<DeploymentVersionSummary> version = deploymentVersionSummaryFromJson(
                json.value(QStringLiteral("versions")).toArray().at(i).toObject());
            QVERIFY(version.isOk());
            QCOMPARE(version.value(), deployment.versions.at(i));
        }
    }

    void deploymentShape()
    {
        const QJsonObject json = workerDeploymentToJson(fullDeployment());
        QCOMPARE(json.value(QStringLiteral("conflictToken")).toString(), QStringLiteral("AQD/gHRva2Vu"));
        QCOMPARE(json.value(QStringLiteral("routingUpdateState")).toString(), QStringLiteral("in-progress"));
        const QJsonObject v1 = json.value(QStringLiteral("versions")).toArray().at(0).toObject();
        QCOMPARE(v1.value(QStringLiteral("status")).toString(), QStringLiteral("draining"));
        QCOMPARE(v1.value(QStringLiteral("drainage")).toObject(),
                 parse(R"({"status":"draining","lastChangedTime":"2026-11-29T03:55:45.123Z",)"
                       R"("lastCheckedTime":"2026-11-29T03:58:45.456Z"})"));
    }

    void operationRoundTrip_data()
    {
        QTest::addColumn<DeploymentOperation>("operation");
        QTest::newRow("set current") << DeploymentOperation::setCurrent(QStringLiteral("svc"),
                                                                        QStringLiteral("v2"));
        QTest::newRow("ramp unversioned")
            << DeploymentOperation::setRamping(QStringLiteral("svc"), QString(), 5);
        QTest::newRow("stop ramping") << DeploymentOperation::stopRamping(QStringLiteral("svc"));
        QTest::newRow("delete") << DeploymentOperation::deleteVersion(QStringLiteral("svc"),
                                                                      QStringLiteral("v1"), true);
        QTest::newRow("everything set") << fullOperation();
        DeploymentOperation self;
        self.kind = DeploymentOperation::Kind::SetManager;
        self.deploymentName = QStringLiteral("svc");
        self.managerSelf = true;
        QTest::newRow("manager self") << self;
    }

    void operationRoundTrip()
    {
        QFETCH(DeploymentOperation, operation);
        const Result<DeploymentOperation> back =
            deploymentOperationFromJson(throughText(deploymentOperationToJson(operation)));
        QVERIFY2(back.isOk(), qPrintable(back.isOk() ? QString() : back.error().message));
        QCOMPARE(back.value(), operation);
    }

    void operationShape()
    {
        QCOMPARE(
            deploymentOperationToJson(
                DeploymentOperation::setRamping(QStringLiteral("svc"), QStringLiteral("v3"), 10)),
            parse(R"({"kind":"set-ramping","deploymentName":"svc","buildId":"v3","percentage":10,)"
                  R"("ignoreMissingTaskQueues":false,"allowNoPollers":false,"skipDrainage":false,)"
                  R"("upsertMetadata":{},"removeMetadata":[],"managerIdentity":"","managerSelf":false})"));
        // Older files may hold only what mattered then.
        const Result<DeploymentOperation> minimal =
            deploymentOperationFromJson(parse(R"({"kind":"stop-ramping","deploymentName":"svc"})"));
        QVERIFY(minimal.isOk());
        QCOMPARE(minimal.value(), DeploymentOperation::stopRamping(QStringLiteral("svc")));
    }

    void detailsRoundTrip_data()
    {
        QTest::addColumn<DeploymentVersionDetails>("details");
        DeploymentVersionDetails minimal;
        minimal.version = {QStringLiteral("svc"), QStringLiteral("v1")};
        QTest::newRow("minimal") << minimal;
        QTest::newRow("full") << fullDetails();
    }

    void detailsRoundTrip()
    {
        QFETCH(DeploymentVersionDetails, details);
        const Result<DeploymentVersionDetails> back =
            deploymentVersionDetailsFromJson(throughText(deploymentVersionDetailsToJson(details)));
        QVERIFY2(back.isOk(), qPrintable(back.isOk() ? QString() : back.error().message));
        QCOMPARE(back.value(), details);
    }

    void detailsShape()
    {
        const QJsonObject json = deploymentVersionDetailsToJson(fullDetails());
        QCOMPARE(json.value(QStringLiteral("version")).toObject(),
                 parse(R"({"deploymentName":"svc","buildId":"v3"})"));
        QCOMPARE(json.value(QStringLiteral("taskQueues")).toArray(),
                 parse(R"({"q":[{"name":"orders","type":"workflow"},{"name":"orders","type":"activity"},)"
                       R"({"name":"ops","type":"nexus"},{"name":"future","type":7}]})")
                     .value(QStringLiteral("q"))
                     .toArray());
        QCOMPARE(json.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("owner")).toString(),
                 QStringLiteral("payments"));
    }

    void timesAreUtcWithMilliseconds()
    {
        QCOMPARE(deploymentTimeToJson(at(QStringLiteral("2026-11-29T05:55:45.1+02:00"))),
                 QJsonValue(QStringLiteral("2026-11-29T03:55:45.100Z")));
        QCOMPARE(deploymentTimeToJson(QDateTime()), QJsonValue(QJsonValue::Null));
        // Other precisions and offsets are read, and read as UTC.
        const Result<DeploymentRouting> routing = deploymentRoutingFromJson(parse(
            R"({"currentChangedTime":"2026-11-29T05:55:45+02:00","rampingChangedTime":"2026-11-29T03:55:45.5Z"})"));
        QVERIFY(routing.isOk());
        QCOMPARE(routing.value().currentChangedTime, at(QStringLiteral("2026-11-29T03:55:45Z")));
        QCOMPARE(routing.value().currentChangedTime.timeSpec(), Qt::UTC);
        QCOMPARE(routing.value().rampingChangedTime, at(QStringLiteral("2026-11-29T03:55:45.500Z")));
    }

    void malformedIsRefused_data()
    {
        QTest::addColumn<Reader>("read");
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");

        const Reader routing = readerOf(deploymentRoutingFromJson);
        const Reader deployment = readerOf(workerDeploymentFromJson);
        const Reader summary = readerOf(deploymentVersionSummaryFromJson);
        const Reader operation = readerOf(deploymentOperationFromJson);
        const Reader details = readerOf(deploymentVersionDetailsFromJson);

        QTest::newRow("percentage as string")
            << routing << R"({"rampingPercentage":"10"})"
            << "routing.rampingPercentage: expected a number, found a string";
        QTest::newRow("percentage above 100") << routing << R"({"hasRamp":true,"rampingPercentage":120})"
                                              << "routing.rampingPercentage: 120 is outside 0–100";
        QTest::newRow("negative percentage") << routing << R"({"hasRamp":true,"rampingPercentage":-1})"
                                             << "routing.rampingPercentage: -1 is outside 0–100";
        QTest::newRow("ramp target without ramp")
            << routing << R"({"hasRamp":false,"rampingBuildId":"v3"})"
            << "routing.hasRamp: false, but a ramping version or percentage is given";
        QTest::newRow("fractional revision") << routing << R"({"revisionNumber":1.5})"
                                             << "routing.revisionNumber: expected a whole number, found 1.5";
        QTest::newRow("revision not digits")
            << routing << R"({"revisionNumber":"x"})"
            << "routing.revisionNumber: expected a whole number, found \"x\"";
        QTest::newRow("time without zone")
            << routing << R"({"currentChangedTime":"2026-11-29T03:55:45"})"
            << "routing.currentChangedTime: \"2026-11-29T03:55:45\" is not an ISO 8601 "
               "time with a zone (2026-11-29T03:55:45.120Z)";
        QTest::newRow("time not a date")
            << routing << R"({"currentChangedTime":"yesterday"})"
            << "routing.currentChangedTime: \"yesterday\" is not an ISO 8601 time with a "
               "zone (2026-11-29T03:55:45.120Z)";
        QTest::newRow("impossible date")
            << routing << R"({"currentChangedTime":"2026-02-30T00:00:00Z"})"
            << "routing.currentChangedTime: \"2026-02-30T00:00:00Z\" is not an ISO 8601 "
               "time with a zone (2026-11-29T03:55:45.120Z)";
        QTest::newRow("time as number")
            << routing << R"({"currentChangedTime":1700000000})"
            << "routing.currentChangedTime: expected an ISO 8601 time or null, found a number";

        QTest::newRow("deployment without name") << deployment << R"({"routing":{}})"
                                                 << "name: missing";
        QTest::newRow("deployment with empty name") << deployment << R"({"name":"","routing":{}})"
                                                    << "name: empty";
        QTest::newRow("deployment without routing") << deployment << R"({"name":"svc"})"
                                                    << "routing: missing";
        QTest::newRow("routing not an object") << deployment << R"({"name":"svc","routing":[]})"
                                               << "routing: expected an object, found an array";
        QTest::newRow("nested routing error") << deployment << R"({"name":"svc","routing":{"hasRamp":"yes"}})"
                                              << "routing.hasRamp: expected a boolean, found a string";
        QTest::newRow("versions not an array") << deployment << R"({"name":"svc","routing":{},"versions":{}})"
                                               << "versions: expected an array, found an object";
        QTest::newRow("version not an object")
            << deployment << R"({"name":"svc","routing":{},"versions":["v1"]})"
            << "versions[0]: expected an object, found a string";
        QTest::newRow("version without build ID")
            << deployment
            << R"({"name":"svc","routing":{},"versions":[{"buildId":"v1"},{"status":"current"}]})"
            << "versions[1].buildId: missing";
        QTest::newRow("version listed twice")
            << deployment << R"({"name":"svc","routing":{},"versions":[{"buildId":"v1"},{"buildId":"v1"}]})"
            << "versions[1]: build ID v1 is listed twice";
        QTest::newRow("unknown status")
            << deployment << R"({"name":"svc","routing":{},"versions":[{"buildId":"v1","status":"retired"}]})"
            << "versions[0].status: unknown value \"retired\" (known: unspecified, inactive, current, "
               "ramping, "
               "draining, drained, created)";
        QTest::newRow("unknown drainage")
            << deployment
            << R"({"name":"svc","routing":{},"versions":[{"buildId":"v1","drainage":{"status":"empty"}}]})"
            << "versions[0].drainage.status: unknown value \"empty\" (known: unspecified, draining, drained)";
        QTest::newRow("unknown routing update state")
            << deployment << R"({"name":"svc","routing":{},"routingUpdateState":"IN_PROGRESS"})"
            << "routingUpdateState: unknown value \"IN_PROGRESS\" (known: unspecified, in-progress, "
               "completed)";
        QTest::newRow("token not base64")
            << deployment << R"({"name":"svc","routing":{},"conflictToken":"a*b"})"
            << "conflictToken: not base64";
        QTest::newRow("token as number") << deployment << R"({"name":"svc","routing":{},"conflictToken":5})"
                                         << "conflictToken: expected a string, found a number";
        QTest::newRow("summary with empty build ID") << summary << R"({"buildId":""})"
                                                     << "version.buildId: empty";

        QTest::newRow("operation without kind") << operation << R"({"deploymentName":"svc"})"
                                                << "operation.kind: missing";
        QTest::newRow("unknown operation") << operation << R"({"kind":"rollback","deploymentName":"svc"})"
                                           << "operation.kind: unknown operation \"rollback\"";
        QTest::newRow("operation without deployment") << operation << R"({"kind":"stop-ramping"})"
                                                      << "operation.deploymentName: missing";
        QTest::newRow("percentage null")
            << operation << R"({"kind":"set-ramping","deploymentName":"svc","percentage":null})"
            << "operation.percentage: expected a number, found null";
        QTest::newRow("remove entries not strings")
            << operation << R"({"kind":"update-metadata","deploymentName":"svc","removeMetadata":["a",1]})"
            << "operation.removeMetadata: item 1 is a number, not a string";
        QTest::newRow("upsert not an object")
            << operation << R"({"kind":"update-metadata","deploymentName":"svc","upsertMetadata":[]})"
            << "operation.upsertMetadata: expected an object, found an array";
        QTest::newRow("self and identity")
            << operation
            << R"({"kind":"set-manager","deploymentName":"svc","managerSelf":true,"managerIdentity":"x"})"
            << "operation.managerSelf: true, but a managerIdentity is given too (the request takes one of "
               "them)";

        QTest::newRow("details without version") << details << R"({})"
                                                 << "version: missing";
        QTest::newRow("details without build ID") << details << R"({"version":{"deploymentName":"svc"}})"
                                                  << "version.buildId: missing";
        QTest::newRow("unknown queue type")
            << details
            << R"({"version":{"deploymentName":"svc","buildId":"v1"},"taskQueues":[{"name":"q","type":"timer"}]})"
            << "taskQueues[0].type: unknown task queue type \"timer\" (known: workflow, activity, nexus)";
        QTest::newRow("queue without name")
            << details
            << R"({"version":{"deploymentName":"svc","buildId":"v1"},"taskQueues":[{"type":"workflow"}]})"
            << "taskQueues[0].name: missing";
        QTest::newRow("queue without type")
            << details << R"({"version":{"deploymentName":"svc","buildId":"v1"},"taskQueues":[{"name":"q"}]})"
            << "taskQueues[0].type: missing";
        QTest::newRow("ramp percentage above 100")
            << details << R"({"version":{"deploymentName":"svc","buildId":"v1"},"rampPercentage":101})"
            << "rampPercentage: 101 is outside 0–100";
        QTest::newRow("metadata not an object")
            << details << R"({"version":{"deploymentName":"svc","buildId":"v1"},"metadata":"x"})"
            << "metadata: expected an object, found a string";
    }

    void malformedIsRefused()
    {
        QFETCH(Reader, read);
        QFETCH(QString, json);
        QFETCH(QString, message);
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8(), &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        const std::optional<Error> error = read(document.object());
        QVERIFY(error.has_value());
        QCOMPARE(error->code, ErrorCode::InvalidArgument);
        QCOMPARE(error->message, message);
    }

    void unknownFieldsAreIgnored()
    {
        const Result<WorkerDeployment> deployment = workerDeploymentFromJson(
            parse(R"({"name":"svc","routing":{"currentBuildId":"v1","color":"red"},"x":1})"));
        QVERIFY(deployment.isOk());
        QCOMPARE(deployment.value().routing.currentBuildId, QStringLiteral("v1"));
    }
};

QTEST_GUILESS_MAIN(TestDeploymentJson)
#include "tst_deploymentjson.moc"
