#include "deployments/deploymentjson.h"
#include "history/historyexport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

namespace {

// What fuzz/fuzz_historyimport checks of whatever imports: it exports to JSON and to CSV, and both read back
// as the same entries.
QString roundTripProblem(const QList<HistoryEntry> &entries)
{
    const Result<QList<HistoryEntry>> fromJson = historyFromJson(historyToJson(entries));
    if (!fromJson)
        return "JSON export does not import: " + fromJson.error().message;
    if (fromJson.value() != entries)
        return "JSON export imports as other entries";
    const Result<QList<HistoryEntry>> fromCsv = historyFromCsv(historyToCsv(entries));
    if (!fromCsv)
        return "CSV export does not import: " + fromCsv.error().message;
    if (fromCsv.value() != entries)
        return "CSV export imports as other entries";
    return {};
}

// The fuzz target's input: one byte, lowest bit 0 for JSON and 1 for CSV, then the text.
Result<QList<HistoryEntry>> importFuzzInput(const QByteArray &input)
{
    const QByteArray text = input.mid(1);
    if (input.isEmpty() || (input.at(0) & 1) == 0) {
        const QJsonDocument document = QJsonDocument::fromJson(text);
        if (document.isObject()) {
            const Result<HistoryEntry> entry = historyEntryFromJson(document.object());
            if (!entry)
                return entry.error();
            return QList<HistoryEntry>{entry.value()};
        }
        return historyFromJson(document.array());
    }
    return historyFromCsv(QString::fromUtf8(text));
}

QJsonObject setsEntryJson()
{
    return QJsonObject{{"id", 7},
                       {"kind", "applied"},
                       {"recordedAt", "2026-05-04T09:00:00.000Z"},
                       {"osUser", "alice"},
                       {"identity", "alice@laptop"},
                       {"serverAddress", "temporal:7233"},
                       {"namespace", "default"},
                       {"taskQueue", "orders"},
                       {"source", "cli"},
                       {"operation", QJsonObject{{"command", "promote-set"}, {"buildId", "2.0"}}},
                       {"reason", ""},
                       {"before", QJsonArray{QJsonObject{{"buildIds", QJsonArray{"1.0"}}},
                                             QJsonObject{{"buildIds", QJsonArray{"2.0"}}}}},
                       {"after", QJsonValue()},
                       {"matchedPreview", QJsonValue()},
                       {"outcome", "not-sent"},
                       {"errorCode", QJsonValue()},
                       {"errorMessage", QJsonValue()},
                       {"settledAt", QJsonValue()},
                       {"settledOutcome", QJsonValue()}};
}

} // namespace

// Inputs the history-import fuzzer (fuzz/fuzz_historyimport) found, replayed under the normal build: each
// was imported into entries that did not survive their own export.
class TestHistoryImportFuzzFindings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A version-set entry carrying deployment fields: the CSV's model column misspelt ("omdel") made a
    // deployment row a version-set entry with a deployment operation and states, which its export then left
    // out. Such an entry is refused, naming the field.
    void versionSetEntryWithDeploymentFieldsIsRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("deploymentName") << "deploymentName" << QJsonValue("svc");
        QTest::newRow("deploymentOperation")
            << "deploymentOperation"
            << QJsonValue(QJsonObject{{"kind", "stop-ramping"}, {"deploymentName", "svc"}});
        WorkerDeployment deployment;
        deployment.name = "svc";
        QTest::newRow("deploymentBefore")
            << "deploymentBefore" << QJsonValue(workerDeploymentToJson(deployment));
        QTest::newRow("deploymentAfter")
            << "deploymentAfter" << QJsonValue(workerDeploymentToJson(deployment));
    }

    void versionSetEntryWithDeploymentFieldsIsRefused()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = setsEntryJson();
        QVERIFY(historyEntryFromJson(json).isOk());
        json.insert(field, value);
        const Result<HistoryEntry> entry = historyEntryFromJson(json);
        QVERIFY2(!entry.isOk(), "a version-set entry with deployment fields was imported");
        QCOMPARE(entry.error().code, ErrorCode::InvalidArgument);
        QCOMPARE(entry.error().message, field + ": set on a version-sets entry (is the model missing?)");
        // With the model named, the same fields are a deployment entry's and read.
        json.insert("model", "deployment");
        json.insert("taskQueue", "");
        json.insert("operation", QJsonValue());
        json.insert("before", QJsonArray());
        const Result<HistoryEntry> deployment = historyEntryFromJson(json);
        QVERIFY2(deployment.isOk(), deployment ? "" : qPrintable(deployment.error().message));
    }

    // The found input itself: a mixed CSV export whose header says "omdel" for "model".
    void misspeltModelColumnIsRefused()
    {
        QFile file(QStringLiteral(VERSIONSCOPE_FUZZ_CORPUS
                                  "/fuzz_historyimport/regression-csv-model-column-misspelt"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Result<QList<HistoryEntry>> read = importFuzzInput(file.readAll());
        QVERIFY(!read.isOk());
        QVERIFY2(read.error().message.contains("deploymentName: set on a version-sets entry"),
                 qPrintable(read.error().message));
    }

    // The other way round: a deployment entry with a queue, an operation or sets. The export writes taskQueue
    // and before as null for a deployment entry, so the sets of an observed deployment entry were lost.
    void deploymentEntryWithVersionSetFieldsIsRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("taskQueue") << "taskQueue" << QJsonValue("orders");
        QTest::newRow("operation") << "operation"
                                   << QJsonValue(QJsonObject{{"command", "promote-set"}, {"buildId", "2.0"}});
        QTest::newRow("before") << "before"
                                << QJsonValue(QJsonArray{QJsonObject{{"buildIds", QJsonArray{"1.0"}}}});
        QTest::newRow("after") << "after"
                               << QJsonValue(QJsonArray{QJsonObject{{"buildIds", QJsonArray{"1.0"}}}});
    }

    void deploymentEntryWithVersionSetFieldsIsRefused()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = setsEntryJson();
        json.insert("model", "deployment");
        json.insert("deploymentName", "svc");
        json.insert("taskQueue", "");
        json.insert("operation", QJsonValue());
        json.insert("before", QJsonValue());
        QVERIFY(historyEntryFromJson(json).isOk());
        json.insert(field, value);
        const Result<HistoryEntry> entry = historyEntryFromJson(json);
        QVERIFY2(!entry.isOk(), "a deployment entry with version-set fields was imported");
        QCOMPARE(entry.error().message, field + ": set on a deployment entry (is the model wrong?)");
    }

    // The found input: an export whose second entry, observed, says model deployment but has sets.
    void observedDeploymentEntryWithSetsIsRefused()
    {
        QFile file(QStringLiteral(VERSIONSCOPE_FUZZ_CORPUS
                                  "/fuzz_historyimport/regression-deployment-entry-with-sets"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Result<QList<HistoryEntry>> read = importFuzzInput(file.readAll());
        QVERIFY(!read.isOk());
        QCOMPARE(read.error().message,
                 QString("entry 2: before: set on a deployment entry (is the model wrong?)"));
    }

    // An operation's fields that its kind does not have (existingBuildId on promote-set) were read into
    // the entry, and the export, which writes them as null for that kind, lost them: they are not read.
    void fieldsOfAnotherOperationKindAreNotRead_data()
    {
        QTest::addColumn<QJsonObject>("operation");
        QTest::newRow("promote-set with existingBuildId")
            << QJsonObject{{"command", "promote-set"}, {"buildId", "2.0"}, {"existingBuildId", "1.0"}};
        QTest::newRow("promote-set with makeSetDefault")
            << QJsonObject{{"command", "promote-set"}, {"buildId", "2.0"}, {"makeSetDefault", true}};
        QTest::newRow("add-new-default with secondaryBuildId")
            << QJsonObject{{"command", "add-new-default"}, {"buildId", "3.0"}, {"secondaryBuildId", "1.0"}};
        QTest::newRow("merge-sets with existingBuildId") << QJsonObject{{"command", "merge-sets"},
                                                                        {"buildId", "2.0"},
                                                                        {"secondaryBuildId", "1.0"},
                                                                        {"existingBuildId", "x"}};
    }

    void fieldsOfAnotherOperationKindAreNotRead()
    {
        QFETCH(QJsonObject, operation);
        QJsonObject json = setsEntryJson();
        json.insert("operation", operation);
        const Result<HistoryEntry> entry = historyEntryFromJson(json);
        QVERIFY(entry.isOk());
        QCOMPARE(roundTripProblem({entry.value()}), QString());
    }

    // Every input of the fuzzer's corpus (seeds and the findings above) that imports survives its export.
    void corpusRoundTrips()
    {
        const QDir corpus(QStringLiteral(VERSIONSCOPE_FUZZ_CORPUS "/fuzz_historyimport"));
        const QStringList files = corpus.entryList(QDir::Files);
        QVERIFY(files.size() >= 5);
        int imported = 0;
        for (const QString &name : files) {
            QFile file(corpus.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const Result<QList<HistoryEntry>> read = importFuzzInput(file.readAll());
            if (!read)
                continue;
            ++imported;
            QVERIFY2(roundTripProblem(read.value()).isEmpty(),
                     qPrintable(name + ": " + roundTripProblem(read.value())));
        }
        QVERIFY(imported >= 5);
    }
};

QTEST_GUILESS_MAIN(TestHistoryImportFuzzFindings)
#include "tst_historyimportfuzzfindings.moc"
