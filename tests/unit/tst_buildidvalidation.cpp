#include "versionsets/buildidvalidation.h"
#include "versionsets/versionsetplanner.h"

#include <QTest>

Q_DECLARE_METATYPE(VersionSets)
Q_DECLARE_METATYPE(BuildIdOperation)

namespace {

// Two sets: [" v1"] made by another tool, then ["2.0"], the queue default.
VersionSets oddSets()
{
    return VersionSets({{QStringLiteral(" v1")}, {QStringLiteral("2.0")}});
}

} // namespace

// NameRules applied to version sets: only the names a change would introduce are refused; those the queue
// already has are used and warned about.
class TestBuildIdValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wrappersUseTheRules()
    {
        QCOMPARE(*buildIdProblem(QStringLiteral(" 1.0")),
                 QStringLiteral("the build ID \" 1.0\" starts with whitespace: U+0020 SPACE at position 1"));
        QVERIFY(!buildIdProblem(QStringLiteral("1.0")));
        VersioningLimits limits;
        limits.maxBuildIdLength = 4;
        QVERIFY(buildIdProblem(QStringLiteral("12345"), limits));
        QVERIFY(!buildIdProblem(QStringLiteral("1234"), limits));
        QVERIFY(taskQueueNameProblem(QStringLiteral("orders\n")));
        QVERIFY(!taskQueueNameProblem(QStringLiteral("orders eu")));
    }

    void newNames_data()
    {
        QTest::addColumn<QString>("taskQueue");
        QTest::addColumn<VersionSets>("before");
        QTest::addColumn<BuildIdOperation>("operation");
        // Empty: sent. Otherwise the start of the refusal.
        QTest::addColumn<QString>("refusal");

        const VersionSets none;
        QTest::newRow("new odd build ID as new default")
            << "orders" << oddSets() << BuildIdOperation::addNewDefault(QString::fromUtf8("3.0\u200b"))
            << "not sent: new build ID: the build ID \"3.0\\u{200B}\" contains an invisible character: "
               "U+200B "
               "ZERO WIDTH SPACE at position 4";
        QTest::newRow("new odd build ID as compatible")
            << "orders" << oddSets()
            << BuildIdOperation::addNewCompatible(QStringLiteral("2.1 "), QStringLiteral("2.0"), false)
            << "not sent: new build ID: the build ID \"2.1 \" ends with whitespace";
        QTest::newRow("new build ID joining an odd existing one")
            << "orders" << oddSets()
            << BuildIdOperation::addNewCompatible(QStringLiteral("v1.1"), QStringLiteral(" v1"), true) << "";
        QTest::newRow("existing odd build ID added again as default")
            << "orders" << oddSets() << BuildIdOperation::addNewDefault(QStringLiteral(" v1")) << "";
        QTest::newRow("promote an odd existing set")
            << "orders" << oddSets() << BuildIdOperation::promoteSet(QStringLiteral(" v1")) << "";
        QTest::newRow("promote an odd existing build ID")
            << "orders" << oddSets() << BuildIdOperation::promoteIdInSet(QStringLiteral(" v1")) << "";
        QTest::newRow("merge with an odd existing set")
            << "orders" << oddSets()
            << BuildIdOperation::mergeSets(QStringLiteral("2.0"), QStringLiteral(" v1")) << "";
        QTest::newRow("odd queue with sets: existing")
            << " orders" << oddSets() << BuildIdOperation::addNewDefault(QStringLiteral("3.0")) << "";
        QTest::newRow("odd queue without sets: new")
            << " orders" << none << BuildIdOperation::addNewDefault(QStringLiteral("1.0"))
            << "not sent: new task queue: the task queue name \" orders\" starts with whitespace";
        QTest::newRow("plain names") << "orders" << none
                                     << BuildIdOperation::addNewDefault(QStringLiteral("1.0")) << "";
    }

    void newNames()
    {
        QFETCH(QString, taskQueue);
        QFETCH(VersionSets, before);
        QFETCH(BuildIdOperation, operation);
        QFETCH(QString, refusal);
        const VersionSetPlan plan = planVersionSetOperation(before, operation, {});
        const std::optional<Error> error = newVersionSetNameError(taskQueue, plan, {});
        if (refusal.isEmpty()) {
            QVERIFY2(!error, qPrintable(error ? error->message : QString()));
            return;
        }
        QVERIFY(error);
        QVERIFY2(error->message.startsWith(refusal), qPrintable(error->message));
        QCOMPARE(error->code, ErrorCode::InvalidArgument);
        QCOMPARE(error->reason, QStringLiteral("local-validation"));
    }

    void existingOddNamesAreWarnedAbout()
    {
        const VersionSetPlan promote =
            planVersionSetOperation(oddSets(), BuildIdOperation::promoteSet(QStringLiteral(" v1")), {});
        QStringList warnings = existingVersionSetNameWarnings(QStringLiteral("orders"), promote, {});
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().startsWith(QStringLiteral("the build ID \" v1\" starts with whitespace")),
                 qPrintable(warnings.first()));
        QVERIFY(warnings.first().contains(QLatin1String("made by another tool")));

        // The odd queue name too, once it has sets; never the new build ID (that one is refused instead).
        const VersionSetPlan add =
            planVersionSetOperation(oddSets(), BuildIdOperation::addNewDefault(QStringLiteral("3.0")), {});
        warnings = existingVersionSetNameWarnings(QStringLiteral("orders\t"), add, {});
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().startsWith(QStringLiteral("the task queue name \"orders\\t\"")),
                 qPrintable(warnings.first()));

        const VersionSetPlan plain =
            planVersionSetOperation(oddSets(), BuildIdOperation::promoteSet(QStringLiteral("2.0")), {});
        QVERIFY(existingVersionSetNameWarnings(QStringLiteral("orders"), plain, {}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBuildIdValidation)
#include "tst_buildidvalidation.moc"
