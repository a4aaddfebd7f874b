#include "support/setnotation.h"
#include "window/queueactions.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>

// The Queue menu's operations: the right operation for the current selection, and Promote set, Promote
// within set and Merge disabled, saying why, when they would change nothing.
class TestQueueActions : public QObject
{
    Q_OBJECT

    VersionSets m_sets;
    int m_set = -1;
    QString m_buildId;

    QueueActions::Getters getters()
    {
        return {[this] { return m_set; }, [this] { return m_buildId; }, [this] { return m_sets; }};
    }

private Q_SLOTS:
    void init()
    {
        m_sets = {};
        m_set = -1;
        m_buildId.clear();
    }

    void enabledStateSaysWhy_data()
    {
        QTest::addColumn<QString>("notation");
        QTest::addColumn<int>("set");
        QTest::addColumn<QString>("buildId");
        QTest::addColumn<bool>("promoteSet");
        QTest::addColumn<bool>("promoteId");
        QTest::addColumn<bool>("merge");
        // Nothing selected stays enabled: triggering says what to select.
        QTest::newRow("nothing selected") << "1.0|2.0" << -1 << QString() << true << true << true;
        QTest::newRow("older set") << "1.0|2.0" << 0 << QString() << true << true << true;
        QTest::newRow("queue default set") << "1.0|2.0" << 1 << QString() << false << true << true;
        QTest::newRow("set default ID") << "1.0,1.1|2.0" << 0 << "1.1" << true << false << true;
        QTest::newRow("older ID in set") << "1.0,1.1|2.0" << 0 << "1.0" << true << true << true;
        QTest::newRow("one set") << "1.0,1.1" << 0 << "1.0" << false << true << false;
        QTest::newRow("no sets") << "" << -1 << QString() << true << true << false;
    }
    void enabledStateSaysWhy()
    {
        QFETCH(QString, notation);
        QFETCH(int, set);
        QFETCH(QString, buildId);
        QFETCH(bool, promoteSet);
        QFETCH(bool, promoteId);
        QFETCH(bool, merge);
        QMenu menu;
        QueueActions actions(getters());
        actions.addTo(&menu);
        m_sets = setsFrom(notation);
        m_set = set;
        m_buildId = buildId;
        actions.updateEnabled();
        const auto check = [](QAction *action, bool enabled, const char *why) {
            QCOMPARE(action->isEnabled(), enabled);
            // A disabled action says why; an enabled one keeps its plain tooltip.
            QCOMPARE(action->statusTip().contains(QLatin1String(why)), !enabled);
            QCOMPARE(action->statusTip().isEmpty(), enabled);
            QCOMPARE(action->toolTip(),
                     enabled ? action->text().remove(QLatin1Char('&')) : action->statusTip());
        };
        check(actions.promoteSetAction(), promoteSet, "already the queue default");
        check(actions.promoteIdInSetAction(), promoteId, "already the default of its set");
        check(actions.mergeMenuAction(), merge, "no other set");
        // A later change of selection enables what was disabled.
        m_sets = setsFrom(QStringLiteral("1.0,1.1|2.0"));
        m_set = 0;
        m_buildId = QStringLiteral("1.0");
        actions.updateEnabled();
        QVERIFY(actions.promoteSetAction()->isEnabled());
        QVERIFY(actions.promoteIdInSetAction()->isEnabled());
        QVERIFY(actions.mergeMenuAction()->isEnabled());
        QVERIFY(actions.promoteSetAction()->statusTip().isEmpty());
    }

    void requestsOperationsOnTheSelection()
    {
        QMenu menu;
        QueueActions actions(getters());
        actions.addTo(&menu);
        QSignalSpy requested(&actions, &QueueActions::operationRequested);
        QSignalSpy messages(&actions, &QueueActions::messagePosted);
        QSignalSpy compatible(&actions, &QueueActions::addCompatibleRequested);
        m_sets = setsFrom(QStringLiteral("1.0,1.1|2.0|3.0"));

        actions.promoteSetAction()->trigger();
        QCOMPARE(requested.count(), 0);
        QCOMPARE(messages.count(), 1);

        m_set = 0;
        m_buildId = QStringLiteral("1.0");
        actions.updateEnabled();
        actions.promoteSetAction()->trigger();
        actions.promoteIdInSetAction()->trigger();
        actions.addCompatibleAction()->trigger();
        QCOMPARE(requested.count(), 2);
        QCOMPARE(requested.at(0).at(0).value<BuildIdOperation>(), BuildIdOperation::promoteSet("1.1"));
        QCOMPARE(requested.at(1).at(0).value<BuildIdOperation>(), BuildIdOperation::promoteIdInSet("1.0"));
        QCOMPARE(compatible.count(), 1);
        QCOMPARE(compatible.at(0).at(0).toString(), QStringLiteral("1.1"));

        requested.clear();
        QMenu *merge = actions.mergeMenuAction()->menu();
        QVERIFY(merge);
        Q_EMIT merge->aboutToShow();
        QStringList targets;
        for (QAction *into : merge->actions())
            targets << into->objectName();
        QCOMPARE(targets,
                 (QStringList{QStringLiteral("menuMergeInto:2.0"), QStringLiteral("menuMergeInto:3.0")}));
        merge->actions().at(1)->trigger();
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).value<BuildIdOperation>(), BuildIdOperation::mergeSets("3.0", "1.1"));
    }
};

QTEST_MAIN(TestQueueActions)
#include "tst_queueactions.moc"
