#include "support/setnotation.h"
#include "versionsets/versionsetchange.h"

#include <QTest>

class TestVersionSetChange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void describe_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("nothing") << "1.0|2.0"
                                 << "1.0|2.0" << QStringList{};
        QTest::newRow("first set")
            << ""
            << "1.0"
            << QStringList{"new workflows will start on 1.0 (until now the queue had no version sets "
                           "and used unversioned workers)",
                           "build ID 1.0 added in a new set"};
        QTest::newRow("new default set") << "2.0"
                                         << "2.0|2.1"
                                         << QStringList{"new workflows will start on 2.1 instead of 2.0",
                                                        "build ID 2.1 added in a new set"};
        QTest::newRow("compatible added to older set")
            << "1.0|2.0"
            << "1.0,1.1|2.0"
            << QStringList{"build ID 1.1 added to set [1.0] as its default",
                           "tasks of set [1.0] will go to 1.1 instead of 1.0",
                           "build ID 1.0 is no longer a set default: no new tasks will reach it"};
        QTest::newRow("promote set") << "1.0,1.1|2.0"
                                     << "2.0|1.0,1.1"
                                     << QStringList{"new workflows will start on 1.1 instead of 2.0"};
        QTest::newRow("promote id in set")
            << "1.0,1.1,1.2"
            << "1.0,1.2,1.1"
            << QStringList{"new workflows will start on 1.1 instead of 1.2",
                           "tasks of set [1.0, 1.1, 1.2] will go to 1.1 instead of 1.2",
                           "build ID 1.2 is no longer a set default: no new tasks will reach it"};
        QTest::newRow("merge older into default")
            << "1.0,1.1|2.0"
            << "1.0,1.1,2.0"
            << QStringList{"set [1.0, 1.1] merged into [2.0]",
                           "build ID 1.1 is no longer a set default: no new tasks will reach it"};
        QTest::newRow("observed removal") << "1.0,1.1|2.0"
                                          << "1.1|2.0" << QStringList{"build ID 1.0 was removed"};
    }

    void describe()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(QStringList, expected);
        QStringList texts;
        for (const VersionSetChange &change : diffVersionSets(setsFrom(before), setsFrom(after)))
            texts << change.text;
        QCOMPARE(texts, expected);
    }
};

QTEST_GUILESS_MAIN(TestVersionSetChange)
#include "tst_versionsetchange.moc"
