#include "dialogs/deploymentpreviewdialog.h"
#include "dialogs/previewdialog.h"
#include "graph/versionsetgraphview.h"
#include "guioptions.h"
#include "history/historypanel.h"
#include "window/mainwindow.h"
#include "window/windowdeployments.h"
#include "window/windowsettings.h"

#include <QApplication>
#include <QDockWidget>
#include <QTimer>
#include <QTreeView>

#include <cstdio>

namespace {
bool save(QWidget *widget, const QString &path)
{
    if (!widget || !widget->grab().save(path)) {
        std::fprintf(stderr, "versionscope: cannot write %s\n", qPrintable(path));
        return false;
    }
    std::printf("wrote %s\n", qPrintable(path));
    return true;
}

// Screenshot mode (no display, README pictures): once the queue is drawn, write the window (history dock
// hidden), optionally the window with the history, optionally a preview, then quit. Every step follows the
// window's own signals (no guessed delays); a queue that cannot be shown ends it with the reason, and a
// deadline of twice the command timeout ends it if nothing answers at all.
class ScreenshotRun : public QObject
{
public:
    ScreenshotRun(MainWindow *window, const GuiOptions &options, int timeoutMs)
        : QObject(window)
        , m_window(window)
        , m_options(options)
    {
        QTimer::singleShot(2 * timeoutMs, this, [timeoutMs] {
            std::fprintf(stderr, "versionscope: nothing was shown within %d s; no screenshot written\n",
                         2 * timeoutMs / 1000);
            QApplication::exit(1);
        });
        m_window->historyDock()->hide();
        connect(m_window, &MainWindow::queueShown, this, &ScreenshotRun::shootWindow,
                Qt::SingleShotConnection);
        connect(m_window, &MainWindow::deploymentShown, this, &ScreenshotRun::shootWindow,
                Qt::SingleShotConnection);
        const auto failed = [](const QString &what, const QString &why) {
            std::fprintf(stderr, "versionscope: %s cannot be shown: %s; no screenshot written\n",
                         qPrintable(what), qPrintable(why));
            QApplication::exit(1);
        };
        connect(m_window, &MainWindow::queueReadFailed, this, failed);
        connect(m_window, &MainWindow::deploymentReadFailed, this, failed);
    }

private:
    void shootWindow()
    {
        // The other signal of the two may still come (a refresh): one picture is enough.
        disconnect(m_window, &MainWindow::queueShown, this, nullptr);
        disconnect(m_window, &MainWindow::deploymentShown, this, nullptr);
        if (m_options.deployment.isEmpty())
            m_window->graphView()->fitAll();
        if (!save(m_window, m_options.screenshotPath))
            return QApplication::exit(1);
        if (m_options.historyScreenshotPath.isEmpty())
            return shootPreview();
        // The history as it opens by default, in the same window.
        m_window->historyDock()->show();
        QTreeView *timeline = m_window->historyPanel()->timeline();
        if (timeline->model() && timeline->model()->rowCount() > 0)
            return shootHistory();
        connect(m_window->historyPanel(), &HistoryPanel::loaded, this, &ScreenshotRun::shootHistory,
                Qt::SingleShotConnection);
    }

    // The window with the history dock shown and its newest entry selected, then the preview.
    void shootHistory()
    {
        QTreeView *timeline = m_window->historyPanel()->timeline();
        if (timeline->model() && timeline->model()->rowCount() > 0)
            timeline->setCurrentIndex(timeline->model()->index(0, 0));
        if (m_options.deployment.isEmpty())
            m_window->graphView()->fitAll();
        if (!save(m_window, m_options.historyScreenshotPath))
            return QApplication::exit(1);
        m_window->historyDock()->hide();
        shootPreview();
    }

    // The preview of options.previewOperation (last picture), then quit.
    void shootPreview()
    {
        if (m_options.previewScreenshotPath.isEmpty())
            return QApplication::exit(0);
        QWidget *dialog = nullptr;
        if (m_options.deploymentPreviewOperation) {
            m_window->deployments()->requestOperation(*m_options.deploymentPreviewOperation);
            dialog = m_window->deployments()->previewDialog();
        } else if (m_options.previewOperation) {
            m_window->requestOperation(*m_options.previewOperation);
            dialog = m_window->previewDialog();
        } else {
            return QApplication::exit(0);
        }
        // The dialog lays itself out and fits its graphs from events it queues when it is shown: the picture
        // is taken after those (two turns of the event loop, no guessed delay).
        QMetaObject::invokeMethod(
            this,
            [this, dialog] {
                QMetaObject::invokeMethod(
                    this,
                    [this, dialog] {
                        QApplication::exit(save(dialog, m_options.previewScreenshotPath) ? 0 : 1);
                    },
                    Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
    }

    MainWindow *m_window;
    GuiOptions m_options;
};
} // namespace

int main(int argc, char *argv[])
{
    // Parsed before QApplication exists: --help, --version and a usage error need no display (a
    // QApplication without one aborts).
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const Result<GuiOptions> parsed = parseGuiArguments(arguments);
    if (!parsed) {
        std::fprintf(stderr, "versionscope: %s\n", qPrintable(parsed.error().toString()));
        return 2;
    }
    const GuiOptions &options = parsed.value();
    if (options.showHelp) {
        std::fputs(qPrintable(options.helpText), stdout);
        return 0;
    }
    if (options.showVersion) {
        std::printf("versionscope %s\n", VERSIONSCOPE_VERSION);
        return 0;
    }

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Versionscope"));
    QApplication::setApplicationName(QStringLiteral("versionscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Versionscope"));
    QApplication::setApplicationVersion(QStringLiteral(VERSIONSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.versionscope.Versionscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/versionscope/icons/versionscope.svg")));
    std::unique_ptr<WindowSettings> settings = options.settingsFile.isEmpty()
                                                   ? std::make_unique<WindowSettings>()
                                                   : std::make_unique<WindowSettings>(options.settingsFile);
    MainWindow window(settings.get(), options.connection, QProcessEnvironment::systemEnvironment(),
                      options.history);
    if (options.windowSize.isValid())
        window.resize(options.windowSize);
    if (!options.screenshotPath.isEmpty())
        new ScreenshotRun(&window, options, options.connection.callTimeoutMs.value_or(15000));
    window.show();
    if (!options.taskQueue.isEmpty())
        window.openTaskQueueByName(options.taskQueue);
    if (!options.deployment.isEmpty())
        window.deployments()->openDeploymentByName(options.deployment);
    return QApplication::exec();
}
