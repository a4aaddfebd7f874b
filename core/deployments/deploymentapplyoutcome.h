#pragma once

#include "common/error.h"
#include "deploymentoperation.h"
#include "versionsets/applyoutcome.h"
#include "workerdeployment.h"

#include <optional>

// How an attempt to apply a previewed deployment change ended. A plain value; the deployment twin of
// ApplyOutcome, with the same statuses (ApplyOutcome::Status) so that the history and the front ends treat
// both models alike.
struct DeploymentApplyOutcome
{
    using Status = ApplyOutcome::Status;

    // Applied: the server accepted; after is the deployment read back. Stale: the server refused the
    // preview's conflict token (or the stale check saw another state), nothing changed; after is the state
    // found instead. Rejected: the server refused; error is its answer. Unknown: sent, no answer (a later
    // read settles it). NotSent: the deployment could not be read first.
    Status status = Status::NotSent;
    DeploymentOperation operation;
    // The identity sent with the request (who the server records as last modifier; SetManager self).
    QString identity;
    // The deployment the preview was made from (its conflict token was sent).
    WorkerDeployment before;
    // The routing the preview predicted.
    DeploymentRouting predictedRouting;
    // The deployment read afterwards; none when not read (verifyFailed) or not applicable.
    std::optional<WorkerDeployment> after;
    // Applied only: whether after's routing is the predicted routing.
    bool matchesPreview = false;
    // Applied only: the read-back failed, so after is unknown.
    bool verifyFailed = false;
    Error error;

    // One sentence for a terminal or status bar.
    QString summary() const;
};
