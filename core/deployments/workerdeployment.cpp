#include "workerdeployment.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("WorkerDeployment", text);
}

} // namespace

// Percentages come back from the server as float32 widened to double (10.1 reads as 10.100000381…): two
// decimals are all a person needs and all a float carries reliably.
QString percentageText(double percentage)
{
    return QString::number(std::round(percentage * 100) / 100, 'g', 15);
}

QString DeploymentVersionRef::displayName() const
{
    if (isUnversioned())
        return tr("unversioned");
    return deploymentName + QLatin1Char(':') + buildId;
}

QString deploymentVersionStatusName(DeploymentVersionStatus status)
{
    switch (status) {
    case DeploymentVersionStatus::Unspecified:
        return QStringLiteral("unspecified");
    case DeploymentVersionStatus::Inactive:
        return QStringLiteral("inactive");
    case DeploymentVersionStatus::Current:
        return QStringLiteral("current");
    case DeploymentVersionStatus::Ramping:
        return QStringLiteral("ramping");
    case DeploymentVersionStatus::Draining:
        return QStringLiteral("draining");
    case DeploymentVersionStatus::Drained:
        return QStringLiteral("drained");
    case DeploymentVersionStatus::Created:
        return QStringLiteral("created");
    }
    // A number a newer server added: say which, rather than pretend it is one we know.
    return QStringLiteral("status-%1").arg(static_cast<int>(status));
}

QString drainageStatusName(DrainageStatus status)
{
    switch (status) {
    case DrainageStatus::Unspecified:
        return QStringLiteral("unspecified");
    case DrainageStatus::Draining:
        return QStringLiteral("draining");
    case DrainageStatus::Drained:
        return QStringLiteral("drained");
    }
    return QStringLiteral("drainage-%1").arg(static_cast<int>(status));
}

bool DeploymentRouting::sameRouting(const DeploymentRouting &other) const
{
    if (currentBuildId != other.currentBuildId || hasRamp != other.hasRamp)
        return false;
    if (!hasRamp)
        return true;
    // The server keeps the percentage as a float: 10.1 sent and 10.1 read back differ as doubles.
    return rampingBuildId == other.rampingBuildId &&
           static_cast<float>(rampingPercentage) == static_cast<float>(other.rampingPercentage);
}

QMap<QString, double> DeploymentRouting::sharesOfNewWorkflows() const
{
    QMap<QString, double> shares;
    if (!hasRamp || rampingBuildId == currentBuildId) {
        shares.insert(currentBuildId, 100);
        return shares;
    }
    const double ramp = std::clamp(rampingPercentage, 0.0, 100.0);
    shares.insert(currentBuildId, 100 - ramp);
    shares.insert(rampingBuildId, ramp);
    return shares;
}

QString DeploymentRouting::summary() const
{
    const QString current = currentBuildId.isEmpty() ? tr("unversioned") : currentBuildId;
    if (!hasRamp)
        return tr("current %1, no ramp").arg(current);
    const QString ramping = rampingBuildId.isEmpty() ? tr("unversioned") : rampingBuildId;
    return tr("current %1, ramping %2 at %3%").arg(current, ramping, percentageText(rampingPercentage));
}

const DeploymentVersionSummary *WorkerDeployment::version(const QString &buildId) const
{
    const auto found = std::find_if(versions.cbegin(), versions.cend(),
                                    [&](const DeploymentVersionSummary &v) { return v.buildId == buildId; });
    return found == versions.cend() ? nullptr : &*found;
}
