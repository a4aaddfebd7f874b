#include "deploymentrequests.h"

namespace {
DeploymentOperation make(DeploymentOperation::Kind kind, const QString &deploymentName,
                         const QString &buildId = QString())
{
    DeploymentOperation operation;
    operation.kind = kind;
    operation.deploymentName = deploymentName;
    operation.buildId = buildId;
    return operation;
}
} // namespace

DeploymentOperation DeploymentRequests::setCurrent(const QString &deploymentName, const QString &buildId)
{
    return make(DeploymentOperation::Kind::SetCurrent, deploymentName, buildId);
}

DeploymentOperation DeploymentRequests::setRamping(const QString &deploymentName, const QString &buildId,
                                                   double percentage)
{
    DeploymentOperation operation = make(DeploymentOperation::Kind::SetRamping, deploymentName, buildId);
    operation.percentage = percentage;
    return operation;
}

DeploymentOperation DeploymentRequests::stopRamping(const QString &deploymentName)
{
    return make(DeploymentOperation::Kind::StopRamping, deploymentName);
}

DeploymentOperation DeploymentRequests::deleteVersion(const QString &deploymentName, const QString &buildId,
                                                      bool skipDrainage)
{
    DeploymentOperation operation = make(DeploymentOperation::Kind::DeleteVersion, deploymentName, buildId);
    operation.skipDrainage = skipDrainage;
    return operation;
}

DeploymentOperation DeploymentRequests::updateMetadata(const QString &deploymentName, const QString &buildId,
                                                       const QMap<QString, QJsonValue> &upserts,
                                                       const QStringList &removals)
{
    DeploymentOperation operation = make(DeploymentOperation::Kind::UpdateMetadata, deploymentName, buildId);
    operation.upsertMetadata = upserts;
    operation.removeMetadata = removals;
    return operation;
}

DeploymentOperation DeploymentRequests::setManager(const QString &deploymentName, const QString &identity,
                                                   bool self)
{
    DeploymentOperation operation = make(DeploymentOperation::Kind::SetManager, deploymentName);
    operation.managerIdentity = self ? QString() : identity;
    operation.managerSelf = self;
    return operation;
}
