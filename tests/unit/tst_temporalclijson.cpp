#include "deployments/temporalclijson.h"
#include "deployments/workerdeployment.h"

#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

// The files under tests/data/temporal-cli were printed by Temporal's CLI 1.8.2 against a dev server 1.31.2
// (see the README there); each case builds the values a read of that server state gives and compares the
// text.
class TestTemporalCliJson : public QObject
{
    Q_OBJECT

private slots:
    void matchesRecordedOutput_data();
    void matchesRecordedOutput();
    void goEncoding_data();
    void goEncoding();
};

namespace {

// "2026-11-29T03:57:50.004086804Z" at the precision a QDateTime keeps (milliseconds, truncated).
QDateTime utc(const char *rfc3339)
{
    static const QRegularExpression fraction(QStringLiteral("\\.(\\d{1,3})\\d*Z$"));
    QString text = QString::fromLatin1(rfc3339);
    text.replace(fraction, QStringLiteral(".\\1Z"));
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    Q_ASSERT(time.isValid());
    return time.toUTC();
}

// The recorded text with every time's fraction cut to milliseconds and trailing zeros trimmed, as Go prints
// a time that has milliseconds only. The one deliberate difference: QDateTime has no nanoseconds.
QByteArray recorded(const QString &name)
{
    QFile file(QStringLiteral(VERSIONSCOPE_TEMPORAL_CLI_DATA "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return "cannot read " + name.toUtf8();
    QString text = QString::fromUtf8(file.readAll());
    static const QRegularExpression time(
        QStringLiteral("(\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)\\.(\\d+)Z\""));
    QString out;
    qsizetype last = 0;
    for (auto it = time.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        QString fraction = match.captured(2).left(3);
        while (fraction.endsWith(u'0'))
            fraction.chop(1);
        out += text.mid(last, match.capturedStart() - last) + match.captured(1) +
               (fraction.isEmpty() ? QString() : u'.' + fraction) + QStringLiteral("Z\"");
        last = match.capturedEnd();
    }
    out += text.mid(last);
    return out.toUtf8();
}

DeploymentRouting routing(const QString &current, const char *currentChanged, std::optional<QString> ramp,
                          double percentage, const char *rampChanged, const char *percentageChanged)
{
    DeploymentRouting r;
    r.currentBuildId = current;
    r.currentChangedTime = utc(currentChanged);
    r.hasRamp = ramp.has_value();
    r.rampingBuildId = ramp.value_or(QString());
    r.rampingPercentage = percentage;
    r.rampingChangedTime = utc(rampChanged);
    r.rampingPercentageChangedTime = utc(percentageChanged);
    return r;
}

// Current v1, v2 ramping at 12.5%, v3 drained (state "A" of the recording).
DeploymentRouting routingRamping()
{
    return routing(QStringLiteral("v1"), "2026-11-29T03:58:07.205127297Z", QStringLiteral("v2"), 12.5,
                   "2026-11-29T03:58:10.268006484Z", "2026-11-29T03:58:12.254775115Z");
}

// Current v2, a ramp of 25% to the unversioned workers (state "B").
DeploymentRouting routingRampUnversioned()
{
    return routing(QStringLiteral("v2"), "2026-11-29T03:59:48.025877457Z", QString(), 25,
                   "2026-11-29T03:59:48.129891017Z", "2026-11-29T03:59:48.129891017Z");
}

WorkerDeploymentSummary summary(const QString &name, const char *created, const DeploymentRouting &r)
{
    WorkerDeploymentSummary s;
    s.name = name;
    s.createTime = utc(created);
    s.routing = r;
    return s;
}

DeploymentVersionSummary versionSummary(const QString &buildId, DrainageStatus drainage, const char *created)
{
    DeploymentVersionSummary v;
    v.buildId = buildId;
    v.drainage.status = drainage;
    v.createTime = utc(created);
    return v;
}

QList<VersionTaskQueue> queues(std::initializer_list<std::pair<const char *, int>> list)
{
    QList<VersionTaskQueue> result;
    for (const auto &[name, type] : list)
        result.append({QString::fromLatin1(name), type});
    return result;
}

DeploymentVersionDetails details(const QString &buildId, const char *created)
{
    DeploymentVersionDetails d;
    d.version = {QStringLiteral("svc"), buildId};
    d.createTime = utc(created);
    return d;
}

constexpr int workflow = 1;
constexpr int activity = 2;

} // namespace

void TestTemporalCliJson::matchesRecordedOutput_data()
{
    QTest::addColumn<QByteArray>("actual");
    QTest::addColumn<QString>("file");

    const QString svc = QStringLiteral("svc");
    const char *svcCreated = "2026-11-29T03:57:50.004086804Z";

    QTest::newRow("list, no deployment") << temporalCliListJson({}) << QStringLiteral("list-empty.json");
    QTest::newRow("list, ramping a version")
        << temporalCliListJson({summary(svc, svcCreated, routingRamping())})
        << QStringLiteral("list-ramping.json");
    QTest::newRow("list, ramping to unversioned")
        << temporalCliListJson({summary(svc, svcCreated, routingRampUnversioned())})
        << QStringLiteral("list-ramp-unversioned.json");
    QTest::newRow("list, two deployments")
        << temporalCliListJson({summary(svc, svcCreated, routingRampUnversioned()),
                                summary(QStringLiteral("svc2"), "2026-11-29T04:00:11.25838471Z",
                                        routing(QStringLiteral("ghost2"), "2026-11-29T04:00:17.712563315Z",
                                                QStringLiteral("ghost"), 40, "2026-11-29T04:00:16.61662977Z",
                                                "2026-11-29T04:00:16.61662977Z"))})
        << QStringLiteral("list-two.json");

    WorkerDeployment ramping;
    ramping.name = svc;
    ramping.createTime = utc(svcCreated);
    ramping.routing = routingRamping();
    ramping.lastModifierIdentity = QStringLiteral("facts");
    ramping.versions = {
        versionSummary(QStringLiteral("nope2"), DrainageStatus::Unspecified,
                       "2026-11-29T03:58:16.276450938Z"),
        versionSummary(QStringLiteral("nope"), DrainageStatus::Unspecified, "2026-11-29T03:58:14.261714544Z"),
        versionSummary(QStringLiteral("v3"), DrainageStatus::Drained, "2026-11-29T03:57:55.113543882Z"),
        versionSummary(QStringLiteral("v2"), DrainageStatus::Unspecified, "2026-11-29T03:57:54.814087767Z"),
        versionSummary(QStringLiteral("v1"), DrainageStatus::Unspecified, "2026-11-29T03:57:50.004086804Z"),
    };
    QTest::newRow("describe, ramping a version")
        << temporalCliDescribeJson(ramping) << QStringLiteral("describe-ramping.json");

    WorkerDeployment managed;
    managed.name = svc;
    managed.createTime = utc(svcCreated);
    managed.routing = routingRampUnversioned();
    managed.lastModifierIdentity = QStringLiteral("alice@ops");
    managed.managerIdentity = QStringLiteral("alice@ops");
    managed.versions = {
        versionSummary(QStringLiteral("nope"), DrainageStatus::Draining, "2026-11-29T03:58:14.261714544Z"),
        versionSummary(QStringLiteral("v3"), DrainageStatus::Drained, "2026-11-29T03:57:55.113543882Z"),
        versionSummary(QStringLiteral("v2"), DrainageStatus::Unspecified, "2026-11-29T03:57:54.840657656Z"),
        versionSummary(QStringLiteral("v1"), DrainageStatus::Draining, "2026-11-29T03:57:50.029422693Z"),
    };
    QTest::newRow("describe, ramping to unversioned, manager identity set")
        << temporalCliDescribeJson(managed) << QStringLiteral("describe-ramp-unversioned-manager.json");

    // Right after the first polls: unversioned workers are current, nothing ramps, no time is set.
    const char *shopCreated = "2026-11-29T04:07:41.711682843Z";
    QTest::newRow("list, unversioned current")
        << temporalCliListJson({summary(QStringLiteral("shop"), shopCreated, DeploymentRouting{})})
        << QStringLiteral("list-unversioned-current.json");
    WorkerDeployment fresh;
    fresh.name = QStringLiteral("shop");
    fresh.createTime = utc(shopCreated);
    fresh.versions = {
        versionSummary(QStringLiteral("b1"), DrainageStatus::Unspecified, "2026-11-29T04:07:42.152260447Z"),
        versionSummary(QStringLiteral("b2"), DrainageStatus::Unspecified, "2026-11-29T04:07:41.711682843Z"),
    };
    QTest::newRow("describe, unversioned current")
        << temporalCliDescribeJson(fresh) << QStringLiteral("describe-unversioned-current.json");

    // Go's HTML-safe escaping and a float32 percentage, as the CLI printed them.
    WorkerDeployment escaped = fresh;
    escaped.lastModifierIdentity = QStringLiteral("Zo\u00eb <ops> & \"co\"");
    escaped.routing = routing(QStringLiteral("b1"), "2026-11-29T04:07:52.366746842Z", QStringLiteral("b2"),
                              33.33, "2026-11-29T04:07:52.450547747Z", "2026-11-29T04:07:52.450547747Z");
    QTest::newRow("describe, escaped identity, 33.33%")
        << temporalCliDescribeJson(escaped) << QStringLiteral("describe-escaped-identity.json");

    // The server sends no drainage info for a version while it is current or ramping.
    DeploymentVersionDetails current = details(QStringLiteral("v1"), "2026-11-29T03:57:50.029422693Z");
    current.status = DeploymentVersionStatus::Current;
    current.routingChangedTime = utc("2026-11-29T03:58:07.205127297Z");
    current.currentSinceTime = utc("2026-11-29T03:58:07.205127297Z");
    current.taskQueues =
        queues({{"svc-b", activity}, {"svc-b", workflow}, {"svc-a", workflow}, {"svc-a", activity}});
    QTest::newRow("describe-version, current")
        << temporalCliDescribeVersionJson(current) << QStringLiteral("describe-version-current.json");

    DeploymentVersionDetails rampingVersion = details(QStringLiteral("v2"), "2026-11-29T03:57:54.840657656Z");
    rampingVersion.status = DeploymentVersionStatus::Ramping;
    rampingVersion.routingChangedTime = utc("2026-11-29T03:58:12.254775115Z");
    rampingVersion.rampingSinceTime = utc("2026-11-29T03:58:10.268006484Z");
    rampingVersion.rampPercentage = 12.5;
    rampingVersion.lastModifierIdentity = QStringLiteral("meta@ops");
    rampingVersion.taskQueues =
        queues({{"svc-a", activity}, {"svc-a", workflow}, {"svc-b", workflow}, {"svc-b", activity}});
    rampingVersion.metadata = {
        {QStringLiteral("owner"), QStringLiteral("team-a")},
        {QStringLiteral("ticket"),
         QJsonObject{{QStringLiteral("id"), 42}, {QStringLiteral("url"), QStringLiteral("https://x/<a>&b")}}},
    };
    QTest::newRow("describe-version, ramping, with metadata")
        << temporalCliDescribeVersionJson(rampingVersion)
        << QStringLiteral("describe-version-ramping-metadata.json");

    DeploymentVersionDetails drained = details(QStringLiteral("v3"), "2026-11-29T03:57:55.113543882Z");
    drained.status = DeploymentVersionStatus::Drained;
    drained.routingChangedTime = utc("2026-11-29T03:58:10.268006484Z");
    drained.drainage = {DrainageStatus::Drained, utc("2026-11-29T03:58:20.349679892Z"),
                        utc("2026-11-29T03:58:20.349679892Z")};
    drained.taskQueues = queues({{"svc-a", workflow}, {"svc-a", activity}});
    QTest::newRow("describe-version, drained")
        << temporalCliDescribeVersionJson(drained) << QStringLiteral("describe-version-drained.json");

    DeploymentVersionDetails draining = details(QStringLiteral("v1"), "2026-11-29T03:57:50.029422693Z");
    draining.status = DeploymentVersionStatus::Draining;
    draining.routingChangedTime = utc("2026-11-29T03:59:27.200285224Z");
    draining.drainage = {DrainageStatus::Draining, utc("2026-11-29T03:59:27.209431484Z"),
                         utc("2026-11-29T03:59:47.286657742Z")};
    draining.taskQueues =
        queues({{"svc-b", workflow}, {"svc-b", activity}, {"svc-a", activity}, {"svc-a", workflow}});
    QTest::newRow("describe-version, draining")
        << temporalCliDescribeVersionJson(draining) << QStringLiteral("describe-version-draining.json");

    DeploymentVersionDetails inactive = details(QStringLiteral("b1"), "2026-11-29T04:07:42.183824069Z");
    inactive.version.deploymentName = QStringLiteral("shop");
    inactive.status = DeploymentVersionStatus::Inactive;
    inactive.taskQueues = queues({{"shop-q", workflow}, {"shop-q", activity}});
    QTest::newRow("describe-version, inactive")
        << temporalCliDescribeVersionJson(inactive) << QStringLiteral("describe-version-inactive.json");

    DeploymentVersionDetails ramping33 = details(QStringLiteral("b2"), "2026-11-29T04:07:41.725541534Z");
    ramping33.version.deploymentName = QStringLiteral("shop");
    ramping33.status = DeploymentVersionStatus::Ramping;
    ramping33.routingChangedTime = utc("2026-11-29T04:07:52.450547747Z");
    ramping33.rampingSinceTime = utc("2026-11-29T04:07:52.450547747Z");
    ramping33.rampPercentage = 33.33;
    ramping33.taskQueues = queues({{"shop-q", workflow}, {"shop-q", activity}});
    QTest::newRow("describe-version, ramping at 33.33%")
        << temporalCliDescribeVersionJson(ramping33) << QStringLiteral("describe-version-ramping-33.33.json");

    // Created by allow_no_pollers without a worker: no task queue at all.
    DeploymentVersionDetails noQueues = details(QStringLiteral("nope"), "2026-11-29T03:58:14.269783Z");
    noQueues.status = DeploymentVersionStatus::Draining;
    noQueues.routingChangedTime = utc("2026-11-29T03:59:48.025877457Z");
    noQueues.drainage = {DrainageStatus::Draining, utc("2026-11-29T03:59:48.10006836Z"),
                         utc("2026-11-29T03:59:48.10006836Z")};
    QTest::newRow("describe-version, no task queues")
        << temporalCliDescribeVersionJson(noQueues) << QStringLiteral("describe-version-no-task-queues.json");
}

void TestTemporalCliJson::matchesRecordedOutput()
{
    QFETCH(QByteArray, actual);
    QFETCH(QString, file);

    // Line by line, so that a failure names the first line that differs.
    const QByteArray expected = recorded(file);
    QCOMPARE(actual.split('\n'), expected.split('\n'));
    QCOMPARE(actual, expected);
}

// Go's encoding/json rules the recordings happen not to exercise.
void TestTemporalCliJson::goEncoding_data()
{
    QTest::addColumn<QByteArray>("actual");
    QTest::addColumn<QByteArray>("expected");

    const auto identity = [](const QString &text) {
        WorkerDeployment deployment;
        deployment.name = QStringLiteral("svc");
        deployment.lastModifierIdentity = text;
        return temporalCliDescribeJson(deployment);
    };
    QTest::newRow("HTML characters are escaped")
        << identity(QStringLiteral("<a&b>"))
        << QByteArray(R"("lastModifierIdentity": "\u003ca\u0026b\u003e",)");
    QTest::newRow("quotes, backslash and short escapes")
        << identity(QStringLiteral("\"\\\b\f\n\r\t"))
        << QByteArray(R"("lastModifierIdentity": "\"\\\b\f\n\r\t",)");
    QTest::newRow("other control characters and line separators")
        << identity(QString(QChar(0x01)) + QChar(0x1f) + QChar(0x2028) + QChar(0x2029))
        << QByteArray(R"("lastModifierIdentity": "\u0001\u001f\u2028\u2029",)");
    QTest::newRow("non-ASCII as UTF-8")
        << identity(QStringLiteral("Zoë 🚀"))
        << QByteArray("\"lastModifierIdentity\": \"Zo\xc3\xab \xf0\x9f\x9a\x80\",");
    QTest::newRow("a lone surrogate as U+FFFD")
        << identity(QString(QChar(0xD800))) << QByteArray(R"("lastModifierIdentity": "\ufffd",)");

    const auto percentage = [](double value) {
        WorkerDeployment deployment;
        deployment.routing.currentBuildId = QStringLiteral("v1");
        deployment.routing.hasRamp = true;
        deployment.routing.rampingBuildId = QStringLiteral("v2");
        deployment.routing.rampingPercentage = value;
        return temporalCliDescribeJson(deployment);
    };
    // float32, shortest: 33.33 is not 33.33000183105469 as a double would print.
    QTest::newRow("float32 shortest")
        << percentage(33.33) << QByteArray(R"("rampingVersionPercentage": 33.33,)");
    QTest::newRow("whole percentage") << percentage(100) << QByteArray(R"("rampingVersionPercentage": 100,)");
    QTest::newRow("tiny percentage, Go's exponent form")
        << percentage(1e-7) << QByteArray(R"("rampingVersionPercentage": 1e-7,)");

    WorkerDeployment noRamp;
    noRamp.routing.rampingPercentage = 30; // left over; without a ramp the CLI prints 0
    QTest::newRow("no ramp prints 0")
        << temporalCliDescribeJson(noRamp) << QByteArray(R"("rampingVersionPercentage": 0,)");

    WorkerDeployment times;
    times.createTime = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 120), QTimeZone::utc());
    times.routing.currentChangedTime = QDateTime(QDate(2026, 1, 2), QTime(4, 4, 5, 120), QTimeZone(3600));
    QTest::newRow("trailing zeros trimmed")
        << temporalCliDescribeJson(times) << QByteArray(R"("createTime": "2026-01-02T03:04:05.12Z",)");
    QTest::newRow("printed in UTC") << temporalCliDescribeJson(times)
                                    << QByteArray(
                                           R"("currentVersionChangedTime": "2026-01-02T03:04:05.12Z",)");
}

void TestTemporalCliJson::goEncoding()
{
    QFETCH(QByteArray, actual);
    QFETCH(QByteArray, expected);

    if (!actual.contains(expected))
        QFAIL(qPrintable(QStringLiteral("%1\nnot found in\n%2")
                             .arg(QString::fromUtf8(expected), QString::fromUtf8(actual))));
}

QTEST_GUILESS_MAIN(TestTemporalCliJson)
#include "tst_temporalclijson.moc"
