#include "history/historyexport.h"
#include "support/deploymentnotation.h"
#include "support/opnotation.h"
#include "support/setnotation.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

namespace {

const QDateTime kAt = QDateTime(QDate(2026, 5, 4), QTime(9, 0, 1, 20), Qt::UTC);

HistoryContext deploymentContext(const QString &deployment)
{
    HistoryContext context{"alice",   "alice@laptop (versionscope)", "temporal:7233", "payments",
                           QString(), HistoryContext::Source::Cli};
    context.model = HistoryContext::Model::Deployment;
    context.deploymentName = deployment;
    return context;
}

HistoryEntry rampEntry()
{
    HistoryEntry entry;
    entry.id = 51;
    entry.kind = HistoryEntry::Kind::Applied;
    entry.recordedAt = kAt;
    entry.context = deploymentContext("svc");
    entry.deploymentOperation = DeploymentOperation::setRamping("svc", "v3", 12.5);
    entry.deploymentOperation->allowNoPollers = true;
    entry.reason = "canary, \"12.5%\"\nsecond line";
    entry.deploymentBefore = deploymentFrom("svc", "v2:current* v3:inactive", 3, "bob");
    entry.deploymentAfter =
        deploymentFrom("svc", "v2:current* v3:ramping~12.5", 4, "alice@laptop (versionscope)");
    entry.matchedPreview = true;
    entry.outcome = HistoryEntry::Outcome::Applied;
    return entry;
}

HistoryEntry observedEntry()
{
    HistoryEntry entry = HistoryEntry::observedDeploymentChange(
        deploymentContext("svc"), deploymentFrom("svc", "v2:current* v3:ramping~12.5", 4),
        deploymentFrom("svc", "v2:draining v3:current*", 5, "ci-bot@runner (temporal-cli)"), kAt.addSecs(60));
    entry.id = 52;
    return entry;
}

HistoryEntry unknownDeleteEntry()
{
    HistoryEntry entry;
    entry.id = 53;
    entry.kind = HistoryEntry::Kind::Applied;
    entry.recordedAt = kAt.addSecs(120);
    entry.context = deploymentContext("svc");
    entry.deploymentOperation = DeploymentOperation::deleteVersion("svc", "v2", true);
    entry.deploymentBefore = deploymentFrom("svc", "v2:drained v3:current*", 5);
    entry.outcome = HistoryEntry::Outcome::Unknown;
    entry.errorCode = "DEADLINE_EXCEEDED";
    entry.errorMessage = "no answer, \"retry\"";
    entry.deploymentAfter = deploymentFrom("svc", "v3:current*", 6);
    entry.settledAt = kAt.addSecs(180);
    entry.settledOutcome = HistoryEntry::Outcome::Applied;
    return entry;
}

HistoryEntry setsEntry()
{
    HistoryEntry entry;
    entry.id = 42;
    entry.kind = HistoryEntry::Kind::Applied;
    entry.recordedAt = kAt.addSecs(-60);
    entry.context = HistoryContext{"alice",  "alice@laptop (versionscope)", "temporal:7233", "payments",
                                   "orders", HistoryContext::Source::Window};
    entry.operation = opFrom("compat!:2.1>2.0");
    entry.before = setsFrom("1.0|2.0");
    entry.after = setsFrom("1.0|2.0,2.1");
    entry.matchedPreview = true;
    entry.outcome = HistoryEntry::Outcome::Applied;
    return entry;
}

HistoryEntry firstSight()
{
    HistoryEntry entry = HistoryEntry::observedDeploymentChange(deploymentContext("other"), std::nullopt,
                                                                deploymentFrom("other", "-:current*"), kAt);
    entry.id = 54;
    return entry;
}

} // namespace

// Deployment entries in the history's exports (issue 10): JSON and CSV carry their fields, and both read
// back.
class TestDeploymentHistoryExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonFields()
    {
        const QJsonObject json = historyEntryToJson(rampEntry());
        const QStringList expected{"after",
                                   "before",
                                   "changedBy",
                                   "deploymentAfter",
                                   "deploymentBefore",
                                   "deploymentName",
                                   "deploymentOperation",
                                   "errorCode",
                                   "errorMessage",
                                   "id",
                                   "identity",
                                   "kind",
                                   "matchedPreview",
                                   "model",
                                   "namespace",
                                   "operation",
                                   "osUser",
                                   "outcome",
                                   "reason",
                                   "recordedAt",
                                   "routingRevision",
                                   "serverAddress",
                                   "settledAt",
                                   "settledOutcome",
                                   "source",
                                   "taskQueue"};
        QCOMPARE(json.keys(), expected);
        QCOMPARE(json.value("model").toString(), QString("deployment"));
        QCOMPARE(json.value("deploymentName").toString(), QString("svc"));
        QVERIFY(json.value("taskQueue").isNull());
        QVERIFY(json.value("operation").isNull());
        QVERIFY(json.value("before").isNull());
        QVERIFY(json.value("after").isNull());
        QCOMPARE(json.value("deploymentOperation").toObject().value("kind").toString(),
                 QString("set-ramping"));
        QCOMPARE(json.value("deploymentOperation").toObject().value("percentage").toDouble(), 12.5);
        const QJsonObject after = json.value("deploymentAfter").toObject();
        QCOMPARE(after.value("routing").toObject().value("rampingBuildId").toString(), QString("v3"));
        QVERIFY(!after.contains("conflictToken"));
        // Who and which revision only for a change seen elsewhere.
        QVERIFY(json.value("changedBy").isNull());
        QVERIFY(json.value("routingRevision").isNull());
        const QJsonObject observed = historyEntryToJson(observedEntry());
        QCOMPARE(observed.keys(), expected);
        QCOMPARE(observed.value("changedBy").toString(), QString("ci-bot@runner (temporal-cli)"));
        QCOMPARE(observed.value("routingRevision").toInteger(), 5);
        QVERIFY(observed.value("deploymentOperation").isNull());
        QVERIFY(historyEntryToJson(firstSight()).value("deploymentBefore").isNull());
    }

    void tokensAreNotExported()
    {
        HistoryEntry entry = rampEntry();
        entry.deploymentBefore->conflictToken = "token";
        QVERIFY(!QJsonDocument(historyEntryToJson(entry)).toJson().contains("conflictToken"));
    }

    void jsonRoundTrip_data()
    {
        QTest::addColumn<HistoryEntry>("entry");
        QTest::newRow("ramp") << rampEntry();
        QTest::newRow("observed") << observedEntry();
        QTest::newRow("unknown delete, settled") << unknownDeleteEntry();
        QTest::newRow("first sight") << firstSight();
        QTest::newRow("version sets") << setsEntry();
        QTest::newRow("version sets, observed") << [] {
            HistoryEntry entry =
                HistoryEntry::observedChange(setsEntry().context, setsFrom("1.0"), setsFrom("1.0|2.0"), kAt);
            entry.id = 9;
            return entry;
        }();
        QTest::newRow("manager") << [] {
            HistoryEntry entry = rampEntry();
            DeploymentOperation manager;
            manager.kind = DeploymentOperation::Kind::SetManager;
            manager.deploymentName = "svc";
            manager.managerIdentity = "controller";
            entry.deploymentOperation = manager;
            entry.outcome = HistoryEntry::Outcome::Rejected;
            entry.deploymentAfter.reset();
            entry.matchedPreview.reset();
            entry.errorCode = "PERMISSION_DENIED";
            entry.errorMessage = "no";
            return entry;
        }();
    }

    void jsonRoundTrip()
    {
        QFETCH(HistoryEntry, entry);
        const QByteArray text = QJsonDocument(historyToJson({entry})).toJson();
        const Result<QList<HistoryEntry>> read = historyFromJson(QJsonDocument::fromJson(text).array());
        QVERIFY2(read.isOk(), read ? "" : qPrintable(read.error().toString()));
        QCOMPARE(read.value(), QList<HistoryEntry>{entry});
    }

    void csvRoundTrip()
    {
        const QList<HistoryEntry> entries{unknownDeleteEntry(), observedEntry(), rampEntry(), setsEntry(),
                                          firstSight()};
        const QString csv = historyToCsv(entries);
        QVERIFY(csv.startsWith((historyCsvHeader() + historyDeploymentCsvColumns()).join(',') + "\r\n"));
        const Result<QList<HistoryEntry>> read = historyFromCsv(csv);
        QVERIFY2(read.isOk(), read ? "" : qPrintable(read.error().toString()));
        QCOMPARE(read.value(), entries);

        // The version-set row of a mixed export says which model it is.
        QVERIFY(csv.contains(",version-sets,,,,,,\r\n"));
        // A version-set export is written as before deployments existed, and reads back too.
        const QString setsOnly = historyToCsv({setsEntry()});
        QVERIFY(setsOnly.startsWith(historyCsvHeader().join(',') + "\r\n"));
        QVERIFY(!setsOnly.contains("deployment"));
        QCOMPARE(historyFromCsv(setsOnly).value(), QList<HistoryEntry>{setsEntry()});
    }

    // An export from before deployments (no model key) is a version-set export.
    void olderExportsReadAsVersionSets()
    {
        QJsonObject json = historyEntryToJson(setsEntry());
        QVERIFY(!json.contains("model"));
        const Result<HistoryEntry> entry = historyEntryFromJson(json);
        QVERIFY(entry.isOk());
        QCOMPARE(entry.value().model(), HistoryContext::Model::VersionSets);
    }

    void importRefusesDamage_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("model") << "model" << QJsonValue("queues");
        QTest::newRow("kind") << "kind" << QJsonValue("changed");
        QTest::newRow("operation") << "deploymentOperation" << QJsonValue(QJsonObject{{"kind", "explode"}});
        QTest::newRow("deployment") << "deploymentAfter" << QJsonValue(QJsonObject{{"routing", 3}});
        QTest::newRow("time") << "recordedAt" << QJsonValue("yesterday");
    }

    void importRefusesDamage()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonArray array = historyToJson({setsEntry(), rampEntry()});
        QJsonObject damaged = array.at(1).toObject();
        damaged.insert(field, value);
        array.replace(1, damaged);
        const Result<QList<HistoryEntry>> read = historyFromJson(array);
        QVERIFY(!read.isOk());
        QCOMPARE(read.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(read.error().message.startsWith("entry 2: " + field), qPrintable(read.error().message));
    }

    void text()
    {
        const QString table =
            historyToText({observedEntry(), rampEntry(), firstSight(), unknownDeleteEntry()});
        const auto line = [&table](const QString &id) {
            return table.split('\n').filter(QRegularExpression("^" + id + " ")).value(0).simplified();
        };
        QVERIFY2(
            line("52").startsWith("52 2026-05-04T09:01:01.020Z deployment svc changed elsewhere observed"),
            qPrintable(table));
        // Who changed it elsewhere: the deployment's last modifier, not the OS user whose read saw it.
        QVERIFY2(table.contains("ci-bot@runner (temporal-cli)"), qPrintable(table));
        QVERIFY2(table.contains("set-ramping v3 12.5%"), qPrintable(table));
        QVERIFY2(line("54").contains("deployment other first seen"), qPrintable(table));
        QVERIFY2(table.contains("delete-version v2"), qPrintable(table));
        QVERIFY2(table.contains("unknown (settled: applied)"), qPrintable(table));

        const QString ramp = historyEntryToText(rampEntry());
        QVERIFY2(ramp.contains("  Deployment:     svc\n"), qPrintable(ramp));
        QVERIFY(!ramp.contains("Task queue"));
        QVERIFY2(ramp.contains("  Operation:      " + rampEntry().deploymentOperation->summary() + "\n"),
                 qPrintable(ramp));
        QVERIFY2(ramp.contains("  Before:         current v2, no ramp (revision 3); versions: v2 current, v3 "
                               "inactive\n"),
                 qPrintable(ramp));
        const QString seen = historyEntryToText(observedEntry());
        QVERIFY2(seen.contains("  Changed by:     ci-bot@runner (temporal-cli)\n"), qPrintable(seen));
        QVERIFY2(seen.contains("  Revision:       5\n"), qPrintable(seen));
        QVERIFY2(historyEntryToText(firstSight()).contains("  Before:         not seen before\n"),
                 qPrintable(historyEntryToText(firstSight())));
    }
};

QTEST_GUILESS_MAIN(TestDeploymentHistoryExport)
#include "tst_deploymenthistoryexport.moc"
