#pragma once

#include "versionsets/buildidoperation.h"
#include "versionsets/graphdrop.h"

#include <QGraphicsObject>
#include <QGraphicsView>
#include <QPointer>

class VersionSetGraphScene;

// Shows a VersionSetGraphScene and turns drags into operations: a set dragged (by its header) onto the
// queue-default slot or onto another set, a build ID dragged to the top of its own set (its header or top
// slot). Nothing is sent from here: operationRequested asks the owner to open the confirmation preview. A
// drop the API cannot express snaps back and dropRefused says why. During a drag the target under the
// cursor is highlighted. The drag holds the dragged item through a QPointer and the scene's key, never a
// raw pointer across a refresh; a refresh that takes the dragged item away ends the drag with
// dragInterrupted. Wheel and +/-/0 keys zoom; the scroll bars pan. Lives on the GUI thread.
class VersionSetGraphView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit VersionSetGraphView(VersionSetGraphScene *scene, QWidget *parent = nullptr);

    VersionSetGraphScene *graphScene() const { return m_scene; }
    // A read-only view (previews, history) shows the graph but starts no drag, and its scene draws no
    // drop slot nor hint.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    // Why no change may be asked from this view (a read-only connection), empty when changes may be: a drag
    // then moves nothing and dropRefused says why, once per gesture; clicks and menus work as before.
    void setChangesRefused(const QString &why);
    QString changesRefused() const { return m_changesRefused; }
    void zoomBy(double factor);
    // Fits the whole graph. Read-only views first wrap the sets into rows when that shows them larger.
    void fitAll();
    // The scale fitAll would choose (read-only views choose their rows for it as well).
    double fitScale();
    // Scales the view by exactly this factor.
    void setScale(double scale);
    // Shows the whole graph at this scale, centred, without scroll bars left from another scale (views
    // side by side share one scale: the smaller of their fitScale()s).
    void showAtScale(double scale);
    double scale() const;
    bool isDragging() const { return m_dragging; }

Q_SIGNALS:
    // Emitted once per drop that means an operation, on the GUI thread.
    void operationRequested(const BuildIdOperation &operation);
    // Emitted once per drop that cannot be expressed, with the reason for the status bar.
    void dropRefused(const QString &reason);
    // A refresh took away what was being dragged; the drag ended and nothing was asked. For the status bar.
    void dragInterrupted(const QString &reason);
    // A context menu was asked for at globalPos: on empty canvas, on a set (its header or body) or on a
    // build ID. Read-only views ask too (their owner decides what to offer).
    void canvasMenuRequested(const QPoint &globalPos);
    void setMenuRequested(int setIndex, const QPoint &globalPos);
    void buildIdMenuRequested(const QString &buildId, const QPoint &globalPos);
    // A plain click (no drag) on a build ID or a set; buildId is empty for a set.
    void itemClicked(int setIndex, const QString &buildId);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void onDragInterrupted(const QString &reason);
    void resetDrag();
    GraphDrop dropUnder(const QPoint &viewPos) const;
    // Index of the dragged set or of the dragged build ID's set, as the scene has it now.
    int draggedSourceSet() const;

    VersionSetGraphScene *m_scene;
    QPointer<QGraphicsObject> m_dragged;
    GraphDrop::Dragged m_draggedKind = GraphDrop::Dragged::Set;
    QString m_buildId;
    QPoint m_pressPos;
    QPointF m_itemStart;
    bool m_dragging = false;
    bool m_readOnly = false;
    QString m_changesRefused;
    // The press that would have become a drag was refused (said once); its release is no click either.
    bool m_refusedGesture = false;
    // Fitted and not zoomed since: a resize (a dock opened, the window made smaller) fits again.
    bool m_fitted = false;
};
