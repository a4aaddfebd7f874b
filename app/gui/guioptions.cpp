#include "guioptions.h"

#include <QCommandLineParser>

Result<BuildIdOperation> parseOperationSpec(const QString &spec)
{
    const qsizetype eq = spec.indexOf(QLatin1Char('='));
    BuildIdOperation::Kind kind;
    if (eq < 0 || !BuildIdOperation::kindFromCommandName(spec.left(eq), &kind))
        return Error(ErrorCode::InvalidArgument, QStringLiteral("unknown operation \"%1\"").arg(spec),
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
    return Error(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" lacks a build ID").arg(spec));
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
    const QCommandLineOption address(QStringLiteral("address"), QStringLiteral("Temporal frontend."),
                                     QStringLiteral("HOST:PORT"));
    const QCommandLineOption ns({QStringLiteral("n"), QStringLiteral("namespace")},
                                QStringLiteral("Namespace."), QStringLiteral("NAME"));
    const QCommandLineOption apiKey(QStringLiteral("api-key"),
                                    QStringLiteral("API key (kept in memory only)."), QStringLiteral("KEY"));
    const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Use TLS."));
    const QCommandLineOption certPath(QStringLiteral("tls-cert-path"), QStringLiteral("Client certificate."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption keyPath(QStringLiteral("tls-key-path"), QStringLiteral("Client key."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption caPath(QStringLiteral("tls-ca-path"), QStringLiteral("Server CA certificate."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption serverName(QStringLiteral("tls-server-name"),
                                        QStringLiteral("Server name to verify."), QStringLiteral("NAME"));
    const QCommandLineOption noVerify(QStringLiteral("tls-disable-host-verification"),
                                      QStringLiteral("Do not verify the server certificate."));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Temporal config profile."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption configFile(QStringLiteral("config-file"),
                                        QStringLiteral("Temporal config file."), QStringLiteral("FILE"));
    const QCommandLineOption grpcMeta(QStringLiteral("grpc-meta"),
                                      QStringLiteral("Extra gRPC metadata, repeatable."),
                                      QStringLiteral("KEY=VALUE"));
    const QCommandLineOption setLimit(QStringLiteral("version-set-limit"),
                                      QStringLiteral("Server's set limit."), QStringLiteral("N"));
    const QCommandLineOption idLimit(QStringLiteral("build-id-limit"),
                                     QStringLiteral("Server's build ID limit."), QStringLiteral("N"));
    const QCommandLineOption idLength(QStringLiteral("build-id-max-length"),
                                      QStringLiteral("Server's build ID length limit."), QStringLiteral("N"));
    const QCommandLineOption timeout(QStringLiteral("command-timeout"),
                                     QStringLiteral("Deadline of each call."), QStringLiteral("SECONDS"));
    const QCommandLineOption queue({QStringLiteral("t"), QStringLiteral("task-queue")},
                                   QStringLiteral("Task queue to open."), QStringLiteral("QUEUE"));
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
    parser.addOptions({help,        version,      address,    ns,         apiKey,  tls,        certPath,
                       keyPath,     caPath,       serverName, noVerify,   profile, configFile, grpcMeta,
                       setLimit,    idLimit,      idLength,   timeout,    queue,   screenshot, preview,
                       previewShot, settingsFile, history,    historyShot});
    GuiOptions options;
    options.helpText = parser.helpText();
    if (!parser.parse(QStringList{QStringLiteral("versionscope")} + arguments))
        return Error(ErrorCode::InvalidArgument, parser.errorText(),
                     QStringLiteral("see versionscope --help"));
    options.showHelp = parser.isSet(help);
    options.showVersion = parser.isSet(version);
    ConnectionOverrides &c = options.connection;
    auto text = [&](const QCommandLineOption &option, std::optional<QString> &field) {
        if (parser.isSet(option))
            field = parser.value(option);
    };
    text(address, c.address);
    text(ns, c.namespaceName);
    text(apiKey, c.apiKey);
    text(certPath, c.tlsCertPath);
    text(keyPath, c.tlsKeyPath);
    text(caPath, c.tlsCaPath);
    text(serverName, c.tlsServerName);
    text(profile, c.profile);
    text(configFile, c.configFile);
    if (parser.isSet(tls))
        c.tls = true;
    if (parser.isSet(noVerify))
        c.tlsDisableHostVerification = true;
    for (const QString &meta : parser.values(grpcMeta)) {
        const qsizetype eq = meta.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return Error(ErrorCode::InvalidArgument,
                         QStringLiteral("--grpc-meta wants KEY=VALUE, not \"%1\"").arg(meta));
        c.grpcMeta.append({meta.left(eq), meta.mid(eq + 1)});
    }
    auto number = [&](const QCommandLineOption &option, std::optional<int> &field, int scale) -> bool {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < 0)
            return false;
        field = value * scale;
        return true;
    };
    if (!number(setLimit, c.maxSets, 1) || !number(idLimit, c.maxBuildIds, 1) ||
        !number(idLength, c.maxBuildIdLength, 1) || !number(timeout, c.callTimeoutMs, 1000))
        return Error(ErrorCode::InvalidArgument, QStringLiteral("limits and timeouts are whole numbers"));
    options.taskQueue = parser.value(queue);
    options.screenshotPath = parser.value(screenshot);
    options.previewScreenshotPath = parser.value(previewShot);
    options.settingsFile = parser.value(settingsFile);
    if (parser.isSet(history))
        options.history = parser.value(history);
    options.historyScreenshotPath = parser.value(historyShot);
    if (parser.isSet(preview)) {
        const Result<BuildIdOperation> operation = parseOperationSpec(parser.value(preview));
        if (!operation)
            return operation.error();
        options.previewOperation = operation.value();
    }
    if (!parser.positionalArguments().isEmpty())
        return Error(ErrorCode::InvalidArgument,
                     QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));
    return options;
}
