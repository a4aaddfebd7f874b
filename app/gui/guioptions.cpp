#include "guioptions.h"

#include "common/displaytext.h"
#include "common/namerules.h"
#include "config/connectionoptions.h"
#include "versionsets/buildidvalidation.h"

#include <QCommandLineParser>

Result<BuildIdOperation> parseOperationSpec(const QString &spec)
{
    const qsizetype eq = spec.indexOf(QLatin1Char('='));
    BuildIdOperation::Kind kind;
    if (eq < 0 || !BuildIdOperation::kindFromCommandName(spec.left(eq), &kind))
        return Error(ErrorCode::InvalidArgument,
                     QStringLiteral("unknown operation %1").arg(quotedForDisplay(spec)),
                     QStringLiteral("use e.g. promote-set=2.0 or merge-sets=2.0,1.0"));
    const QStringList ids = spec.mid(eq + 1).split(QLatin1Char(','));
    auto need = [&](int count) { return ids.size() >= count && !ids.first().isEmpty(); };
    switch (kind) {
    case BuildIdOperation::Kind::AddNewDefault:
        if (need(1))
            return BuildIdOperation::addNewDefault(ids.at(0));
        break;
    case BuildIdOperation::Kind::PromoteSet:
        if (need(1))
            return BuildIdOperation::promoteSet(ids.at(0));
        break;
    case BuildIdOperation::Kind::PromoteIdInSet:
        if (need(1))
            return BuildIdOperation::promoteIdInSet(ids.at(0));
        break;
    case BuildIdOperation::Kind::AddNewCompatible:
        if (need(2))
            return BuildIdOperation::addNewCompatible(
                ids.at(0), ids.at(1), ids.size() > 2 && ids.at(2) == QLatin1String("default"));
        break;
    case BuildIdOperation::Kind::MergeSets:
        if (need(2))
            return BuildIdOperation::mergeSets(ids.at(0), ids.at(1));
        break;
    }
    return Error(ErrorCode::InvalidArgument,
                 QStringLiteral("%1 lacks a build ID").arg(quotedForDisplay(spec)));
}

Result<DeploymentOperation> parseDeploymentOperationSpec(const QString &deployment, const QString &spec)
{
    const QString name = spec.section(QLatin1Char('='), 0, 0);
    const QStringList values = spec.section(QLatin1Char('='), 1).split(QLatin1Char(','));
    if (name == QLatin1String("set-current"))
        return DeploymentOperation::setCurrent(deployment, values.value(0));
    if (name == QLatin1String("stop-ramping"))
        return DeploymentOperation::stopRamping(deployment);
    if (name == QLatin1String("delete-version") && !values.value(0).isEmpty())
        return DeploymentOperation::deleteVersion(deployment, values.value(0), false);
    if (name == QLatin1String("set-ramping") && values.size() == 2) {
        bool ok = false;
        const double percentage = values.at(1).toDouble(&ok);
        if (ok && percentage >= 0 && percentage <= 100)
            return DeploymentOperation::setRamping(deployment, values.at(0), percentage);
    }
    return Error(ErrorCode::InvalidArgument,
                 QStringLiteral("%1 is not a deployment operation (set-current=ID, set-ramping=ID,PERCENT, "
                                "stop-ramping, delete-version=ID)")
                     .arg(quotedForDisplay(spec)));
}

Result<GuiOptions> parseGuiArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Versionscope: see and change how Temporal routes tasks to worker build IDs.\n"
        "Connection flags, TEMPORAL_* variables and Temporal profiles work as in versionscope-cli."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption queue({QStringLiteral("t"), QStringLiteral("task-queue")},
                                   QStringLiteral("Task queue to open."), QStringLiteral("QUEUE"));
    const QCommandLineOption deployment(
        {QStringLiteral("d"), QStringLiteral("deployment")},
        QStringLiteral("Worker Deployment to open (instead of a task queue)."), QStringLiteral("NAME"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Write a PNG of the window once the queue is shown, then quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption preview(
        QStringLiteral("preview"),
        QStringLiteral("With --screenshot: also open this operation's preview (e.g. promote-set=2.0)."),
        QStringLiteral("OP"));
    const QCommandLineOption previewShot(QStringLiteral("preview-screenshot"),
                                         QStringLiteral("Where the preview's PNG goes."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption settingsFile(QStringLiteral("settings-file"),
                                          QStringLiteral("Use this settings file instead of the user's."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption history(
        QStringLiteral("history"),
        QStringLiteral(
            "The rollout history: an SQLite file or postgresql://USER@HOST:PORT/DB (default: "
            "VERSIONSCOPE_HISTORY, the profile's, or ~/.local/share/versionscope/history.sqlite)."),
        QStringLiteral("LOCATION"));
    const QCommandLineOption historyShot(
        QStringLiteral("history-screenshot"),
        QStringLiteral("With --screenshot: also write a PNG of the window with the history shown."),
        QStringLiteral("FILE"));
    const QCommandLineOption windowSize(QStringLiteral("window-size"),
                                        QStringLiteral("Open the window at this size (e.g. 800x600)."),
                                        QStringLiteral("WxH"));
    ConnectionOptions connection;
    connection.addTo(parser);
    parser.addOptions({help, version, queue, deployment, screenshot, preview, previewShot, settingsFile,
                       history, historyShot, windowSize});
    GuiOptions options;
    // Qt names the program from QCoreApplication, which does not exist yet when --help is answered.
    options.helpText = parser.helpText();
    options.helpText.replace(0, options.helpText.indexOf(QLatin1Char('\n')),
                             QStringLiteral("Usage: versionscope [options]"));
    if (!parser.parse(QStringList{QStringLiteral("versionscope")} + connection.prepareArguments(arguments)))
        return Error(ErrorCode::InvalidArgument, parser.errorText(),
                     QStringLiteral("see versionscope --help"));
    options.showHelp = parser.isSet(help);
    options.showVersion = parser.isSet(version);
    if (options.showHelp || options.showVersion)
        return options;
    const Result<ConnectionOverrides> overrides = connection.read(parser);
    if (!overrides)
        return overrides.error();
    options.connection = overrides.value();
    options.taskQueue = parser.value(queue);
    // An odd name (NameRules) is not refused here: a queue made by another tool stays openable. Whether it
    // exists is known only from the server (MainWindow::openTaskQueueByName), which refuses a new one.
    if (parser.isSet(queue) && options.taskQueue.isEmpty())
        return Error(ErrorCode::InvalidArgument,
                     QStringLiteral("--task-queue: ") + *taskQueueNameProblem(options.taskQueue));
    options.screenshotPath = parser.value(screenshot);
    options.previewScreenshotPath = parser.value(previewShot);
    options.settingsFile = parser.value(settingsFile);
    if (parser.isSet(history))
        options.history = parser.value(history);
    options.historyScreenshotPath = parser.value(historyShot);
    if (parser.isSet(windowSize)) {
        const QStringList parts = parser.value(windowSize).split(QLatin1Char('x'));
        bool wide = false;
        bool high = false;
        if (parts.size() == 2)
            options.windowSize = QSize(parts.at(0).toInt(&wide), parts.at(1).toInt(&high));
        if (!wide || !high || options.windowSize.width() < 200 || options.windowSize.height() < 150)
            return Error(ErrorCode::InvalidArgument,
                         QStringLiteral("--window-size: %1 is not WIDTHxHEIGHT of at least 200x150")
                             .arg(quotedForDisplay(parser.value(windowSize))));
    }
    options.deployment = parser.value(deployment);
    // Likewise for an odd deployment name (WindowDeployments::openDeploymentByName).
    if (parser.isSet(deployment) && options.deployment.isEmpty())
        return Error(ErrorCode::InvalidArgument,
                     QStringLiteral("--deployment: ") + *nameProblem(NameKind::DeploymentName, QString()));
    if (parser.isSet(queue) && parser.isSet(deployment))
        return Error(ErrorCode::InvalidArgument,
                     QStringLiteral("--task-queue and --deployment each open a page: give one of them"));
    if (parser.isSet(preview) && parser.isSet(deployment)) {
        const Result<DeploymentOperation> operation =
            parseDeploymentOperationSpec(options.deployment, parser.value(preview));
        if (!operation)
            return operation.error();
        options.deploymentPreviewOperation = operation.value();
    } else if (parser.isSet(preview)) {
        const Result<BuildIdOperation> operation = parseOperationSpec(parser.value(preview));
        if (!operation)
            return operation.error();
        options.previewOperation = operation.value();
    }
    if (!parser.positionalArguments().isEmpty())
        return Error(ErrorCode::InvalidArgument,
                     QStringLiteral("unexpected argument %1")
                         .arg(quotedForDisplay(parser.positionalArguments().first())));
    return options;
}
