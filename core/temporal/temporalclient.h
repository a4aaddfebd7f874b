#pragma once

#include "common/result.h"
#include "connectionsettings.h"
#include "deployments/deploymentoperation.h"
#include "deployments/workerdeployment.h"
#include "pollerinfo.h"
#include "reachability.h"
#include "temporaltypes.h"
#include "versionsets/buildidoperation.h"
#include "versionsets/versionsets.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

class TemporalClientPrivate;

// An asynchronous client of Temporal's WorkflowService for one namespace, on gRPC's callback API.
//
// Threads: create, call and destroy it on one thread (the owner's, usually the GUI thread). No method
// blocks. Each call's callback runs later on the owner's thread, exactly once, unless the call's context
// object was destroyed first or the call was cancelled through cancel()/the destructor, in which case it
// does not run at all. Code on gRPC's threads only converts replies to plain values.
//
// Errors: grpc::Status is mapped to Error here and nowhere else; version sets that a namespace or server
// refuses come back as one clear Error that names frontend.workerVersioningDataAPIs.
//
// Every call has the deadline settings().callTimeoutMs. The destructor cancels what is in flight and
// waits for gRPC to hand back every call before the stub goes away.
class TemporalClient : public QObject
{
    Q_OBJECT

public:
    template <typename T> using Callback = std::function<void(const Result<T> &)>;
    using CallId = quint64;

    explicit TemporalClient(const ConnectionSettings &settings, QObject *parent = nullptr);
    ~TemporalClient() override;

    const ConnectionSettings &settings() const;

    CallId getSystemInfo(QObject *context, Callback<SystemInfo> done);
    CallId listNamespaces(QObject *context, const QByteArray &pageToken, Callback<NamespacePage> done);
    CallId describeNamespace(QObject *context, Callback<NamespaceInfo> done);

    CallId getVersionSets(QObject *context, const QString &taskQueue, Callback<VersionSets> done);
    CallId updateVersionSets(QObject *context, const QString &taskQueue, const BuildIdOperation &operation,
                             Callback<Done> done);

    // Pollers of one partition of one task-queue type (legacy DescribeTaskQueue). partitionName is the queue
    // name for the root partition and "/_sys/<queue>/<n>" for the others.
    CallId describeTaskQueuePollers(QObject *context, const QString &partitionName, TaskQueueKind kind,
                                    Callback<QList<PollerInfo>> done);
    CallId getTaskReachability(QObject *context, const QStringList &buildIds, const QStringList &taskQueues,
                               Callback<QList<BuildIdReachability>> done);
    CallId listWorkflowExecutions(QObject *context, const QString &query, int pageSize,
                                  const QByteArray &pageToken, Callback<WorkflowExecutionPage> done);

    // Worker Deployments. Versions are named by the structured deployment_version fields, never the
    // deprecated strings. Reads of deployments are rate limited separately on the server
    // (frontend.globalNamespaceWorkerDeploymentReadRPS).
    CallId listWorkerDeployments(QObject *context, const QByteArray &pageToken,
                                 Callback<WorkerDeploymentPage> done);
    // The deployment with the conflict token of this read.
    CallId describeWorkerDeployment(QObject *context, const QString &deploymentName,
                                    Callback<WorkerDeployment> done);
    CallId describeWorkerDeploymentVersion(QObject *context, const DeploymentVersionRef &version,
                                           Callback<DeploymentVersionDetails> done);
    // Sends operation (Set*Version, DeleteWorkerDeploymentVersion, UpdateWorkerDeploymentVersionMetadata,
    // SetWorkerDeploymentManager) with settings().identity. conflictToken (may be empty: none sent) is the
    // token of the read the change was previewed from, for the calls that take one; done gets the new
    // token the server returns (empty for the calls that return none) and, for the routing calls, what the
    // server says the routing was before the call. On the wire a SetRamping to the
    // unversioned workers (empty buildId) at 0 % is the same request as StopRamping, and server 1.31.2 ends
    // the ramp: such a ramp cannot be set.
    CallId changeWorkerDeployment(QObject *context, const DeploymentOperation &operation,
                                  const QByteArray &conflictToken, Callback<DeploymentChangeReply> done);
    // CountWorkflowExecutions: how many executions match a visibility query.
    CallId countWorkflowExecutions(QObject *context, const QString &query, Callback<qint64> done);

    // Cancels one call: its callback will not run. Unknown or finished ids are ignored.
    void cancel(CallId id);
    // Cancels every call in flight; their callbacks will not run.
    void cancelAll();
    // Calls sent and not yet handed back by gRPC (for tests and shutdown).
    int callsInFlight() const;
    // How many calls of each RPC (by its name, "GetWorkerBuildIdCompatibility") this client started, retries
    // inside gRPC not counted: what an operation costs. Any thread.
    QHash<QString, int> callCounts() const;
    int totalCalls() const;
    // How many attempts of each RPC were handed to gRPC, the client's own retries (RetryPolicy) included:
    // what went on the wire, so that a change sent twice shows. Any thread.
    QHash<QString, int> attemptCounts() const;

private:
    std::unique_ptr<TemporalClientPrivate> d;
};
