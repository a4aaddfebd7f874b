#pragma once

#include "common/error.h"

#include <QCommandLineOption>
#include <QList>
#include <QStringList>

#include <optional>

class QCommandLineParser;
struct CliInvocation;

// The flags of `versionscope-cli worker deployment …`, named as Temporal's own CLI names them
// (`temporal worker deployment …`), and the parsing of those commands into a CliInvocation. The shared
// flags (--build-id, -y, --dry-run, --reason, -o) are the invocation parser's.
class DeploymentCliOptions
{
public:
    DeploymentCliOptions();

    void addTo(QCommandLineParser &parser) const;
    // words: the positional words after "worker deployment". Fills the command, the deployment name and the
    // operation; a usage error otherwise.
    std::optional<Error> read(const QCommandLineParser &parser, const QCommandLineOption &buildIdOption,
                              const QStringList &words, CliInvocation *invocation) const;
    // The usage lines and the flags for --help.
    static QString usageText();
    static QString flagsText();

private:
    QCommandLineOption m_name;
    QCommandLineOption m_deploymentName;
    QCommandLineOption m_unversioned;
    QCommandLineOption m_percentage;
    QCommandLineOption m_delete;
    QCommandLineOption m_ignoreMissingTaskQueues;
    QCommandLineOption m_allowNoPollers;
    QCommandLineOption m_skipDrainage;
    QCommandLineOption m_metadata;
    QCommandLineOption m_removeEntries;
    QCommandLineOption m_managerIdentity;
    QCommandLineOption m_self;
};
