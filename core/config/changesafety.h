#pragma once

#include "common/error.h"

#include <QString>
#include <QStringList>

// What a connection may change (issue 11): read-only mode, and the namespaces, task queues and Worker
// Deployments whose changes need the target's name typed to confirm. Resolved with the connection by
// ConnectionSettingsResolver from --read-only, VERSIONSCOPE_READ_ONLY and the profile's read_only,
// protected_namespaces, protected_task_queues and protected_deployments in versionscope.toml; each origin
// says where a setting came from, so that a refusal can say why. A plain value: its rules are pure functions,
// asked by the RolloutEngine (which refuses to send what they forbid) and by every front end (which says so
// first).
struct ChangeSafety
{
    // No change may be sent at all; reads, previews, dry runs, the history and exports still work.
    bool readOnly = false;
    // "--read-only", "VERSIONSCOPE_READ_ONLY" or "profile "prod" in ~/.config/versionscope/versionscope.toml,
    // line 3". Empty when not read-only.
    QString readOnlyOrigin;
    // Exact names (case-sensitive, as Temporal compares them). In a protected namespace every change needs
    // its target's name typed; a protected task queue or deployment needs it in any namespace.
    QStringList protectedNamespaces;
    QStringList protectedTaskQueues;
    QStringList protectedDeployments;
    // Where each list came from, as readOnlyOrigin.
    QString protectedNamespacesOrigin;
    QString protectedTaskQueuesOrigin;
    QString protectedDeploymentsOrigin;

    // Why no change may be sent ("read-only: --read-only"); empty when changes may be sent.
    QString readOnlyReason() const;
    // The error a change meets in read-only mode: PermissionDenied, reason "read-only", readOnlyReason().
    Error readOnlyError() const;
    // The error a change of a protected target meets when its name was not typed (what: "task queue" or
    // "worker deployment"; protection: why, from taskQueueProtection or deploymentProtection): reason
    // "confirmation-required".
    static Error confirmationError(const QString &what, const QString &name, const QString &protection);
    // Why a change of the task queue's version sets needs the queue's name typed ("namespace "prod" is
    // protected (profile …)"); empty when it does not.
    QString taskQueueProtection(const QString &namespaceName, const QString &taskQueue) const;
    // The same for a Worker Deployment and its name.
    QString deploymentProtection(const QString &namespaceName, const QString &deploymentName) const;

    bool operator==(const ChangeSafety &) const = default;
};
