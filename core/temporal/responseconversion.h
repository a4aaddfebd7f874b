#pragma once

#include "deployments/workerdeployment.h"
#include "pollerinfo.h"
#include "reachability.h"
#include "temporaltypes.h"
#include "versionsets/versionsets.h"

#include "temporal/api/workflowservice/v1/request_response.pb.h"

// The one place where WorkflowService responses become the project's values: pure functions, no gRPC call,
// no QObject, so that they run on gRPC's threads and can be fed arbitrary messages (fuzz/). Internal to
// versionscope_client, like grpcstatusmapping.h: nothing outside core includes generated headers.
//
// Every field may be missing or hold anything a newer (or broken) server sends: an enum value this client
// does not know becomes Unspecified, an unset timestamp an invalid QDateTime.

SystemInfo systemInfoFromResponse(const temporal::api::workflowservice::v1::GetSystemInfoResponse &response);
NamespacePage
namespacePageFromResponse(const temporal::api::workflowservice::v1::ListNamespacesResponse &response);
NamespaceInfo
namespaceInfoFromResponse(const temporal::api::workflowservice::v1::DescribeNamespaceResponse &response);

VersionSets versionSetsFromResponse(
    const temporal::api::workflowservice::v1::GetWorkerBuildIdCompatibilityResponse &response);
// kind: the task-queue type the request asked for (the response does not say).
QList<PollerInfo>
pollersFromResponse(const temporal::api::workflowservice::v1::DescribeTaskQueueResponse &response,
                    TaskQueueKind kind);
QList<BuildIdReachability> reachabilityFromResponse(
    const temporal::api::workflowservice::v1::GetWorkerTaskReachabilityResponse &response);
WorkflowExecutionPage workflowExecutionPageFromResponse(
    const temporal::api::workflowservice::v1::ListWorkflowExecutionsResponse &response);
qint64 workflowCountFromResponse(
    const temporal::api::workflowservice::v1::CountWorkflowExecutionsResponse &response);

WorkerDeploymentPage workerDeploymentPageFromResponse(
    const temporal::api::workflowservice::v1::ListWorkerDeploymentsResponse &response);
// With the conflict token of this read; a version named twice is kept once (the first).
WorkerDeployment workerDeploymentFromResponse(
    const temporal::api::workflowservice::v1::DescribeWorkerDeploymentResponse &response);
DeploymentVersionDetails deploymentVersionDetailsFromResponse(
    const temporal::api::workflowservice::v1::DescribeWorkerDeploymentVersionResponse &response);
