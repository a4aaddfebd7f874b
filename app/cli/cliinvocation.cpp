#include "cliinvocation.h"

#include "history/historytime.h"

#include <QCommandLineParser>

namespace {

Error usage(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message, QStringLiteral("see versionscope-cli --help"),
                 QStringLiteral("usage")};
}

const char *const kHelp =
    R"(versionscope-cli: see and change how Temporal routes tasks to worker build IDs (version sets)

Usage:
  versionscope-cli [global flags] task-queue get-build-ids -t QUEUE
  versionscope-cli [global flags] task-queue describe-build-ids -t QUEUE [--no-reachability]
  versionscope-cli [global flags] task-queue list
  versionscope-cli [global flags] task-queue update-build-ids add-new-default --build-id ID -t QUEUE
  versionscope-cli [global flags] task-queue update-build-ids add-new-compatible --build-id ID
                                    --existing-compatible-build-id ID [--set-as-default] -t QUEUE
  versionscope-cli [global flags] task-queue update-build-ids promote-set --build-id ID -t QUEUE
  versionscope-cli [global flags] task-queue update-build-ids promote-id-in-set --build-id ID -t QUEUE
  versionscope-cli [global flags] task-queue update-build-ids merge-sets --primary-build-id ID
                                    --secondary-build-id ID -t QUEUE
  versionscope-cli [global flags] history [-t QUEUE] [--since TIME] [--limit N] [-o text|json|csv]
  versionscope-cli [global flags] history show ID [-o text|json]

Every update first reads the queue and prints a preview (before, after, the changes in words, warnings,
the exact request), then asks for confirmation. --dry-run stops after the preview; --yes skips the question.

Every update that is sent (or tried) is recorded in the rollout history, with the OS user, the identity, the
reason and the outcome; the history is opened before anything is sent. When it cannot be written you are
asked whether to apply without recording; with --yes the update is refused unless --no-history is given.
The history is an SQLite file (default ~/.local/share/versionscope/history.sqlite) or a PostgreSQL database
a team shares: --history FILE|postgresql://USER@HOST:PORT/DB, else VERSIONSCOPE_HISTORY, else
`history = "..."` under [profile.NAME] of Versionscope's own config file.

Global flags (as the Temporal CLI; flags win over TEMPORAL_* environment variables, which win over the
profile in Temporal's environment-config file):
  --address HOST:PORT          Temporal frontend (TEMPORAL_ADDRESS; default 127.0.0.1:7233)
  -n, --namespace NAME         namespace (TEMPORAL_NAMESPACE; default "default")
  --api-key KEY                API key, sent as "authorization: Bearer" (TEMPORAL_API_KEY)
  --tls                        use TLS (implied by any TLS option or an API key); --tls=false turns it off
  --tls-cert-path FILE         client certificate for mTLS (TEMPORAL_TLS_CLIENT_CERT_PATH)
  --tls-key-path FILE          client key for mTLS (TEMPORAL_TLS_CLIENT_KEY_PATH)
  --tls-ca-path FILE           CA that signed the server certificate (TEMPORAL_TLS_SERVER_CA_CERT_PATH)
  --tls-server-name NAME       name to verify the server certificate against (TEMPORAL_TLS_SERVER_NAME)
  --tls-disable-host-verification  do not verify the server certificate
  --profile NAME               profile of Temporal's config file (TEMPORAL_PROFILE; default "default")
  --config-file FILE           Temporal's config file (TEMPORAL_CONFIG_FILE;
                               default ~/.config/temporalio/temporal.toml)
  --grpc-meta KEY=VALUE        extra gRPC metadata, repeatable (TEMPORAL_GRPC_META_KEY)
  -o, --output text|json       output format (default text; history also csv)
  --command-timeout SECONDS    deadline of each call (default 15)

Server limits used by previews (defaults are the server's; Versionscope's own config file,
~/.config/versionscope/versionscope.toml, can set them per profile under [profile.NAME]):
  --version-set-limit N        limit.versionCompatibleSetLimitPerQueue (default 10, 0 = unlimited)
  --build-id-limit N           limit.versionBuildIdLimitPerQueue (default 100, 0 = unlimited)
  --build-id-max-length N      limit.workerBuildIdSize in bytes (default 255)

Command flags:
  -t, --task-queue QUEUE       the task queue
  --build-id ID                build ID the operation targets
  --existing-compatible-build-id ID   a build ID of the set to join (add-new-compatible)
  --set-as-default             also make that set the queue default (add-new-compatible)
  --primary-build-id ID        a build ID of the set that stays (merge-sets)
  --secondary-build-id ID      a build ID of the set merged into it (merge-sets)
  -y, --yes                    apply without asking
  --dry-run                    print the preview and stop
  --no-reachability            describe-build-ids: skip the reachability query
  --partitions N               task-queue partitions to ask for pollers (default 4)
  --max-pages N, --page-size N list: how many recent workflow executions to scan (default 10 x 200)
  --reason TEXT                update: why, recorded in the history
  --history LOCATION           the rollout history (see above)
  --no-history                 update: do not record it
  --since TIME                 history: entries from TIME on: an age (30m, 2h, 3d, 1w) or a date and time
                               (2026-05-04, 2026-05-04T14:30; UTC unless an offset such as +02:00 follows)
  --limit N                    history: the newest N entries (default 50, 0 for all); -t, --namespace and
                               --address narrow the list when given

Exit codes: 0 success, 1 an error you can act on (message on stderr), 2 bad usage.
)";

} // namespace

Result<CliInvocation> parseCliArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const auto value = [](const QStringList &names, const char *valueName) {
        return QCommandLineOption(names, QString(), QLatin1String(valueName));
    };
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption version(QStringLiteral("version"));
    const QCommandLineOption address = value({QStringLiteral("address")}, "address");
    const QCommandLineOption ns = value({QStringLiteral("n"), QStringLiteral("namespace")}, "namespace");
    const QCommandLineOption apiKey = value({QStringLiteral("api-key")}, "key");
    const QCommandLineOption tls(QStringLiteral("tls"));
    const QCommandLineOption tlsCert = value({QStringLiteral("tls-cert-path")}, "file");
    const QCommandLineOption tlsKey = value({QStringLiteral("tls-key-path")}, "file");
    const QCommandLineOption tlsCa = value({QStringLiteral("tls-ca-path")}, "file");
    const QCommandLineOption tlsServerName = value({QStringLiteral("tls-server-name")}, "name");
    const QCommandLineOption tlsNoVerify(QStringLiteral("tls-disable-host-verification"));
    const QCommandLineOption profile = value({QStringLiteral("profile")}, "name");
    const QCommandLineOption configFile = value({QStringLiteral("config-file")}, "file");
    const QCommandLineOption grpcMeta = value({QStringLiteral("grpc-meta")}, "key=value");
    const QCommandLineOption output = value({QStringLiteral("o"), QStringLiteral("output")}, "format");
    const QCommandLineOption timeout = value({QStringLiteral("command-timeout")}, "seconds");
    const QCommandLineOption setLimit = value({QStringLiteral("version-set-limit")}, "n");
    const QCommandLineOption idLimit = value({QStringLiteral("build-id-limit")}, "n");
    const QCommandLineOption idLength = value({QStringLiteral("build-id-max-length")}, "n");
    const QCommandLineOption queue = value({QStringLiteral("t"), QStringLiteral("task-queue")}, "queue");
    const QCommandLineOption buildId = value({QStringLiteral("build-id")}, "id");
    const QCommandLineOption existing = value({QStringLiteral("existing-compatible-build-id")}, "id");
    const QCommandLineOption setAsDefault(QStringLiteral("set-as-default"));
    const QCommandLineOption primary = value({QStringLiteral("primary-build-id")}, "id");
    const QCommandLineOption secondary = value({QStringLiteral("secondary-build-id")}, "id");
    const QCommandLineOption yes(QStringList{QStringLiteral("y"), QStringLiteral("yes")});
    const QCommandLineOption dryRun(QStringLiteral("dry-run"));
    const QCommandLineOption noReachability(QStringLiteral("no-reachability"));
    const QCommandLineOption partitions = value({QStringLiteral("partitions")}, "n");
    const QCommandLineOption maxPages = value({QStringLiteral("max-pages")}, "n");
    const QCommandLineOption pageSize = value({QStringLiteral("page-size")}, "n");
    const QCommandLineOption history = value({QStringLiteral("history")}, "location");
    const QCommandLineOption noHistory(QStringLiteral("no-history"));
    const QCommandLineOption reason = value({QStringLiteral("reason")}, "text");
    const QCommandLineOption since = value({QStringLiteral("since")}, "time");
    const QCommandLineOption limit = value({QStringLiteral("limit")}, "n");
    parser.addOptions(
        {help,       version,      address,       ns,          apiKey,    tls,        tlsCert,
         tlsKey,     tlsCa,        tlsServerName, tlsNoVerify, profile,   configFile, grpcMeta,
         output,     timeout,      setLimit,      idLimit,     idLength,  queue,      buildId,
         existing,   setAsDefault, primary,       secondary,   yes,       dryRun,     noReachability,
         partitions, maxPages,     pageSize,      history,     noHistory, reason,     since,
         limit});

    // --tls=false / --tls=true: QCommandLineParser has no optional values, so split them off first.
    QStringList args{QStringLiteral("versionscope-cli")};
    std::optional<bool> tlsValue;
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("--tls=false") || argument == QLatin1String("--tls=true"))
            tlsValue = argument.endsWith(QLatin1String("true"));
        else
            args << argument;
    }
    if (!parser.parse(args))
        return usage(parser.errorText());

    CliInvocation invocation;
    invocation.helpText = QString::fromUtf8(kHelp);
    if (parser.isSet(help))
        return invocation;
    if (parser.isSet(version)) {
        invocation.command = CliInvocation::Command::Version;
        return invocation;
    }

    auto &c = invocation.connection;
    const auto optionalValue = [&](const QCommandLineOption &option) -> std::optional<QString> {
        return parser.isSet(option) ? std::optional<QString>(parser.value(option)) : std::nullopt;
    };
    c.address = optionalValue(address);
    c.namespaceName = optionalValue(ns);
    c.apiKey = optionalValue(apiKey);
    c.tlsCertPath = optionalValue(tlsCert);
    c.tlsKeyPath = optionalValue(tlsKey);
    c.tlsCaPath = optionalValue(tlsCa);
    c.tlsServerName = optionalValue(tlsServerName);
    c.profile = optionalValue(profile);
    c.configFile = optionalValue(configFile);
    if (parser.isSet(tls))
        c.tls = true;
    if (tlsValue)
        c.tls = tlsValue;
    if (parser.isSet(tlsNoVerify))
        c.tlsDisableHostVerification = true;
    for (const QString &pair : parser.values(grpcMeta)) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return usage(QStringLiteral("--grpc-meta takes KEY=VALUE, not \"%1\"").arg(pair));
        c.grpcMeta << qMakePair(pair.left(equals), pair.mid(equals + 1));
    }

    const auto number = [&](const QCommandLineOption &option, const char *name,
                            int minimum) -> Result<std::optional<int>> {
        if (!parser.isSet(option))
            return std::optional<int>();
        bool ok = false;
        const int parsed = parser.value(option).toInt(&ok);
        if (!ok || parsed < minimum)
            return usage(QStringLiteral("--%1 takes a whole number of at least %2")
                             .arg(QLatin1String(name))
                             .arg(minimum));
        return std::optional<int>(parsed);
    };
    struct NumberOption
    {
        const QCommandLineOption *option;
        const char *name;
        int minimum;
        std::optional<int> *target;
    };
    std::optional<int> timeoutSeconds, partitionCount, pages, size, limitCount;
    const NumberOption numbers[] = {{&setLimit, "version-set-limit", 0, &c.maxSets},
                                    {&idLimit, "build-id-limit", 0, &c.maxBuildIds},
                                    {&idLength, "build-id-max-length", 0, &c.maxBuildIdLength},
                                    {&timeout, "command-timeout", 1, &timeoutSeconds},
                                    {&partitions, "partitions", 1, &partitionCount},
                                    {&maxPages, "max-pages", 1, &pages},
                                    {&pageSize, "page-size", 1, &size},
                                    {&limit, "limit", 0, &limitCount}};
    for (const NumberOption &n : numbers) {
        const auto parsed = number(*n.option, n.name, n.minimum);
        if (!parsed)
            return parsed.error();
        *n.target = parsed.value();
    }
    if (timeoutSeconds)
        c.callTimeoutMs = *timeoutSeconds * 1000;
    invocation.partitions = partitionCount.value_or(4);
    invocation.maxPages = pages.value_or(10);
    invocation.pageSize = size.value_or(200);
    invocation.limit = limitCount.value_or(50);

    if (parser.isSet(history) && parser.isSet(noHistory))
        return usage(QStringLiteral("--history and --no-history contradict each other"));
    if (parser.isSet(history))
        invocation.history = parser.value(history);
    invocation.noHistory = parser.isSet(noHistory);
    invocation.reason = parser.value(reason);
    if (parser.isSet(since)) {
        const Result<QDateTime> time = parseHistoryTime(parser.value(since), QDateTime::currentDateTimeUtc());
        if (!time)
            return Error{ErrorCode::InvalidArgument, QStringLiteral("--since: ") + time.error().message,
                         time.error().detail, QStringLiteral("usage")};
        invocation.since = time.value();
    }

    const QString format = parser.value(output);
    if (format == QLatin1String("json"))
        invocation.output = CliInvocation::Output::Json;
    else if (format == QLatin1String("csv"))
        invocation.output = CliInvocation::Output::Csv;
    else if (!format.isEmpty() && format != QLatin1String("text"))
        return usage(QStringLiteral("-o takes text, json or csv, not \"%1\"").arg(format));

    invocation.taskQueue = parser.value(queue);
    invocation.yes = parser.isSet(yes);
    invocation.dryRun = parser.isSet(dryRun);
    invocation.reachability = !parser.isSet(noReachability);

    const QStringList words = parser.positionalArguments();
    if (words.isEmpty())
        return invocation; // help
    if (words.first() == QLatin1String("history")) {
        invocation.command = CliInvocation::Command::History;
        if (words.size() > 1) {
            if (words.at(1) != QLatin1String("show"))
                return usage(
                    QStringLiteral("unknown history subcommand \"%1\"; history lists, history show ID "
                                   "shows one entry")
                        .arg(words.at(1)));
            bool ok = false;
            invocation.historyId = words.value(2).toLongLong(&ok);
            if (words.size() != 3 || !ok || invocation.historyId < 1)
                return usage(QStringLiteral("history show takes one entry number, as history lists them"));
            invocation.command = CliInvocation::Command::HistoryShow;
            if (invocation.output == CliInvocation::Output::Csv)
                return usage(QStringLiteral("history show prints text or json"));
        }
        if (invocation.noHistory)
            return usage(QStringLiteral("--no-history makes no sense for history"));
        return invocation;
    }
    if (invocation.output == CliInvocation::Output::Csv)
        return usage(QStringLiteral("-o csv is for history; other commands print text or json"));
    if (words.first() != QLatin1String("task-queue"))
        return usage(QStringLiteral("unknown command \"%1\"").arg(words.first()));
    if (words.size() < 2)
        return usage(
            QStringLiteral("task-queue needs a subcommand: get-build-ids, describe-build-ids, list or "
                           "update-build-ids"));
    const QString sub = words.at(1);
    const auto needQueue = [&]() -> std::optional<Error> {
        if (invocation.taskQueue.isEmpty())
            return usage(QStringLiteral("%1 needs --task-queue (-t)").arg(sub));
        return std::nullopt;
    };
    int expectedWords = 2;
    if (sub == QLatin1String("get-build-ids")) {
        invocation.command = CliInvocation::Command::GetBuildIds;
    } else if (sub == QLatin1String("describe-build-ids")) {
        invocation.command = CliInvocation::Command::DescribeBuildIds;
    } else if (sub == QLatin1String("list")) {
        invocation.command = CliInvocation::Command::ListTaskQueues;
    } else if (sub == QLatin1String("update-build-ids")) {
        invocation.command = CliInvocation::Command::UpdateBuildIds;
        expectedWords = 3;
        if (words.size() < 3)
            return usage(
                QStringLiteral("update-build-ids needs an operation: add-new-default, add-new-compatible, "
                               "promote-set, promote-id-in-set or merge-sets"));
        BuildIdOperation::Kind kind;
        if (!BuildIdOperation::kindFromCommandName(words.at(2), &kind))
            return usage(QStringLiteral("unknown operation \"%1\"").arg(words.at(2)));
        const auto required = [&](const QCommandLineOption &option,
                                  const char *name) -> std::optional<Error> {
            if (!parser.isSet(option))
                return usage(QStringLiteral("%1 needs --%2").arg(words.at(2), QLatin1String(name)));
            return std::nullopt;
        };
        std::optional<Error> missing;
        switch (kind) {
        case BuildIdOperation::Kind::AddNewDefault:
            missing = required(buildId, "build-id");
            invocation.operation = BuildIdOperation::addNewDefault(parser.value(buildId));
            break;
        case BuildIdOperation::Kind::AddNewCompatible:
            missing = required(buildId, "build-id");
            if (!missing)
                missing = required(existing, "existing-compatible-build-id");
            invocation.operation = BuildIdOperation::addNewCompatible(
                parser.value(buildId), parser.value(existing), parser.isSet(setAsDefault));
            break;
        case BuildIdOperation::Kind::PromoteSet:
            missing = required(buildId, "build-id");
            invocation.operation = BuildIdOperation::promoteSet(parser.value(buildId));
            break;
        case BuildIdOperation::Kind::PromoteIdInSet:
            missing = required(buildId, "build-id");
            invocation.operation = BuildIdOperation::promoteIdInSet(parser.value(buildId));
            break;
        case BuildIdOperation::Kind::MergeSets:
            missing = required(primary, "primary-build-id");
            if (!missing)
                missing = required(secondary, "secondary-build-id");
            invocation.operation =
                BuildIdOperation::mergeSets(parser.value(primary), parser.value(secondary));
            break;
        }
        if (missing)
            return *missing;
        if (invocation.yes && invocation.dryRun)
            return usage(QStringLiteral("--yes and --dry-run contradict each other"));
    } else {
        return usage(QStringLiteral("unknown task-queue subcommand \"%1\"").arg(sub));
    }
    if (words.size() > expectedWords)
        return usage(QStringLiteral("unexpected argument \"%1\"").arg(words.at(expectedWords)));
    if (invocation.command != CliInvocation::Command::ListTaskQueues) {
        if (auto missing = needQueue())
            return *missing;
    }
    return invocation;
}
