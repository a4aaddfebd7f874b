#include "deploymentpreview.h"

#include "common/namerules.h"
#include "deploymentjson.h"
#include "deploymentnamecheck.h"
#include "versionsets/buildidoperation.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>
#include <cmath>

// What the server accepts and refuses is taken from temporalio/temporal (service/frontend/workflow_handler.go
// and service/worker/workerdeployment/workflow.go, version_workflow.go, client.go): the checks below follow
// the order in which the server makes them, because the first one that fails is the error the operator sees.

namespace {

using Kind = DeploymentOperation::Kind;
using WarningKind = DeploymentWarning::Kind;

QString tr(const char *text)
{
    return QCoreApplication::translate("DeploymentPreview", text);
}

// Escaped (nameForDisplay): a build ID made by another tool with an invisible or bidi character must not pass
// for another one where a person reads it.
QString label(const QString &buildId)
{
    return buildId.isEmpty() ? tr("the unversioned worker pool") : nameForDisplay(buildId);
}

// The percentage exactly as sent (a float on the wire): the shortest text that reads back as the same double.
QString exactNumber(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

bool samePercentage(double a, double b)
{
    return static_cast<float>(a) == static_cast<float>(b);
}

QString compactJson(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString taskQueueTypeName(int type)
{
    switch (type) {
    case 1:
        return QStringLiteral("workflow");
    case 2:
        return QStringLiteral("activity");
    case 3:
        return QStringLiteral("nexus");
    default:
        return QStringLiteral("type %1").arg(type);
    }
}

// Connection flags of versionscope-cli that `temporal` does not know, with whether they take a value.
struct OwnFlag
{
    const char *name;
    bool takesValue;
};
constexpr OwnFlag kVersionscopeOnlyFlags[] = {
    {"--allow-insecure-api-key", false}, {"--history", true},        {"--no-history", false},
    {"--version-set-limit", true},       {"--build-id-limit", true}, {"--build-id-max-length", true},
};

QStringList temporalConnectionArguments(const QStringList &words)
{
    QStringList kept;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QString &word = words.at(i);
        bool dropped = false;
        for (const OwnFlag &flag : kVersionscopeOnlyFlags) {
            const QLatin1String name(flag.name);
            if (word == name) {
                dropped = true;
                if (flag.takesValue)
                    ++i;
                break;
            }
            if (word.startsWith(name + QLatin1Char('='))) {
                dropped = true;
                break;
            }
        }
        if (!dropped)
            kept << word;
    }
    return kept;
}

bool isDraining(const DeploymentSnapshot &snapshot, const QString &buildId)
{
    // The version's own drainage (DescribeWorkerDeploymentVersion) is what the server's delete checks; the
    // deployment's summary mirrors it, later, so it is only the fallback.
    const auto details = snapshot.details.constFind(buildId);
    if (details != snapshot.details.cend())
        return details->drainage.status == DrainageStatus::Draining;
    const DeploymentVersionSummary *summary = snapshot.deployment.version(buildId);
    return summary && (summary->drainage.status == DrainageStatus::Draining ||
                       summary->status == DeploymentVersionStatus::Draining);
}

std::optional<DrainageStatus> drainingOrDrained(const DeploymentSnapshot &snapshot, const QString &buildId)
{
    if (isDraining(snapshot, buildId))
        return DrainageStatus::Draining;
    const DeploymentVersionSummary *summary = snapshot.deployment.version(buildId);
    const auto details = snapshot.details.constFind(buildId);
    if ((details != snapshot.details.cend() && details->drainage.status == DrainageStatus::Drained) ||
        (summary && (summary->drainage.status == DrainageStatus::Drained ||
                     summary->status == DeploymentVersionStatus::Drained)))
        return DrainageStatus::Drained;
    return std::nullopt;
}

std::optional<qint64> pinnedCount(const DeploymentSnapshot &snapshot, const QString &buildId)
{
    const auto found = snapshot.workflowCounts.constFind(buildId);
    return found == snapshot.workflowCounts.cend() ? std::nullopt : found->pinned;
}

std::optional<qint64> autoUpgradeCount(const DeploymentSnapshot &snapshot, const QString &buildId)
{
    const auto found = snapshot.workflowCounts.constFind(buildId);
    return found == snapshot.workflowCounts.cend() ? std::nullopt : found->autoUpgrade;
}

QString pollersText(int count)
{
    return count == 1 ? tr("1 poller") : tr("%1 pollers").arg(count);
}

class WarningBuilder
{
public:
    WarningBuilder(const DeploymentSnapshot &snapshot, const DeploymentOperation &op, const QString &identity)
        : m_snapshot(snapshot)
        , m_deployment(snapshot.deployment)
        , m_op(op)
        , m_identity(identity)
    {}

    QList<DeploymentWarning> build()
    {
        if (m_op.deploymentName.isEmpty()) {
            willFail(tr("the request names no deployment: the server refuses it (INVALID_ARGUMENT)"));
            return m_warnings;
        }
        if (m_op.deploymentName != m_deployment.name) {
            willFail(tr("the operation is for deployment %1 but the preview was read from %2: read %1 first")
                         .arg(quotedName(m_op.deploymentName), quotedName(m_deployment.name)));
            return m_warnings;
        }
        // Versionscope's own refusal comes first: a new odd build ID is not sent whatever the server would
        // say.
        if (const std::optional<Error> refused = newDeploymentNameError(m_deployment, m_op)) {
            willFail(refused->message);
            return m_warnings;
        }
        for (const QString &text : existingDeploymentNameWarnings(m_deployment, m_op))
            add(WarningKind::ExistingNameBreaksRules, text);
        switch (m_op.kind) {
        case Kind::SetCurrent:
            setCurrent();
            break;
        case Kind::SetRamping:
            if (m_op.buildId.isEmpty() && m_op.percentage == 0)
                stopRamping();
            else
                setRamping();
            break;
        case Kind::StopRamping:
            stopRamping();
            break;
        case Kind::DeleteVersion:
            deleteVersion();
            break;
        case Kind::UpdateMetadata:
            updateMetadata();
            break;
        case Kind::SetManager:
            setManager();
            break;
        }
        return m_warnings;
    }

private:
    static QString quotedName(const QString &name) { return QLatin1Char('\'') + name + QLatin1Char('\''); }

    QString versionName(const QString &buildId) const
    {
        return DeploymentVersionRef{m_deployment.name, buildId}.displayName();
    }

    void add(WarningKind kind, const QString &text) { m_warnings << DeploymentWarning{kind, text}; }
    void willFail(const QString &text) { add(WarningKind::WillFail, text); }
    bool failed() const
    {
        return std::any_of(m_warnings.cbegin(), m_warnings.cend(),
                           [](const DeploymentWarning &w) { return w.kind == WarningKind::WillFail; });
    }

    bool sameModifier() const { return m_identity == m_deployment.lastModifierIdentity; }
    bool knownVersion(const QString &buildId) const { return m_deployment.version(buildId) != nullptr; }

    // The server's own words (ErrWorkerDeploymentVersionNotFound).
    void failUnknownVersion(const QString &buildId, bool offerAllowNoPollers)
    {
        QString text = tr("the server will refuse this: build ID '%1' not found in Worker Deployment '%2' "
                          "(NOT_FOUND): no worker has polled as %1 yet")
                           .arg(buildId, m_deployment.name);
        if (offerAllowNoPollers)
            text +=
                tr("; start one first, or allow no pollers (--allow-no-pollers) to have the server create "
                   "the version now");
        willFail(text);
    }

    // Every change but the manager's own and metadata is refused while someone else is the manager.
    bool failIfOtherManager()
    {
        if (m_deployment.managerIdentity.isEmpty() || m_deployment.managerIdentity == m_identity)
            return false;
        willFail(
            tr("the server will refuse this: ManagerIdentity '%1' is set and does not match user identity "
               "'%2' (FAILED_PRECONDITION): %1 controls this deployment and may change routing back; ask "
               "its owner, or take over with manager-identity set --self")
                .arg(m_deployment.managerIdentity, m_identity));
        return true;
    }

    void pollersOfTarget(const QString &buildId)
    {
        if (!buildId.isEmpty() && !knownVersion(buildId)) {
            // Only reached with allowNoPollers: the server creates the version.
            add(WarningKind::NoPollersOnTarget,
                tr("no worker has ever polled as %1: because no pollers are allowed, the server creates the "
                   "version, and new workflows routed to it wait until a worker of %1 polls")
                    .arg(buildId));
            return;
        }
        const std::optional<int> pollers = m_snapshot.pollerCount(buildId);
        if (!pollers) {
            add(WarningKind::PollersUnknown,
                tr("pollers could not be read%1: nothing is known about workers of %2")
                    .arg(m_snapshot.pollersError
                             ? QStringLiteral(" (") + m_snapshot.pollersError->message + QLatin1Char(')')
                             : QString(),
                         label(buildId)));
            return;
        }
        if (*pollers > 0)
            return;
        if (buildId.isEmpty()) {
            add(WarningKind::NoPollersOnTarget,
                tr("no unversioned worker polls the deployment's task queues: new workflows routed to the "
                   "unversioned workers wait until one does"));
            return;
        }
        // The server checks only that the version exists (it did have pollers once); allowNoPollers matters
        // for versions it has never seen.
        add(WarningKind::NoPollersOnTarget,
            tr("no worker polls %1 now: new workflows routed to it wait until one of its workers polls again")
                .arg(buildId));
    }

    // The server's check (isVersionMissingTaskQueues) compares the task queues of the current version with
    // the target's and refuses only when a missing one still has a backlog or new tasks and was not moved to
    // another deployment: Versionscope cannot see that, so it warns.
    void missingTaskQueues(const QString &target)
    {
        const QString current = m_deployment.routing.currentBuildId;
        if (current.isEmpty() || target.isEmpty() || current == target)
            return;
        if (!m_snapshot.details.contains(current))
            return;
        if (knownVersion(target) && !m_snapshot.details.contains(target))
            return;
        const QList<VersionTaskQueue> targetQueues = m_snapshot.taskQueues(target);
        QStringList missing;
        for (const VersionTaskQueue &queue : m_snapshot.taskQueues(current)) {
            if (!targetQueues.contains(queue))
                missing << QStringLiteral("%1 (%2)").arg(queue.name, taskQueueTypeName(queue.type));
        }
        if (missing.isEmpty())
            return;
        const QString queues = missing.join(QStringLiteral(", "));
        if (m_op.ignoreMissingTaskQueues) {
            add(WarningKind::MissingTaskQueues,
                tr("%1 lacks task queues the current version %2 has: %3. Missing task queues are ignored "
                   "(--ignore-missing-task-queues), so their new work has no worker of %1 and becomes "
                   "unversioned")
                    .arg(target, current, queues));
        } else {
            add(WarningKind::MissingTaskQueues,
                tr("%1 lacks task queues the current version %2 has: %3. The server refuses the change "
                   "(FAILED_PRECONDITION) if any of them still has a backlog or new tasks, unless missing "
                   "task "
                   "queues are ignored (--ignore-missing-task-queues), which leaves their work unversioned")
                    .arg(target, current, queues));
        }
    }

    void routingUpdateInProgress()
    {
        if (m_deployment.routingUpdateState != WorkerDeployment::RoutingUpdateState::InProgress)
            return;
        add(WarningKind::RoutingUpdateInProgress,
            tr("the server is still propagating the previous routing change (revision %1) to the task "
               "queues: "
               "for a while some task queues may still route by the older config")
                .arg(m_deployment.routing.revisionNumber));
    }

    void setCurrent()
    {
        const DeploymentRouting &routing = m_deployment.routing;
        const QString &target = m_op.buildId;
        if (target == routing.currentBuildId && sameModifier()) {
            add(WarningKind::NoChange, tr("this changes nothing: %1 is already current").arg(label(target)));
            return;
        }
        if (!target.isEmpty() && !knownVersion(target) && !m_op.allowNoPollers)
            failUnknownVersion(target, true);
        else
            failIfOtherManager();
        if (failed())
            return;
        if (target == routing.currentBuildId) {
            add(WarningKind::NoChange,
                tr("routing does not change: %1 is already current (the server only records you as the last "
                   "modifier)")
                    .arg(label(target)));
            return;
        }
        pollersOfTarget(target);
        missingTaskQueues(target);
        if (!routing.currentBuildId.isEmpty() && !autoUpgradeCount(m_snapshot, routing.currentBuildId)) {
            add(WarningKind::WorkflowCountsUnknown,
                tr("open workflows on %1 could not be counted: how many auto-upgrade workflows move to %2 is "
                   "unknown")
                    .arg(routing.currentBuildId, label(target)));
        }
        routingUpdateInProgress();
    }

    void setRamping()
    {
        const DeploymentRouting &routing = m_deployment.routing;
        const QString &target = m_op.buildId;
        if (!std::isfinite(m_op.percentage) || m_op.percentage < 0 || m_op.percentage > 100) {
            willFail(tr("the server will refuse this: Percentage must be between 0 and 100 (inclusive) "
                        "(INVALID_ARGUMENT); %1 was asked")
                         .arg(exactNumber(m_op.percentage)));
            return;
        }
        const bool sameTarget = routing.hasRamp && routing.rampingBuildId == target;
        if (sameTarget && samePercentage(routing.rampingPercentage, m_op.percentage) && sameModifier()) {
            add(WarningKind::NoChange, tr("this changes nothing: %1 already ramps at %2 %")
                                           .arg(label(target), percentageText(m_op.percentage)));
            return;
        }
        if (target == routing.currentBuildId) {
            willFail(tr("the server will refuse this: %1 is already current, and the current version cannot "
                        "also ramp (FAILED_PRECONDITION)")
                         .arg(label(target)));
            return;
        }
        if (!target.isEmpty() && !knownVersion(target) && !m_op.allowNoPollers)
            failUnknownVersion(target, true);
        else
            failIfOtherManager();
        if (failed())
            return;
        if (sameTarget && samePercentage(routing.rampingPercentage, m_op.percentage)) {
            add(WarningKind::NoChange,
                tr("routing does not change: %1 already ramps at %2 % (the server only records you as the "
                   "last modifier)")
                    .arg(label(target), percentageText(m_op.percentage)));
            return;
        }
        pollersOfTarget(target);
        // Only a new ramp target is checked for task queues; a change of percentage is not.
        if (!sameTarget)
            missingTaskQueues(target);
        if (!target.isEmpty()) {
            if (const auto drainage = drainingOrDrained(m_snapshot, target)) {
                add(WarningKind::RampsDrainingVersion,
                    *drainage == DrainageStatus::Draining
                        ? tr("%1 is draining: ramping it sends it new workflows again while its pinned "
                             "workflows are still finishing")
                              .arg(target)
                        : tr("%1 is drained: its workers may have been shut down; new workflows ramped to it "
                             "wait until they poll again")
                              .arg(target));
            }
        }
        routingUpdateInProgress();
    }

    void stopRamping()
    {
        const DeploymentRouting &routing = m_deployment.routing;
        if (!routing.hasRamp && sameModifier()) {
            add(WarningKind::NoChange, tr("this changes nothing: no version is ramping"));
            return;
        }
        if (failIfOtherManager())
            return;
        if (!routing.hasRamp) {
            add(WarningKind::NoChange,
                tr("routing does not change: no version is ramping (the server only records you as the last "
                   "modifier)"));
            return;
        }
        // The current version takes the ramp's share back: it had better have workers.
        pollersOfTarget(routing.currentBuildId);
        routingUpdateInProgress();
    }

    void deleteVersion()
    {
        const DeploymentRouting &routing = m_deployment.routing;
        const QString &target = m_op.buildId;
        if (target.isEmpty()) {
            willFail(tr("the unversioned workers are not a version: there is nothing to delete"));
            return;
        }
        if (!knownVersion(target)) {
            failUnknownVersion(target, false);
            return;
        }
        if (target == routing.currentBuildId || (routing.hasRamp && target == routing.rampingBuildId)) {
            willFail(tr("the server will refuse this: version '%1' cannot be deleted since it is current or "
                        "ramping (FAILED_PRECONDITION); make another version current or stop the ramp first")
                         .arg(versionName(target)));
            return;
        }
        if (failIfOtherManager())
            return;
        if (!m_op.skipDrainage && isDraining(m_snapshot, target)) {
            willFail(tr("the server will refuse this: version '%1' cannot be deleted since it is draining "
                        "(FAILED_PRECONDITION); wait until it is drained, or skip drainage (--skip-drainage)")
                         .arg(versionName(target)));
            return;
        }
        // skip_drainage lifts only the drainage check: a version with pollers is refused either way.
        const std::optional<int> pollers = m_snapshot.pollerCount(target);
        if (pollers && *pollers > 0) {
            willFail(tr("the server will refuse this: version '%1' cannot be deleted since it has active "
                        "pollers (FAILED_PRECONDITION; %2); stop its workers first, the server forgets a "
                        "poller a few minutes after it stops")
                         .arg(versionName(target), pollersText(*pollers)));
            return;
        }
        if (!pollers) {
            add(WarningKind::PollersUnknown,
                tr("pollers could not be read: if a worker still polls as %1 the server refuses the deletion")
                    .arg(target));
        }
        if (m_op.skipDrainage) {
            add(WarningKind::SkipsDrainage, tr("drainage is skipped (--skip-drainage): %1 is deleted even "
                                               "while workflows pinned to it may "
                                               "still be open")
                                                .arg(target));
        }
        const std::optional<qint64> pinned = pinnedCount(m_snapshot, target);
        if (!pinned) {
            add(WarningKind::PinnedWorkflowsOnDeletedVersion,
                tr("open workflows pinned to %1 could not be counted: some may still be open, and deleting "
                   "the "
                   "version does not move them to another one")
                    .arg(target));
        } else if (*pinned > 0) {
            add(WarningKind::PinnedWorkflowsOnDeletedVersion,
                tr("%1 open workflow(s) are pinned to %2: deleting the version does not move them to another "
                   "one; they wait for a worker of %2")
                    .arg(QString::number(*pinned), target));
        }
    }

    void updateMetadata()
    {
        const QString &target = m_op.buildId;
        if (m_op.upsertMetadata.isEmpty() && m_op.removeMetadata.isEmpty()) {
            willFail(
                tr("the server will refuse this: At least one of remove_entries or upsert_entries must be "
                   "provided (INVALID_ARGUMENT)"));
            return;
        }
        if (target.isEmpty()) {
            willFail(tr("the unversioned workers are not a version and have no metadata"));
            return;
        }
        if (!knownVersion(target)) {
            failUnknownVersion(target, false);
            return;
        }
        const auto details = m_snapshot.details.constFind(target);
        if (details == m_snapshot.details.cend())
            return;
        const bool upsertsChange = std::any_of(
            m_op.upsertMetadata.keyValueBegin(), m_op.upsertMetadata.keyValueEnd(), [&](auto entry) {
                return !details->metadata.contains(entry.first) ||
                       details->metadata.value(entry.first) != entry.second;
            });
        const bool removesChange =
            std::any_of(m_op.removeMetadata.cbegin(), m_op.removeMetadata.cend(),
                        [&](const QString &key) { return details->metadata.contains(key); });
        if (!upsertsChange && !removesChange)
            add(WarningKind::NoChange,
                tr("this changes nothing: the metadata of %1 already is that").arg(target));
    }

    void setManager()
    {
        if (m_identity.isEmpty()) {
            willFail(tr("the server will refuse this: Identity is required (INVALID_ARGUMENT)"));
            return;
        }
        const QString current = m_deployment.managerIdentity;
        const QString next = m_op.managerSelf ? m_identity : m_op.managerIdentity;
        if (next == current) {
            add(WarningKind::NoChange,
                sameModifier()
                    ? tr("this changes nothing: the manager identity already is that")
                    : tr("the manager identity does not change (the server only records you as the "
                         "last modifier)"));
            return;
        }
        if (!current.isEmpty() && current != m_identity) {
            add(WarningKind::ExternalManager,
                next.isEmpty()
                    ? tr("%1 is the manager identity: after this anyone may change routing, and the "
                         "controller "
                         "running as %1 may change it back")
                          .arg(current)
                    : tr("%1 is the manager identity: after this its changes are refused, and the controller "
                         "running as %1 stops being able to manage the deployment")
                          .arg(current));
        }
        if (!next.isEmpty() && next != m_identity) {
            add(WarningKind::ExternalManager,
                tr("after this only %1 may change routing or delete versions: changes sent as %2 are refused")
                    .arg(next, m_identity));
        }
    }

    const DeploymentSnapshot &m_snapshot;
    const WorkerDeployment &m_deployment;
    const DeploymentOperation &m_op;
    const QString &m_identity;
    QList<DeploymentWarning> m_warnings;
};

QJsonObject sharesToJson(const QMap<QString, double> &shares)
{
    QJsonObject object;
    for (auto it = shares.cbegin(); it != shares.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

} // namespace

QString DeploymentWarning::kindName(Kind kind)
{
    switch (kind) {
    case Kind::WillFail:
        return QStringLiteral("will-fail");
    case Kind::NoChange:
        return QStringLiteral("no-change");
    case Kind::NoPollersOnTarget:
        return QStringLiteral("no-pollers-on-target");
    case Kind::PollersUnknown:
        return QStringLiteral("pollers-unknown");
    case Kind::MissingTaskQueues:
        return QStringLiteral("missing-task-queues");
    case Kind::PinnedWorkflowsOnDeletedVersion:
        return QStringLiteral("pinned-workflows-on-deleted-version");
    case Kind::SkipsDrainage:
        return QStringLiteral("skips-drainage");
    case Kind::ExternalManager:
        return QStringLiteral("external-manager");
    case Kind::RampsDrainingVersion:
        return QStringLiteral("ramps-draining-version");
    case Kind::RoutingUpdateInProgress:
        return QStringLiteral("routing-update-in-progress");
    case Kind::WorkflowCountsUnknown:
        return QStringLiteral("workflow-counts-unknown");
    case Kind::ExistingNameBreaksRules:
        return QStringLiteral("existing-name-breaks-rules");
    }
    Q_UNREACHABLE();
    return QString();
}

DeploymentPreview DeploymentPreview::build(const DeploymentSnapshot &snapshot,
                                           const DeploymentOperation &operation, const QString &namespaceName,
                                           const QString &identity, const QStringList &connectionArguments)
{
    DeploymentPreview preview;
    preview.m_operation = operation;
    preview.m_snapshot = snapshot;
    preview.m_namespace = namespaceName;
    preview.m_identity = identity;
    preview.m_connectionArguments = connectionArguments;
    preview.m_warnings = WarningBuilder(preview.m_snapshot, preview.m_operation, preview.m_identity).build();
    preview.m_routingAfter = preview.isBlocked() ? snapshot.deployment.routing
                                                 : operation.routingAfter(snapshot.deployment.routing);
    return preview;
}

bool DeploymentPreview::hasWarning(DeploymentWarning::Kind kind) const
{
    return std::any_of(m_warnings.cbegin(), m_warnings.cend(),
                       [kind](const DeploymentWarning &w) { return w.kind == kind; });
}

bool DeploymentPreview::isBlocked() const
{
    return hasWarning(DeploymentWarning::Kind::WillFail);
}

QStringList DeploymentPreview::changes() const
{
    QStringList sentences;
    if (isBlocked() || hasWarning(WarningKind::NoChange))
        return sentences;
    const DeploymentRouting &before = routingBefore();
    const DeploymentRouting &after = m_routingAfter;
    const DeploymentOperation &op = m_operation;

    switch (op.kind) {
    case Kind::SetCurrent: {
        if (before.hasRamp && !after.hasRamp)
            sentences << tr("%1 stops ramping and becomes current").arg(label(op.buildId));
        else
            sentences << tr("%1 becomes current").arg(label(op.buildId));
        if (!before.currentBuildId.isEmpty()) {
            sentences << tr("%1 is no longer current: it gets no new workflows and drains while its pinned "
                            "workflows finish")
                             .arg(label(before.currentBuildId));
            const std::optional<qint64> autoUpgrade = autoUpgradeCount(m_snapshot, before.currentBuildId);
            if (autoUpgrade && *autoUpgrade > 0)
                sentences
                    << tr("%1 open auto-upgrade workflow(s) on %2 move to %3 at their next workflow task")
                           .arg(QString::number(*autoUpgrade), label(before.currentBuildId),
                                label(op.buildId));
        }
        break;
    }
    case Kind::SetRamping:
    case Kind::StopRamping:
        if (!after.hasRamp) {
            sentences << tr("the ramp of %1 ends: %2 gets all new workflows again")
                             .arg(label(before.rampingBuildId), label(before.currentBuildId));
            if (!before.rampingBuildId.isEmpty())
                sentences << tr("%1 gets no new workflows and drains while its pinned workflows finish")
                                 .arg(label(before.rampingBuildId));
        } else if (before.hasRamp && before.rampingBuildId == after.rampingBuildId) {
            sentences << tr("the ramp of %1 changes from %2 % to %3 % of new workflows")
                             .arg(label(after.rampingBuildId), percentageText(before.rampingPercentage),
                                  percentageText(after.rampingPercentage));
        } else {
            sentences << tr("%1 takes %2 % of new workflows from %3")
                             .arg(label(after.rampingBuildId), percentageText(after.rampingPercentage),
                                  label(after.currentBuildId));
            if (before.hasRamp && !before.rampingBuildId.isEmpty())
                sentences << tr("%1 stops ramping: it gets no new workflows and drains while its pinned "
                                "workflows finish")
                                 .arg(label(before.rampingBuildId));
        }
        break;
    case Kind::DeleteVersion:
        sentences << tr("%1 is deleted from the deployment; a worker that polls as %1 again re-creates it")
                         .arg(label(op.buildId));
        break;
    case Kind::UpdateMetadata: {
        const QMap<QString, QJsonValue> old = m_snapshot.details.value(op.buildId).metadata;
        const bool known = m_snapshot.details.contains(op.buildId);
        for (auto it = op.upsertMetadata.cbegin(); it != op.upsertMetadata.cend(); ++it) {
            if (known && old.contains(it.key()))
                sentences << tr("metadata %1 of %2: %3 → %4")
                                 .arg(nameForDisplay(it.key()), label(op.buildId),
                                      compactJson(old.value(it.key())), compactJson(it.value()));
            else
                sentences << tr("metadata %1 of %2 is set to %3")
                                 .arg(nameForDisplay(it.key()), label(op.buildId), compactJson(it.value()));
        }
        for (const QString &key : op.removeMetadata) {
            if (!known || old.contains(key))
                sentences << tr("metadata %1 of %2 is removed").arg(nameForDisplay(key), label(op.buildId));
        }
        break;
    }
    case Kind::SetManager: {
        const QString next = op.managerSelf ? m_identity : op.managerIdentity;
        const QString none = tr("none");
        sentences << tr("manager identity: %1 → %2")
                         .arg(m_snapshot.deployment.managerIdentity.isEmpty()
                                  ? none
                                  : nameForDisplay(m_snapshot.deployment.managerIdentity),
                              next.isEmpty() ? none : nameForDisplay(next));
        break;
    }
    }

    if (op.changesRouting()) {
        const QMap<QString, double> sharesBefore = before.sharesOfNewWorkflows();
        const QMap<QString, double> sharesAfter = after.sharesOfNewWorkflows();
        QStringList ids = sharesAfter.keys();
        for (const QString &id : sharesBefore.keys()) {
            if (!ids.contains(id))
                ids << id;
        }
        for (const QString &id : ids) {
            const double from = sharesBefore.value(id, 0);
            const double to = sharesAfter.value(id, 0);
            if (from == to)
                continue;
            sentences << tr("%1: %2 % → %3 % of new workflows")
                             .arg(label(id), percentageText(from), percentageText(to));
        }
    }
    return sentences;
}

QJsonObject DeploymentPreview::requestJson() const
{
    // proto3 JSON: camelCase names, fields at their default value left out, bytes base64.
    const DeploymentOperation &op = m_operation;
    QJsonObject request{{QStringLiteral("namespace"), m_namespace}};
    const auto insertIf = [&request](const QString &key, const QJsonValue &value, bool present) {
        if (present)
            request.insert(key, value);
    };
    const QString token = QString::fromLatin1(m_snapshot.deployment.conflictToken.toBase64());
    const QJsonObject deploymentVersion{{QStringLiteral("deploymentName"), op.deploymentName},
                                        {QStringLiteral("buildId"), op.buildId}};
    switch (op.kind) {
    case Kind::SetCurrent:
    case Kind::SetRamping:
    case Kind::StopRamping: {
        const bool stop = op.kind == Kind::StopRamping;
        insertIf(QStringLiteral("deploymentName"), op.deploymentName, !op.deploymentName.isEmpty());
        insertIf(QStringLiteral("buildId"), op.buildId, !stop && !op.buildId.isEmpty());
        insertIf(QStringLiteral("percentage"), op.percentage,
                 op.kind == Kind::SetRamping && op.percentage != 0);
        insertIf(QStringLiteral("conflictToken"), token, !token.isEmpty());
        insertIf(QStringLiteral("identity"), m_identity, !m_identity.isEmpty());
        insertIf(QStringLiteral("ignoreMissingTaskQueues"), true, !stop && op.ignoreMissingTaskQueues);
        insertIf(QStringLiteral("allowNoPollers"), true, !stop && op.allowNoPollers);
        break;
    }
    case Kind::DeleteVersion:
        request.insert(QStringLiteral("deploymentVersion"), deploymentVersion);
        insertIf(QStringLiteral("skipDrainage"), true, op.skipDrainage);
        insertIf(QStringLiteral("identity"), m_identity, !m_identity.isEmpty());
        break;
    case Kind::UpdateMetadata: {
        request.insert(QStringLiteral("deploymentVersion"), deploymentVersion);
        QJsonObject upsert;
        for (auto it = op.upsertMetadata.cbegin(); it != op.upsertMetadata.cend(); ++it) {
            // temporal.api.common.v1.Payload as the SDKs' JSON converter writes a value.
            upsert.insert(
                it.key(),
                QJsonObject{{QStringLiteral("metadata"),
                             QJsonObject{{QStringLiteral("encoding"),
                                          QString::fromLatin1(QByteArray("json/plain").toBase64())}}},
                            {QStringLiteral("data"),
                             QString::fromLatin1(compactJson(it.value()).toUtf8().toBase64())}});
        }
        insertIf(QStringLiteral("upsertEntries"), upsert, !upsert.isEmpty());
        insertIf(QStringLiteral("removeEntries"), QJsonArray::fromStringList(op.removeMetadata),
                 !op.removeMetadata.isEmpty());
        insertIf(QStringLiteral("identity"), m_identity, !m_identity.isEmpty());
        break;
    }
    case Kind::SetManager:
        insertIf(QStringLiteral("deploymentName"), op.deploymentName, !op.deploymentName.isEmpty());
        // One of a oneof is sent even at its default value: unset is managerIdentity "" (as Temporal's CLI
        // and SDK send it), not an absent field.
        if (op.managerSelf)
            request.insert(QStringLiteral("self"), true);
        else
            request.insert(QStringLiteral("managerIdentity"), op.managerIdentity);
        insertIf(QStringLiteral("conflictToken"), token, !token.isEmpty());
        insertIf(QStringLiteral("identity"), m_identity, !m_identity.isEmpty());
        break;
    }
    return request;
}

QString DeploymentPreview::rpcName() const
{
    switch (m_operation.kind) {
    case Kind::SetCurrent:
        return QStringLiteral("SetWorkerDeploymentCurrentVersion");
    case Kind::SetRamping:
    case Kind::StopRamping:
        return QStringLiteral("SetWorkerDeploymentRampingVersion");
    case Kind::DeleteVersion:
        return QStringLiteral("DeleteWorkerDeploymentVersion");
    case Kind::UpdateMetadata:
        return QStringLiteral("UpdateWorkerDeploymentVersionMetadata");
    case Kind::SetManager:
        return QStringLiteral("SetWorkerDeploymentManager");
    }
    Q_UNREACHABLE();
    return QString();
}

namespace {

// The words after `worker deployment`, the same for versionscope-cli and Temporal's CLI.
QStringList operationWords(const DeploymentOperation &op)
{
    QStringList words;
    const auto version = [&](bool unversionedAllowed) {
        words << QStringLiteral("--deployment-name") << shellQuote(op.deploymentName);
        if (op.buildId.isEmpty() && unversionedAllowed)
            words << QStringLiteral("--unversioned");
        else
            words << QStringLiteral("--build-id") << shellQuote(op.buildId);
    };
    const auto protections = [&] {
        if (op.ignoreMissingTaskQueues)
            words << QStringLiteral("--ignore-missing-task-queues");
        if (op.allowNoPollers)
            words << QStringLiteral("--allow-no-pollers");
    };
    switch (op.kind) {
    case Kind::SetCurrent:
        words << op.commandName();
        version(true);
        protections();
        break;
    case Kind::SetRamping:
        words << op.commandName();
        version(true);
        words << QStringLiteral("--percentage") << exactNumber(op.percentage);
        protections();
        break;
    case Kind::StopRamping:
        words << op.commandName() << QStringLiteral("--deployment-name") << shellQuote(op.deploymentName)
              << QStringLiteral("--delete");
        break;
    case Kind::DeleteVersion:
        words << op.commandName();
        version(false);
        if (op.skipDrainage)
            words << QStringLiteral("--skip-drainage");
        break;
    case Kind::UpdateMetadata:
        words << op.commandName();
        version(false);
        for (auto it = op.upsertMetadata.cbegin(); it != op.upsertMetadata.cend(); ++it)
            words << QStringLiteral("--metadata")
                  << shellQuote(it.key() + QLatin1Char('=') + compactJson(it.value()));
        for (const QString &key : op.removeMetadata)
            words << QStringLiteral("--remove-entries") << shellQuote(key);
        break;
    case Kind::SetManager:
        words << op.commandName();
        if (!op.managerSelf && op.managerIdentity.isEmpty()) {
            words << QStringLiteral("unset") << QStringLiteral("--deployment-name")
                  << shellQuote(op.deploymentName);
            break;
        }
        words << QStringLiteral("set") << QStringLiteral("--deployment-name")
              << shellQuote(op.deploymentName);
        if (op.managerSelf)
            words << QStringLiteral("--self");
        else
            words << QStringLiteral("--manager-identity") << shellQuote(op.managerIdentity);
        break;
    }
    return words;
}

} // namespace

QString DeploymentPreview::cliCommand() const
{
    QStringList connection = m_connectionArguments;
    if (connection.isEmpty() && !m_namespace.isEmpty())
        connection << QStringLiteral("--namespace") << shellQuote(m_namespace);
    const QStringList words = QStringList{QStringLiteral("versionscope-cli")} + connection +
                              QStringList{QStringLiteral("worker"), QStringLiteral("deployment")} +
                              operationWords(m_operation);
    return words.join(QLatin1Char(' '));
}

QString DeploymentPreview::temporalCommand() const
{
    // Temporal's connection flags belong to `temporal worker`, so they follow the subcommand. --identity
    // makes the request carry the same identity, which the manager check and last_modifier_identity depend
    // on.
    QStringList connection = temporalConnectionArguments(m_connectionArguments);
    if (m_connectionArguments.isEmpty() && !m_namespace.isEmpty())
        connection << QStringLiteral("--namespace") << shellQuote(m_namespace);
    QStringList words{QStringLiteral("temporal"), QStringLiteral("worker"), QStringLiteral("deployment")};
    words << operationWords(m_operation) << connection;
    if (!m_identity.isEmpty())
        words << QStringLiteral("--identity") << shellQuote(m_identity);
    return words.join(QLatin1Char(' '));
}

QJsonObject DeploymentPreview::toJson() const
{
    QJsonArray warnings;
    for (const DeploymentWarning &warning : m_warnings) {
        warnings.append(QJsonObject{{QStringLiteral("kind"), DeploymentWarning::kindName(warning.kind)},
                                    {QStringLiteral("text"), warning.text}});
    }
    return QJsonObject{
        {QStringLiteral("namespace"), m_namespace},
        {QStringLiteral("deployment"), m_snapshot.deployment.name},
        {QStringLiteral("operation"), deploymentOperationToJson(m_operation)},
        {QStringLiteral("summary"), m_operation.summary()},
        {QStringLiteral("before"), deploymentRoutingToJson(routingBefore())},
        {QStringLiteral("after"), deploymentRoutingToJson(m_routingAfter)},
        {QStringLiteral("shares"),
         QJsonObject{{QStringLiteral("before"), sharesToJson(routingBefore().sharesOfNewWorkflows())},
                     {QStringLiteral("after"), sharesToJson(m_routingAfter.sharesOfNewWorkflows())}}},
        {QStringLiteral("changes"), QJsonArray::fromStringList(changes())},
        {QStringLiteral("warnings"), warnings},
        {QStringLiteral("blocked"), isBlocked()},
        {QStringLiteral("request"), requestJson()},
        {QStringLiteral("rpc"), rpcName()},
        {QStringLiteral("command"), cliCommand()},
        {QStringLiteral("temporalCommand"), temporalCommand()},
    };
}

namespace {

QString routingToText(const DeploymentRouting &routing, const DeploymentSnapshot &snapshot)
{
    const QMap<QString, double> shares = routing.sharesOfNewWorkflows();
    const auto line = [&](const QString &role, const QString &buildId, const QString &extra) -> QString {
        QString text = QStringLiteral("  %1 %2%3").arg(role, label(buildId), extra);
        if (const std::optional<int> pollers = snapshot.pollerCount(buildId))
            text += QStringLiteral(" {%1}").arg(pollersText(*pollers));
        text += tr(" — %1 % of new workflows").arg(percentageText(shares.value(buildId, 0)));
        return text + QLatin1Char('\n');
    };
    QString text = line(tr("current:"), routing.currentBuildId, QString());
    if (routing.hasRamp)
        text += line(tr("ramping:"), routing.rampingBuildId,
                     tr(" at %1 %").arg(percentageText(routing.rampingPercentage)));
    else
        text += QStringLiteral("  ") + tr("ramping: none") + QLatin1Char('\n');
    return text;
}

} // namespace

QString DeploymentPreview::toText() const
{
    QString text;
    text += tr("Worker Deployment %1 in namespace %2\n").arg(m_snapshot.deployment.name, m_namespace);
    text += tr("Operation: %1\n").arg(m_operation.summary());
    if (!m_snapshot.deployment.managerIdentity.isEmpty())
        text += tr("Manager identity: %1\n").arg(m_snapshot.deployment.managerIdentity);
    text += QLatin1Char('\n') + tr("Before:\n") + routingToText(routingBefore(), m_snapshot);
    text += isBlocked() ? tr("After (unchanged: the request will fail):\n") : tr("After:\n");
    text += routingToText(m_routingAfter, m_snapshot);
    text += QLatin1Char('\n') + tr("Changes:\n");
    const QStringList sentences = changes();
    if (sentences.isEmpty())
        text += QStringLiteral("  ") + tr("none") + QLatin1Char('\n');
    for (const QString &sentence : sentences)
        text += QStringLiteral("  - ") + sentence + QLatin1Char('\n');
    if (!m_warnings.isEmpty()) {
        text += QLatin1Char('\n') + tr("Warnings:\n");
        for (const DeploymentWarning &warning : m_warnings)
            text += QStringLiteral("  ! ") + warning.text + QLatin1Char('\n');
    }
    text += QLatin1Char('\n') + tr("Request (%1):\n").arg(rpcName());
    text += QString::fromUtf8(QJsonDocument(requestJson()).toJson(QJsonDocument::Indented));
    text += tr("Equivalent commands:\n");
    text += QStringLiteral("  ") + cliCommand() + QLatin1Char('\n');
    text += QStringLiteral("  ") + temporalCommand() + QLatin1Char('\n');
    return text;
}
