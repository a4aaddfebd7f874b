#include "dialogs/previewdialog.h"
#include "graph/buildiditem.h"
#include "graph/setitem.h"
#include "graph/versionsetgraphmodel.h"
#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "history/historypanel.h"
#include "models/taskqueuelistmodel.h"
#include "support/setnotation.h"
#include "window/mainwindow.h"
#include "window/windowsettings.h"
#include "window/windowtoolbar.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QTreeView>

// The window's space: what a person sees at the default size and at a small one. No server is needed (the
// address is unreachable); the graph is fed through the window's graph model.
class TestWindowLayout : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<WindowSettings> m_settings;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("VERSIONSCOPE_HISTORY"), m_dir.filePath("history.sqlite"));
        environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"),
                           QStringLiteral("/nonexistent/temporal.toml"));
        environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
                           QStringLiteral("/nonexistent/versionscope.toml"));
        return environment;
    }

    std::unique_ptr<MainWindow> openWindow(const QSize &size)
    {
        ConnectionOverrides overrides;
        overrides.address = QStringLiteral("127.0.0.1:1");
        overrides.namespaceName = QStringLiteral("default");
        auto window = std::make_unique<MainWindow>(m_settings.get(), overrides, environment());
        if (size.isValid())
            window->resize(size);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return {};
        return window;
    }

    // The graph page as it is once a queue was read.
    static void showGraph(MainWindow *window, const QString &sets)
    {
        window->graphModel()->setSets(setsFrom(sets));
        auto *stack = qobject_cast<QStackedWidget *>(
            window->graphView()->parentWidget()->parentWidget()->parentWidget());
        if (stack)
            stack->setCurrentIndex(0);
        QApplication::processEvents();
        window->graphView()->fitAll();
    }

    static QRect inWindow(QWidget *window, QWidget *widget)
    {
        return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QFile::remove(m_dir.filePath("settings.ini"));
        m_settings = std::make_unique<WindowSettings>(m_dir.filePath("settings.ini"));
    }

    void theGraphKeepsMostOfTheWindowAndNothingOverlaps_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800 (default)") << QSize();
        QTest::newRow("800x600") << QSize(800, 600);
    }

    void theGraphKeepsMostOfTheWindowAndNothingOverlaps()
    {
        QFETCH(QSize, size);
        auto window = openWindow(size);
        QVERIFY(window);
        if (!size.isValid())
            QCOMPARE(window->size(), QSize(1280, 800));
        showGraph(window.get(), "1.0,1.1|2.0,2.1,2.2|orders-3.0-canary");
        QDockWidget *dock = window->historyDock();
        QTRY_VERIFY(dock->isVisible());
        QVERIFY(!dock->isFloating());
        QCOMPARE(window->dockWidgetArea(dock), Qt::BottomDockWidgetArea);

        const QRect graph = inWindow(window.get(), window->graphView());
        const QRect tree = inWindow(window.get(), window->setTree());
        const QRect history = inWindow(window.get(), dock);
        const QRect status = inWindow(window.get(), window->statusBar());
        const QRect restore = inWindow(window.get(), window->historyPanel()->restoreButton());
        // Nothing overlaps: the history is below the graph and its tree, the status bar below everything.
        QVERIFY2(!graph.intersects(history),
                 qPrintable(QString("graph %1 history %2").arg(graph.bottom()).arg(history.top())));
        QVERIFY(!tree.intersects(history));
        QVERIFY2(history.bottom() < status.top(),
                 qPrintable(QString("history %1 status %2").arg(history.bottom()).arg(status.top())));
        QVERIFY2(!restore.intersects(status) && history.contains(restore),
                 qPrintable(QString("restore %1..%2, status from %3")
                                .arg(restore.top())
                                .arg(restore.bottom())
                                .arg(status.top())));
        // The graph is the main thing: more than 60% of the height goes to the graph and its tree, the
        // graph taking the larger part.
        const double paneShare = double(tree.bottom() - graph.top()) / window->height();
        QVERIFY2(size.isValid() || paneShare > 0.6, qPrintable(QString::number(paneShare)));
        QVERIFY2(graph.height() > 2 * tree.height(),
                 qPrintable(QString("%1 vs %2").arg(graph.height()).arg(tree.height())));
        QVERIFY(graph.height() >= 120);

        // Fitted, the cards still name their build IDs (compact form), in text that can be read.
        VersionSetGraphView *view = window->graphView();
        // Fitted means fitted: no scroll bars left over from another size.
        QVERIFY(!view->horizontalScrollBar()->isVisible());
        QVERIFY(!view->verticalScrollBar()->isVisible());
        const double base = view->viewport()->font().pointSizeF();
        const double effective = BuildIdItem::buildIdPointSize(base, view->scale()) * view->scale();
        QVERIFY2(effective >= 8, qPrintable(QString("%1 pt at %2").arg(effective).arg(view->scale())));
        const QImage picture = view->grab().toImage();
        const QRect card = view->mapFromScene(window->graphScene()->buildIdItem("2.1")->sceneBoundingRect())
                               .boundingRect()
                               .adjusted(4, 4, -4, -4);
        int ink = 0;
        const QColor text = QApplication::palette().color(QPalette::Text);
        for (int y = card.top(); y <= card.bottom(); ++y)
            for (int x = card.left(); x <= card.right(); ++x)
                ink += QColor(picture.pixel(x, y)).lightness() < text.lightness() + 60;
        QVERIFY2(ink > 10, qPrintable(QString::number(ink)));

        const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(window->grab().save(
                QStringLiteral("%1/window-%2x%3.png").arg(shots).arg(window->width()).arg(window->height())));
    }

    void graphTreeAndStatusBarWorkTogether()
    {
        auto window = openWindow(QSize(1280, 800));
        QVERIFY(window);
        showGraph(window.get(), "1.0,1.1|2.0");
        VersionSetGraphView *view = window->graphView();
        VersionSetGraphScene *scene = window->graphScene();
        // A click in the graph moves the tree; the tree moves the graph.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->mapFromScene(scene->buildIdItem("1.0")->sceneBoundingRect().center()));
        QCOMPARE(window->setTree()->currentIndex().data().toString(), QString("1.0"));
        window->setTree()->setCurrentIndex(window->setTree()->model()->index(1, 0));
        QVERIFY(scene->setItem(1)->isSelected());
        // A refresh that takes the dragged build ID away ends the drag and says why in the status bar.
        const QPoint from = view->mapFromScene(scene->buildIdItem("1.0")->sceneBoundingRect().center());
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(view->viewport(), from + QPoint(10, -30));
        QTest::mouseMove(view->viewport(), from + QPoint(12, -40));
        QVERIFY(view->isDragging());
        window->graphModel()->setSets(setsFrom("1.1|2.0"));
        QVERIFY(!view->isDragging());
        QVERIFY2(window->statusText().contains("1.0 is no longer"), qPrintable(window->statusText()));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, from + QPoint(12, -40));
        QVERIFY(!scene->isDragging());
    }

    void aLayoutChangeIsRemembered()
    {
        int height = 0;
        {
            auto window = openWindow(QSize(1280, 800));
            QVERIFY(window);
            window->resizeDocks({window->historyDock()}, {330}, Qt::Vertical);
            QApplication::processEvents();
            height = window->historyDock()->height();
            window->close();
        }
        auto window = openWindow(QSize());
        QVERIFY(window);
        QTRY_VERIFY(window->historyDock()->isVisible());
        QVERIFY2(std::abs(window->historyDock()->height() - height) <= 4,
                 qPrintable(QString("%1 then %2").arg(height).arg(window->historyDock()->height())));
    }

    void theQueueSelectionNamesTheShownQueueAlsoWhenFiltered()
    {
        auto window = openWindow(QSize(1280, 800));
        QVERIFY(window);
        window->openTaskQueue("billing");
        window->openTaskQueue("orders");
        window->openTaskQueue("payments");
        window->openTaskQueue("orders");
        QTreeView *queues = window->queueView();
        const auto selectedNames = [&] {
            QStringList names;
            for (const QModelIndex &index : queues->selectionModel()->selectedRows())
                names << index.data(TaskQueueListModel::NameRole).toString();
            return names;
        };
        QCOMPARE(selectedNames(), QStringList{"orders"});
        auto *filter = window->findChild<QLineEdit *>("queueFilter");
        QVERIFY(filter);
        // The shown queue filtered out: no other queue may look selected.
        filter->setText("pay");
        QCOMPARE(selectedNames(), QStringList());
        QVERIFY(!queues->currentIndex().isValid() ||
                queues->currentIndex().data(TaskQueueListModel::NameRole).toString() == "orders");
        filter->setText("o");
        QCOMPARE(selectedNames(), QStringList{"orders"});
        filter->clear();
        QCOMPARE(selectedNames(), QStringList{"orders"});
        QCOMPARE(queues->currentIndex().data(TaskQueueListModel::NameRole).toString(), QString("orders"));
    }

    // Tests and accessibility tools find the window's parts by name, wherever they are built.
    // --read-only at 800x600: the toolbar's badge stays on the toolbar, not in its overflow menu.
    void theReadOnlyBadgeStaysVisibleInASmallWindow_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("800x600") << QSize(800, 600);
        QTest::newRow("1280x800") << QSize(1280, 800);
    }
    void theReadOnlyBadgeStaysVisibleInASmallWindow()
    {
        QFETCH(QSize, size);
        ConnectionOverrides overrides;
        overrides.address = QStringLiteral("127.0.0.1:1");
        overrides.namespaceName = QStringLiteral("default");
        overrides.readOnly = true;
        MainWindow window(m_settings.get(), overrides, environment());
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The window really is that small: the history's filter row once held it at 942 px at least.
        QTRY_COMPARE(window.size(), size);
        auto *toolbar = window.findChild<WindowToolbar *>(QStringLiteral("mainToolbar"));
        QVERIFY(toolbar);
        QTRY_VERIFY(toolbar->isReadOnlyShown());
        QLabel *badge = toolbar->readOnlyIndicator();
        // In the overflow menu, a toolbar's widget is hidden (or lives in the extension popup).
        QTRY_VERIFY(badge->isVisible());
        QCOMPARE(badge->window(), static_cast<QWidget *>(&window));
        QVERIFY(toolbar->rect().contains(QRect(badge->mapTo(toolbar, QPoint(0, 0)), badge->size())));
        if (const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR"); !shots.isEmpty())
            QVERIFY(window.grab().save(
                shots +
                QStringLiteral("/readonly-%1.png").arg(QString::fromLatin1(QTest::currentDataTag()))));
    }

    void thePartsKeepTheirNames()
    {
        auto window = openWindow(QSize(1280, 800));
        QVERIFY(window);
        for (const char *name :
             {"connect", "refresh", "showHistory", "menuAddNewDefault", "menuAddNewCompatible",
              "menuPromoteSet", "menuPromoteIdInSet", "menuMergeInto"})
            QVERIFY2(window->findChild<QAction *>(QLatin1String(name)), name);
        QVERIFY(window->findChild<QToolBar *>("mainToolbar"));
        QVERIFY(window->findChild<QComboBox *>("namespaceBox"));
        QCOMPARE(window->findChild<QComboBox *>("namespaceBox")->currentText(), QString("default"));
        QVERIFY(window->findChild<QSpinBox *>("refreshSeconds"));
    }

    // The Queue menu's operations follow the tree's current row: what would change nothing is disabled and
    // says why.
    void theQueueMenuFollowsTheTreeSelection_data()
    {
        QTest::addColumn<int>("set");
        QTest::addColumn<QString>("buildId");
        QTest::addColumn<bool>("promoteSet");
        QTest::addColumn<bool>("promoteId");
        QTest::newRow("older set") << 0 << QString() << true << true;
        QTest::newRow("queue default set") << 1 << QString() << false << true;
        QTest::newRow("set default ID") << 0 << "1.1" << true << false;
        QTest::newRow("older ID") << 0 << "1.0" << true << true;
    }
    void theQueueMenuFollowsTheTreeSelection()
    {
        QFETCH(int, set);
        QFETCH(QString, buildId);
        QFETCH(bool, promoteSet);
        QFETCH(bool, promoteId);
        auto window = openWindow(QSize(1280, 800));
        QVERIFY(window);
        showGraph(window.get(), "1.0,1.1|2.0");
        QAbstractItemModel *tree = window->setTree()->model();
        QModelIndex current = tree->index(set, 0);
        for (int row = 0; !buildId.isEmpty() && row < tree->rowCount(tree->index(set, 0)); ++row) {
            if (tree->index(row, 0, tree->index(set, 0)).data().toString() == buildId)
                current = tree->index(row, 0, tree->index(set, 0));
        }
        window->setTree()->setCurrentIndex(current);
        auto *promote = window->findChild<QAction *>("menuPromoteSet");
        auto *promoteWithin = window->findChild<QAction *>("menuPromoteIdInSet");
        QCOMPARE(promote->isEnabled(), promoteSet);
        QCOMPARE(promote->statusTip().isEmpty(), promoteSet);
        QCOMPARE(promoteWithin->isEnabled(), promoteId);
        QCOMPARE(promoteWithin->statusTip().isEmpty(), promoteId);
        QVERIFY(window->findChild<QAction *>("menuMergeInto")->isEnabled());
        // A single set leaves nothing to merge into.
        window->graphModel()->setSets(setsFrom("1.0,1.1"));
        QVERIFY(!window->findChild<QAction *>("menuMergeInto")->isEnabled());
    }
};

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"
