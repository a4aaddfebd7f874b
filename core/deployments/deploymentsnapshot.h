#pragma once

#include "common/error.h"
#include "workerdeployment.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// A poller of one of a deployment's task queues, as DescribeTaskQueue reports it with its deployment options.
struct DeploymentPoller
{
    QString identity;
    QDateTime lastAccessTime;
    double ratePerSecond = 0;
    // The version the worker polls as (deployment options); empty buildId: an unversioned worker.
    QString deploymentName;
    QString buildId;
    QString taskQueue;
    int taskQueueType = 1;

    bool operator==(const DeploymentPoller &) const = default;
};

// Open workflows on one version, from visibility counts. Each count is nothing when visibility could not
// answer ("unknown", never 0).
struct VersionWorkflowCounts
{
    std::optional<qint64> pinned;
    std::optional<qint64> autoUpgrade;

    bool operator==(const VersionWorkflowCounts &) const = default;
};

// What one read of a deployment found: the deployment (with its conflict token), each version's details,
// pollers and open workflows. Details, pollers and counts are extras: when they cannot be read the deployment
// still is, and the error says what is missing. A plain value.
struct DeploymentSnapshot
{
    QDateTime readAt;
    WorkerDeployment deployment;
    // By build ID; a version whose describe failed is missing here (detailsError says why).
    QHash<QString, DeploymentVersionDetails> details;
    std::optional<Error> detailsError;
    // Every poller of every task queue of the deployment's versions, with the version it polls as.
    std::optional<QList<DeploymentPoller>> pollers;
    std::optional<Error> pollersError;
    // By build ID.
    QHash<QString, VersionWorkflowCounts> workflowCounts;
    std::optional<Error> workflowCountsError;

    // Pollers polling as buildId (any task queue), or nothing when pollers are unknown. Counted as workers
    // (distinct identities; a poller without one counts alone), not as poll rows per queue and type; ""
    // counts the unversioned pollers.
    std::optional<int> pollerCount(const QString &buildId) const;
    // The task queues (name and type) a version's workers poll, from its details; empty when unknown.
    QList<VersionTaskQueue> taskQueues(const QString &buildId) const;
};
