#pragma once

#include "deploymentgraphmodel.h"
#include "deployments/deploymentoperation.h"

#include <QGraphicsView>
#include <QPointer>

class DeploymentGraphScene;
class DeploymentVersionItem;

// Shows a DeploymentGraphScene and turns gestures into requests: a version card dropped on the Current lane
// asks for set-current, on the Ramping lane for set-ramping (at the ramp's percentage, or 10 % when nothing
// ramps: the preview lets the operator choose); the ramp's handle dragged and released asks for
// set-ramping of the ramping version at the new whole percentage. Nothing is sent from here:
// operationRequested asks the owner for the preview. A drop that means nothing snaps back, with the reason
// in dropRefused when there is one to give. The drag holds keys and QPointers, never a raw pointer across a
// refresh; a refresh that takes away what is held ends the drag with dragInterrupted. Right-click, the menu
// key or Enter ask for the context menus (the owner builds them); arrow keys move the selection; wheel and
// +/-/0 zoom. Lives on the GUI thread.
class DeploymentView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit DeploymentView(DeploymentGraphScene *scene, QWidget *parent = nullptr);

    DeploymentGraphScene *graphScene() const { return m_scene; }
    // A read-only view shows the graph but starts no drag; it still asks for menus.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    // Why no change may be asked from this view (a read-only connection), empty when changes may be: a card
    // or ramp-handle drag then moves nothing and dropRefused says why, once per gesture; the handle shows a
    // forbidden cursor; selection and menus work as before.
    void setChangesRefused(const QString &why);
    QString changesRefused() const { return m_changesRefused; }
    void zoomBy(double factor);
    void fitAll();
    double scale() const { return transform().m11(); }
    bool isDragging() const { return m_dragging; }

Q_SIGNALS:
    // Emitted once per gesture that means an operation, on the GUI thread.
    void operationRequested(const DeploymentOperation &operation);
    // Emitted once per drop that cannot be expressed, with the reason for the status bar.
    void dropRefused(const QString &reason);
    // A refresh took away what was being dragged; the drag ended and nothing was asked.
    void dragInterrupted(const QString &reason);
    // A context menu was asked for at globalPos: on a version's card, on a lane, or on empty canvas.
    void versionMenuRequested(const QString &key, const QPoint &globalPos);
    void laneMenuRequested(DeploymentGraphModel::Lane lane, const QPoint &globalPos);
    void canvasMenuRequested(const QPoint &globalPos);

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
    enum class Press { None, Card, Handle };

    void onDragInterrupted(const QString &reason);
    void resetDrag();
    void menuForSelection();
    void moveSelection(int step);

    DeploymentGraphScene *m_scene;
    Press m_press = Press::None;
    QPointer<DeploymentVersionItem> m_card;
    QString m_key;
    QPoint m_pressPos;
    QPointF m_itemStart;
    bool m_dragging = false;
    bool m_readOnly = false;
    QString m_changesRefused;
    bool m_fitted = false;
    bool m_fitting = false;
};
