#include "support/setnotation.h"
#include "versionsets/graphdrop.h"

#include <QTest>

class TestGraphDrop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void drop_data()
    {
        QTest::addColumn<bool>("dragSet");
        QTest::addColumn<int>("sourceSet");
        QTest::addColumn<QString>("buildId");
        QTest::addColumn<int>("target");
        QTest::addColumn<int>("targetSet");
        QTest::addColumn<QString>("expectedCommand");
        QTest::addColumn<QString>("expectedCli");

        using T = GraphDrop::Target;
        const auto row = [](const char *name, bool set, int source, const char *id, T target, int targetSet,
                            const char *command, const char *cli) {
            QTest::newRow(name) << set << source << QString(id) << int(target) << targetSet
                                << QString(command) << QString(cli);
        };
        // Sets: [1.0, 1.1] [2.0] [3.0, 3.1]*
        row("set to default slot promotes it", true, 0, "", T::QueueDefaultSlot, -1, "promote-set",
            "--build-id 1.1");
        row("default set to default slot", true, 2, "", T::QueueDefaultSlot, -1, "", "");
        row("set onto set merges into target", true, 0, "", T::Set, 1, "merge-sets",
            "--primary-build-id 2.0 --secondary-build-id 1.1");
        row("set onto itself", true, 1, "", T::Set, 1, "", "");
        row("set to nowhere", true, 1, "", T::Nowhere, -1, "", "");
        row("build ID to top of own set", false, 0, "1.0", T::TopOfSet, 0, "promote-id-in-set",
            "--build-id 1.0");
        row("set default to top of own set", false, 0, "1.1", T::TopOfSet, 0, "", "");
        row("build ID into another set", false, 0, "1.0", T::Set, 1, "", "");
        row("build ID onto top of another set", false, 2, "3.0", T::TopOfSet, 0, "", "");
        row("build ID to default slot", false, 0, "1.0", T::QueueDefaultSlot, -1, "", "");
        // The header of its own set is as good as the top slot (a drop there used to be ignored).
        row("build ID onto own set's header", false, 0, "1.0", T::SetHeader, 0, "promote-id-in-set",
            "--build-id 1.0");
        row("build ID lower in own set", false, 0, "1.0", T::Set, 0, "", "");
        row("set default onto own header", false, 2, "3.1", T::SetHeader, 2, "", "");
        row("build ID onto another set's header", false, 0, "1.0", T::SetHeader, 1, "", "");
        row("set onto another set's header merges", true, 0, "", T::SetHeader, 2, "merge-sets",
            "--primary-build-id 3.1 --secondary-build-id 1.1");
        row("set onto its own header", true, 0, "", T::SetHeader, 0, "", "");
    }

    void drop()
    {
        QFETCH(bool, dragSet);
        QFETCH(int, sourceSet);
        QFETCH(QString, buildId);
        QFETCH(int, target);
        QFETCH(int, targetSet);
        QFETCH(QString, expectedCommand);
        QFETCH(QString, expectedCli);

        GraphDrop drop;
        drop.dragged = dragSet ? GraphDrop::Dragged::Set : GraphDrop::Dragged::BuildId;
        drop.sourceSet = sourceSet;
        drop.buildId = buildId;
        drop.target = GraphDrop::Target(target);
        drop.targetSet = targetSet;
        const auto result = operationForDrop(setsFrom("1.0,1.1|2.0|3.0,3.1"), drop);
        if (expectedCommand.isEmpty()) {
            QVERIFY(std::holds_alternative<DropRefusal>(result));
            return;
        }
        QVERIFY(std::holds_alternative<BuildIdOperation>(result));
        const BuildIdOperation op = std::get<BuildIdOperation>(result);
        QCOMPARE(op.commandName(), expectedCommand);
        QVERIFY2(op.cliCommand("q", QString()).endsWith(expectedCli),
                 qPrintable(op.cliCommand("q", QString())));
    }

    void crossSetMoveSaysWhy()
    {
        GraphDrop drop{GraphDrop::Dragged::BuildId, 0, "1.0", GraphDrop::Target::Set, 1};
        const auto result = operationForDrop(setsFrom("1.0,1.1|2.0"), drop);
        const DropRefusal refusal = std::get<DropRefusal>(result);
        QVERIFY(!refusal.silent);
        QVERIFY(refusal.reason.contains("cannot move to another set"));
        QVERIFY(refusal.reason.contains("merge the sets"));
    }
};

QTEST_GUILESS_MAIN(TestGraphDrop)
#include "tst_graphdrop.moc"
