#include "deploymentnamecheck.h"

#include "common/namerules.h"

#include <QCoreApplication>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DeploymentNameCheck", text);
}

} // namespace

std::optional<Error> newDeploymentNameError(const WorkerDeployment &deployment,
                                            const DeploymentOperation &operation)
{
    // An empty build ID stands for the unversioned workers; it is never sent as a name.
    if (operation.buildId.isEmpty() || deployment.version(operation.buildId))
        return std::nullopt;
    const std::optional<QString> problem = nameProblem(NameKind::DeploymentBuildId, operation.buildId);
    if (!problem)
        return std::nullopt;
    return Error{
        ErrorCode::InvalidArgument, tr("not sent: new build ID: %1").arg(*problem),
        tr("Versionscope refuses new names that are empty, padded with whitespace, or carry control, "
           "invisible or bidirectional characters; versions that already exist stay usable"),
        QStringLiteral("local-validation")};
}

QStringList existingDeploymentNameWarnings(const WorkerDeployment &deployment,
                                           const DeploymentOperation &operation)
{
    QStringList warnings;
    if (const auto warning = nameRuleWarning(NameKind::DeploymentName, deployment.name))
        warnings << *warning;
    if (!operation.buildId.isEmpty() && deployment.version(operation.buildId)) {
        if (const auto warning = nameRuleWarning(NameKind::DeploymentBuildId, operation.buildId))
            warnings << *warning;
    }
    return warnings;
}

std::optional<Error> unlistedDeploymentNameError(const QString &name,
                                                 const QList<WorkerDeploymentSummary> &listed)
{
    const std::optional<QString> problem = nameProblem(NameKind::DeploymentName, name);
    if (!problem)
        return std::nullopt;
    // Compared exactly: " orders" made by another tool is another deployment than "orders".
    for (const WorkerDeploymentSummary &deployment : listed) {
        if (deployment.name == name)
            return std::nullopt;
    }
    return Error{ErrorCode::InvalidArgument, tr("not opened: new deployment name: %1").arg(*problem),
                 tr("the namespace has no such deployment; check for a typing mistake"),
                 QStringLiteral("local-validation")};
}
