#include "cliinvocation.h"

#include "common/displaytext.h"
#include "config/connectionoptions.h"
#include "deploymentclioptions.h"
#include "history/historytime.h"
#include "versionsets/buildidvalidation.h"

#include <QCommandLineParser>

namespace {

Error usage(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message, QStringLiteral("see versionscope-cli --help"),
                 QStringLiteral("usage")};
}

const char *const kHelpHead =
    R"(versionscope-cli: see and change how Temporal routes tasks to workers: version sets and Worker Deployments

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
%DEPLOYMENT_USAGE%  versionscope-cli [global flags] history [-t QUEUE | --deployment NAME] [--model version-sets|deployment]
                                    [--since TIME] [--limit N] [-o text|json|csv]
  versionscope-cli [global flags] history show ID [-o text|json]
  versionscope-cli [--profile NAME] keychain set | delete | status [-o text|json]

Every update first reads the queue (or the deployment) and prints a preview (before, after, the changes in
words, warnings, the exact request), then asks for confirmation. --dry-run stops after the preview; --yes
skips the question. A deployment change is sent with the conflict token of the read its preview shows: when
the deployment changed meanwhile the server refuses it and nothing is overwritten.

Every update that is sent (or tried) is recorded in the rollout history, with the OS user, the identity, the
reason and the outcome; the history is opened before anything is sent. When it cannot be written you are
asked whether to apply without recording; with --yes the update is refused unless --no-history is given.
The history is an SQLite file (default ~/.local/share/versionscope/history.sqlite) or a PostgreSQL database
a team shares: --history FILE|postgresql://USER@HOST:PORT/DB, else VERSIONSCOPE_HISTORY, else
`history = "..."` under [profile.NAME] of Versionscope's own config file.

keychain set stores the profile's API key in the system keychain (the Secret Service on Linux), reading it
from standard input (never from the command line); keychain status says whether there is one, without
showing it; keychain delete removes it. Use the stored key with --api-key-from-keychain, or with
api_key_source = "keychain" under [profile.NAME] of Versionscope's own config file.

Connection flags (the same in versionscope; flags win over TEMPORAL_* environment variables, which win over
the profile in Temporal's environment-config file; Versionscope's own config file,
~/.config/versionscope/versionscope.toml, can set the limits and allow_insecure_api_key per profile):
)";

const char *const kHelpTail = R"(
Output:
  -o, --output text|json       output format (default text; history also csv)

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
  --model MODEL                history: version-sets or deployment entries only (default both)
  --deployment NAME            history: the Worker Deployment's entries only

  --confirm-name NAME          with --yes: the protected task queue's or deployment's name, to confirm

Read-only and protected names: with --read-only (VERSIONSCOPE_READ_ONLY=1, or read_only = true in the
profile of versionscope.toml) every update is refused before anything is read or asked; --dry-run still
prints the preview. A profile's protected_namespaces, protected_task_queues and protected_deployments
(arrays of names) make an update ask for the queue's or deployment's name instead of y; with --yes it needs
--confirm-name NAME equal to it.

Exit codes: 0 success, 1 an error you can act on (message on stderr), 2 bad usage, or an update refused
because the connection is read-only or a protected target's name was not confirmed (nothing was sent).
)";

} // namespace

QString cliHelpText()
{
    QString head = QString::fromUtf8(kHelpHead);
    head.replace(QStringLiteral("%DEPLOYMENT_USAGE%"), DeploymentCliOptions::usageText());
    return head + ConnectionOptions().helpText() + QString::fromUtf8(kHelpTail) +
           DeploymentCliOptions::flagsText();
}

Result<CliInvocation> parseCliArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    ConnectionOptions connection;
    connection.addTo(parser);
    const DeploymentCliOptions deploymentOptions;
    deploymentOptions.addTo(parser);
    const auto value = [](const QStringList &names, const char *valueName) {
        return QCommandLineOption(names, QString(), QLatin1String(valueName));
    };
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption version(QStringLiteral("version"));
    const QCommandLineOption output = value({QStringLiteral("o"), QStringLiteral("output")}, "format");
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
    const QCommandLineOption model = value({QStringLiteral("model")}, "model");
    const QCommandLineOption deployment = value({QStringLiteral("deployment")}, "name");
    parser.addOptions({help,     version,   output,    queue,  buildId,        existing,   setAsDefault,
                       primary,  secondary, yes,       dryRun, noReachability, partitions, maxPages,
                       pageSize, history,   noHistory, reason, since,          limit});
    parser.addOptions({model, deployment});
    const QCommandLineOption confirmName = value({QStringLiteral("confirm-name")}, "name");
    parser.addOption(confirmName);
    const QStringList args =
        QStringList{QStringLiteral("versionscope-cli")} + connection.prepareArguments(arguments);
    if (!parser.parse(args))
        return usage(parser.errorText());

    CliInvocation invocation;
    invocation.helpText = cliHelpText();
    if (parser.isSet(help))
        return invocation;
    if (parser.isSet(version)) {
        invocation.command = CliInvocation::Command::Version;
        return invocation;
    }

    const Result<ConnectionOverrides> overrides = connection.read(parser);
    if (!overrides)
        return overrides.error();
    invocation.connection = overrides.value();

    std::optional<int> partitionCount, pages, size, limitCount;
    struct NumberOption
    {
        const QCommandLineOption *option;
        int minimum;
        std::optional<int> *target;
    };
    const NumberOption numbers[] = {{&partitions, 1, &partitionCount},
                                    {&maxPages, 1, &pages},
                                    {&pageSize, 1, &size},
                                    {&limit, 0, &limitCount}};
    for (const NumberOption &n : numbers) {
        if (!parser.isSet(*n.option))
            continue;
        bool ok = false;
        const int parsed = parser.value(*n.option).toInt(&ok);
        if (!ok || parsed < n.minimum)
            return usage(QStringLiteral("--%1 takes a whole number of at least %2, not %3")
                             .arg(n.option->names().constLast())
                             .arg(n.minimum)
                             .arg(quotedForDisplay(parser.value(*n.option))));
        *n.target = parsed;
    }
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
        return usage(QStringLiteral("-o takes text, json or csv, not %1").arg(quotedForDisplay(format)));

    invocation.taskQueue = parser.value(queue);
    // An odd task queue name (NameRules) is not refused here: a queue made by another tool stays readable and
    // changeable. Whether it is new is known only from the queue's read (CliRunner), which changes nothing;
    // a new odd name is refused there, before any update is sent.
    if (parser.isSet(queue) && invocation.taskQueue.isEmpty())
        return usage(QStringLiteral("--task-queue: ") + *taskQueueNameProblem(invocation.taskQueue));
    invocation.yes = parser.isSet(yes);
    if (parser.isSet(confirmName))
        invocation.confirmName = parser.value(confirmName);
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
        if (parser.isSet(model)) {
            invocation.historyModel = HistoryContext::modelFromName(parser.value(model));
            if (!invocation.historyModel)
                return usage(QStringLiteral("--model takes version-sets or deployment, not %1")
                                 .arg(quotedForDisplay(parser.value(model))));
        }
        invocation.historyDeployment = parser.value(deployment);
        if (parser.isSet(deployment) && invocation.historyDeployment.isEmpty())
            return usage(QStringLiteral("--deployment needs a deployment name"));
        const bool deploymentsOnly = !invocation.historyDeployment.isEmpty() ||
                                     invocation.historyModel == HistoryContext::Model::Deployment;
        if (deploymentsOnly && !invocation.taskQueue.isEmpty())
            return usage(
                QStringLiteral("-t names a task queue, whose entries are version-set entries: use it "
                               "without --deployment and --model deployment"));
        if (!invocation.historyDeployment.isEmpty() &&
            invocation.historyModel == HistoryContext::Model::VersionSets)
            return usage(QStringLiteral("--deployment lists deployment entries, not --model version-sets"));
        if (!invocation.historyDeployment.isEmpty())
            invocation.historyModel = HistoryContext::Model::Deployment;
        return invocation;
    }
    if (words.first() == QLatin1String("keychain")) {
        const QString sub = words.value(1);
        if (sub == QLatin1String("set"))
            invocation.command = CliInvocation::Command::KeychainSet;
        else if (sub == QLatin1String("delete"))
            invocation.command = CliInvocation::Command::KeychainDelete;
        else if (sub == QLatin1String("status"))
            invocation.command = CliInvocation::Command::KeychainStatus;
        else
            return usage(QStringLiteral("keychain needs a subcommand: set, delete or status"));
        if (words.size() > 2)
            return usage(QStringLiteral("unexpected argument %1").arg(quotedForDisplay(words.at(2))));
        // A key on the command line is visible to every user of the machine (ps) and kept in shell history.
        if (invocation.connection.apiKey)
            return usage(QStringLiteral("keychain %1 takes no --api-key: keychain set reads the key from "
                                        "standard input")
                             .arg(sub));
        if (invocation.output == CliInvocation::Output::Csv)
            return usage(QStringLiteral("keychain prints text or json"));
        return invocation;
    }
    if (parser.isSet(model) || parser.isSet(deployment))
        return usage(QStringLiteral("--model and --deployment are for history"));
    if (invocation.output == CliInvocation::Output::Csv)
        return usage(QStringLiteral("-o csv is for history; other commands print text or json"));
    if (words.first() == QLatin1String("worker")) {
        if (words.value(1) != QLatin1String("deployment"))
            return usage(QStringLiteral("worker needs the subcommand deployment"));
        if (invocation.yes && invocation.dryRun)
            return usage(QStringLiteral("--yes and --dry-run contradict each other"));
        if (auto problem = deploymentOptions.read(parser, buildId, words.mid(2), &invocation))
            return *problem;
        return invocation;
    }
    if (words.first() != QLatin1String("task-queue"))
        return usage(QStringLiteral("unknown command %1").arg(quotedForDisplay(words.first())));
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
            return usage(QStringLiteral("unknown operation %1").arg(quotedForDisplay(words.at(2))));
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
        return usage(QStringLiteral("unknown task-queue subcommand %1").arg(quotedForDisplay(sub)));
    }
    if (words.size() > expectedWords)
        return usage(QStringLiteral("unexpected argument %1").arg(quotedForDisplay(words.at(expectedWords))));
    if (invocation.command != CliInvocation::Command::ListTaskQueues) {
        if (auto missing = needQueue())
            return *missing;
    }
    return invocation;
}
