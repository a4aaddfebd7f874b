#pragma once

#include "deployments/workerdeployment.h"

#include <QStringList>

// Compact notation for Worker Deployments in tests:
//   deploymentFrom("svc", "v1:draining v2:current* v3:ramping~10", 4, "alice")
// names the versions with their statuses; '*' marks the current version, '~P' the ramping one and its
// percentage; "-:current*" or "-:ramping~P" stand for the unversioned workers (no version entry). The
// revision and the last modifier identity follow. Times are fixed, so that states compare equal.
inline WorkerDeployment deploymentFrom(const QString &name, const QString &versions, qint64 revision = 1,
                                       const QString &modifier = QString(),
                                       const QString &manager = QString())
{
    WorkerDeployment deployment;
    deployment.name = name;
    deployment.createTime = QDateTime(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC);
    deployment.lastModifierIdentity = modifier;
    deployment.managerIdentity = manager;
    deployment.routing.revisionNumber = revision;
    for (const QString &word : versions.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        QString rest = word;
        const qsizetype tilde = rest.indexOf(QLatin1Char('~'));
        const bool current = rest.endsWith(QLatin1Char('*'));
        if (current)
            rest.chop(1);
        double percentage = -1;
        if (tilde >= 0) {
            percentage = rest.mid(tilde + 1).toDouble();
            rest = rest.left(tilde);
        }
        const QStringList parts = rest.split(QLatin1Char(':'));
        const QString buildId = parts.value(0) == QLatin1String("-") ? QString() : parts.value(0);
        if (current)
            deployment.routing.currentBuildId = buildId;
        if (percentage >= 0) {
            deployment.routing.hasRamp = true;
            deployment.routing.rampingBuildId = buildId;
            deployment.routing.rampingPercentage = percentage;
        }
        if (buildId.isEmpty())
            continue;
        DeploymentVersionSummary version;
        version.buildId = buildId;
        const QString status = parts.value(1);
        for (int value = 0; value <= 6; ++value) {
            if (deploymentVersionStatusName(DeploymentVersionStatus(value)) == status)
                version.status = DeploymentVersionStatus(value);
        }
        version.createTime = deployment.createTime.addSecs(60 * (deployment.versions.size() + 1));
        deployment.versions << version;
    }
    return deployment;
}

// The routing alone, in the same notation ("v2* v3~10").
inline DeploymentRouting routingFrom(const QString &notation)
{
    return deploymentFrom(QStringLiteral("svc"), notation).routing;
}
