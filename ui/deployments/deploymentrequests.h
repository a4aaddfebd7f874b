#pragma once

#include "deployments/deploymentoperation.h"

#include <QJsonValue>
#include <QMap>
#include <QStringList>

// The operations the deployment widgets ask for, built field by field. DeploymentOperation's own factories
// (setCurrent(), …) are the better home once their definitions are merged; until then the widgets fill the
// struct here, in one place, so switching over is a change of this file only. (TODO(issue 10): use
// DeploymentOperation's factories.)
class DeploymentRequests
{
public:
    static DeploymentOperation setCurrent(const QString &deploymentName, const QString &buildId);
    static DeploymentOperation setRamping(const QString &deploymentName, const QString &buildId,
                                          double percentage);
    static DeploymentOperation stopRamping(const QString &deploymentName);
    static DeploymentOperation deleteVersion(const QString &deploymentName, const QString &buildId,
                                             bool skipDrainage);
    static DeploymentOperation updateMetadata(const QString &deploymentName, const QString &buildId,
                                              const QMap<QString, QJsonValue> &upserts,
                                              const QStringList &removals);
    // identity empty and self false: unset.
    static DeploymentOperation setManager(const QString &deploymentName, const QString &identity, bool self);

    // The percentage a ramp starts with when the gesture names none: the ramp's own while one is set, else
    // a cautious 10 % (the preview lets the operator choose before anything is sent).
    static constexpr double kDefaultRampPercentage = 10;
};
