#include "support/testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

// versionscope-cli as a user runs it, against the real Temporal dev server, and compared with the
// official Temporal CLI where both can answer.
class TestCli : public QObject
{
    Q_OBJECT

    QString m_address;
    QString m_cli;
    QString m_temporal;
    // Every run records into this history (VERSIONSCOPE_HISTORY), never into the user's own.
    QTemporaryDir m_historyDir;
    QString m_history;

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static QString freshQueue()
    {
        return QStringLiteral("cli-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    }

    Run run(const QString &program, const QStringList &arguments, const QByteArray &input = {})
    {
        QProcess process;
        process.start(program, arguments);
        if (!process.waitForStarted(10000))
            return {};
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        process.waitForFinished(60000);
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                process.readAllStandardOutput(), process.readAllStandardError()};
    }

    // versionscope-cli with the test server's address and lowered limits.
    Run cli(const QStringList &arguments, const QByteArray &input = {})
    {
        return run(m_cli,
                   QStringList{QStringLiteral("--address"), m_address, QStringLiteral("--version-set-limit"),
                               QString::number(TestServer::kSetLimit), QStringLiteral("--build-id-limit"),
                               QString::number(TestServer::kBuildIdLimit)} +
                       arguments,
                   input);
    }

    Run temporal(const QStringList &arguments)
    {
        return run(m_temporal, QStringList{QStringLiteral("--address"), m_address} + arguments);
    }

    static QJsonValue parse(const QByteArray &json)
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError)
            qWarning() << "not JSON:" << json;
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }

    void update(const QString &queue, const QStringList &operation)
    {
        const Run result = cli(QStringList{QStringLiteral("task-queue"), QStringLiteral("update-build-ids")} +
                               operation + QStringList{QStringLiteral("-t"), queue, QStringLiteral("--yes")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_address = TestServer::versioningAddress();
        QVERIFY2(!m_address.isEmpty(), "the temporal_server fixture did not start");
        m_cli = QStringLiteral(VERSIONSCOPE_CLI_PATH);
        m_temporal = TestServer::temporalCliIn("VERSIONSCOPE_TEST_SERVER_DIR");
        QVERIFY(QFile::exists(m_cli));
        QVERIFY(QFile::exists(m_temporal));
        QVERIFY(m_historyDir.isValid());
        m_history = m_historyDir.filePath(QStringLiteral("history.sqlite"));
        qputenv("VERSIONSCOPE_HISTORY", m_history.toUtf8());
    }

    void getBuildIdsJsonIsIdenticalToTemporalCli()
    {
        const QString queue = freshQueue();
        update(queue,
               {QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("1.0")});
        update(queue,
               {QStringLiteral("add-new-compatible"), QStringLiteral("--build-id"), QStringLiteral("1.1"),
                QStringLiteral("--existing-compatible-build-id"), QStringLiteral("1.0")});
        update(queue,
               {QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("2.0")});

        const Run ours = cli({QStringLiteral("task-queue"), QStringLiteral("get-build-ids"),
                              QStringLiteral("-t"), queue, QStringLiteral("-o"), QStringLiteral("json")});
        const Run theirs =
            temporal({QStringLiteral("task-queue"), QStringLiteral("get-build-ids"), QStringLiteral("-t"),
                      queue, QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(ours.exitCode, 0);
        QCOMPARE(theirs.exitCode, 0);
        QCOMPARE(parse(ours.out), parse(theirs.out));
        QCOMPARE(parse(ours.out).toArray().size(), 2);
    }

    void everyOperationThroughTheCli_data()
    {
        QTest::addColumn<QStringList>("operation");
        QTest::addColumn<QString>("expectedDefault");
        QTest::newRow("add-new-default") << QStringList{"add-new-default", "--build-id", "3.0"} << "3.0";
        QTest::newRow("add-new-compatible --set-as-default")
            << QStringList{"add-new-compatible", "--build-id", "1.1", "--existing-compatible-build-id", "1.0",
                           "--set-as-default"}
            << "1.1";
        QTest::newRow("promote-set") << QStringList{"promote-set", "--build-id", "1.0"} << "1.0";
        QTest::newRow("promote-id-in-set") << QStringList{"promote-id-in-set", "--build-id", "2.0"} << "2.0";
        QTest::newRow("merge-sets") << QStringList{"merge-sets", "--primary-build-id", "1.0",
                                                   "--secondary-build-id", "2.1"}
                                    << "1.0";
    }

    void everyOperationThroughTheCli()
    {
        QFETCH(QStringList, operation);
        QFETCH(QString, expectedDefault);
        const QString queue = freshQueue();
        update(queue,
               {QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("1.0")});
        update(queue,
               {QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("2.0")});
        update(queue,
               {QStringLiteral("add-new-compatible"), QStringLiteral("--build-id"), QStringLiteral("2.1"),
                QStringLiteral("--existing-compatible-build-id"), QStringLiteral("2.0")});

        const Run applied =
            cli(QStringList{QStringLiteral("task-queue"), QStringLiteral("update-build-ids")} + operation +
                QStringList{QStringLiteral("-t"), queue, QStringLiteral("--yes"), QStringLiteral("-o"),
                            QStringLiteral("json")});
        QVERIFY2(applied.exitCode == 0, applied.err.constData());
        const QJsonObject preview = parse(applied.out).toObject();
        for (const char *key : {"before", "after", "changes", "warnings", "request", "error"})
            QVERIFY2(preview.contains(QLatin1String(key)), key);
        QVERIFY(preview.value(QStringLiteral("error")).isNull());
        const QJsonObject outcome = preview.value(QStringLiteral("outcome")).toObject();
        QCOMPARE(outcome.value(QStringLiteral("status")).toString(), QStringLiteral("applied"));
        QVERIFY(outcome.value(QStringLiteral("matchesPreview")).toBool());
        QCOMPARE(outcome.value(QStringLiteral("actual")), preview.value(QStringLiteral("after")));

        // The official CLI sees the same queue default.
        const Run check =
            temporal({QStringLiteral("task-queue"), QStringLiteral("get-build-ids"), QStringLiteral("-t"),
                      queue, QStringLiteral("-o"), QStringLiteral("json")});
        const QJsonArray sets = parse(check.out).toArray();
        QCOMPARE(sets.last().toObject().value(QStringLiteral("defaultForSet")).toString(), expectedDefault);
        QCOMPARE(QJsonValue(sets), preview.value(QStringLiteral("after")));
    }

    // The queue's entries, newest first, as `history -t QUEUE -o json` prints them.
    QJsonArray historyOf(const QString &queue, const QStringList &more = {})
    {
        const Run listed = cli(QStringList{QStringLiteral("history"), QStringLiteral("-t"), queue,
                                           QStringLiteral("-o"), QStringLiteral("json")} +
                               more);
        if (listed.exitCode != 0)
            qWarning() << "history failed:" << listed.err;
        return parse(listed.out).toArray();
    }

    static QJsonArray setsJson(const QList<QStringList> &sets)
    {
        QJsonArray array;
        for (qsizetype i = 0; i < sets.size(); ++i)
            array.append(QJsonObject{{QStringLiteral("buildIds"), QJsonArray::fromStringList(sets[i])},
                                     {QStringLiteral("defaultForSet"), sets[i].last()},
                                     {QStringLiteral("isDefaultSet"), i + 1 == sets.size()}});
        return array;
    }

    void historyRecordsUpdatesAndChangesMadeElsewhere()
    {
        const QString queue = freshQueue();
        const Run first =
            cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                 QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("1.0"),
                 QStringLiteral("-t"), queue, QStringLiteral("--yes"), QStringLiteral("--reason"),
                 QStringLiteral("first release, ticket #12"), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const qint64 firstId =
            parse(first.out).toObject()["outcome"].toObject()["historyId"].toVariant().toLongLong();
        QVERIFY(firstId > 0);
        // Someone uses the official CLI meanwhile.
        QCOMPARE(temporal({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                           QStringLiteral("add-new-compatible"), QStringLiteral("--build-id"),
                           QStringLiteral("1.1"), QStringLiteral("--existing-compatible-build-id"),
                           QStringLiteral("1.0"), QStringLiteral("--task-queue"), queue})
                     .exitCode,
                 0);
        const Run second = cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                                QStringLiteral("add-new-default"), QStringLiteral("--build-id"),
                                QStringLiteral("2.0"), QStringLiteral("-t"), queue, QStringLiteral("--yes")});
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QVERIFY2(second.out.contains("recorded in the history as entry"), second.out.constData());
        QVERIFY(second.out.contains(m_history.toUtf8()));

        const QJsonArray entries = historyOf(queue);
        QCOMPARE(entries.size(), 3);
        const QJsonObject latest = entries[0].toObject();
        QCOMPARE(latest["kind"].toString(), QStringLiteral("applied"));
        QCOMPARE(latest["source"].toString(), QStringLiteral("cli"));
        QCOMPARE(latest["outcome"].toString(), QStringLiteral("applied"));
        QCOMPARE(latest["matchedPreview"].toBool(), true);
        QCOMPARE(latest["operation"].toObject()["command"].toString(), QStringLiteral("add-new-default"));
        QCOMPARE(latest["operation"].toObject()["buildId"].toString(), QStringLiteral("2.0"));
        QCOMPARE(latest["before"].toArray(), setsJson({{"1.0", "1.1"}}));
        QCOMPARE(latest["after"].toArray(), setsJson({{"1.0", "1.1"}, {"2.0"}}));
        QCOMPARE(latest["serverAddress"].toString(), m_address);
        QCOMPARE(latest["namespace"].toString(), QStringLiteral("default"));
        QVERIFY(!latest["osUser"].toString().isEmpty());
        QVERIFY(latest["identity"].toString().contains(QStringLiteral("versionscope")));

        const QJsonObject elsewhere = entries[1].toObject();
        QCOMPARE(elsewhere["kind"].toString(), QStringLiteral("observed"));
        QCOMPARE(elsewhere["before"].toArray(), setsJson({{"1.0"}}));
        QCOMPARE(elsewhere["after"].toArray(), setsJson({{"1.0", "1.1"}}));

        const QJsonObject oldest = entries[2].toObject();
        QCOMPARE(oldest["id"].toInteger(), firstId);
        QCOMPARE(oldest["reason"].toString(), QStringLiteral("first release, ticket #12"));
        QCOMPARE(oldest["before"].toArray(), QJsonArray());

        // show prints the same entry.
        const Run shown = cli({QStringLiteral("history"), QStringLiteral("show"), QString::number(firstId),
                               QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(parse(shown.out).toObject(), oldest);
        const Run shownText =
            cli({QStringLiteral("history"), QStringLiteral("show"), QString::number(firstId)});
        QVERIFY2(shownText.out.contains("first release, ticket #12"), shownText.out.constData());
        QVERIFY(shownText.out.contains("add-new-default"));

        // Listing: text, --limit, --since, CSV.
        const Run text = cli({QStringLiteral("history"), QStringLiteral("-t"), queue});
        QCOMPARE(text.exitCode, 0);
        QCOMPARE(text.out.count('\n'), 4); // header + 3
        QVERIFY(text.out.contains("changed elsewhere"));
        QCOMPARE(historyOf(queue, {QStringLiteral("--limit"), QStringLiteral("1")}).size(), 1);
        QCOMPARE(historyOf(queue, {QStringLiteral("--since"), QStringLiteral("1h")}).size(), 3);
        QCOMPARE(historyOf(queue, {QStringLiteral("--since"), QStringLiteral("2099-01-01")}).size(), 0);
        const Run csv = cli({QStringLiteral("history"), QStringLiteral("-t"), queue, QStringLiteral("-o"),
                             QStringLiteral("csv")});
        QCOMPARE(csv.exitCode, 0);
        QVERIFY(csv.out.startsWith("id,kind,recordedAt,"));
        QVERIFY(csv.out.contains("\"first release, ticket #12\""));
        const Run missing =
            cli({QStringLiteral("history"), QStringLiteral("show"), QStringLiteral("999999")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("no history entry 999999"));
    }

    void dryRunAndNoHistoryRecordNothing()
    {
        const QString queue = freshQueue();
        const Run dry =
            cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                 QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("1.0"),
                 QStringLiteral("-t"), queue, QStringLiteral("--dry-run")});
        QCOMPARE(dry.exitCode, 0);
        const Run unrecorded =
            cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                 QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("1.0"),
                 QStringLiteral("-t"), queue, QStringLiteral("--yes"), QStringLiteral("--no-history")});
        QVERIFY2(unrecorded.exitCode == 0, unrecorded.err.constData());
        QVERIFY(!unrecorded.out.contains("recorded in the history"));
        QCOMPARE(historyOf(queue).size(), 0);
    }

    // An unreachable team history stops an unattended update before anything is sent.
    void unwritableHistoryStopsAnUnattendedUpdate()
    {
        const QString queue = freshQueue();
        const QStringList update{QStringLiteral("task-queue"),
                                 QStringLiteral("update-build-ids"),
                                 QStringLiteral("add-new-default"),
                                 QStringLiteral("--build-id"),
                                 QStringLiteral("1.0"),
                                 QStringLiteral("-t"),
                                 queue,
                                 QStringLiteral("--yes")};
        const QStringList unreachable{QStringLiteral("--history"),
                                      QStringLiteral("postgresql://versionscope@127.0.0.1:1/history")};
        const Run refused = cli(update + unreachable);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("not sent: the history cannot be written"), refused.err.constData());
        QVERIFY(refused.err.contains("--no-history"));
        const Run after = cli({QStringLiteral("task-queue"), QStringLiteral("get-build-ids"),
                               QStringLiteral("-t"), queue, QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(parse(after.out).toArray().size(), 0);

        const Run contradictory = cli(update + unreachable + QStringList{QStringLiteral("--no-history")});
        QCOMPARE(contradictory.exitCode, 2);
        const Run chosen = cli(update + QStringList{QStringLiteral("--no-history")});
        QVERIFY2(chosen.exitCode == 0, chosen.err.constData());
    }

    void dryRunSendsNothing()
    {
        const QString queue = freshQueue();
        update(queue,
               {QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("1.0")});
        const Run preview =
            cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                 QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("2.0"),
                 QStringLiteral("-t"), queue, QStringLiteral("--dry-run")});
        QCOMPARE(preview.exitCode, 0);
        const QString text = QString::fromUtf8(preview.out);
        QVERIFY2(text.contains(QLatin1String("new workflows will start on 2.0 instead of 1.0")),
                 preview.out.constData());
        QVERIFY(text.contains(QLatin1String("no worker polls 2.0")));
        QVERIFY(text.contains(QLatin1String("\"addNewBuildIdInNewDefaultSet\": \"2.0\"")));
        // The equivalent command reaches the same server when run as printed.
        QVERIFY2(text.contains(QStringLiteral("versionscope-cli --address %1").arg(m_address)),
                 preview.out.constData());
        QVERIFY(text.contains(QLatin1String("--namespace default")));
        QVERIFY(text.contains(QLatin1String("task-queue update-build-ids add-new-default")));
        const Run after = cli({QStringLiteral("task-queue"), QStringLiteral("get-build-ids"),
                               QStringLiteral("-t"), queue, QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(parse(after.out).toArray().size(), 1);
    }

    void predictedFailureIsNotSent()
    {
        const QString queue = freshQueue();
        update(queue,
               {QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("1.0")});
        const Run refused = cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                                 QStringLiteral("promote-set"), QStringLiteral("--build-id"),
                                 QStringLiteral("9.9"), QStringLiteral("-t"), queue, QStringLiteral("--yes"),
                                 QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(refused.exitCode, 1);
        const QJsonObject preview = parse(refused.out).toObject();
        QCOMPARE(preview.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("NOT_FOUND"));
        QVERIFY(!preview.contains(QStringLiteral("outcome")));
        QVERIFY(refused.err.contains("NOT_FOUND"));
    }

    void limitFailureIsPredicted()
    {
        const QString queue = freshQueue();
        for (const char *id : {"1", "2", "3"})
            update(queue,
                   {QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QLatin1String(id)});
        const Run refused =
            cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                 QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("4"),
                 QStringLiteral("-t"), queue, QStringLiteral("--dry-run")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("FAILED_PRECONDITION"), refused.err.constData());
        QVERIFY(refused.out.contains("the server will refuse this"));
    }

    void withoutTerminalNothingIsAppliedUnlessYes()
    {
        const QString queue = freshQueue();
        const Run unconfirmed = cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                                     QStringLiteral("add-new-default"), QStringLiteral("--build-id"),
                                     QStringLiteral("1.0"), QStringLiteral("-t"), queue},
                                    "y\n");
        QCOMPARE(unconfirmed.exitCode, 1);
        QVERIFY(unconfirmed.err.contains("--yes"));
        const Run after = cli({QStringLiteral("task-queue"), QStringLiteral("get-build-ids"),
                               QStringLiteral("-t"), queue, QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(parse(after.out).toArray().size(), 0);
    }

    void oddBuildIdIsRefusedLocally()
    {
        const Run refused =
            cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                 QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("1.0 "),
                 QStringLiteral("-t"), freshQueue(), QStringLiteral("--yes")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("whitespace"));
    }

    // A build ID made by another tool (the official CLI) that breaks Versionscope's name rules is listed,
    // described and promoted, with the preview's warning; new odd build IDs and task queues are refused with
    // the value escaped, and the server shows nothing changed.
    void oddNamesMadeByAnotherTool()
    {
        const QString queue = freshQueue();
        const QString odd = QStringLiteral(" v1");
        for (const QString &id : {odd, QStringLiteral("2.0")}) {
            const Run added = temporal({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                                        QStringLiteral("add-new-default"), QStringLiteral("--build-id"), id,
                                        QStringLiteral("-t"), queue});
            QVERIFY2(added.exitCode == 0, added.err.constData());
        }
        const auto serverSets = [&] {
            return temporal({QStringLiteral("task-queue"), QStringLiteral("get-build-ids"),
                             QStringLiteral("-t"), queue, QStringLiteral("-o"), QStringLiteral("json")})
                .out;
        };

        const Run listed =
            cli({QStringLiteral("task-queue"), QStringLiteral("get-build-ids"), QStringLiteral("-t"), queue});
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        QVERIFY2(listed.out.contains("set 1: \" v1\" (set default)"), listed.out.constData());
        const Run described = cli({QStringLiteral("task-queue"), QStringLiteral("describe-build-ids"),
                                   QStringLiteral("-t"), queue, QStringLiteral("--no-reachability")});
        QVERIFY2(described.exitCode == 0, described.err.constData());
        QVERIFY2(described.out.contains("  \" v1\"  (set 1, set default)"), described.out.constData());

        const Run promoted = cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                                  QStringLiteral("promote-set"), QStringLiteral("--build-id"), odd,
                                  QStringLiteral("-t"), queue, QStringLiteral("--yes")});
        QVERIFY2(promoted.exitCode == 0, promoted.err.constData());
        QVERIFY2(promoted.out.contains(
                     "! the build ID \" v1\" starts with whitespace: U+0020 SPACE at position 1; "
                     "it already exists on the server (made by another tool)"),
                 promoted.out.constData());
        const QJsonArray after = parse(serverSets()).toArray();
        QCOMPARE(after.last()[QLatin1String("defaultForSet")].toString(), odd);

        // New odd names: refused before the update is sent.
        const QByteArray before = serverSets();
        const Run newBuildId =
            cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                 QStringLiteral("add-new-compatible"), QStringLiteral("--build-id"), QStringLiteral("v1.1\t"),
                 QStringLiteral("--existing-compatible-build-id"), odd, QStringLiteral("-t"), queue,
                 QStringLiteral("--yes")});
        QCOMPARE(newBuildId.exitCode, 1);
        QVERIFY2(
            newBuildId.err.startsWith("error: not sent: new build ID: the build ID \"v1.1\\t\" contains a "
                                      "control character: U+0009 CHARACTER TABULATION at position 5"),
            newBuildId.err.constData());
        QCOMPARE(serverSets(), before);

        const QString newQueue = freshQueue() + QString::fromUtf8("\u200b");
        const Run read = cli(
            {QStringLiteral("task-queue"), QStringLiteral("get-build-ids"), QStringLiteral("-t"), newQueue});
        QCOMPARE(read.exitCode, 1);
        QVERIFY2(read.err.contains("refused: new task queue: the task queue name \"" +
                                   newQueue.chopped(1).toUtf8() +
                                   "\\u{200B}\" contains an invisible character"),
                 read.err.constData());
        const Run created =
            cli({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                 QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("1.0"),
                 QStringLiteral("-t"), newQueue, QStringLiteral("--yes")});
        QCOMPARE(created.exitCode, 1);
        QVERIFY2(created.err.startsWith("error: not sent: new task queue: "), created.err.constData());
        const Run newSets =
            temporal({QStringLiteral("task-queue"), QStringLiteral("get-build-ids"), QStringLiteral("-t"),
                      newQueue, QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(newSets.exitCode, 0);
        // The official CLI prints null for a queue without sets.
        QVERIFY2(newSets.out.trimmed() == "null", newSets.out.constData());
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no queue") << QStringList{"task-queue", "get-build-ids"};
        QTest::newRow("unknown command") << QStringList{"workflow", "list"};
        QTest::newRow("unknown operation")
            << QStringList{"task-queue", "update-build-ids", "delete", "-t", "q"};
        QTest::newRow("missing build id")
            << QStringList{"task-queue", "update-build-ids", "promote-set", "-t", "q"};
        QTest::newRow("merge without secondary") << QStringList{
            "task-queue", "update-build-ids", "merge-sets", "--primary-build-id", "1", "-t", "q"};
        QTest::newRow("bad output") << QStringList{"task-queue", "get-build-ids", "-t", "q", "-o", "yaml"};
        QTest::newRow("unknown flag") << QStringList{"task-queue", "get-build-ids", "-t", "q", "--colour"};
        QTest::newRow("history: bad --since") << QStringList{"history", "--since", "yesterday-ish"};
        QTest::newRow("history show without id") << QStringList{"history", "show"};
        QTest::newRow("history show csv") << QStringList{"history", "show", "1", "-o", "csv"};
        QTest::newRow("csv outside history")
            << QStringList{"task-queue", "get-build-ids", "-t", "q", "-o", "csv"};
        QTest::newRow("history --no-history") << QStringList{"history", "--no-history"};
        QTest::newRow("bad grpc meta")
            << QStringList{"task-queue", "get-build-ids", "-t", "q", "--grpc-meta", "novalue"};
    }

    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        const Run result = run(m_cli, arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.startsWith("error: "));
        QVERIFY(!result.err.contains("terminate"));
    }

    void unreachableServerExitsWithOne()
    {
        const Run result = run(m_cli, {QStringLiteral("--address"), QStringLiteral("127.0.0.1:1"),
                                       QStringLiteral("--command-timeout"), QStringLiteral("3"),
                                       QStringLiteral("task-queue"), QStringLiteral("get-build-ids"),
                                       QStringLiteral("-t"), QStringLiteral("q")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("127.0.0.1:1"), result.err.constData());
    }

    void disabledNamespaceSaysWhichSetting()
    {
        const QString plain = TestServer::plainAddress();
        QVERIFY(!plain.isEmpty());
        const Run result =
            run(m_cli, {QStringLiteral("--address"), plain, QStringLiteral("task-queue"),
                        QStringLiteral("get-build-ids"), QStringLiteral("-t"), QStringLiteral("q")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("frontend.workerVersioningDataAPIs"), result.err.constData());
    }

    void profileFromTemporalConfigFile()
    {
        QTemporaryDir dir;
        QFile config(dir.filePath(QStringLiteral("temporal.toml")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("[profile.test]\naddress = \"%1\"\nnamespace = \"default\"\n")
                         .arg(m_address)
                         .toUtf8());
        config.close();
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"), config.fileName());
        environment.insert(QStringLiteral("TEMPORAL_PROFILE"), QStringLiteral("test"));
        environment.remove(QStringLiteral("TEMPORAL_ADDRESS"));
        process.setProcessEnvironment(environment);
        process.start(m_cli,
                      {QStringLiteral("task-queue"), QStringLiteral("get-build-ids"), QStringLiteral("-t"),
                       freshQueue(), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY(process.waitForFinished(30000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        QCOMPARE(parse(process.readAllStandardOutput()).toArray().size(), 0);

        // A profile that is not there is an error, not a silent fallback.
        environment.insert(QStringLiteral("TEMPORAL_PROFILE"), QStringLiteral("nope"));
        process.setProcessEnvironment(environment);
        process.start(m_cli, {QStringLiteral("task-queue"), QStringLiteral("get-build-ids"),
                              QStringLiteral("-t"), QStringLiteral("q")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardError().contains("profile \"nope\" not found"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
