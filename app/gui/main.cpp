#include "dialogs/previewdialog.h"
#include "graph/versionsetgraphview.h"
#include "guioptions.h"
#include "window/mainwindow.h"
#include "window/windowsettings.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>

namespace {
// Screenshot mode (no display, README pictures): once the queue is drawn, optionally open a preview, write
// the pictures, quit. Gives up after a minute so a broken server cannot hang a script.
void takeScreenshots(MainWindow *window, const GuiOptions &options)
{
    QTimer::singleShot(60000, window, [] {
        std::fputs("versionscope: the queue was not shown within 60 s; no screenshot written\n", stderr);
        QApplication::exit(1);
    });
    auto shoot = [window, options] {
        // Let pollers and reachability settle into the picture.
        QTimer::singleShot(400, window, [window, options] {
            window->graphView()->fitAll();
            if (!window->grab().save(options.screenshotPath)) {
                std::fprintf(stderr, "versionscope: cannot write %s\n", qPrintable(options.screenshotPath));
                QApplication::exit(1);
                return;
            }
            std::printf("wrote %s\n", qPrintable(options.screenshotPath));
            if (!options.previewOperation || options.previewScreenshotPath.isEmpty()) {
                QApplication::exit(0);
                return;
            }
            window->requestOperation(*options.previewOperation);
            QTimer::singleShot(400, window, [window, options] {
                PreviewDialog *preview = window->previewDialog();
                const bool ok = preview && preview->grab().save(options.previewScreenshotPath);
                if (ok)
                    std::printf("wrote %s\n", qPrintable(options.previewScreenshotPath));
                else
                    std::fprintf(stderr, "versionscope: cannot write %s\n",
                                 qPrintable(options.previewScreenshotPath));
                QApplication::exit(ok ? 0 : 1);
            });
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
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Versionscope"));
    QApplication::setApplicationName(QStringLiteral("versionscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Versionscope"));
    QApplication::setApplicationVersion(QStringLiteral(VERSIONSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.versionscope.Versionscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/versionscope/icons/versionscope.svg")));

    const Result<GuiOptions> parsed = parseGuiArguments(QApplication::arguments().mid(1));
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
    std::unique_ptr<WindowSettings> settings = options.settingsFile.isEmpty()
                                                   ? std::make_unique<WindowSettings>()
                                                   : std::make_unique<WindowSettings>(options.settingsFile);
    MainWindow window(settings.get(), options.connection, QProcessEnvironment::systemEnvironment());
    if (!options.screenshotPath.isEmpty())
        takeScreenshots(&window, options);
    window.show();
    if (!options.taskQueue.isEmpty())
        window.openTaskQueue(options.taskQueue);
    return QApplication::exec();
}
