#include "graph/buildiditem.h"
#include "graph/graphmetrics.h"
#include "graph/setitem.h"
#include "graph/versionsetgraphmodel.h"
#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "support/setnotation.h"

#include <QApplication>
#include <QPixmap>
#include <QSignalSpy>
#include <QTest>

// The graph as a person uses it: real mouse drags on the viewport.
class TestVersionSetGraph : public QObject
{
    Q_OBJECT

    VersionSetGraphScene *m_scene = nullptr;
    VersionSetGraphView *m_view = nullptr;

    void drag(const QPointF &fromScene, const QPointF &toScene)
    {
        QWidget *viewport = m_view->viewport();
        const QPoint from = m_view->mapFromScene(fromScene);
        const QPoint to = m_view->mapFromScene(toScene);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, from + QPoint(8, 8));
        QTest::mouseMove(viewport, to);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
    }

    // Press on fromScene and move past the drag distance: the drag is under way, nothing released.
    void startDrag(const QPointF &fromScene)
    {
        QWidget *viewport = m_view->viewport();
        const QPoint from = m_view->mapFromScene(fromScene);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, from + QPoint(8, 8));
        QTest::mouseMove(viewport, from + QPoint(14, 20));
    }
    void moveTo(const QPointF &toScene)
    {
        QTest::mouseMove(m_view->viewport(), m_view->mapFromScene(toScene));
    }
    void releaseAt(const QPointF &toScene)
    {
        const QPoint to = m_view->mapFromScene(toScene);
        QTest::mouseMove(m_view->viewport(), to);
        QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, to);
    }
    static int pixelsNear(const QImage &image, const QRect &area, const QColor &color)
    {
        int count = 0;
        for (int y = area.top(); y <= area.bottom(); ++y) {
            for (int x = area.left(); x <= area.right(); ++x) {
                const QColor pixel(image.pixel(x, y));
                if (std::abs(pixel.red() - color.red()) + std::abs(pixel.green() - color.green()) +
                        std::abs(pixel.blue() - color.blue()) <
                    40)
                    ++count;
            }
        }
        return count;
    }

    QPointF headerOf(int set) const { return m_scene->setItem(set)->mapToScene(QPointF(20, 10)); }
    QPointF centerOf(const QString &id) const
    {
        return m_scene->buildIdItem(id)->sceneBoundingRect().center();
    }

private Q_SLOTS:
    void init()
    {
        m_scene = new VersionSetGraphScene;
        m_scene->setSets(setsFrom("1.0,1.1,1.2|2.0|3.0"));
        m_view = new VersionSetGraphView(m_scene);
        m_view->resize(1000, 500);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
    }

    void cleanup()
    {
        delete m_view;
        delete m_scene;
    }

    void layoutPutsSetDefaultOnTopAndDefaultSetRight()
    {
        QVERIFY(centerOf("1.2").y() < centerOf("1.1").y());
        QVERIFY(centerOf("1.1").y() < centerOf("1.0").y());
        QVERIFY(centerOf("3.0").x() > centerOf("2.0").x());
        QVERIFY(m_scene->buildIdItem("3.0")->isQueueDefault());
        QVERIFY(m_scene->buildIdItem("1.2")->isSetDefault());
        QVERIFY(!m_scene->buildIdItem("1.1")->isSetDefault());
        QVERIFY(m_scene->setItem(2)->isQueueDefault());
        // A picture for people: VERSIONSCOPE_SCREENSHOT_DIR=dir ctest -R graph
        const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            m_scene->setPollerCounts(QHash<QString, int>{{"1.2", 2}, {"2.0", 1}});
            QVERIFY(m_view->grab().save(shots + "/graph.png"));
        }
        // Nothing overlaps.
        const QStringList ids = m_scene->sets().allBuildIds();
        for (const QString &a : ids)
            for (const QString &b : ids)
                QVERIFY(a == b || !m_scene->buildIdItem(a)->sceneBoundingRect().intersects(
                                      m_scene->buildIdItem(b)->sceneBoundingRect()));
    }

    void layoutNeverOverlapsAtAndBeyondTheServerLimits_data()
    {
        QTest::addColumn<int>("setCount");
        QTest::addColumn<int>("idsPerSet");
        QTest::newRow("10 sets x 10 (both server limits)") << 10 << 10;
        QTest::newRow("1 set of 100") << 1 << 100;
        QTest::newRow("40 sets x 25 (beyond)") << 40 << 25;
    }

    void layoutNeverOverlapsAtAndBeyondTheServerLimits()
    {
        QFETCH(int, setCount);
        QFETCH(int, idsPerSet);
        QList<QStringList> sets;
        for (int s = 0; s < setCount; ++s) {
            QStringList ids;
            for (int i = 0; i < idsPerSet; ++i)
                ids << QStringLiteral("build-%1.%2-with-a-long-suffix").arg(s).arg(i);
            sets << ids;
        }
        m_scene->setSets(VersionSets(sets));
        QList<QRectF> nodes;
        for (int s = 0; s < setCount; ++s) {
            const QRectF column = m_scene->setItem(s)->sceneBoundingRect();
            if (s > 0)
                QVERIFY(!column.intersects(m_scene->setItem(s - 1)->sceneBoundingRect()));
            for (const QString &id : sets.at(s)) {
                const QRectF node = m_scene->buildIdItem(id)->sceneBoundingRect();
                QVERIFY(column.contains(node));
                nodes << node;
            }
        }
        // Within a column nodes are stacked: neighbours in the stack must not touch.
        for (int i = 1; i < nodes.size(); ++i) {
            if (nodes.at(i).left() == nodes.at(i - 1).left())
                QVERIFY(!nodes.at(i).intersects(nodes.at(i - 1)));
        }
        QVERIFY(
            !m_scene->queueDefaultSlotRect().intersects(m_scene->setItem(setCount - 1)->sceneBoundingRect()));
        // Fit keeps the whole graph in view; zooming in from there makes a node readable again.
        m_view->fitAll();
        QVERIFY(m_view->mapFromScene(m_scene->sceneRect()).boundingRect().width() <=
                m_view->viewport()->width() + 2);
    }

    void setToQueueDefaultSlotPromotesIt()
    {
        QSignalSpy requested(m_view, &VersionSetGraphView::operationRequested);
        drag(headerOf(0), m_scene->queueDefaultSlotRect().center());
        QCOMPARE(requested.count(), 1);
        const auto op = requested.at(0).at(0).value<BuildIdOperation>();
        QCOMPARE(op.kind, BuildIdOperation::Kind::PromoteSet);
        QCOMPARE(op.buildId, QString("1.2"));
        // The graph snapped back: it changes only when the server's sets do.
        QCOMPARE(m_scene->setItem(0)->pos(), QPointF(0, 0));
    }

    void buildIdToTopOfItsSetPromotesIt()
    {
        QSignalSpy requested(m_view, &VersionSetGraphView::operationRequested);
        drag(centerOf("1.0"), m_scene->setItem(0)->topSlotSceneRect().center());
        QCOMPARE(requested.count(), 1);
        const auto op = requested.at(0).at(0).value<BuildIdOperation>();
        QCOMPARE(op.kind, BuildIdOperation::Kind::PromoteIdInSet);
        QCOMPARE(op.buildId, QString("1.0"));
    }

    void setOntoSetMergesIntoTheTarget()
    {
        QSignalSpy requested(m_view, &VersionSetGraphView::operationRequested);
        drag(headerOf(0), centerOf("2.0") + QPointF(0, 20));
        QCOMPARE(requested.count(), 1);
        const auto op = requested.at(0).at(0).value<BuildIdOperation>();
        QCOMPARE(op.kind, BuildIdOperation::Kind::MergeSets);
        QCOMPARE(op.buildId, QString("2.0"));
        QCOMPARE(op.secondaryBuildId, QString("1.2"));
    }

    void buildIdOntoItsOwnSetHeaderPromotesIt()
    {
        // A drop on the header used to be ignored silently: only the top slot counted.
        QSignalSpy requested(m_view, &VersionSetGraphView::operationRequested);
        drag(centerOf("1.0"), headerOf(0));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).value<BuildIdOperation>(), BuildIdOperation::promoteIdInSet("1.0"));
    }

    void dropTargetIsHighlightedAndTheDraggedCardOnTop_data()
    {
        QTest::addColumn<bool>("dragSet");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("targetSet");
        QTest::addColumn<int>("state");
        QTest::newRow("build ID over its own header")
            << false << "header0" << 0 << int(SetItem::DropState::AcceptsOnTop);
        QTest::newRow("build ID over its own top slot")
            << false << "top0" << 0 << int(SetItem::DropState::AcceptsOnTop);
        QTest::newRow("build ID over another set")
            << false << "card2.0" << 1 << int(SetItem::DropState::Refuses);
        QTest::newRow("set over another set") << true << "card2.0" << 1 << int(SetItem::DropState::Accepts);
        QTest::newRow("set over the queue-default slot")
            << true << "slot" << -1 << int(SetItem::DropState::None);
    }

    void dropTargetIsHighlightedAndTheDraggedCardOnTop()
    {
        QFETCH(bool, dragSet);
        QFETCH(QString, target);
        QFETCH(int, targetSet);
        QFETCH(int, state);
        QPointF at;
        if (target == "header0")
            at = headerOf(0) + QPointF(40, 0);
        else if (target == "top0")
            at = m_scene->setItem(0)->topSlotSceneRect().center();
        else if (target == "card2.0")
            at = centerOf("2.0") + QPointF(0, 20);
        else
            at = m_scene->queueDefaultSlotRect().center();
        QGraphicsItem *dragged =
            dragSet ? static_cast<QGraphicsItem *>(m_scene->setItem(0)) : m_scene->buildIdItem("1.0");
        startDrag(dragSet ? headerOf(0) : centerOf("1.0"));
        moveTo(at);
        if (targetSet >= 0)
            QCOMPARE(int(m_scene->setItem(targetSet)->dropState()), state);
        else
            QVERIFY(m_scene->isQueueDefaultSlotTargeted());
        for (int s = 0; s < 3; ++s) {
            if (s != targetSet)
                QCOMPARE(m_scene->setItem(s)->dropState(), SetItem::DropState::None);
        }
        if (const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR"); !shots.isEmpty())
            QVERIFY(m_view->grab().save(shots + "/graph-drag-" +
                                        QString(QTest::currentDataTag()).replace(' ', '-') + ".png"));
        // The dragged card is drawn above everything under the cursor (another set's cards included).
        const QList<QGraphicsItem *> stack = m_scene->items(m_view->mapToScene(m_view->mapFromScene(at)));
        QVERIFY(!stack.isEmpty());
        QVERIFY(stack.first() == dragged || dragged->isAncestorOf(stack.first()));
        releaseAt(QPointF(-200, -200));
        for (int s = 0; s < 3; ++s)
            QCOMPARE(m_scene->setItem(s)->dropState(), SetItem::DropState::None);
        QVERIFY(!m_scene->isQueueDefaultSlotTargeted());
    }

    void refreshDuringADragNeitherFreesNorMovesTheDraggedItem_data()
    {
        QTest::addColumn<bool>("dragSet");
        QTest::addColumn<QString>("refreshed");
        QTest::addColumn<bool>("continues");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("build ID, same sets") << false << "1.0,1.1,1.2|2.0|3.0" << true << "";
        QTest::newRow("build ID, a new default set") << false << "1.0,1.1,1.2|2.0|3.0|4.0" << true << "";
        QTest::newRow("build ID, its set promoted") << false << "2.0|3.0|1.0,1.1,1.2" << true << "";
        QTest::newRow("build ID removed") << false << "1.1,1.2|2.0|3.0" << false << "no longer";
        QTest::newRow("build ID moved to another set") << false << "1.1,1.2|2.0,1.0|3.0" << false << "moved";
        QTest::newRow("set, same sets") << true << "1.0,1.1,1.2|2.0|3.0" << true << "";
        QTest::newRow("set, another set merged into it") << true << "1.0,1.1,1.2,2.0|3.0" << true << "";
        QTest::newRow("set merged away") << true << "2.0,1.0,1.1,1.2|3.0" << false << "merged";
    }

    void refreshDuringADragNeitherFreesNorMovesTheDraggedItem()
    {
        QFETCH(bool, dragSet);
        QFETCH(QString, refreshed);
        QFETCH(bool, continues);
        QFETCH(QString, reasonPart);
        QSignalSpy requested(m_view, &VersionSetGraphView::operationRequested);
        QSignalSpy refused(m_view, &VersionSetGraphView::dropRefused);
        QSignalSpy interrupted(m_view, &VersionSetGraphView::dragInterrupted);
        QPointer<QGraphicsObject> dragged =
            dragSet ? static_cast<QGraphicsObject *>(m_scene->setItem(0)) : m_scene->buildIdItem("1.0");
        startDrag(dragSet ? headerOf(0) : centerOf("1.0"));
        moveTo(dragSet ? headerOf(0) + QPointF(30, 60) : centerOf("1.0") + QPointF(10, -40));
        QVERIFY(m_view->isDragging());
        const QPointF where = dragged->scenePos();

        // A refresh arrives (automatic refresh, or the queue changed elsewhere) while the button is down.
        m_scene->setSets(setsFrom(refreshed));
        if (continues) {
            QCOMPARE(interrupted.count(), 0);
            QVERIFY(dragged);
            QCOMPARE(dragSet
                         ? static_cast<QGraphicsObject *>(m_scene->setItem(m_scene->sets().find("1.0").set))
                         : m_scene->buildIdItem("1.0"),
                     dragged.data());
            QCOMPARE(dragged->scenePos(), where);
            QVERIFY(m_view->isDragging());
        } else {
            QCOMPARE(interrupted.count(), 1);
            QVERIFY2(interrupted.at(0).at(0).toString().contains(reasonPart),
                     qPrintable(interrupted.at(0).at(0).toString()));
            QVERIFY(!m_view->isDragging());
        }
        // The drag goes on over the new state: to the top of the (new) set of 1.0, or to the slot.
        const int setNow = m_scene->sets().find("1.0").set;
        const QPointF target = dragSet ? m_scene->queueDefaultSlotRect().center()
                                       : (setNow >= 0 ? headerOf(setNow) : QPointF(10, 10));
        moveTo(target);
        releaseAt(target);
        QCOMPARE(refused.count(), 0);
        if (!continues) {
            QCOMPARE(requested.count(), 0);
        } else if (dragSet && setNow == m_scene->sets().defaultSetIndex()) {
            QCOMPARE(requested.count(), 0);
        } else {
            QCOMPARE(requested.count(), 1);
            const auto op = requested.at(0).at(0).value<BuildIdOperation>();
            QCOMPARE(op, dragSet ? BuildIdOperation::promoteSet(
                                       VersionSets::setDefault(m_scene->sets().set(setNow)))
                                 : BuildIdOperation::promoteIdInSet("1.0"));
        }
        // Everything is back where the layout says, items and all.
        QVERIFY(!m_scene->isDragging());
        for (const QString &id : m_scene->sets().allBuildIds())
            QVERIFY(m_scene->buildIdItem(id));
        QCOMPARE(m_scene->setItem(0)->pos(), QPointF(0, 0));
    }

    void selectionIsClearlyVisible()
    {
        m_scene->model()->select(0, "1.0");
        QVERIFY(m_scene->buildIdItem("1.0")->isSelected());
        const QImage picture = m_view->grab().toImage();
        // Inside the cards, away from borders and text.
        const QPoint selected = m_view->mapFromScene(
            m_scene->buildIdItem("1.0")->sceneBoundingRect().bottomRight() - QPointF(8, 6));
        const QPoint plain = m_view->mapFromScene(
            m_scene->buildIdItem("1.1")->sceneBoundingRect().bottomRight() - QPointF(8, 6));
        const QColor a(picture.pixel(selected));
        const QColor b(picture.pixel(plain));
        const int difference =
            std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
        QVERIFY2(difference > 60, qPrintable(QString("selected %1, plain %2").arg(a.name(), b.name())));
        if (const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR"); !shots.isEmpty()) {
            m_scene->setHighlighted({"2.0"});
            QVERIFY(m_view->grab().save(shots + "/graph-selected-and-changed.png"));
            m_scene->setHighlighted({});
        }
        // A click selects in the model too.
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, m_view->mapFromScene(centerOf("2.0")));
        QCOMPARE(m_scene->model()->selectedBuildId(), QString("2.0"));
        QCOMPARE(m_scene->model()->selectedSet(), 1);
    }

    void changedIsAmberWithAWordNotTheQueueDefaultBlue()
    {
        m_scene->setHighlighted({"2.0"});
        QVERIFY(m_scene->buildIdItem("2.0")->isHighlighted());
        QVERIFY(m_scene->buildIdItem("2.0")->textLines().join(' ').contains("changed"));
        QVERIFY(!m_scene->buildIdItem("1.0")->textLines().join(' ').contains("changed"));
        const QImage picture = m_view->grab().toImage();
        const QRect card =
            m_view->mapFromScene(m_scene->buildIdItem("2.0")->sceneBoundingRect()).boundingRect();
        const QColor blue = QApplication::palette().color(QPalette::Highlight);
        QVERIFY(pixelsNear(picture, card, GraphMetrics::changedColor()) > 50);
        QCOMPARE(pixelsNear(picture, card, blue), 0);
        // Kept across a refresh, in place.
        BuildIdItem *item = m_scene->buildIdItem("2.0");
        m_scene->setSets(setsFrom("1.0,1.1,1.2|2.0|3.0"));
        QCOMPARE(m_scene->buildIdItem("2.0"), item);
        QVERIFY(item->isHighlighted());
    }

    void buildIdIntoAnotherSetSnapsBackWithAReason()
    {
        QSignalSpy requested(m_view, &VersionSetGraphView::operationRequested);
        QSignalSpy refused(m_view, &VersionSetGraphView::dropRefused);
        const QPointF before = m_scene->buildIdItem("1.0")->pos();
        drag(centerOf("1.0"), m_scene->setItem(1)->sceneBoundingRect().bottomLeft() + QPointF(30, -10));
        QCOMPARE(requested.count(), 0);
        QCOMPARE(refused.count(), 1);
        QVERIFY(refused.at(0).at(0).toString().contains("cannot move to another set"));
        QCOMPARE(m_scene->buildIdItem("1.0")->pos(), before);
    }

    void clickIsNotADrag()
    {
        QSignalSpy requested(m_view, &VersionSetGraphView::operationRequested);
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, m_view->mapFromScene(centerOf("1.0")));
        QCOMPARE(requested.count(), 0);
    }

    void followsALightOrDarkPalette()
    {
        // The items paint from the application palette, so a dark system palette gives a dark graph.
        const QPalette light = QApplication::palette();
        QPalette dark = light;
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Window, QColor(45, 45, 45));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
        QApplication::setPalette(dark);
        const QImage picture = m_view->grab().toImage();
        QApplication::setPalette(light);
        // A corner of the canvas and the inside of a node, away from borders and text.
        QCOMPARE(QColor(picture.pixel(3, 3)).lightness() < 60, true);
        const QPoint inside = m_view->mapFromScene(
            m_scene->buildIdItem("1.0")->sceneBoundingRect().bottomRight() - QPointF(6, 4));
        QVERIFY(QColor(picture.pixel(inside)).lightness() < 60);
        if (!qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR").isEmpty())
            QVERIFY(picture.save(qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR") + "/graph-dark.png"));
    }

    void keyboardZoom()
    {
        const double before = m_view->transform().m11();
        QTest::keyClick(m_view, Qt::Key_Plus);
        QVERIFY(m_view->transform().m11() > before);
        QTest::keyClick(m_view, Qt::Key_Minus);
        QTest::keyClick(m_view, Qt::Key_Minus);
        QVERIFY(m_view->transform().m11() < before);
    }
};

QTEST_MAIN(TestVersionSetGraph)
#include "tst_versionsetgraph.moc"
