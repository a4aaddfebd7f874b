#include "deploymentrestoreplanner.h"

#include <QCoreApplication>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DeploymentRestorePlanner", text);
}

QString versionName(const QString &buildId)
{
    return buildId.isEmpty() ? tr("the unversioned worker pool") : buildId;
}

// Whether two routings ramp alike (target and percentage as the server keeps them), whatever is current.
bool sameRamp(DeploymentRouting a, DeploymentRouting b)
{
    a.currentBuildId.clear();
    b.currentBuildId.clear();
    return a.sameRouting(b);
}

} // namespace

DeploymentRestorePlan planDeploymentRestore(const WorkerDeployment &current, const WorkerDeployment &target)
{
    DeploymentRestorePlan plan;
    plan.current = current;
    plan.target = target;
    plan.closest = current.routing;
    if (current.name != target.name) {
        plan.limitations << DeploymentRestorePlan::Limitation{
            DeploymentRestorePlan::Limitation::Kind::OtherDeployment,
            tr("This state is of deployment %1, not of %2: nothing to restore here.")
                .arg(target.name, current.name),
            {}};
        return plan;
    }
    const auto exists = [&current](const QString &buildId) {
        return buildId.isEmpty() || current.version(buildId) != nullptr;
    };
    const auto gone = [&plan](const QString &buildId, const QString &text) {
        plan.limitations << DeploymentRestorePlan::Limitation{
            DeploymentRestorePlan::Limitation::Kind::VersionGone, text.arg(buildId), {buildId}};
    };
    const auto add = [&plan](const DeploymentOperation &operation) {
        plan.operations << operation;
        plan.closest = operation.routingAfter(plan.closest);
    };
    const DeploymentRouting &wanted = target.routing;

    if (wanted.currentBuildId != plan.closest.currentBuildId) {
        if (exists(wanted.currentBuildId))
            add(DeploymentOperation::setCurrent(current.name, wanted.currentBuildId));
        else
            gone(wanted.currentBuildId, tr("Version %1 was current then but is no longer in the deployment "
                                           "(deleted since): it cannot be made current again."));
    }
    if (!sameRamp(plan.closest, wanted)) {
        if (!wanted.hasRamp) {
            add(DeploymentOperation::stopRamping(current.name));
        } else if (!exists(wanted.rampingBuildId)) {
            gone(wanted.rampingBuildId, tr("Version %1 was ramping then but is no longer in the deployment "
                                           "(deleted since): it cannot ramp again."));
        } else if (wanted.rampingBuildId == plan.closest.currentBuildId) {
            plan.limitations << DeploymentRestorePlan::Limitation{
                DeploymentRestorePlan::Limitation::Kind::RampTargetIsCurrent,
                tr("%1 was ramping then, but it stays current (the version current then is gone), and a "
                   "ramp cannot target the current version.")
                    .arg(versionName(wanted.rampingBuildId)),
                {wanted.rampingBuildId}};
        } else {
            add(DeploymentOperation::setRamping(current.name, wanted.rampingBuildId,
                                                wanted.rampingPercentage));
        }
    }
    return plan;
}
