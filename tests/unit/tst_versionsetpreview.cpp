#include "support/setnotation.h"
#include "versionsets/versionsetjson.h"
#include "versionsets/versionsetplanner.h"
#include "versionsets/versionsetpreview.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class TestVersionSetPreview : public QObject
{
    Q_OBJECT

    static VersionSetPreview preview(const QString &before, const BuildIdOperation &op,
                                     const std::optional<QHash<QString, int>> &pollers,
                                     VersioningLimits limits = {})
    {
        return VersionSetPreview::build(planVersionSetOperation(setsFrom(before), op, limits),
                                        QStringLiteral("default"), QStringLiteral("orders"), limits, pollers);
    }

private Q_SLOTS:
    void getBuildIdsShapeMatchesTemporalCli()
    {
        const QJsonArray json = versionSetsToJson(setsFrom(QStringLiteral("1.0,1.1|2.0")));
        QCOMPARE(QJsonDocument(json).toJson(QJsonDocument::Compact),
                 QByteArray(R"([{"buildIds":["1.0","1.1"],"defaultForSet":"1.1","isDefaultSet":false},)"
                            R"({"buildIds":["2.0"],"defaultForSet":"2.0","isDefaultSet":true}])"));
        const Result<VersionSets> back = versionSetsFromJson(json);
        QVERIFY(back.isOk());
        QCOMPARE(back.value(), setsFrom(QStringLiteral("1.0,1.1|2.0")));
    }

    void jsonWithInconsistentDefaultIsRefused()
    {
        const QJsonArray json =
            QJsonDocument::fromJson(R"([{"buildIds":["1.0","1.1"],"defaultForSet":"1.0"}])").array();
        QVERIFY(!versionSetsFromJson(json).isOk());
    }

    void noPollersOnNewQueueDefault()
    {
        const auto p =
            preview(QStringLiteral("1.0|2.0"), BuildIdOperation::addNewDefault(QStringLiteral("3.0")),
                    QHash<QString, int>{{QStringLiteral("2.0"), 2}});
        QVERIFY(p.hasWarning(PlanWarning::Kind::NoPollersOnQueueDefault));
        const auto withPollers =
            preview(QStringLiteral("1.0|2.0"), BuildIdOperation::addNewDefault(QStringLiteral("3.0")),
                    QHash<QString, int>{{QStringLiteral("3.0"), 1}});
        QVERIFY(!withPollers.hasWarning(PlanWarning::Kind::NoPollersOnQueueDefault));
    }

    void unknownPollersAreSaid()
    {
        const auto p = preview(QStringLiteral("1.0"), BuildIdOperation::addNewDefault(QStringLiteral("2.0")),
                               std::nullopt);
        QVERIFY(p.hasWarning(PlanWarning::Kind::PollersUnknown));
        QVERIFY(!p.hasWarning(PlanWarning::Kind::NoPollersOnQueueDefault));
    }

    void newSetDefaultWithoutPollers()
    {
        const auto p =
            preview(QStringLiteral("1.0|2.0"),
                    BuildIdOperation::addNewCompatible(QStringLiteral("1.1"), QStringLiteral("1.0"), false),
                    QHash<QString, int>{{QStringLiteral("1.0"), 3}});
        QVERIFY(p.hasWarning(PlanWarning::Kind::NoPollersOnSetDefault));
        QVERIFY(p.hasWarning(PlanWarning::Kind::StopsReceivingWork));
        bool idle = false;
        for (const PlanWarning &w : p.warnings())
            idle =
                idle || w.text == QStringLiteral("1.0 stops receiving new tasks (3 poller(s) will go idle)");
        QVERIFY(idle);
    }

    void mergeMovingQueueDefault()
    {
        const auto p = preview(QStringLiteral("1.0|2.0"),
                               BuildIdOperation::mergeSets(QStringLiteral("1.0"), QStringLiteral("2.0")),
                               QHash<QString, int>{{QStringLiteral("1.0"), 1}, {QStringLiteral("2.0"), 1}});
        QVERIFY(p.hasWarning(PlanWarning::Kind::MergeMovesQueueDefault));
    }

    void limitFailureIsPreviewedAsError()
    {
        VersioningLimits limits;
        limits.maxSets = 2;
        const auto p =
            preview(QStringLiteral("1.0|2.0"), BuildIdOperation::addNewDefault(QStringLiteral("3.0")),
                    QHash<QString, int>{}, limits);
        QVERIFY(p.hasWarning(PlanWarning::Kind::WillFail));
        const QJsonObject json = p.toJson();
        QCOMPARE(json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 QStringLiteral("FAILED_PRECONDITION"));
        QCOMPARE(json.value(QStringLiteral("after")), json.value(QStringLiteral("before")));
    }

    // From 80% of a limit on.
    void nearLimit_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<bool>("compatible");
        QTest::addColumn<int>("maxSets");
        QTest::addColumn<int>("maxBuildIds");
        QTest::addColumn<bool>("warned");
        QTest::newRow("4 of 5 sets") << QStringLiteral("a|b|c") << false << 5 << 0 << true;
        QTest::newRow("3 of 5 sets") << QStringLiteral("a|b") << false << 5 << 0 << false;
        QTest::newRow("4 of 5 build IDs") << QStringLiteral("a,b,c") << true << 0 << 5 << true;
        QTest::newRow("3 of 5 build IDs") << QStringLiteral("a,b") << true << 0 << 5 << false;
    }

    void nearLimit()
    {
        QFETCH(QString, before);
        QFETCH(bool, compatible);
        QFETCH(int, maxSets);
        QFETCH(int, maxBuildIds);
        QFETCH(bool, warned);
        VersioningLimits limits;
        limits.maxSets = maxSets;
        limits.maxBuildIds = maxBuildIds;
        const QString added = QStringLiteral("d");
        const BuildIdOperation operation =
            compatible ? BuildIdOperation::addNewCompatible(added, QStringLiteral("a"), true)
                       : BuildIdOperation::addNewDefault(added);
        const auto p = preview(before, operation, QHash<QString, int>{{added, 1}}, limits);
        QCOMPARE(p.hasWarning(PlanWarning::Kind::NearLimit), warned);
    }

    void jsonHasEveryKey()
    {
        const auto p = preview(QStringLiteral("1.0|2.0"), BuildIdOperation::promoteSet(QStringLiteral("1.0")),
                               QHash<QString, int>{{QStringLiteral("1.0"), 1}});
        const QJsonObject json = p.toJson();
        for (const char *key : {"before", "after", "changes", "warnings", "request", "error"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QVERIFY(json.value(QStringLiteral("error")).isNull());
        QCOMPARE(
            json.value(QStringLiteral("request")).toObject(),
            QJsonObject({{"namespace", "default"}, {"taskQueue", "orders"}, {"promoteSetByBuildId", "1.0"}}));
        QCOMPARE(p.cliCommand(),
                 QStringLiteral("versionscope-cli --namespace default task-queue update-build-ids "
                                "promote-set -t orders --build-id 1.0"));
        QVERIFY(p.toText().contains(QStringLiteral("new workflows will start on 1.0 instead of 2.0")));
    }

    void commandReachesTheSameServer_data()
    {
        QTest::addColumn<QStringList>("connection");
        QTest::addColumn<QString>("expected");
        QTest::newRow("namespace only") << QStringList{}
                                        << "versionscope-cli --namespace default task-queue update-build-ids "
                                           "promote-set -t orders --build-id 1.0";
        QTest::newRow("cloud")
            << QStringList{"--address", "ns.acct.tmprl.cloud:7233", "--namespace", "ns.acct", "--tls",
                           "--api-key", "\"$TEMPORAL_API_KEY\""}
            << "versionscope-cli --address ns.acct.tmprl.cloud:7233 --namespace ns.acct --tls "
               "--api-key \"$TEMPORAL_API_KEY\" task-queue update-build-ids promote-set -t "
               "orders --build-id 1.0";
    }

    void commandReachesTheSameServer()
    {
        QFETCH(QStringList, connection);
        QFETCH(QString, expected);
        const VersionSetPreview p = VersionSetPreview::build(
            planVersionSetOperation(setsFrom(QStringLiteral("1.0|2.0")),
                                    BuildIdOperation::promoteSet(QStringLiteral("1.0")), {}),
            QStringLiteral("default"), QStringLiteral("orders"), {}, std::nullopt, connection);
        QCOMPARE(p.cliCommand(), expected);
        QCOMPARE(p.toJson().value("command").toString(), expected);
        QVERIFY(p.toText().contains(expected));
    }

    // Counts from the root partitions only are lower bounds: the warning must say "at least".
    void idlePollerCountsSayWhetherTheyAreComplete_data()
    {
        QTest::addColumn<bool>("complete");
        QTest::addColumn<QString>("expected");
        QTest::newRow("every partition")
            << true << "1.0 stops receiving new tasks (3 poller(s) will go idle)";
        QTest::newRow("root partitions only")
            << false << "1.0 stops receiving new tasks (at least 3 poller(s) will go idle)";
    }
    void idlePollerCountsSayWhetherTheyAreComplete()
    {
        QFETCH(bool, complete);
        QFETCH(QString, expected);
        const QHash<QString, int> counts{{QStringLiteral("1.0"), 3}, {QStringLiteral("1.1"), 1}};
        const VersionSetPreview p = VersionSetPreview::build(
            planVersionSetOperation(
                setsFrom(QStringLiteral("1.0")),
                BuildIdOperation::addNewCompatible(QStringLiteral("1.1"), QStringLiteral("1.0"), false), {}),
            QStringLiteral("default"), QStringLiteral("orders"), {}, counts, {}, complete);
        QStringList texts;
        for (const PlanWarning &w : p.warnings()) {
            if (w.kind == PlanWarning::Kind::StopsReceivingWork)
                texts << w.text;
        }
        QCOMPARE(texts, QStringList{expected});
    }

    void commandQuotesOddBuildIds()
    {
        const BuildIdOperation op =
            BuildIdOperation::addNewCompatible(QStringLiteral("it's 2"), QStringLiteral("1.0"), true);
        QCOMPARE(
            op.cliCommand(QStringLiteral("q"), QString()),
            QStringLiteral("versionscope-cli task-queue update-build-ids add-new-compatible -t q --build-id "
                           "'it'\\''s 2' --existing-compatible-build-id 1.0 --set-as-default"));
    }
    // A new build ID that breaks the name rules is refused whatever the server would say; existing odd names
    // (made by another tool) are used, and the preview says so, escaped.
    void oddNames()
    {
        const VersionSets sets({{QStringLiteral(" v1")}, {QStringLiteral("2.0")}});
        const QHash<QString, int> pollers{{QStringLiteral(" v1"), 1}, {QStringLiteral("2.0"), 1}};
        const auto build = [&](const QString &queue, const VersionSets &before, const BuildIdOperation &op) {
            return VersionSetPreview::build(planVersionSetOperation(before, op, {}),
                                            QStringLiteral("default"), queue, {}, pollers);
        };

        const VersionSetPreview refused = build(
            QStringLiteral("orders"), sets, BuildIdOperation::addNewDefault(QString::fromUtf8("3.0\u200b")));
        QVERIFY(refused.plan().isAccepted()); // the server would take it
        QVERIFY(refused.refusal());
        QVERIFY(refused.isBlocked());
        QCOMPARE(refused.refusal()->reason, QStringLiteral("local-validation"));
        QCOMPARE(refused.warnings().size(), 1);
        QCOMPARE(refused.warnings().first().kind, PlanWarning::Kind::WillFail);
        QCOMPARE(refused.warnings().first().text,
                 QStringLiteral("not sent: new build ID: the build ID \"3.0\\u{200B}\" contains an invisible "
                                "character: U+200B ZERO WIDTH SPACE at position 4"));
        QVERIFY(refused.toText().contains(QLatin1String("After (unchanged: the request will fail)")));
        // The odd new ID is listed escaped in the predicted sets, never raw.
        QVERIFY(refused.toText().contains(QLatin1String("\"3.0\\u{200B}\"")));
        const QJsonObject error = refused.toJson().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("reason")).toString(), QStringLiteral("local-validation"));

        const VersionSetPreview promote =
            build(QStringLiteral("orders"), sets, BuildIdOperation::promoteSet(QStringLiteral(" v1")));
        QVERIFY(!promote.refusal());
        QVERIFY(!promote.isBlocked());
        QVERIFY(promote.hasWarning(PlanWarning::Kind::ExistingNameBreaksRules));
        QVERIFY(!promote.hasWarning(PlanWarning::Kind::WillFail));
        const QString text = promote.toText();
        QVERIFY2(text.contains(
                     QLatin1String("! the build ID \" v1\" starts with whitespace: U+0020 SPACE at "
                                   "position 1; it already exists on the server (made by another tool)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("set 1: \" v1\" (set default)")), qPrintable(text));
        const QJsonArray warnings = promote.toJson().value(QStringLiteral("warnings")).toArray();
        QVERIFY(std::any_of(warnings.cbegin(), warnings.cend(), [](const QJsonValue &w) {
            return w.toObject().value(QStringLiteral("kind")).toString() ==
                   QLatin1String("existing-name-breaks-rules");
        }));

        // An odd queue: new without sets (refused), existing with them (warned about).
        const VersionSetPreview newQueue = build(QStringLiteral("orders "), VersionSets(),
                                                 BuildIdOperation::addNewDefault(QStringLiteral("1.0")));
        QVERIFY(newQueue.refusal());
        QVERIFY2(
            newQueue.refusal()->message.startsWith(QLatin1String("not sent: new task queue: the task queue "
                                                                 "name \"orders \" ends with whitespace")),
            qPrintable(newQueue.refusal()->message));
        const VersionSetPreview oldQueue =
            build(QStringLiteral("orders "), sets, BuildIdOperation::promoteSet(QStringLiteral("2.0")));
        QVERIFY(!oldQueue.refusal());
        QCOMPARE(oldQueue.warnings().constLast().kind, PlanWarning::Kind::ExistingNameBreaksRules);
        QVERIFY(oldQueue.warnings().constLast().text.startsWith(
            QLatin1String("the task queue name \"orders \"")));

        // Plain names: no such warning.
        QVERIFY(!build(QStringLiteral("orders"), sets, BuildIdOperation::promoteSet(QStringLiteral("2.0")))
                     .hasWarning(PlanWarning::Kind::ExistingNameBreaksRules));
    }
};

QTEST_GUILESS_MAIN(TestVersionSetPreview)
#include "tst_versionsetpreview.moc"
