#pragma once

#include "common/result.h"
#include "deployments/deploymentsnapshot.h"
#include "deployments/workerdeployment.h"

#include <QObject>
#include <QPointer>

#include <functional>

class TemporalClient;

// Reads Worker Deployments: the namespace's list (every page, duplicates from the eventually consistent
// visibility list removed) and one deployment's DeploymentSnapshot: DescribeWorkerDeployment (with its
// conflict token), then per version DescribeWorkerDeploymentVersion, the pollers of every task queue the
// versions poll (DescribeTaskQueue per queue and type, pollers assigned to versions by their deployment
// options) and the open workflows per version split into pinned and auto-upgrade (CountWorkflowExecutions
// with the system search attributes; unknown where visibility cannot answer).
//
// Cost of read() for a deployment of V versions whose workers poll Q task queues (workflow and activity
// types counted separately, nexus ones not read): 1 DescribeWorkerDeployment, then V
// DescribeWorkerDeploymentVersion and 2 × V CountWorkflowExecutions (pinned, auto-upgrade) at once, then Q
// DescribeTaskQueue once the versions' task queues are known; at most 4 of them in flight at a time, so that
// a deployment with many versions does not spend the namespace's deployment read budget
// (frontend.globalNamespaceWorkerDeploymentReadRPS, 50) in one burst; a call the limit refuses anyway is
// tried again by the client (RetryPolicy).
// Two versions on two queues: 1 + 2 + 4 + 4 = 11 calls. Pollers are read from each queue's root partition
// only (the queue's name): a worker shows there once one of its polls landed on it, so a version with very
// few pollers may briefly show none (QueueReader reads every partition; that would cost 4 × Q here). Options
// that leave extras out skip their calls (pollers still need the versions described, for their queues).
// list() costs one ListWorkerDeployments per page of 100.
//
// Lives on the owner's thread. A read fails only when the deployment itself cannot be described; missing
// extras are reported inside the snapshot. Callbacks run once, on the owner's thread, unless context died.
class DeploymentReader : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool versionDetails = true;
        bool pollers = true;
        bool workflowCounts = true;
    };
    template <typename T> using Callback = std::function<void(const Result<T> &)>;

    explicit DeploymentReader(TemporalClient *client, QObject *parent = nullptr);

    void list(QObject *context, Callback<QList<WorkerDeploymentSummary>> done);
    void read(QObject *context, const QString &deploymentName, const Options &options,
              Callback<DeploymentSnapshot> done);

Q_SIGNALS:
    // The deployment was described and the fleet of calls about its versions (details, pollers, open
    // workflows) starts now; emitted right before the first of them is sent, only when there is one.
    void extrasStarted(const QString &deploymentName);

private:
    QPointer<TemporalClient> m_client;
};
