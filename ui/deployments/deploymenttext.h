#pragma once

#include "deployments/deploymentsnapshot.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>

// Words the deployment graph, its tree and its header share, so that every place says a fact the same way.
// Times are relative to the snapshot's read time (not the clock), so a picture stays true to its read.
class DeploymentText
{
    Q_DECLARE_TR_FUNCTIONS(DeploymentText)

public:
    // "3 h", "12 min", "2 d", "<1 min"; empty when either time is unknown.
    static QString age(const QDateTime &since, const QDateTime &now);
    // "workflow", "activity", "nexus".
    static QString taskQueueTypeName(int type);
    // "wf", "act", "nexus": the short form cards use.
    static QString taskQueueTypeShortName(int type);
    // "inactive", "created", "current", … (translated; DeploymentVersionStatus has no text of its own yet).
    static QString statusName(DeploymentVersionStatus status);
    // "orders (wf, act) · billing (act)"; empty for none.
    static QString taskQueues(const QList<VersionTaskQueue> &queues);
    // "4", or "unknown".
    static QString count(const std::optional<qint64> &count);
    // "svc:v1" or "unversioned workers": what a person calls a version.
    static QString versionName(const QString &deploymentName, const QString &buildId);
    static QString buildIdOrUnversioned(const QString &buildId);
};
