#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

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
    QString name;
    QString id;
    // temporal.api.enums.v1.NamespaceState: 1 registered, 2 deprecated, 3 deleted.
    int state = 0;
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
