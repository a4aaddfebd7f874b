#include "deploymentdiff.h"

#include "common/namerules.h"

#include <QCoreApplication>

namespace {

QString versionName(const QString &buildId)
{
    return buildId.isEmpty() ? QCoreApplication::translate("deploymentDifferences", "the unversioned workers")
                             : nameForDisplay(buildId);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("deploymentDifferences", text);
}

} // namespace

QStringList deploymentDifferences(const WorkerDeployment &before, const WorkerDeployment &after)
{
    QStringList lines;
    const DeploymentRouting &a = before.routing;
    const DeploymentRouting &b = after.routing;
    if (a.currentBuildId != b.currentBuildId)
        lines << tr("current version: %1 \u2192 %2")
                     .arg(versionName(a.currentBuildId), versionName(b.currentBuildId));
    if (a.hasRamp && !b.hasRamp) {
        lines << tr("the ramp of %1 ended").arg(versionName(a.rampingBuildId));
    } else if (!a.hasRamp && b.hasRamp) {
        lines << tr("%1 started ramping at %2%").arg(versionName(b.rampingBuildId)).arg(b.rampingPercentage);
    } else if (a.hasRamp && b.hasRamp) {
        if (a.rampingBuildId != b.rampingBuildId)
            lines << tr("ramping version: %1 \u2192 %2")
                         .arg(versionName(a.rampingBuildId), versionName(b.rampingBuildId));
        if (a.rampingPercentage != b.rampingPercentage)
            lines << tr("ramp percentage: %1% \u2192 %2%").arg(a.rampingPercentage).arg(b.rampingPercentage);
    }
    if (lines.isEmpty() && a.revisionNumber != b.revisionNumber)
        lines << tr("routing was set again (revision %1 \u2192 %2) with the same result")
                     .arg(a.revisionNumber)
                     .arg(b.revisionNumber);

    for (const DeploymentVersionSummary &v : after.versions) {
        const DeploymentVersionSummary *old = before.version(v.buildId);
        if (!old)
            lines << tr("new version %1 (%2)")
                         .arg(versionName(v.buildId), deploymentVersionStatusName(v.status));
        else if (old->status != v.status)
            lines << tr("%1: %2 \u2192 %3")
                         .arg(versionName(v.buildId), deploymentVersionStatusName(old->status),
                              deploymentVersionStatusName(v.status));
    }
    for (const DeploymentVersionSummary &v : before.versions) {
        if (!after.version(v.buildId))
            lines << tr("version %1 was deleted").arg(versionName(v.buildId));
    }
    if (before.managerIdentity != after.managerIdentity)
        lines << tr("manager identity: %1 \u2192 %2")
                     .arg(before.managerIdentity.isEmpty() ? tr("(none)") : before.managerIdentity,
                          after.managerIdentity.isEmpty() ? tr("(none)") : after.managerIdentity);
    if (!lines.isEmpty() && !after.lastModifierIdentity.isEmpty())
        lines << tr("last changed by %1").arg(after.lastModifierIdentity);
    return lines;
}

bool onlyStatusesCaughtUpWithRouting(const WorkerDeployment &before, const WorkerDeployment &after)
{
    if (!before.routing.sameRouting(after.routing) ||
        before.routing.revisionNumber != after.routing.revisionNumber ||
        before.managerIdentity != after.managerIdentity ||
        before.lastModifierIdentity != after.lastModifierIdentity ||
        before.versions.size() != after.versions.size())
        return false;
    const DeploymentRouting &routing = after.routing;
    // Whether status is the one routing gives buildId.
    const auto routed = [&routing](const QString &buildId, DeploymentVersionStatus status) {
        if (buildId == routing.currentBuildId)
            return status == DeploymentVersionStatus::Current;
        if (routing.hasRamp && buildId == routing.rampingBuildId)
            return status == DeploymentVersionStatus::Ramping;
        return status != DeploymentVersionStatus::Current && status != DeploymentVersionStatus::Ramping;
    };
    bool caughtUp = false;
    for (const DeploymentVersionSummary &version : after.versions) {
        const DeploymentVersionSummary *old = before.version(version.buildId);
        if (!old)
            return false; // a version came or went
        if (old->status == version.status)
            continue;
        if (routed(version.buildId, old->status) || !routed(version.buildId, version.status))
            return false;
        caughtUp = true;
    }
    return caughtUp;
}
