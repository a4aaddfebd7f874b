#pragma once

#include "versionsets/buildidoperation.h"
#include "versionsets/graphdrop.h"

#include <QGraphicsView>

class VersionSetGraphScene;

// Shows a VersionSetGraphScene and turns drags into operations: a set dragged (by its header) onto the
// queue-default slot or onto another set, a build ID dragged to the top of its own set. Nothing is sent
// from here: operationRequested asks the owner to open the confirmation preview. A drop the API cannot
// express snaps back and dropRefused says why. Wheel and +/-/0 keys zoom; the scroll bars pan.
// Lives on the GUI thread.
class VersionSetGraphView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit VersionSetGraphView(VersionSetGraphScene *scene, QWidget *parent = nullptr);

    VersionSetGraphScene *graphScene() const { return m_scene; }
    // A read-only view (previews, history) shows the graph but starts no drag.
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    bool isReadOnly() const { return m_readOnly; }
    void zoomBy(double factor);
    void fitAll();

Q_SIGNALS:
    // Emitted once per drop that means an operation, on the GUI thread.
    void operationRequested(const BuildIdOperation &operation);
    // Emitted once per drop that cannot be expressed, with the reason for the status bar.
    void dropRefused(const QString &reason);
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

private:
    VersionSetGraphScene *m_scene;
    QGraphicsItem *m_dragged = nullptr;
    GraphDrop::Dragged m_draggedKind = GraphDrop::Dragged::Set;
    int m_sourceSet = -1;
    QString m_buildId;
    QPoint m_pressPos;
    QPointF m_itemStart;
    bool m_dragging = false;
    bool m_readOnly = false;
};
