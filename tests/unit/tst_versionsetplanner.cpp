#include "support/setnotation.h"
#include "versionsets/versionsetplanner.h"

#include <QTest>

class TestVersionSetPlanner : public QObject
{
    Q_OBJECT

private:
    static BuildIdOperation operationFrom(const QString &command, const QString &a, const QString &b,
                                          bool flag)
    {
        BuildIdOperation::Kind kind;
        const bool known = BuildIdOperation::kindFromCommandName(command, &kind);
        Q_ASSERT(known);
        switch (kind) {
        case BuildIdOperation::Kind::AddNewDefault:
            return BuildIdOperation::addNewDefault(a);
        case BuildIdOperation::Kind::AddNewCompatible:
            return BuildIdOperation::addNewCompatible(a, b, flag);
        case BuildIdOperation::Kind::PromoteSet:
            return BuildIdOperation::promoteSet(a);
        case BuildIdOperation::Kind::PromoteIdInSet:
            return BuildIdOperation::promoteIdInSet(a);
        case BuildIdOperation::Kind::MergeSets:
            return BuildIdOperation::mergeSets(a, b);
        }
        return {};
    }

private Q_SLOTS:
    void plan_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("flag");
        QTest::addColumn<int>("maxSets");
        QTest::addColumn<int>("maxBuildIds");
        QTest::addColumn<QString>("expectedAfter");
        QTest::addColumn<QString>("expectedCode");

        const QString ok = QStringLiteral("OK");
        const QString invalid = QStringLiteral("INVALID_ARGUMENT");
        const QString notFound = QStringLiteral("NOT_FOUND");
        const QString precondition = QStringLiteral("FAILED_PRECONDITION");
        auto row = [&](const char *name, const char *before, const char *command, const char *a,
                       const char *b, bool flag, const char *after, const QString &code, int maxSets = 10,
                       int maxIds = 100) {
            QTest::newRow(name) << QString::fromUtf8(before) << QString::fromUtf8(command)
                                << QString::fromUtf8(a) << QString::fromUtf8(b) << flag << maxSets << maxIds
                                << QString::fromUtf8(after) << code;
        };

        // add-new-default
        row("new default on empty queue", "", "add-new-default", "1.0", "", false, "1.0", ok);
        row("new default appends a set", "1.0", "add-new-default", "2.0", "", false, "1.0|2.0", ok);
        row("new default already alone in default set is a no-op", "1.0|2.0", "add-new-default", "2.0", "",
            false, "1.0|2.0", ok);
        row("new default existing in older set", "1.0|2.0", "add-new-default", "1.0", "", false, "1.0|2.0",
            invalid);
        row("new default existing as set default, set not alone", "1.0|2.0,2.1", "add-new-default", "2.1", "",
            false, "1.0|2.0,2.1", invalid);
        row("new default existing first in default set", "1.0|2.0,2.1", "add-new-default", "2.0", "", false,
            "1.0|2.0,2.1", invalid);
        row("new default alone in older set", "x|2.0", "add-new-default", "x", "", false, "x|2.0", invalid);
        row("new default over set limit", "1.0|2.0", "add-new-default", "3.0", "", false, "1.0|2.0",
            precondition, 2);
        row("new default at set limit", "1.0", "add-new-default", "2.0", "", false, "1.0|2.0", ok, 2);
        row("new default over build ID limit", "1.0,1.1|2.0", "add-new-default", "3.0", "", false,
            "1.0,1.1|2.0", precondition, 10, 3);
        row("unlimited sets", "a|b|c", "add-new-default", "d", "", false, "a|b|c|d", ok, 0, 0);

        // add-new-compatible
        row("compatible joins set", "1.0|2.0", "add-new-compatible", "1.1", "1.0", false, "1.0,1.1|2.0", ok);
        row("compatible joins set and promotes it", "1.0|2.0", "add-new-compatible", "1.1", "1.0", true,
            "2.0|1.0,1.1", ok);
        row("compatible anchored on non-default member", "1.0,1.1|2.0", "add-new-compatible", "1.2", "1.0",
            false, "1.0,1.1,1.2|2.0", ok);
        row("compatible with unknown existing", "1.0", "add-new-compatible", "1.1", "zz", false, "1.0",
            notFound);
        row("compatible unknown existing wins over existing target", "1.0", "add-new-compatible", "1.0", "zz",
            false, "1.0", notFound);
        row("compatible already set default is a no-op", "1.0,1.1|2.0", "add-new-compatible", "1.1", "1.0",
            false, "1.0,1.1|2.0", ok);
        row("compatible with itself as default is a no-op", "1.0", "add-new-compatible", "1.0", "1.0", false,
            "1.0", ok);
        row("compatible already in set but not its default", "1.0,1.1", "add-new-compatible", "1.0", "1.1",
            false, "1.0,1.1", invalid);
        row("compatible existing, make default of non-default set", "1.0,1.1|2.0", "add-new-compatible",
            "1.1", "1.0", true, "1.0,1.1|2.0", invalid);
        row("compatible existing non-default, make default of non-default set", "1.0,1.1|2.0",
            "add-new-compatible", "1.0", "1.1", true, "1.0,1.1|2.0", invalid);
        row("compatible existing default of default set with make default", "1.0|2.0,2.1",
            "add-new-compatible", "2.1", "2.0", true, "1.0|2.0,2.1", ok);
        row("compatible both exist in different sets", "1.0|2.0", "add-new-compatible", "2.0", "1.0", false,
            "1.0|2.0", invalid);
        row("compatible over build ID limit", "1.0|2.0", "add-new-compatible", "1.1", "1.0", false, "1.0|2.0",
            precondition, 10, 2);
        row("compatible into default set, make default, no move", "1.0|2.0", "add-new-compatible", "2.1",
            "2.0", true, "1.0|2.0,2.1", ok);

        // promote-set
        row("promote oldest set", "1.0|2.0|3.0", "promote-set", "1.0", "", false, "2.0|3.0|1.0", ok);
        row("promote set by non-default member", "1.0,1.1|2.0", "promote-set", "1.0", "", false,
            "2.0|1.0,1.1", ok);
        row("promote default set is a no-op", "1.0|2.0", "promote-set", "2.0", "", false, "1.0|2.0", ok);
        row("promote unknown", "1.0", "promote-set", "9.9", "", false, "1.0", notFound);
        row("no-op still fails over the limit", "a|b|c", "promote-set", "c", "", false, "a|b|c", precondition,
            2);

        // promote-id-in-set
        row("promote first id in set", "1.0,1.1,1.2|2.0", "promote-id-in-set", "1.0", "", false,
            "1.1,1.2,1.0|2.0", ok);
        row("promote middle id in set", "1.0,1.1,1.2", "promote-id-in-set", "1.1", "", false, "1.0,1.2,1.1",
            ok);
        row("promote set default is a no-op", "1.0,1.1", "promote-id-in-set", "1.1", "", false, "1.0,1.1",
            ok);
        row("promote id unknown", "1.0", "promote-id-in-set", "9.9", "", false, "1.0", notFound);

        // merge-sets
        row("merge older into default, primary alone", "1.0,1.1|2.0", "merge-sets", "2.0", "1.0", false,
            "1.0,1.1,2.0", ok);
        row("merge two older sets", "a|b|c", "merge-sets", "a", "b", false, "b,a|c", ok);
        row("merge newer into older takes later position", "a|b|c", "merge-sets", "b", "a", false, "a,b|c",
            ok);
        row("merge unknown primary", "a|b", "merge-sets", "z", "a", false, "a|b", notFound);
        row("merge unknown secondary", "a|b", "merge-sets", "a", "z", false, "a|b", notFound);
        row("merge same set is a no-op", "a,a2|b", "merge-sets", "a", "a2", false, "a,a2|b", ok);

        // request validation by the frontend
        row("empty build ID", "1.0", "add-new-default", "", "", false, "1.0", invalid);
        row("empty existing build ID", "1.0", "add-new-compatible", "1.1", "", false, "1.0", invalid);
        // The frontend does not validate merge-sets' build IDs: the matching service answers NotFound.
        row("empty merge secondary", "1.0|2.0", "merge-sets", "1.0", "", false, "1.0|2.0", notFound);
        row("empty merge primary", "1.0|2.0", "merge-sets", "", "1.0", false, "1.0|2.0", notFound);
        const QByteArray longest(255, 'x');
        const QByteArray tooLong(256, 'x');
        row("255-byte build ID", "", "add-new-default", longest.constData(), "", false, longest.constData(),
            ok);
        row("256-byte build ID", "", "add-new-default", tooLong.constData(), "", false, "", invalid);
        row("over-long merge primary is not validated", "1.0", "merge-sets", tooLong.constData(), "1.0",
            false, "1.0", notFound);
        row("over-long existing build ID is not validated", "1.0", "add-new-compatible", "1.1",
            tooLong.constData(), false, "1.0", notFound);
        const QByteArray wide = QString(128, QChar(0xe9)).toUtf8();
        row("128 two-byte characters are 256 bytes", "", "add-new-default", wide.constData(), "", false, "",
            invalid);
    }

    void plan()
    {
        QFETCH(QString, before);
        QFETCH(QString, command);
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, flag);
        QFETCH(int, maxSets);
        QFETCH(int, maxBuildIds);
        QFETCH(QString, expectedAfter);
        QFETCH(QString, expectedCode);

        VersioningLimits limits;
        limits.maxSets = maxSets;
        limits.maxBuildIds = maxBuildIds;
        const VersionSetPlan plan =
            planVersionSetOperation(setsFrom(before), operationFrom(command, a, b, flag), limits);
        QCOMPARE(plan.error ? errorCodeName(plan.error->code) : QStringLiteral("OK"), expectedCode);
        if (plan.error)
            QVERIFY(!plan.error->message.isEmpty());
        QCOMPARE(notationOf(plan.after), expectedAfter);
        QCOMPARE(plan.changesNothing(), plan.isAccepted() && before == expectedAfter);
        QVERIFY(plan.matches(setsFrom(expectedAfter)));
    }

    void mergeOrderIsUncertainWhenPrimaryHasNonDefaults()
    {
        const VersionSetPlan plan = planVersionSetOperation(
            setsFrom(QStringLiteral("1.0,1.1|2.0,2.1|3.0")),
            BuildIdOperation::mergeSets(QStringLiteral("2.1"), QStringLiteral("1.1")));
        QVERIFY(plan.isAccepted());
        QVERIFY(!plan.isExact());
        QCOMPARE(plan.uncertainSet, 0);
        QCOMPARE(plan.after.setCount(), 2);
        QCOMPARE(plan.after.set(0).last(), QStringLiteral("2.1"));
        QVERIFY(!plan.uncertaintyNote().isEmpty());
        // Any interleaving that keeps both orders and the primary default last is what the server may return.
        QVERIFY(plan.matches(setsFrom(QStringLiteral("1.0,1.1,2.0,2.1|3.0"))));
        QVERIFY(plan.matches(setsFrom(QStringLiteral("2.0,1.0,1.1,2.1|3.0"))));
        QVERIFY(plan.matches(setsFrom(QStringLiteral("1.0,2.0,1.1,2.1|3.0"))));
        // Anything else is a mismatch.
        QVERIFY(!plan.matches(setsFrom(QStringLiteral("1.1,1.0,2.0,2.1|3.0"))));
        QVERIFY(!plan.matches(setsFrom(QStringLiteral("1.0,1.1,2.1,2.0|3.0"))));
        QVERIFY(!plan.matches(setsFrom(QStringLiteral("3.0|1.0,1.1,2.0,2.1"))));
        QVERIFY(!plan.matches(setsFrom(QStringLiteral("1.0,1.1,2.0,2.1"))));
    }

    void mergeOfDefaultSetMovesQueueDefault()
    {
        const VersionSetPlan plan = planVersionSetOperation(
            setsFrom(QStringLiteral("1.0|2.0")),
            BuildIdOperation::mergeSets(QStringLiteral("1.0"), QStringLiteral("2.0")));
        QVERIFY(plan.isExact());
        QCOMPARE(notationOf(plan.after), QStringLiteral("2.0,1.0"));
        QCOMPARE(plan.after.queueDefault(), QStringLiteral("1.0"));
    }

    void exactPlanRejectsAnyOtherOutcome()
    {
        const VersionSetPlan plan = planVersionSetOperation(
            setsFrom(QStringLiteral("1.0|2.0")), BuildIdOperation::promoteSet(QStringLiteral("1.0")));
        QVERIFY(plan.matches(setsFrom(QStringLiteral("2.0|1.0"))));
        QVERIFY(!plan.matches(setsFrom(QStringLiteral("1.0|2.0"))));
    }
};

QTEST_GUILESS_MAIN(TestVersionSetPlanner)
#include "tst_versionsetplanner.moc"
