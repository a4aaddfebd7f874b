#include "dialogs/buildidinputdialog.h"
#include "support/setnotation.h"
#include "window/operationmenus.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// Every context-menu action asks for the right operation (and nothing is sent from a menu).
class TestOperationMenus : public QObject
{
    Q_OBJECT

    QWidget *m_window = nullptr;
    OperationMenus *m_menus = nullptr;

    static QAction *action(QMenu *menu, const QString &name)
    {
        QAction *found = menu->findChild<QAction *>(name);
        if (!found) {
            for (QAction *candidate : menu->actions()) {
                if (candidate->objectName() == name)
                    return candidate;
            }
        }
        return found;
    }

    BuildIdOperation only(QSignalSpy &spy)
    {
        if (spy.count() != 1)
            return {};
        return spy.at(0).at(0).value<BuildIdOperation>();
    }

private Q_SLOTS:
    void init()
    {
        m_window = new QWidget;
        m_window->resize(400, 300);
        m_window->show();
        m_menus = new OperationMenus(m_window, m_window);
        m_menus->setSets(setsFrom("1.0,1.1|2.0|3.0"), {});
    }
    void cleanup() { delete m_window; }

    void setMenuPromotesAndMerges()
    {
        QSignalSpy requested(m_menus, &OperationMenus::operationRequested);
        QMenu *menu = m_menus->setMenu(0, m_window);
        action(menu, "promoteSet")->trigger();
        QCOMPARE(only(requested), BuildIdOperation::promoteSet("1.1"));
        requested.clear();
        QAction *merge = menu->findChild<QAction *>("mergeInto:3.0");
        QVERIFY(merge);
        merge->trigger();
        // The set the menu was opened on is merged away into the chosen one.
        QCOMPARE(only(requested), BuildIdOperation::mergeSets("3.0", "1.1"));
        // No merge of a set into itself is offered.
        QVERIFY(!menu->findChild<QAction *>("mergeInto:1.1"));
        delete menu;
    }

    void buildIdMenuPromotesWithinItsSetAndCopies()
    {
        QSignalSpy requested(m_menus, &OperationMenus::operationRequested);
        QSignalSpy pollers(m_menus, &OperationMenus::pollersRequested);
        QMenu *menu = m_menus->buildIdMenu("1.0", m_window);
        action(menu, "promoteIdInSet")->trigger();
        QCOMPARE(only(requested), BuildIdOperation::promoteIdInSet("1.0"));
        action(menu, "copyBuildId")->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), QString("1.0"));
        action(menu, "showPollers")->trigger();
        QCOMPARE(pollers.count(), 1);
        QCOMPARE(pollers.at(0).at(0).toString(), QString("1.0"));
        delete menu;
    }

    void canvasMenuAsksForANewDefault()
    {
        QSignalSpy requested(m_menus, &OperationMenus::operationRequested);
        QMenu *menu = m_menus->canvasMenu(m_window);
        action(menu, "addNewDefault")->trigger();
        BuildIdInputDialog *dialog = m_menus->openDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->makeDefaultBox());
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        // A build ID with a space is refused as it is typed.
        QTest::keyClicks(dialog->buildIdEdit(), "4 .0");
        QVERIFY(!ok->isEnabled());
        dialog->buildIdEdit()->clear();
        QTest::keyClicks(dialog->buildIdEdit(), "4.0");
        QVERIFY(ok->isEnabled());
        QCOMPARE(requested.count(), 0);
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(only(requested), BuildIdOperation::addNewDefault("4.0"));
        delete menu;
    }

    void addCompatibleCanMakeTheSetTheQueueDefault()
    {
        QSignalSpy requested(m_menus, &OperationMenus::operationRequested);
        QMenu *menu = m_menus->setMenu(0, m_window);
        action(menu, "addNewCompatible")->trigger();
        BuildIdInputDialog *dialog = m_menus->openDialog();
        QVERIFY(dialog && dialog->makeDefaultBox());
        QTest::keyClicks(dialog->buildIdEdit(), "1.2");
        dialog->makeDefaultBox()->setChecked(true);
        dialog->accept();
        QCOMPARE(only(requested), BuildIdOperation::addNewCompatible("1.2", "1.1", true));
        delete menu;
    }

    void actionsThatChangeNothingAreDisabledAndSayWhy_data()
    {
        QTest::addColumn<QString>("sets");
        QTest::addColumn<QString>("menuOn");
        QTest::addColumn<QString>("actionName");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<QString>("why");
        QTest::newRow("promote the queue-default set")
            << "1.0,1.1|2.0|3.0"
            << "set:2"
            << "promoteSet" << false << "already the queue default";
        QTest::newRow("promote another set") << "1.0,1.1|2.0|3.0"
                                             << "set:0"
                                             << "promoteSet" << true << "";
        QTest::newRow("promote a set default within its set")
            << "1.0,1.1|2.0|3.0"
            << "id:1.1"
            << "promoteIdInSet" << false << "already the default of its set";
        QTest::newRow("promote a compatible build ID") << "1.0,1.1|2.0|3.0"
                                                       << "id:1.0"
                                                       << "promoteIdInSet" << true << "";
        QTest::newRow("merge with a single set") << "1.0,1.1"
                                                 << "set:0"
                                                 << "mergeInto" << false << "no other set";
        QTest::newRow("merge with two sets") << "1.0|2.0"
                                             << "set:0"
                                             << "mergeInto" << true << "";
    }

    void actionsThatChangeNothingAreDisabledAndSayWhy()
    {
        QFETCH(QString, sets);
        QFETCH(QString, menuOn);
        QFETCH(QString, actionName);
        QFETCH(bool, enabled);
        QFETCH(QString, why);
        m_menus->setSets(setsFrom(sets), {});
        QSignalSpy requested(m_menus, &OperationMenus::operationRequested);
        QMenu *menu = menuOn.startsWith("set:") ? m_menus->setMenu(menuOn.mid(4).toInt(), m_window)
                                                : m_menus->buildIdMenu(menuOn.mid(3), m_window);
        QAction *found = action(menu, actionName);
        if (!found) {
            for (QMenu *sub : menu->findChildren<QMenu *>()) {
                if (sub->menuAction()->objectName() == actionName)
                    found = sub->menuAction();
            }
        }
        QVERIFY(found);
        QCOMPARE(found->isEnabled(), enabled);
        if (!enabled) {
            QVERIFY2(found->toolTip().contains(why), qPrintable(found->toolTip()));
            QCOMPARE(found->statusTip(), found->toolTip());
            QVERIFY(menu->toolTipsVisible());
        }
        delete menu;
    }

    void cancellingTheInputRequestsNothing()
    {
        QSignalSpy requested(m_menus, &OperationMenus::operationRequested);
        m_menus->askNewDefault();
        QTest::keyClicks(m_menus->openDialog()->buildIdEdit(), "5.0");
        m_menus->openDialog()->reject();
        QCOMPARE(requested.count(), 0);
    }
};

QTEST_MAIN(TestOperationMenus)
#include "tst_operationmenus.moc"
