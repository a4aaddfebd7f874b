#include "windowmenus.h"

#include <QAction>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>

WindowMenus::WindowMenus(QMenuBar *bar, QObject *parent)
    : QObject(parent)
{
    m_fileMenu = bar->addMenu(tr("&File"));
    m_connect = m_fileMenu->addAction(tr("&Connect\u2026"));
    m_connect->setObjectName(QStringLiteral("connect"));
    m_connect->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+C")));
    connect(m_connect, &QAction::triggered, this, &WindowMenus::connectRequested);
    m_fileMenu->addSeparator();
    const struct
    {
        QString text;
        ExportFormat format;
        QString objectName;
    } exports[] = {
        {tr("Export graph as &PNG\u2026"), ExportFormat::Png, QStringLiteral("exportPng")},
        {tr("Export graph as &SVG\u2026"), ExportFormat::Svg, QStringLiteral("exportSvg")},
        {tr("Export sets as &JSON\u2026"), ExportFormat::Json, QStringLiteral("exportJson")},
    };
    for (const auto &item : exports) {
        QAction *action = m_fileMenu->addAction(item.text);
        action->setObjectName(item.objectName);
        const ExportFormat format = item.format;
        connect(action, &QAction::triggered, this, [this, format] { Q_EMIT exportRequested(format); });
    }
    m_fileMenu->addSeparator();
    QAction *quit = m_fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &WindowMenus::quitRequested);

    // Created here so that the toolbar can show it before the View menu exists.
    m_fit = new QAction(tr("&Fit graph"), this);
    m_fit->setObjectName(QStringLiteral("fitGraph"));
    m_fit->setShortcut(QKeySequence(QStringLiteral("Ctrl+0")));
    connect(m_fit, &QAction::triggered, this, &WindowMenus::fitRequested);
}

QMenu *WindowMenus::addViewMenu(QMenuBar *bar, const QList<QAction *> &toggles)
{
    QMenu *viewMenu = bar->addMenu(tr("&View"));
    QAction *zoomIn = viewMenu->addAction(tr("Zoom &in"));
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    connect(zoomIn, &QAction::triggered, this, [this] { Q_EMIT zoomRequested(1.25); });
    QAction *zoomOut = viewMenu->addAction(tr("Zoom &out"));
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    connect(zoomOut, &QAction::triggered, this, [this] { Q_EMIT zoomRequested(0.8); });
    viewMenu->addAction(m_fit);
    const struct
    {
        QString text;
        QKeySequence shortcut;
        FocusTarget target;
    } moves[] = {
        {tr("Go to task &queues"), QKeySequence(QStringLiteral("Ctrl+1")), FocusTarget::TaskQueues},
        {tr("Go to &version sets"), QKeySequence(QStringLiteral("Ctrl+2")), FocusTarget::Tree},
        {tr("F&ilter task queues"), QKeySequence(QKeySequence::Find), FocusTarget::QueueFilter},
    };
    for (const auto &move : moves) {
        QAction *action = viewMenu->addAction(move.text);
        action->setShortcut(move.shortcut);
        const FocusTarget target = move.target;
        connect(action, &QAction::triggered, this, [this, target] { Q_EMIT focusRequested(target); });
    }
    viewMenu->addSeparator();
    for (QAction *toggle : toggles)
        viewMenu->addAction(toggle);
    return viewMenu;
}
