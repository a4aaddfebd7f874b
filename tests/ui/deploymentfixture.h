#pragma once

#include "deployments/deploymentsnapshot.h"

#include <QTimeZone>

// Deployment snapshots built by hand for the widget tests: the rollout an operator would open, "orders" with
// v1.4.2 draining, v1.5.0 current and v1.6.0 ramping at 10 %, pollers and open workflow counts filled,
// read at a fixed time so that relative times are stable.
namespace DeploymentFixture {

inline QDateTime readAt()
{
    return QDateTime(QDate(2026, 5, 4), QTime(14, 30), QTimeZone::utc());
}

inline DeploymentVersionSummary version(const QString &buildId, DeploymentVersionStatus status,
                                        int createdHoursAgo)
{
    DeploymentVersionSummary summary;
    summary.buildId = buildId;
    summary.status = status;
    summary.createTime = readAt().addSecs(-3600LL * createdHoursAgo);
    return summary;
}

inline DeploymentPoller poller(const QString &identity, const QString &buildId, const QString &queue,
                               int type)
{
    DeploymentPoller p;
    p.identity = identity;
    p.deploymentName = buildId.isEmpty() ? QString() : QStringLiteral("orders");
    p.buildId = buildId;
    p.taskQueue = queue;
    p.taskQueueType = type;
    p.lastAccessTime = readAt().addSecs(-4);
    p.ratePerSecond = 2;
    return p;
}

inline DeploymentVersionDetails details(const QString &buildId, DeploymentVersionStatus status)
{
    DeploymentVersionDetails d;
    d.version = {QStringLiteral("orders"), buildId};
    d.status = status;
    d.taskQueues = {
        {QStringLiteral("orders"), 1}, {QStringLiteral("orders"), 2}, {QStringLiteral("payments"), 2}};
    d.metadata.insert(QStringLiteral("git"), QJsonValue(QStringLiteral("a1b2c3d")));
    d.metadata.insert(QStringLiteral("canary"), QJsonValue(true));
    return d;
}

// The rollout: v1.4.2 draining (7 pinned still open), v1.5.0 current, v1.6.0 ramping at 10 %.
inline DeploymentSnapshot rollout()
{
    DeploymentSnapshot s;
    s.readAt = readAt();
    WorkerDeployment &d = s.deployment;
    d.name = QStringLiteral("orders");
    d.createTime = readAt().addDays(-30);
    d.lastModifierIdentity = QStringLiteral("alice@ops (versionscope)");
    d.conflictToken = QByteArray("token-1");
    d.routing.currentBuildId = QStringLiteral("v1.5.0");
    d.routing.hasRamp = true;
    d.routing.rampingBuildId = QStringLiteral("v1.6.0");
    d.routing.rampingPercentage = 10;
    d.routing.currentChangedTime = readAt().addSecs(-3 * 3600);
    d.routing.rampingChangedTime = readAt().addSecs(-20 * 60);
    d.routing.revisionNumber = 7;

    DeploymentVersionSummary draining =
        version(QStringLiteral("v1.4.2"), DeploymentVersionStatus::Draining, 72);
    draining.drainage.status = DrainageStatus::Draining;
    draining.drainage.lastChangedTime = readAt().addSecs(-3 * 3600);
    draining.drainage.lastCheckedTime = readAt().addSecs(-120);
    draining.lastCurrentTime = readAt().addSecs(-3 * 3600);
    DeploymentVersionSummary current =
        version(QStringLiteral("v1.5.0"), DeploymentVersionStatus::Current, 26);
    current.currentSinceTime = readAt().addSecs(-3 * 3600);
    DeploymentVersionSummary ramping = version(QStringLiteral("v1.6.0"), DeploymentVersionStatus::Ramping, 2);
    ramping.rampingSinceTime = readAt().addSecs(-20 * 60);
    d.versions = {draining, current, ramping};

    for (const DeploymentVersionSummary &v : std::as_const(d.versions))
        s.details.insert(v.buildId, details(v.buildId, v.status));
    s.details[QStringLiteral("v1.6.0")].taskQueues = {{QStringLiteral("orders"), 1},
                                                      {QStringLiteral("orders"), 2}};

    s.pollers = QList<DeploymentPoller>{
        poller(QStringLiteral("worker-a@host1"), QStringLiteral("v1.5.0"), QStringLiteral("orders"), 1),
        poller(QStringLiteral("worker-a@host1"), QStringLiteral("v1.5.0"), QStringLiteral("orders"), 2),
        poller(QStringLiteral("worker-b@host2"), QStringLiteral("v1.5.0"), QStringLiteral("orders"), 1),
        poller(QStringLiteral("worker-b@host2"), QStringLiteral("v1.5.0"), QStringLiteral("payments"), 2),
        poller(QStringLiteral("worker-c@host3"), QStringLiteral("v1.6.0"), QStringLiteral("orders"), 1),
        poller(QStringLiteral("worker-c@host3"), QStringLiteral("v1.6.0"), QStringLiteral("orders"), 2),
    };
    s.workflowCounts.insert(QStringLiteral("v1.4.2"), {7, 0});
    s.workflowCounts.insert(QStringLiteral("v1.5.0"), {3, 128});
    s.workflowCounts.insert(QStringLiteral("v1.6.0"), {1, 14});
    return s;
}

} // namespace DeploymentFixture
