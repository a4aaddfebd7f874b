#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Plain values the Temporal client returns besides version sets, pollers and reachability.

struct SystemInfo
{
    QString serverVersion;
    // capabilities.build_id_based_versioning: the server knows build IDs at all (not whether a namespace
    // allows version sets; that is only known by asking).
    bool buildIdBasedVersioning = false;
};

struct NamespaceInfo
{
    // temporal.api.enums.v1.NamespaceState, with Temporal's values.
    enum class State {
        Unspecified = 0,
        Registered = 1,
        Deprecated = 2,
        // Being deleted or deleted: nothing can be done in it.
        Deleted = 3,
    };

    QString name;
    QString id;
    State state = State::Unspecified;
};

struct NamespacePage
{
    QList<NamespaceInfo> namespaces;
    QByteArray nextPageToken;
};

struct WorkflowExecutionSummary
{
    QString workflowId;
    QString runId;
    QString workflowType;
    QString taskQueue;
    QDateTime startTime;
};

struct WorkflowExecutionPage
{
    QList<WorkflowExecutionSummary> executions;
    QByteArray nextPageToken;
};

// What the server answered to a Worker Deployment change (TemporalClient::changeWorkerDeployment).
struct DeploymentChangeReply
{
    // The token to send with the next change; empty for the calls that return none.
    QByteArray conflictToken;
    // SetCurrent: the build ID that was current before the call; SetRamping and StopRamping: the one that was
    // ramping. None when the server named none (the unversioned workers, no ramp) and for the other calls.
    std::optional<QString> previousBuildId;
    // SetRamping and StopRamping: the ramp's percentage before the call.
    std::optional<double> previousPercentage;
};
