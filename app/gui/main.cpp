#include "dialogs/previewdialog.h"
#include "graph/versionsetgraphview.h"
#include "guioptions.h"
#include "history/historypanel.h"
#include "window/mainwindow.h"
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

// The preview of options.previewOperation (last picture), then quit.
void shootPreview(MainWindow *window, const GuiOptions &options)
{
    if (!options.previewOperation || options.previewScreenshotPath.isEmpty()) {
        QApplication::exit(0);
        return;
    }
    window->requestOperation(*options.previewOperation);
    QTimer::singleShot(400, window, [window, options] {
        QApplication::exit(save(window->previewDialog(), options.previewScreenshotPath) ? 0 : 1);
    });
}

// The window with the history dock shown and its newest entry selected, then the preview.
void shootHistory(MainWindow *window, const GuiOptions &options)
{
    if (options.historyScreenshotPath.isEmpty()) {
        shootPreview(window, options);
        return;
    }
    // Room for both the graph and the history.
    window->resize(1280, 1080);
    window->historyDock()->show();
    window->resizeDocks({window->historyDock()}, {540}, Qt::Vertical);
    QTreeView *timeline = window->historyPanel()->timeline();
    if (timeline->model() && timeline->model()->rowCount() > 0)
        timeline->setCurrentIndex(timeline->model()->index(0, 0));
    // Let the dock lay out and the selected entry's graphs draw.
    QTimer::singleShot(600, window, [window, options] {
        window->graphView()->fitAll();
        if (!save(window, options.historyScreenshotPath)) {
            QApplication::exit(1);
            return;
        }
        window->historyDock()->hide();
        shootPreview(window, options);
    });
}

// Screenshot mode (no display, README pictures): once the queue is drawn, write the window (history dock
// hidden), optionally the window with the history, optionally a preview, then quit. Gives up after a minute
// so a broken server cannot hang a script.
void takeScreenshots(MainWindow *window, const GuiOptions &options)
{
    QTimer::singleShot(60000, window, [] {
        std::fputs("versionscope: the queue was not shown within 60 s; no screenshot written\n", stderr);
        QApplication::exit(1);
    });
    window->historyDock()->hide();
    auto shoot = [window, options] {
        // Let pollers and reachability settle into the picture.
        QTimer::singleShot(400, window, [window, options] {
            window->graphView()->fitAll();
            if (!save(window, options.screenshotPath)) {
                QApplication::exit(1);
                return;
            }
            shootHistory(window, options);
        });
    };
    auto *once = new QObject(window);
    QObject::connect(window, &MainWindow::queueShown, once, [once, shoot] {
        delete once;
        shoot();
    });
}
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
    if (!options.screenshotPath.isEmpty())
        takeScreenshots(&window, options);
    window.show();
    if (!options.taskQueue.isEmpty())
        window.openTaskQueue(options.taskQueue);
    return QApplication::exec();
}
