#pragma once

#include "deploymentoperation.h"
#include "deploymentsnapshot.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

// Something the operator should weigh before applying a deployment change. A plain value.
struct DeploymentWarning
{
    enum class Kind {
        // The server will refuse the request (or Versionscope refuses to send it): text says why.
        WillFail,
        // Accepted but changes nothing.
        NoChange,
        // The version that gets (more) new workflows has no pollers now: they wait until a worker polls. The
        // server itself refuses only a version it has never seen (no worker ever polled as it), unless
        // allowNoPollers, with which it creates the version.
        NoPollersOnTarget,
        // Pollers could not be read, so nothing is known about them.
        PollersUnknown,
        // The target lacks task queues the current version has: without ignoreMissingTaskQueues the server
        // refuses when one of them still has a backlog or new tasks (which Versionscope cannot see); with it,
        // work for those queues has no versioned worker.
        MissingTaskQueues,
        // The version being deleted still has open pinned workflows (or their number is unknown).
        PinnedWorkflowsOnDeletedVersion,
        // Deleting without waiting for drainage.
        SkipsDrainage,
        // Another manager identity is set: an external controller may change routing back.
        ExternalManager,
        // The ramp targets a version that is draining or drained.
        RampsDrainingVersion,
        // The server is still propagating the previous routing change to task queues.
        RoutingUpdateInProgress,
        // Open workflow counts could not be read.
        WorkflowCountsUnknown,
        // A name the change involves breaks Versionscope's name rules but already exists on the server
        // (made by another tool): it is used as it is.
        ExistingNameBreaksRules,
    };
    Kind kind;
    QString text;

    // A stable name per kind for JSON and tests: "will-fail", "no-change", "no-pollers-on-target", …
    static QString kindName(Kind kind);

    bool operator==(const DeploymentWarning &) const = default;
};

// Everything a confirmation preview of a deployment change shows: routing before and after with each
// version's expected share of new workflows, the warnings, the exact request as JSON and the equivalent
// versionscope-cli and `temporal worker deployment` commands. Built from pure inputs; shared by the CLI and
// the window.
class DeploymentPreview
{
public:
    // snapshot: the read the preview is made from (its conflict token goes into the request).
    // identity: the identity that will be sent (ConnectionSettings::identity), for the manager check and the
    // request. connectionArguments: ConnectionSettings::commandLineArguments(), so that the commands reach
    // the same server.
    static DeploymentPreview build(const DeploymentSnapshot &snapshot, const DeploymentOperation &operation,
                                   const QString &namespaceName, const QString &identity,
                                   const QStringList &connectionArguments = {});

    const DeploymentOperation &operation() const { return m_operation; }
    const DeploymentSnapshot &snapshot() const { return m_snapshot; }
    const DeploymentRouting &routingBefore() const { return m_snapshot.deployment.routing; }
    // The routing the server will have after the change (the same as before for operations that do not
    // change routing).
    const DeploymentRouting &routingAfter() const { return m_routingAfter; }
    const QList<DeploymentWarning> &warnings() const { return m_warnings; }
    bool hasWarning(DeploymentWarning::Kind kind) const;
    // Whether the request should not be sent (a WillFail warning Versionscope is sure of).
    bool isBlocked() const;
    // What the request does, in sentences ("v3 takes 10 % of new workflows from v2").
    QStringList changes() const;

    // The request message in proto3 JSON (camelCase), conflict token base64, exactly as sent.
    QJsonObject requestJson() const;
    // The RPC's name, "SetWorkerDeploymentRampingVersion".
    QString rpcName() const;
    QString cliCommand() const;
    QString temporalCommand() const;

    // {"deployment","operation","before","after","shares","changes","warnings","request","rpc","command",
    //  "temporalCommand"}.
    QJsonObject toJson() const;
    // The preview as a person reads it in a terminal.
    QString toText() const;

private:
    DeploymentOperation m_operation;
    DeploymentSnapshot m_snapshot;
    QString m_namespace;
    QString m_identity;
    QStringList m_connectionArguments;
    DeploymentRouting m_routingAfter;
    QList<DeploymentWarning> m_warnings;
};
