#pragma once

#include "common/error.h"
#include "deploymentoperation.h"
#include "workerdeployment.h"

#include <QList>
#include <QStringList>

#include <optional>

// NameRules applied to a deployment change, as read from the deployment it goes to. Pure functions.

// Whether the change would send a deployment build ID that breaks the rules and that the deployment does not
// have (the server would create it with allowNoPollers, or answer NOT_FOUND). The deployment's own name
// exists (it was read), so it is never refused here. Returns the error to show ("not sent: …", code
// InvalidArgument, source "local-validation"), or nothing.
std::optional<Error> newDeploymentNameError(const WorkerDeployment &deployment,
                                            const DeploymentOperation &operation);

// The preview's warnings about the names the change involves that already exist and break the rules (made
// by another tool): the deployment's name, and the build ID when the deployment has that version.
QStringList existingDeploymentNameWarnings(const WorkerDeployment &deployment,
                                           const DeploymentOperation &operation);

// Whether a deployment asked for by name (the window's --deployment) may be opened, judged against the
// namespace's list of deployments: a name that follows the rules always may (reading it changes nothing);
// one that breaks them only when the list has it (made by another tool). Returns the error to show
// ("not opened: new deployment name: …", the name escaped, code InvalidArgument, source
// "local-validation"), or nothing.
std::optional<Error> unlistedDeploymentNameError(const QString &name,
                                                 const QList<WorkerDeploymentSummary> &listed);
