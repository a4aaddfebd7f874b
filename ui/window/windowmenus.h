#pragma once

#include <QObject>

class QAction;
class QMenu;
class QMenuBar;

// The window's File and View menus: connecting, exports, quitting, zoom and focus moves. The menus only
// report what the user chose through signals; the window decides what that means (which graph is shown,
// where focus goes). The Queue menu is QueueActions' and sits between them (insertBefore()).
// Lives on the GUI thread.
class WindowMenus : public QObject
{
    Q_OBJECT

public:
    enum class ExportFormat { Png, Svg, Json };
    enum class FocusTarget { TaskQueues, Tree, QueueFilter };

    // Adds the File menu to bar at once; addViewMenu() adds the View menu (after whatever the window adds in
    // between).
    explicit WindowMenus(QMenuBar *bar, QObject *parent = nullptr);

    QMenu *fileMenu() const { return m_fileMenu; }
    QAction *connectAction() const { return m_connect; }
    QAction *fitAction() const { return m_fit; }

    // The View menu, ending with toggles (the history dock's toggleViewAction(), …) the window owns.
    QMenu *addViewMenu(QMenuBar *bar, const QList<QAction *> &toggles);

Q_SIGNALS:
    void connectRequested();
    void exportRequested(WindowMenus::ExportFormat format);
    void quitRequested();
    void zoomRequested(double factor);
    void fitRequested();
    void focusRequested(WindowMenus::FocusTarget target);

private:
    QMenu *m_fileMenu = nullptr;
    QAction *m_connect = nullptr;
    QAction *m_fit = nullptr;
};
