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

private:
    QPointer<TemporalClient> m_client;
};
