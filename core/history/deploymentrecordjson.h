#pragma once

#include "common/result.h"
#include "deployments/deploymentoperation.h"
#include "deployments/workerdeployment.h"

#include <QJsonObject>

// How the history stores and exports a Worker Deployment and a DeploymentOperation: JSON objects whose field
// names are stable (the history's columns and exports depend on them; add fields, never rename).
//
// A deployment record holds what the history needs to tell states apart and to show them: the name, the
// routing (with its times and revision), each version's summary, the manager and the last modifier
// identity, the routing update state. The conflict token is left out: it is only good for the next write
// and a stored one would invite sending it.
//
// TODO(issue 10): delegate to core/deployments/deploymentjson once it is merged (being written on
// dep-domain), keeping these field names: stored histories already use them.
//
// Times are UTC ISO 8601 with milliseconds or null; statuses are their names (deploymentVersionStatusName,
// drainageStatusName), and "status-N" / "drainage-N" for numbers a newer server added.
QJsonObject deploymentRecordToJson(const WorkerDeployment &deployment);
// DataLoss when a field is missing or has the wrong type.
Result<WorkerDeployment> deploymentRecordFromJson(const QJsonObject &json);

// {kind (DeploymentOperation::kindName), deploymentName, buildId, percentage, ignoreMissingTaskQueues,
//  allowNoPollers, skipDrainage, upsertMetadata (object), removeMetadata (array), managerIdentity,
//  managerSelf}: every field, whatever the kind, so that a record says exactly what was asked.
QJsonObject deploymentOperationRecordToJson(const DeploymentOperation &operation);
Result<DeploymentOperation> deploymentOperationRecordFromJson(const QJsonObject &json);

// The routing alone, as in a deployment record's "routing".
QJsonObject deploymentRoutingRecordToJson(const DeploymentRouting &routing);
Result<DeploymentRouting> deploymentRoutingRecordFromJson(const QJsonObject &json);
