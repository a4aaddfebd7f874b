#pragma once

#include "common/result.h"
#include "deploymentoperation.h"
#include "workerdeployment.h"

#include <QJsonObject>

// Versionscope's own JSON for the Worker Deployments values: what the history store keeps, what exports
// write and what `-o json` prints of a preview. It is stable: a field is only ever added, so that a file
// written by an older (or newer) Versionscope still reads. Times are ISO 8601 UTC with milliseconds
// ("2026-11-29T03:55:45.120Z", null when unset), percentages plain numbers, the conflict token base64,
// enums by name ("draining"). Everything a value holds is written, so toJson → fromJson gives it back
// exactly (QDateTime to the millisecond, which is all it keeps).
//
// The readers take input from files people may have edited: unknown fields are ignored, missing optional
// fields take their defaults, and anything malformed (a wrong type, an unknown enum name, a time without a
// zone, a percentage outside 0–100, a ramp that is not set but has a target) is refused with an
// InvalidArgument Error naming the field ("routing.rampingPercentage: …"). Nothing half-read is returned.

QJsonObject deploymentRoutingToJson(const DeploymentRouting &routing);
Result<DeploymentRouting> deploymentRoutingFromJson(const QJsonObject &json);

QJsonObject deploymentVersionSummaryToJson(const DeploymentVersionSummary &summary);
Result<DeploymentVersionSummary> deploymentVersionSummaryFromJson(const QJsonObject &json);

// {"name","createTime","routing","versions":[…],"lastModifierIdentity","managerIdentity",
//  "routingUpdateState","conflictToken"}.
QJsonObject workerDeploymentToJson(const WorkerDeployment &deployment);
Result<WorkerDeployment> workerDeploymentFromJson(const QJsonObject &json);

// {"kind":"set-ramping", "deploymentName", "buildId", "percentage", …}: kind by
// DeploymentOperation::kindName.
QJsonObject deploymentOperationToJson(const DeploymentOperation &operation);
Result<DeploymentOperation> deploymentOperationFromJson(const QJsonObject &json);

QJsonObject deploymentVersionDetailsToJson(const DeploymentVersionDetails &details);
Result<DeploymentVersionDetails> deploymentVersionDetailsFromJson(const QJsonObject &json);

// The time format above, shared with the preview's JSON: null for an invalid QDateTime.
QJsonValue deploymentTimeToJson(const QDateTime &time);
