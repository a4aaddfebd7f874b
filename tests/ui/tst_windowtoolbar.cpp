#include "window/windowtoolbar.h"

#include <QAction>
#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

// The toolbar offers the namespaces the window gives it, and reports only what the user changes.
class TestWindowToolbar : public QObject
{
    Q_OBJECT

    QAction m_connect{QStringLiteral("Connect")};
    QAction m_refresh{QStringLiteral("Refresh")};
    QAction m_addDefault{QStringLiteral("Add")};
    QAction m_fit{QStringLiteral("Fit")};

private Q_SLOTS:
    void offersNamespaces_data()
    {
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QString>("current");
        QTest::addColumn<QStringList>("offered");
        QTest::newRow("only the current one")
            << QStringList() << QStringLiteral("default") << QStringList{QStringLiteral("default")};
        QTest::newRow("current among them")
            << QStringList{QStringLiteral("a"), QStringLiteral("b")} << QStringLiteral("b")
            << QStringList{QStringLiteral("a"), QStringLiteral("b")};
        QTest::newRow("current not listed") << QStringList{QStringLiteral("a")} << QStringLiteral("hidden")
                                            << QStringList{QStringLiteral("a"), QStringLiteral("hidden")};
    }
    void offersNamespaces()
    {
        QFETCH(QStringList, names);
        QFETCH(QString, current);
        QFETCH(QStringList, offered);
        WindowToolbar toolbar(&m_connect, &m_refresh, &m_addDefault, &m_fit);
        QSignalSpy chosen(&toolbar, &WindowToolbar::namespaceChosen);
        toolbar.setNamespaces({QStringLiteral("old")}, QStringLiteral("old"));
        toolbar.setNamespaces(names, current);
        auto *box = toolbar.findChild<QComboBox *>(QStringLiteral("namespaceBox"));
        QVERIFY(box);
        QStringList items;
        for (int i = 0; i < box->count(); ++i)
            items << box->itemText(i);
        QCOMPARE(items, offered);
        QCOMPARE(toolbar.currentNamespace(), current);
        QCOMPARE(chosen.count(), 0);
    }

    void reportsTheUsersChoices()
    {
        WindowToolbar toolbar(&m_connect, &m_refresh, &m_addDefault, &m_fit);
        QCOMPARE(toolbar.objectName(), QStringLiteral("mainToolbar"));
        QVERIFY(toolbar.actions().contains(&m_refresh));
        QSignalSpy interval(&toolbar, &WindowToolbar::refreshIntervalChanged);
        toolbar.setRefreshInterval(30);
        QCOMPARE(toolbar.refreshInterval(), 30);
        QCOMPARE(interval.count(), 0);
        auto *spin = toolbar.findChild<QSpinBox *>(QStringLiteral("refreshSeconds"));
        QVERIFY(spin);
        spin->setValue(0);
        QCOMPARE(interval.count(), 1);
        QCOMPARE(interval.at(0).at(0).toInt(), 0);

        QSignalSpy chosen(&toolbar, &WindowToolbar::namespaceChosen);
        toolbar.setNamespaces({QStringLiteral("a"), QStringLiteral("b")}, QStringLiteral("a"));
        auto *box = toolbar.findChild<QComboBox *>(QStringLiteral("namespaceBox"));
        Q_EMIT box->activated(1);
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("b"));
    }
};

QTEST_MAIN(TestWindowToolbar)
#include "tst_windowtoolbar.moc"
