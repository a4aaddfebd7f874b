#pragma once

#include "common/result.h"
#include "config/connectionsettingsresolver.h"
#include "deployments/deploymentoperation.h"
#include "history/historycontext.h"
#include "versionsets/buildidoperation.h"

#include <QDateTime>
#include <QStringList>

#include <optional>

// A parsed versionscope-cli command line. A plain value.
struct CliInvocation
{
    enum class Command {
        Help,
        Version,
        GetBuildIds,
        DescribeBuildIds,
        ListTaskQueues,
        UpdateBuildIds,
        History,
        HistoryShow,
        // worker deployment list | describe | describe-version, and the changes (deploymentOperation).
        DeploymentList,
        DeploymentDescribe,
        DeploymentDescribeVersion,
        DeploymentChange,
        // keychain set | delete | status: the profile's API key in the system keychain.
        KeychainSet,
        KeychainDelete,
        KeychainStatus,
    };
    // Csv only for the history commands.
    enum class Output { Text, Json, Csv };

    Command command = Command::Help;
    Output output = Output::Text;
    ConnectionOverrides connection;
    QString taskQueue;
    BuildIdOperation operation;
    // worker deployment: the deployment, the version's build ID (empty: unversioned) and the change.
    QString deploymentName;
    QString deploymentBuildId;
    DeploymentOperation deploymentOperation;
    bool yes = false;
    bool dryRun = false;
    bool reachability = true;
    int partitions = 4;
    int pageSize = 200;
    int maxPages = 10;
    // --history LOCATION (else VERSIONSCOPE_HISTORY, the profile, the default file) and --no-history.
    std::optional<QString> history;
    bool noHistory = false;
    // --reason: why, recorded with an update.
    QString reason;
    // history: --since (invalid when not given), --limit (0 for all), show's entry id.
    QDateTime since;
    int limit = 50;
    qint64 historyId = 0;
    // history: --model version-sets|deployment (none: both) and --deployment NAME (implies deployment).
    std::optional<HistoryContext::Model> historyModel;
    QString historyDeployment;
    QString helpText;
    // --confirm-name NAME: the target's name, typed on the command line to confirm a change of a protected
    // task queue or deployment together with --yes (ChangeSafety).
    std::optional<QString> confirmName;
};

// Parses arguments (without the program name) the way the Temporal CLI reads its own: global flags anywhere,
// subcommand words in order. Errors are usage errors (exit code 2).
Result<CliInvocation> parseCliArguments(const QStringList &arguments);
// versionscope-cli --help: usage, the shared connection flags (ConnectionOptions), the command flags.
QString cliHelpText();
