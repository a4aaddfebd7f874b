#pragma once

#include "common/result.h"
#include "config/connectionsettingsresolver.h"
#include "versionsets/buildidoperation.h"

#include <QStringList>

// A parsed versionscope-cli command line. A plain value.
struct CliInvocation
{
    enum class Command { Help, Version, GetBuildIds, DescribeBuildIds, ListTaskQueues, UpdateBuildIds };
    enum class Output { Text, Json };

    Command command = Command::Help;
    Output output = Output::Text;
    ConnectionOverrides connection;
    QString taskQueue;
    BuildIdOperation operation;
    bool yes = false;
    bool dryRun = false;
    bool reachability = true;
    int partitions = 4;
    int pageSize = 200;
    int maxPages = 10;
    QString helpText;
};

// Parses arguments (without the program name) the way the Temporal CLI reads its own: global flags anywhere,
// subcommand words in order. Errors are usage errors (exit code 2).
Result<CliInvocation> parseCliArguments(const QStringList &arguments);
