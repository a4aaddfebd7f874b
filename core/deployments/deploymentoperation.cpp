#include "deploymentoperation.h"

#include "common/namerules.h"

#include "workerdeployment.h"

#include <QCoreApplication>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DeploymentOperation", text);
}

QString namesForDisplay(const QStringList &names)
{
    QStringList shown;
    for (const QString &name : names)
        shown << nameForDisplay(name);
    return shown.join(QStringLiteral(", "));
}

// Names are escaped here, once, for everyone who shows the summary (previews, history, status messages):
// a name made by another tool with an invisible or bidi character must not pass for another one.
QString versionLabel(const QString &buildId)
{
    return buildId.isEmpty() ? tr("the unversioned worker pool") : nameForDisplay(buildId);
}

constexpr DeploymentOperation::Kind kAllKinds[] = {
    DeploymentOperation::Kind::SetCurrent,     DeploymentOperation::Kind::SetRamping,
    DeploymentOperation::Kind::StopRamping,    DeploymentOperation::Kind::DeleteVersion,
    DeploymentOperation::Kind::UpdateMetadata, DeploymentOperation::Kind::SetManager,
};

} // namespace

DeploymentOperation DeploymentOperation::setCurrent(const QString &deploymentName, const QString &buildId)
{
    DeploymentOperation op;
    op.kind = Kind::SetCurrent;
    op.deploymentName = deploymentName;
    op.buildId = buildId;
    return op;
}

DeploymentOperation DeploymentOperation::setRamping(const QString &deploymentName, const QString &buildId,
                                                    double percentage)
{
    DeploymentOperation op;
    op.kind = Kind::SetRamping;
    op.deploymentName = deploymentName;
    op.buildId = buildId;
    op.percentage = percentage;
    return op;
}

DeploymentOperation DeploymentOperation::stopRamping(const QString &deploymentName)
{
    DeploymentOperation op;
    op.kind = Kind::StopRamping;
    op.deploymentName = deploymentName;
    return op;
}

DeploymentOperation DeploymentOperation::deleteVersion(const QString &deploymentName, const QString &buildId,
                                                       bool skipDrainage)
{
    DeploymentOperation op;
    op.kind = Kind::DeleteVersion;
    op.deploymentName = deploymentName;
    op.buildId = buildId;
    op.skipDrainage = skipDrainage;
    return op;
}

bool DeploymentOperation::changesRouting() const
{
    switch (kind) {
    case Kind::SetCurrent:
    case Kind::SetRamping:
    case Kind::StopRamping:
        return true;
    case Kind::DeleteVersion:
    case Kind::UpdateMetadata:
    case Kind::SetManager:
        return false;
    }
    Q_UNREACHABLE();
    return false;
}

QString DeploymentOperation::commandName() const
{
    switch (kind) {
    case Kind::SetCurrent:
        return QStringLiteral("set-current-version");
    case Kind::SetRamping:
    case Kind::StopRamping:
        return QStringLiteral("set-ramping-version");
    case Kind::DeleteVersion:
        return QStringLiteral("delete-version");
    case Kind::UpdateMetadata:
        return QStringLiteral("update-version-metadata");
    case Kind::SetManager:
        return QStringLiteral("manager-identity");
    }
    Q_UNREACHABLE();
    return QString();
}

QString DeploymentOperation::kindName(Kind kind)
{
    switch (kind) {
    case Kind::SetCurrent:
        return QStringLiteral("set-current");
    case Kind::SetRamping:
        return QStringLiteral("set-ramping");
    case Kind::StopRamping:
        return QStringLiteral("stop-ramping");
    case Kind::DeleteVersion:
        return QStringLiteral("delete-version");
    case Kind::UpdateMetadata:
        return QStringLiteral("update-metadata");
    case Kind::SetManager:
        return QStringLiteral("set-manager");
    }
    Q_UNREACHABLE();
    return QString();
}

bool DeploymentOperation::kindFromName(const QString &name, Kind *kind)
{
    for (const Kind candidate : kAllKinds) {
        if (kindName(candidate) == name) {
            *kind = candidate;
            return true;
        }
    }
    return false;
}

QString DeploymentOperation::summary() const
{
    switch (kind) {
    case Kind::SetCurrent:
        return tr("make %1 current").arg(versionLabel(buildId));
    case Kind::SetRamping:
        return tr("ramp %1 to %2 % of new workflows").arg(versionLabel(buildId), percentageText(percentage));
    case Kind::StopRamping:
        return tr("stop ramping");
    case Kind::DeleteVersion:
        return skipDrainage
                   ? tr("delete version %1 without waiting for it to drain").arg(nameForDisplay(buildId))
                   : tr("delete version %1").arg(nameForDisplay(buildId));
    case Kind::UpdateMetadata: {
        QStringList parts;
        if (!upsertMetadata.isEmpty())
            parts << tr("set %1").arg(namesForDisplay(upsertMetadata.keys()));
        if (!removeMetadata.isEmpty())
            parts << tr("remove %1").arg(namesForDisplay(removeMetadata));
        if (parts.isEmpty())
            return tr("update the metadata of %1 (no entries given)").arg(nameForDisplay(buildId));
        return tr("update the metadata of %1: %2")
            .arg(nameForDisplay(buildId), parts.join(QStringLiteral("; ")));
    }
    case Kind::SetManager:
        if (managerSelf)
            return tr("make the identity sent the manager identity");
        if (managerIdentity.isEmpty())
            return tr("unset the manager identity");
        return tr("make %1 the manager identity").arg(nameForDisplay(managerIdentity));
    }
    Q_UNREACHABLE();
    return QString();
}

DeploymentRouting DeploymentOperation::routingAfter(const DeploymentRouting &before) const
{
    DeploymentRouting after = before;
    const auto endRamp = [&after] {
        after.hasRamp = false;
        after.rampingBuildId.clear();
        after.rampingPercentage = 0;
    };
    switch (kind) {
    case Kind::SetCurrent:
        after.currentBuildId = buildId;
        // Promoting the ramping version (the unversioned workers too) ends the ramp.
        if (before.hasRamp && before.rampingBuildId == buildId)
            endRamp();
        break;
    case Kind::SetRamping:
        // The server reads no build ID at 0 % as "remove the ramp".
        if (buildId.isEmpty() && percentage == 0) {
            endRamp();
            break;
        }
        after.hasRamp = true;
        after.rampingBuildId = buildId;
        after.rampingPercentage = percentage;
        break;
    case Kind::StopRamping:
        endRamp();
        break;
    case Kind::DeleteVersion:
    case Kind::UpdateMetadata:
    case Kind::SetManager:
        break;
    }
    return after;
}
