#pragma once

#include "deployments/deploymentapplyoutcome.h"
#include "deployments/workerdeployment.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// What this process last knew of each Worker Deployment, and the rule that tells whether a read shows a
// change made elsewhere: the deployment's operator-visible state (routing and its revision, the versions it
// has, the manager identity) differs from the last known one, and no attempt of ours whose effect was unknown
// explains it. Drainage and status moves the server makes on its own (draining → drained) are not changes
// anyone made and are not reported. The in-memory twin of the history's rule, for the window's "changed
// elsewhere" banner, which must work with no history at all. A plain value; deployments keyed by name.
class KnownDeploymentStates
{
public:
    struct Reading
    {
        bool changedElsewhere = false;
        // The last known state before this read (none the first time a deployment is read).
        std::optional<WorkerDeployment> before;
    };

    // Whether two reads of a deployment show the same operator-visible state (see the class comment).
    static bool sameState(const WorkerDeployment &a, const WorkerDeployment &b);
    // What an attempt of unknown effect did, judging by a later read: Applied when seen has the routing the
    // attempt predicted (or, for a version deleted, lacks the version), NotSent when seen is still the state
    // the attempt started from, Unknown otherwise.
    static DeploymentApplyOutcome::Status settlementFor(const DeploymentApplyOutcome &attempt,
                                                        const WorkerDeployment &seen);

    Reading observe(const WorkerDeployment &seen);
    // An attempt of ours ended: what it read back becomes the last known state; an attempt of unknown effect
    // waits for the next read to settle it.
    void recordAttempt(const DeploymentApplyOutcome &attempt);
    std::optional<WorkerDeployment> lastKnown(const QString &deploymentName) const;

private:
    QHash<QString, WorkerDeployment> m_known;
    QHash<QString, QList<DeploymentApplyOutcome>> m_unsettled;
};
