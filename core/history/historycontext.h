#pragma once

#include <QString>

#include <optional>

struct ConnectionSettings;

// Who records a history entry and about what: a task queue's version sets, or a Worker Deployment. The part
// of an entry that comes from the connection, not from the change. Holds nothing secret (no API key, no TLS
// material), only the identity Versionscope sends to Temporal. A plain value.
struct HistoryContext
{
    // Which of Temporal's Worker Versioning models an entry is about.
    enum class Model {
        // A task queue's compatible version sets (UpdateWorkerBuildIdCompatibility); taskQueue names it.
        VersionSets,
        // A Worker Deployment's routing and versions; deploymentName names it and taskQueue is empty.
        Deployment,
    };

    // Where a change or an observation came from.
    enum class Source {
        // The desktop window.
        Window,
        // versionscope-cli.
        Cli,
        // A "restore this state" from the history (window).
        Restore,
    };

    QString osUser;
    // The identity sent to Temporal with updates (ConnectionSettings::identity).
    QString identity;
    QString serverAddress;
    QString namespaceName;
    // Version-set entries: the queue. Empty for deployment entries.
    QString taskQueue;
    Source source = Source::Window;
    Model model = Model::VersionSets;
    // Deployment entries: the deployment. Empty for version-set entries. ("{}": aggregate initializations
    // that stop at source stay free of missing-initializer warnings.)
    QString deploymentName{};

    // Address, namespace and identity from resolved settings (never the API key or TLS settings), the
    // current OS user, and the queue. The window and the CLI both build their context here, so they record
    // the same fields the same way.
    static HistoryContext forConnection(const ConnectionSettings &settings, const QString &taskQueue,
                                        Source source);
    // The same for a Worker Deployment: model Deployment, deploymentName set, taskQueue empty.
    static HistoryContext forDeployment(const ConnectionSettings &settings, const QString &deploymentName,
                                        Source source);
    // The login name of the account running this process ("unknown" when it cannot be told).
    static QString currentOsUser();

    // "window", "cli", "restore": stored and exported under these names.
    static QString sourceName(Source source);
    static std::optional<Source> sourceFromName(const QString &name);
    // "version-sets", "deployment": stored, exported and accepted by `history --model` under these names.
    static QString modelName(Model model);
    static std::optional<Model> modelFromName(const QString &name);

    bool isDeployment() const { return model == Model::Deployment; }
    // What the entry is about, for people: the task queue, or the deployment's name.
    QString subject() const { return isDeployment() ? deploymentName : taskQueue; }

    bool operator==(const HistoryContext &) const = default;
};
