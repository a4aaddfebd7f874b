#include "graph/buildiditem.h"
#include "graph/setitem.h"
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
