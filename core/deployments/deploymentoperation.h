#pragma once

#include "workerdeployment.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>

// One change of a Worker Deployment, as the operator asked for it. A plain value, shared by the window, the
// CLI, the preview, the engine and the history.
struct DeploymentOperation
{
    enum class Kind {
        // SetWorkerDeploymentCurrentVersion; empty buildId = unversioned workers become current.
        SetCurrent,
        // SetWorkerDeploymentRampingVersion with a version and a percentage (also "change the percentage");
        // empty buildId = ramp to the unversioned workers.
        SetRamping,
        // SetWorkerDeploymentRampingVersion with no version and 0 %: the ramp ends (CLI --delete).
        StopRamping,
        // DeleteWorkerDeploymentVersion (skipDrainage: even while pinned workflows may still run on it).
        DeleteVersion,
        // UpdateWorkerDeploymentVersionMetadata.
        UpdateMetadata,
        // SetWorkerDeploymentManager: managerIdentity, or managerSelf (the identity sent), or neither
        // (unset).
        SetManager,
    };

    Kind kind = Kind::SetCurrent;
    QString deploymentName;
    QString buildId;
    // SetRamping: 0–100.
    double percentage = 0;
    // SetCurrent/SetRamping: the server's protections, lifted only when the operator chose to.
    bool ignoreMissingTaskQueues = false;
    bool allowNoPollers = false;
    // DeleteVersion.
    bool skipDrainage = false;
    // UpdateMetadata: entries to set (JSON values, sent as json/plain payloads) and keys to remove.
    QMap<QString, QJsonValue> upsertMetadata;
    QStringList removeMetadata;
    // SetManager.
    QString managerIdentity;
    bool managerSelf = false;

    static DeploymentOperation setCurrent(const QString &deploymentName, const QString &buildId);
    static DeploymentOperation setRamping(const QString &deploymentName, const QString &buildId,
                                          double percentage);
    static DeploymentOperation stopRamping(const QString &deploymentName);
    static DeploymentOperation deleteVersion(const QString &deploymentName, const QString &buildId,
                                             bool skipDrainage);

    // The routing a deployment has once the server applied this operation to one routed as before (before,
    // for operations that do not change routing): making the ramping version current ends the ramp, and no
    // build ID at 0 % is "remove the ramp" (server 1.31.2). The one prediction the preview, the history's
    // settlement and restore planning share.
    DeploymentRouting routingAfter(const DeploymentRouting &before) const;
    // Whether this operation changes routing (current, ramp): the ones the conflict token protects and
    // that restore replays.
    bool changesRouting() const;
    // "set-current-version", "set-ramping-version", "delete-version", "update-version-metadata",
    // "manager-identity": versionscope-cli's and Temporal CLI's command names (StopRamping is
    // set-ramping-version --delete).
    QString commandName() const;
    // A stable name per kind for storage and JSON: "set-current", "set-ramping", "stop-ramping",
    // "delete-version", "update-metadata", "set-manager".
    static QString kindName(Kind kind);
    static bool kindFromName(const QString &name, Kind *kind);
    // A short sentence: "ramp v3 to 10 % of new workflows" (translated).
    QString summary() const;

    bool operator==(const DeploymentOperation &) const = default;
};
