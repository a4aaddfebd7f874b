#pragma once

#include "deployments/deploymentoperation.h"
#include "deployments/workerdeployment.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// "Restore this state" for a Worker Deployment: the routing operations (set current, set ramping with its
// percentage, stop ramping) that bring a deployment's current and ramping versions back to those of a past
// state. Only routing is restored: versions cannot be re-created (the server creates a version when its
// workers first poll), metadata and the manager identity are not routing. A plain value; see
// planDeploymentRestore().
struct DeploymentRestorePlan
{
    struct Limitation
    {
        enum class Kind {
            // A version the target routes to is no longer in the deployment (deleted since): it cannot be
            // made current or ramping again. buildIds: that version.
            VersionGone,
            // The target's ramp targets the version that stays current (the target's current version is
            // gone): a ramp cannot target the current version. buildIds: that version.
            RampTargetIsCurrent,
            // The target is another deployment than the current one: nothing is planned.
            OtherDeployment,
        };
        Kind kind = Kind::VersionGone;
        // One or two plain sentences for the preview (translated).
        QString text;
        QStringList buildIds;

        bool operator==(const Limitation &) const = default;
    };

    WorkerDeployment current;
    WorkerDeployment target;
    // The routing the operations lead to (DeploymentOperation::routingAfter step by step).
    DeploymentRouting closest;
    // To apply in order, each through the preview; each changes the routing it is applied to.
    QList<DeploymentOperation> operations;
    QList<Limitation> limitations;

    // Whether closest routes new workflows as the target did (sameRouting: current, ramp and percentage).
    bool reachesTarget() const { return closest.sameRouting(target.routing); }

    bool operator==(const DeploymentRestorePlan &) const = default;
};

Q_DECLARE_METATYPE(DeploymentRestorePlan)

// Plans the restore of target's routing on a deployment that is now `current`. Pure and deterministic.
//
// Order: the current version first (SetCurrent), then the ramp (SetRamping or StopRamping). That order is
// the one the server always accepts: a ramp may not target the current version, and making the ramping
// version current ends the ramp, so setting the ramp first could be refused (target ramp = today's current)
// or undone by the SetCurrent that follows. Steps that would change nothing are left out, so restoring the
// current routing plans nothing, and a SetCurrent that already ends the ramp as the target wants is not
// followed by a StopRamping.
//
// A version the target routes to that the deployment no longer has (deleted since) cannot be routed to
// again: that step is left out with a VersionGone limitation and the rest is planned from what remains
// (the ramp is still restored when its version exists and is not current). The unversioned workers (empty
// build ID) always exist. Planned again from closest, the plan is empty.
DeploymentRestorePlan planDeploymentRestore(const WorkerDeployment &current, const WorkerDeployment &target);
