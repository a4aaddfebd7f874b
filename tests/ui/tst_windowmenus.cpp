#include "window/windowmenus.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTest>

// The File and View menus report each choice once, as what was chosen, and carry the shortcuts the README
// documents.
class TestWindowMenus : public QObject
{
    Q_OBJECT

    static QAction *actionNamed(QMenu *menu, const QString &text)
    {
        for (QAction *action : menu->actions()) {
            if (action->text() == text)
                return action;
        }
        return nullptr;
    }

private Q_SLOTS:
    void fileMenuReportsChoices()
    {
        QMenuBar bar;
        WindowMenus menus(&bar);
        QSignalSpy connectSpy(&menus, &WindowMenus::connectRequested);
        QSignalSpy exportSpy(&menus, &WindowMenus::exportRequested);
        QSignalSpy quitSpy(&menus, &WindowMenus::quitRequested);

        menus.connectAction()->trigger();
        QCOMPARE(connectSpy.count(), 1);
        QCOMPARE(menus.connectAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+C")));

        const QList<std::pair<QString, WindowMenus::ExportFormat>> exports{
            {QStringLiteral("exportPng"), WindowMenus::ExportFormat::Png},
            {QStringLiteral("exportSvg"), WindowMenus::ExportFormat::Svg},
            {QStringLiteral("exportJson"), WindowMenus::ExportFormat::Json},
        };
        for (const auto &[name, format] : exports) {
            auto *action = menus.fileMenu()->findChild<QAction *>(name);
            QVERIFY2(action, qPrintable(name));
            action->trigger();
            QCOMPARE(exportSpy.count(), 1);
            QCOMPARE(exportSpy.takeFirst().at(0).value<WindowMenus::ExportFormat>(), format);
        }
        QAction *quit = actionNamed(menus.fileMenu(), QStringLiteral("&Quit"));
        QVERIFY(quit);
        quit->trigger();
        QCOMPARE(quitSpy.count(), 1);
        QCOMPARE(connectSpy.count(), 1);
    }

    void viewMenuReportsChoices_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QKeySequence>("shortcut");
        QTest::addColumn<int>("target");
        QTest::newRow("queues") << QStringLiteral("Go to task &queues")
                                << QKeySequence(QStringLiteral("Ctrl+1"))
                                << int(WindowMenus::FocusTarget::TaskQueues);
        QTest::newRow("tree") << QStringLiteral("Go to &version sets")
                              << QKeySequence(QStringLiteral("Ctrl+2"))
                              << int(WindowMenus::FocusTarget::Tree);
        QTest::newRow("filter") << QStringLiteral("F&ilter task queues") << QKeySequence(QKeySequence::Find)
                                << int(WindowMenus::FocusTarget::QueueFilter);
    }
    void viewMenuReportsChoices()
    {
        QFETCH(QString, text);
        QFETCH(QKeySequence, shortcut);
        QFETCH(int, target);
        QMenuBar bar;
        WindowMenus menus(&bar);
        QAction toggle(QStringLiteral("History"));
        QMenu *view = menus.addViewMenu(&bar, {&toggle});
        QCOMPARE(view->actions().last(), &toggle);
        QVERIFY(view->actions().contains(menus.fitAction()));

        QSignalSpy focusSpy(&menus, &WindowMenus::focusRequested);
        QAction *action = actionNamed(view, text);
        QVERIFY(action);
        QCOMPARE(action->shortcut(), shortcut);
        action->trigger();
        QCOMPARE(focusSpy.count(), 1);
        QCOMPARE(int(focusSpy.at(0).at(0).value<WindowMenus::FocusTarget>()), target);
    }

    void zoomAndFit()
    {
        QMenuBar bar;
        WindowMenus menus(&bar);
        QMenu *view = menus.addViewMenu(&bar, {});
        QSignalSpy zoomSpy(&menus, &WindowMenus::zoomRequested);
        QSignalSpy fitSpy(&menus, &WindowMenus::fitRequested);
        actionNamed(view, QStringLiteral("Zoom &in"))->trigger();
        actionNamed(view, QStringLiteral("Zoom &out"))->trigger();
        QCOMPARE(zoomSpy.count(), 2);
        QVERIFY(zoomSpy.at(0).at(0).toDouble() > 1.0);
        QVERIFY(zoomSpy.at(1).at(0).toDouble() < 1.0);
        menus.fitAction()->trigger();
        QCOMPARE(fitSpy.count(), 1);
    }
};

QTEST_MAIN(TestWindowMenus)
#include "tst_windowmenus.moc"
