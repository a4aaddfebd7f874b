#include "knowndeploymentstates.h"

#include <algorithm>

namespace {

QStringList buildIds(const WorkerDeployment &deployment)
{
    QStringList ids;
    for (const DeploymentVersionSummary &version : deployment.versions)
        ids << version.buildId;
    ids.sort();
    return ids;
}

bool hasVersion(const WorkerDeployment &deployment, const QString &buildId)
{
    return std::any_of(deployment.versions.cbegin(), deployment.versions.cend(),
                       [&](const DeploymentVersionSummary &v) { return v.buildId == buildId; });
}

} // namespace

bool KnownDeploymentStates::sameState(const WorkerDeployment &a, const WorkerDeployment &b)
{
    // The revision moves with every routing mutation, even one that restores the same routing (A → B → A
    // between two reads is still two changes someone made).
    return a.routing.sameRouting(b.routing) && a.routing.revisionNumber == b.routing.revisionNumber &&
           a.managerIdentity == b.managerIdentity && buildIds(a) == buildIds(b);
}

DeploymentApplyOutcome::Status KnownDeploymentStates::settlementFor(const DeploymentApplyOutcome &attempt,
                                                                    const WorkerDeployment &seen)
{
    using Status = DeploymentApplyOutcome::Status;
    const DeploymentOperation &op = attempt.operation;
    switch (op.kind) {
    case DeploymentOperation::Kind::SetCurrent:
    case DeploymentOperation::Kind::SetRamping:
    case DeploymentOperation::Kind::StopRamping:
        if (seen.routing.sameRouting(attempt.predictedRouting))
            return Status::Applied;
        if (seen.routing.sameRouting(attempt.before.routing) &&
            seen.routing.revisionNumber == attempt.before.routing.revisionNumber)
            return Status::NotSent;
        return Status::Unknown;
    case DeploymentOperation::Kind::DeleteVersion:
        return hasVersion(seen, op.buildId) ? Status::NotSent : Status::Applied;
    case DeploymentOperation::Kind::SetManager: {
        const QString expected = op.managerSelf ? attempt.identity : op.managerIdentity;
        if (seen.managerIdentity == expected)
            return Status::Applied;
        return seen.managerIdentity == attempt.before.managerIdentity ? Status::NotSent : Status::Unknown;
    }
    case DeploymentOperation::Kind::UpdateMetadata:
        // Metadata is not part of a deployment's description: a read of the deployment cannot tell.
        return Status::Unknown;
    }
    return Status::Unknown;
}

KnownDeploymentStates::Reading KnownDeploymentStates::observe(const WorkerDeployment &seen)
{
    Reading reading;
    const auto known = m_known.constFind(seen.name);
    if (known != m_known.cend())
        reading.before = *known;
    bool explained = false;
    QList<DeploymentApplyOutcome> &unsettled = m_unsettled[seen.name];
    for (auto it = unsettled.begin(); it != unsettled.end();) {
        const auto status = settlementFor(*it, seen);
        if (status == DeploymentApplyOutcome::Status::Unknown) {
            ++it;
            continue;
        }
        explained = explained || status == DeploymentApplyOutcome::Status::Applied;
        it = unsettled.erase(it);
    }
    if (unsettled.isEmpty())
        m_unsettled.remove(seen.name);
    reading.changedElsewhere = reading.before && !explained && !sameState(*reading.before, seen);
    m_known.insert(seen.name, seen);
    return reading;
}

void KnownDeploymentStates::recordAttempt(const DeploymentApplyOutcome &attempt)
{
    const QString &name = attempt.operation.deploymentName;
    if (attempt.after) {
        m_known.insert(name, *attempt.after);
        return;
    }
    if (attempt.status == DeploymentApplyOutcome::Status::Unknown ||
        (attempt.status == DeploymentApplyOutcome::Status::Applied && attempt.verifyFailed))
        m_unsettled[name].append(attempt);
}

std::optional<WorkerDeployment> KnownDeploymentStates::lastKnown(const QString &deploymentName) const
{
    const auto it = m_known.constFind(deploymentName);
    if (it == m_known.cend())
        return std::nullopt;
    return *it;
}
