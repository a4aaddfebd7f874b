#include "history/historyexport.h"
#include "support/opnotation.h"
#include "support/setnotation.h"
#include "versionsets/versionsetjson.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

namespace {

HistoryEntry sample()
{
    HistoryEntry entry;
    entry.id = 42;
    entry.kind = HistoryEntry::Kind::Applied;
    entry.recordedAt = QDateTime(QDate(2026, 5, 4), QTime(9, 0, 1, 20), Qt::UTC);
    entry.context.osUser = "alice";
    entry.context.identity = "alice@laptop (versionscope)";
    entry.context.serverAddress = "temporal:7233";
    entry.context.namespaceName = "payments";
    entry.context.taskQueue = "orders";
    entry.context.source = HistoryContext::Source::Cli;
    entry.operation = opFrom("compat!:2.1>2.0");
    entry.reason = "canary ok";
    entry.before = setsFrom("1.0|2.0");
    entry.after = setsFrom("1.0|2.0,2.1");
    entry.matchedPreview = true;
    entry.outcome = HistoryEntry::Outcome::Applied;
    return entry;
}

// An RFC 4180 reader written for this test, independent of the writer.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text.at(i + 1) == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row << field;
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text.at(i + 1) == '\n') {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty())
        rows << (row << field);
    return rows;
}

} // namespace

// Export formats: CSV as RFC 4180 says, JSON with stable field names.
class TestHistoryExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void csvQuoting_data()
    {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("field");
        QTest::newRow("plain") << "canary ok"
                               << "canary ok";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("comma") << "a, b"
                               << "\"a, b\"";
        QTest::newRow("quotes") << "say \"hi\""
                                << "\"say \"\"hi\"\"\"";
        QTest::newRow("line feed") << "one\ntwo"
                                   << "\"one\ntwo\"";
        QTest::newRow("crlf") << "one\r\ntwo"
                              << "\"one\r\ntwo\"";
        QTest::newRow("lone cr") << "one\rtwo"
                                 << "\"one\rtwo\"";
        QTest::newRow("formula stays as written") << "=1+1"
                                                  << "=1+1";
        QTest::newRow("unicode") << "déploiement ✓"
                                 << "déploiement ✓";
    }

    void csvQuoting()
    {
        QFETCH(QString, reason);
        QFETCH(QString, field);
        HistoryEntry entry = sample();
        entry.reason = reason;
        const QString csv = historyToCsv({entry});
        const QString expectedRow =
            "42,applied,2026-05-04T09:00:01.020Z,alice,alice@laptop "
            "(versionscope),temporal:7233,payments,orders,cli,"
            "add-new-compatible,2.1,2.0,,true," +
            field +
            ",\"[{\"\"buildIds\"\":[\"\"1.0\"\"],\"\"defaultForSet\"\":\"\"1.0\"\",\"\"isDefaultSet\"\":"
            "false},"
            "{\"\"buildIds\"\":[\"\"2.0\"\"],\"\"defaultForSet\"\":\"\"2.0\"\",\"\"isDefaultSet\"\":true}]\","
            "\"[{\"\"buildIds\"\":[\"\"1.0\"\"],\"\"defaultForSet\"\":\"\"1.0\"\",\"\"isDefaultSet\"\":false}"
            ","
            "{\"\"buildIds\"\":[\"\"2.0\"\",\"\"2.1\"\"],\"\"defaultForSet\"\":\"\"2.1\"\","
            "\"\"isDefaultSet\"\":true}]\","
            "true,applied,,,,\r\n";
        QCOMPARE(csv, historyCsvHeader().join(',') + "\r\n" + expectedRow);
        const QList<QStringList> rows = parseCsv(csv);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[1].value(historyCsvHeader().indexOf("reason")), reason);
    }

    // Every entry shape read back field by field with an independent reader.
    void csvReadsBack()
    {
        HistoryEntry observed = HistoryEntry::observedChange(
            HistoryContext{"bob", "", "s:1", "ns", "q, with comma", HistoryContext::Source::Window},
            VersionSets(), setsFrom("1.0"), QDateTime::fromMSecsSinceEpoch(0, Qt::UTC));
        observed.id = 7;
        HistoryEntry settled = sample();
        settled.id = 8;
        settled.operation = opFrom("merge:a<b");
        settled.outcome = HistoryEntry::Outcome::Unknown;
        settled.matchedPreview.reset();
        settled.errorCode = "DEADLINE_EXCEEDED";
        settled.errorMessage = "deadline exceeded, \"no answer\"\nretry";
        settled.settledAt = QDateTime(QDate(2026, 5, 4), QTime(10, 0), Qt::UTC);
        settled.settledOutcome = HistoryEntry::Outcome::Applied;
        const QList<HistoryEntry> entries{sample(), observed, settled};

        const QList<QStringList> rows = parseCsv(historyToCsv(entries));
        QCOMPARE(rows.size(), 4);
        const QStringList header = historyCsvHeader();
        QCOMPARE(rows[0], header);
        const auto column = [&](int row, const char *name) { return rows[row].value(header.indexOf(name)); };
        for (int r = 1; r <= 3; ++r) {
            QCOMPARE(rows[r].size(), header.size());
            const HistoryEntry &entry = entries[r - 1];
            QCOMPARE(column(r, "id").toLongLong(), entry.id);
            QCOMPARE(QDateTime::fromString(column(r, "recordedAt"), Qt::ISODateWithMs), entry.recordedAt);
            QCOMPARE(column(r, "taskQueue"), entry.context.taskQueue);
            QCOMPARE(column(r, "errorMessage"), entry.errorMessage);
            const auto sets = [](const QString &text) {
                return versionSetsFromJson(QJsonDocument::fromJson(text.toUtf8()).array()).value();
            };
            QCOMPARE(sets(column(r, "before")), entry.before);
            QCOMPARE(sets(column(r, "after")), entry.after.value_or(VersionSets()));
        }
        QCOMPARE(column(2, "operation"), QString());
        QCOMPARE(column(2, "makeSetDefault"), QString());
        QCOMPARE(column(2, "outcome"), QString("observed"));
        QCOMPARE(column(3, "operation"), QString("merge-sets"));
        QCOMPARE(column(3, "secondaryBuildId"), QString("b"));
        QCOMPARE(column(3, "existingBuildId"), QString());
        QCOMPARE(column(3, "matchedPreview"), QString());
        QCOMPARE(column(3, "settledAt"), QString("2026-05-04T10:00:00.000Z"));
        QCOMPARE(column(3, "settledOutcome"), QString("applied"));
    }

    void emptyCsvIsAHeader() { QCOMPARE(historyToCsv({}), historyCsvHeader().join(',') + "\r\n"); }

    // The names scripts depend on.
    void jsonFieldNames()
    {
        const QStringList expected{
            "after",     "before",         "errorCode",      "errorMessage", "id",
            "identity",  "kind",           "matchedPreview", "namespace",    "operation",
            "osUser",    "outcome",        "reason",         "recordedAt",   "serverAddress",
            "settledAt", "settledOutcome", "source",         "taskQueue"};
        QCOMPARE(historyEntryToJson(sample()).keys(), expected);
        HistoryEntry observed = HistoryEntry::observedChange(HistoryContext{}, VersionSets(), VersionSets(),
                                                             QDateTime::currentDateTimeUtc());
        QCOMPARE(historyEntryToJson(observed).keys(), expected);
        QCOMPARE(
            historyEntryToJson(sample()).value("operation").toObject().keys(),
            (QStringList{"buildId", "command", "existingBuildId", "makeSetDefault", "secondaryBuildId"}));
    }

    void jsonValues()
    {
        const QJsonObject json = historyEntryToJson(sample());
        const QByteArray expected =
            R"j({"after":[{"buildIds":["1.0"],"defaultForSet":"1.0","isDefaultSet":false},)j"
            R"j({"buildIds":["2.0","2.1"],"defaultForSet":"2.1","isDefaultSet":true}],)j"
            R"j("before":[{"buildIds":["1.0"],"defaultForSet":"1.0","isDefaultSet":false},)j"
            R"j({"buildIds":["2.0"],"defaultForSet":"2.0","isDefaultSet":true}],)j"
            R"j("errorCode":null,"errorMessage":null,"id":42,)j"
            R"j("identity":"alice@laptop (versionscope)","kind":"applied","matchedPreview":true,)j"
            R"j("namespace":"payments","operation":{"buildId":"2.1","command":"add-new-compatible",)j"
            R"j("existingBuildId":"2.0","makeSetDefault":true,"secondaryBuildId":null},)j"
            R"j("osUser":"alice","outcome":"applied","reason":"canary ok",)j"
            R"j("recordedAt":"2026-05-04T09:00:01.020Z","serverAddress":"temporal:7233",)j"
            R"j("settledAt":null,"settledOutcome":null,"source":"cli","taskQueue":"orders"})j";
        QCOMPARE(QJsonDocument(json).toJson(QJsonDocument::Compact), expected);

        const QJsonArray array = historyToJson({sample(), sample()});
        QCOMPARE(array.size(), 2);
        QCOMPARE(array.at(1).toObject(), json);
    }

    void jsonObservedAndSettled()
    {
        HistoryEntry observed = HistoryEntry::observedChange(
            HistoryContext{"bob", "", "s:1", "ns", "q", HistoryContext::Source::Window}, setsFrom("1.0"),
            setsFrom("1.0|2.0"), QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone(-3600 * 5)));
        const QJsonObject json = historyEntryToJson(observed);
        QVERIFY(json.value("operation").isNull());
        QVERIFY(json.value("matchedPreview").isNull());
        QCOMPARE(json.value("outcome").toString(), QString("observed"));
        QCOMPARE(json.value("kind").toString(), QString("observed"));
        QCOMPARE(json.value("recordedAt").toString(), QString("2026-01-02T08:04:05.000Z"));
        QCOMPARE(versionSetsFromJson(json.value("after").toArray()).value(), setsFrom("1.0|2.0"));

        HistoryEntry settled = sample();
        settled.outcome = HistoryEntry::Outcome::Unknown;
        settled.errorCode = "DEADLINE_EXCEEDED";
        settled.errorMessage = "deadline exceeded";
        settled.settledAt = QDateTime(QDate(2026, 5, 4), QTime(10, 0), Qt::UTC);
        settled.settledOutcome = HistoryEntry::Outcome::NotSent;
        const QJsonObject settledJson = historyEntryToJson(settled);
        QCOMPARE(settledJson.value("outcome").toString(), QString("unknown"));
        QCOMPARE(settledJson.value("errorCode").toString(), QString("DEADLINE_EXCEEDED"));
        QCOMPARE(settledJson.value("settledAt").toString(), QString("2026-05-04T10:00:00.000Z"));
        QCOMPARE(settledJson.value("settledOutcome").toString(), QString("not-sent"));
    }

    void text()
    {
        HistoryEntry observed = HistoryEntry::observedChange(
            HistoryContext{"bob", "", "temporal:7233", "payments", "billing", HistoryContext::Source::Window},
            setsFrom("1.0"), setsFrom("1.0|2.0"), QDateTime(QDate(2026, 5, 4), QTime(10, 0), Qt::UTC));
        observed.id = 43;
        HistoryEntry multiline = sample();
        multiline.reason = "two\nlines";
        multiline.outcome = HistoryEntry::Outcome::Unknown;
        multiline.settledAt = QDateTime(QDate(2026, 5, 4), QTime(11, 0), Qt::UTC);
        multiline.settledOutcome = HistoryEntry::Outcome::Applied;
        QCOMPARE(
            historyToText({observed, multiline}),
            QString("ID  RECORDED (UTC)            QUEUE    WHAT                        OUTCOME          "
                    "           "
                    "WHO    REASON\n"
                    "43  2026-05-04T10:00:00.000Z  billing  changed elsewhere           observed         "
                    "           "
                    "bob\n"
                    "42  2026-05-04T09:00:01.020Z  orders   add-new-compatible 2.1 2.0  unknown "
                    "(settled: applied)  "
                    "alice  two lines\n"));
        QCOMPARE(historyToText({}), QString("no entries\n"));

        QCOMPARE(
            historyEntryToText(sample()),
            QString("Entry 42: applied\n"
                    "  Recorded:       2026-05-04T09:00:01.020Z\n"
                    "  Server:         temporal:7233\n"
                    "  Namespace:      payments\n"
                    "  Task queue:     orders\n"
                    "  OS user:        alice\n"
                    "  Identity:       alice@laptop (versionscope)\n"
                    "  Source:         cli\n"
                    "  Operation:      add 2.1 as compatible with 2.0 and make its set the queue default\n"
                    "  Command:        " +
                    opFrom("compat!:2.1>2.0").cliCommand("orders", "payments") +
                    "\n"
                    "  Reason:         canary ok\n"
                    "  Outcome:        applied\n"
                    "  Preview:        the queue matched it afterwards\n"
                    "  Before:         [1.0] [2.0]*\n"
                    "  After:          [1.0] [2.0, 2.1]*\n"));
        const QString settled = historyEntryToText(multiline);
        QVERIFY(settled.contains("  Settled:        applied by a read at 2026-05-04T11:00:00.000Z\n"));
        QVERIFY(historyEntryToText(observed).contains(
            "  Recorded:       2026-05-04T10:00:00.000Z (first seen)\n"));
        QVERIFY(historyEntryToText(observed).contains("  Identity:       -\n"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryExport)
#include "tst_historyexport.moc"
