#include "rolloutengine.h"

#include "common/displaytext.h"
#include "deployments/deploymentnamecheck.h"
#include "history/historyentry.h"
#include "history/historyservice.h"
#include "temporal/temporalclient.h"
#include "versionsets/buildidvalidation.h"
#include "versionsets/versionsetplanner.h"

#include <QLoggingCategory>
#include <QTimer>

#include <cmath>
#include <utility>

Q_LOGGING_CATEGORY(lcRollout, "versionscope.rollout", QtWarningMsg)

struct RolloutEngine::Attempt
{
    QPointer<QObject> context;
    QString taskQueue;
    VersionSetPlan plan;
    ApplyOptions options;
    Callback<ApplyResult> done;
    // The history's announcement of this attempt while it is in flight.
    std::optional<qint64> inFlightId;
};

RolloutEngine::RolloutEngine(TemporalClient *client, HistoryService *history, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_history(history)
{}

RolloutEngine::~RolloutEngine() = default;

void RolloutEngine::setHistory(HistoryService *history)
{
    m_history = history;
}

TemporalClient *RolloutEngine::client() const
{
    return m_client;
}

HistoryService *RolloutEngine::history() const
{
    return m_history;
}

QString RolloutEngine::stageName(Stage stage)
{
    switch (stage) {
    case Stage::Read:
        return QStringLiteral("read");
    case Stage::FleetRead:
        return QStringLiteral("fleet-read");
    case Stage::StaleCheck:
        return QStringLiteral("stale-check");
    case Stage::Apply:
        return QStringLiteral("apply");
    case Stage::ReadBack:
        return QStringLiteral("read-back");
    }
    return {};
}

HistoryContext RolloutEngine::historyContext(const QString &taskQueue, HistoryContext::Source source) const
{
    Q_ASSERT(m_client);
    return HistoryContext::forConnection(m_client->settings(), taskQueue, source);
}

void RolloutEngine::read(QObject *context, const QString &taskQueue, const QueueReader::Options &options,
                         Callback<Result<QueueSnapshot>> done)
{
    Q_ASSERT(context);
    if (!m_client) {
        done(Error(ErrorCode::Cancelled, QStringLiteral("there is no connection")));
        return;
    }
    // One reader per read: reads of different queues (the shown one, the list's summaries) run side by side.
    auto *reader = new QueueReader(m_client, this);
    QPointer<QObject> guard(context);
    connect(reader, &QueueReader::extrasStarted, this,
            [this](const QString &queue) { Q_EMIT stageStarted(Stage::FleetRead, queue); });
    connect(reader, &QueueReader::finished, this,
            [this, reader, guard, taskQueue, done](const Result<QueueSnapshot> &snapshot) {
                reader->deleteLater();
                if (snapshot)
                    recordRead(taskQueue, snapshot.value().sets);
                if (guard)
                    done(snapshot);
            });
    Q_EMIT stageStarted(Stage::Read, taskQueue);
    reader->read(taskQueue, options);
}

void RolloutEngine::recordRead(const QString &taskQueue, const VersionSets &sets)
{
    const KnownQueueStates::Reading reading = m_known.observe(taskQueue, sets);
    if (reading.changedElsewhere)
        Q_EMIT changedElsewhere(taskQueue, *reading.before, sets);
    if (!m_history)
        return;
    // The store settles our attempts of unknown effect and compares with the last known state in one
    // transaction, so several windows and CLIs reading the same queue record a change once.
    m_history->recordObservation(
        this, historyContext(taskQueue, m_readSource), sets, QDateTime::currentDateTimeUtc(),
        [this](const Result<std::optional<qint64>> &recorded) { noteObservationRecorded(recorded); });
}

void RolloutEngine::setHistoryProblem(const QString &problem)
{
    if (problem == m_historyProblem)
        return;
    m_historyProblem = problem;
    Q_EMIT historyProblemChanged(problem);
}

VersionSetPreview RolloutEngine::preview(const QueueSnapshot &snapshot,
                                         const BuildIdOperation &operation) const
{
    Q_ASSERT(m_client);
    const ConnectionSettings &settings = m_client->settings();
    const VersionSetPlan plan = planVersionSetOperation(snapshot.sets, operation, settings.limits);
    return VersionSetPreview::build(plan, settings.namespaceName, snapshot.taskQueue, settings.limits,
                                    snapshot.pollerCounts(), settings.commandLineArguments(),
                                    snapshot.pollersComplete);
}

void RolloutEngine::apply(QObject *context, const QString &taskQueue, const VersionSetPlan &plan,
                          const ApplyOptions &options, Callback<ApplyResult> done)
{
    Q_ASSERT(context);
    auto attempt = std::make_shared<Attempt>();
    attempt->context = context;
    attempt->taskQueue = taskQueue;
    attempt->plan = plan;
    attempt->options = options;
    attempt->done = std::move(done);
    if (!m_client || m_applying.contains(taskQueue)) {
        ApplyOutcome outcome;
        outcome.error =
            Error{ErrorCode::Aborted,
                  m_client ? QStringLiteral("another change of %1 is being applied").arg(taskQueue)
                           : QStringLiteral("there is no connection")};
        // Nothing was attempted on the server: nothing to record, and the queue is not ours to release.
        outcome.plan = plan;
        if (attempt->context)
            attempt->done(ApplyResult{outcome, std::nullopt, std::nullopt});
        return;
    }
    // Read-only and protected names are enforced here, under every front end, not only in their menus.
    if (const std::optional<Error> refusal =
            safetyRefusal(Target::TaskQueue, taskQueue, options.confirmedName)) {
        ApplyOutcome outcome;
        outcome.plan = plan;
        outcome.error = *refusal;
        if (attempt->context)
            attempt->done(ApplyResult{outcome, std::nullopt, std::nullopt});
        return;
    }
    // The last line of defence, whoever made the plan: no new name that breaks the name rules is sent (a
    // queue or a build ID made by another tool with an odd name stays usable). The plan's before is what the
    // stale check compares with, so "new" is judged on what the server has.
    if (std::optional<Error> refused = newVersionSetNameError(taskQueue, plan, m_client->settings().limits)) {
        ApplyOutcome outcome;
        outcome.plan = plan;
        outcome.error = std::move(*refused);
        if (attempt->context)
            attempt->done(ApplyResult{outcome, std::nullopt, std::nullopt});
        return;
    }
    m_applying.insert(taskQueue);
    qCInfo(lcRollout) << "applying" << plan.operation.summary() << "to" << taskQueue;
    if (options.previewReadIsFresh)
        send(attempt);
    else
        staleCheck(attempt);
}

std::optional<Error> RolloutEngine::safetyRefusal(Target target, const QString &name,
                                                  const QString &confirmedName) const
{
    const QString what =
        target == Target::TaskQueue ? QStringLiteral("task queue") : QStringLiteral("worker deployment");
    const ConnectionSettings &settings = m_client->settings();
    const ChangeSafety &safety = settings.safety;
    if (safety.readOnly) {
        qCInfo(lcRollout) << "refused" << what << name << safety.readOnlyReason();
        return safety.readOnlyError();
    }
    const QString protection = target == Target::TaskQueue
                                   ? safety.taskQueueProtection(settings.namespaceName, name)
                                   : safety.deploymentProtection(settings.namespaceName, name);
    if (!protection.isEmpty() && confirmedName != name) {
        qCInfo(lcRollout) << "refused" << what << name << protection;
        return ChangeSafety::confirmationError(what, name, protection);
    }
    return std::nullopt;
}

void RolloutEngine::staleCheck(const std::shared_ptr<Attempt> &attempt)
{
    // Version sets have no conflict token: a re-read right before sending is the only protection.
    Q_EMIT stageStarted(Stage::StaleCheck, attempt->taskQueue);
    m_client->getVersionSets(this, attempt->taskQueue, [this, attempt](const Result<VersionSets> &current) {
        if (!current) {
            ApplyOutcome outcome;
            outcome.status = ApplyOutcome::Status::NotSent;
            outcome.error = current.error();
            finish(attempt, outcome);
            return;
        }
        if (current.value() != attempt->plan.before) {
            // What made the preview stale is a change like any other: recorded (as seen elsewhere, unless an
            // attempt of ours explains it) before the stale attempt itself.
            recordRead(attempt->taskQueue, current.value());
            ApplyOutcome outcome;
            outcome.status = ApplyOutcome::Status::Stale;
            outcome.actual = current.value();
            outcome.error =
                Error{ErrorCode::Aborted, QStringLiteral("the queue changed since the preview was made"),
                      QStringLiteral("review the new preview"), QStringLiteral("stale-preview")};
            finish(attempt, outcome);
            return;
        }
        send(attempt);
    });
}

void RolloutEngine::send(const std::shared_ptr<Attempt> &attempt)
{
    if (!m_client) {
        ApplyOutcome outcome;
        outcome.error = Error{ErrorCode::Cancelled, QStringLiteral("the connection was closed")};
        finish(attempt, outcome);
        return;
    }
    ApplyOutcome asSent;
    asSent.status = ApplyOutcome::Status::Unknown;
    asSent.plan = attempt->plan;
    const HistoryEntry announced =
        HistoryEntry::fromApplyOutcome(asSent, historyContext(attempt->taskQueue, attempt->options.source),
                                       attempt->options.reason, QDateTime::currentDateTimeUtc());
    announce(announced, [this, attempt](std::optional<qint64> inFlightId) {
        attempt->inFlightId = inFlightId;
        sendAnnounced(attempt);
    });
}

void RolloutEngine::sendAnnounced(const std::shared_ptr<Attempt> &attempt)
{
    if (!m_client) {
        ApplyOutcome outcome;
        outcome.error = Error{ErrorCode::Cancelled, QStringLiteral("the connection was closed")};
        finish(attempt, outcome);
        return;
    }
    Q_EMIT stageStarted(Stage::Apply, attempt->taskQueue);
    m_client->updateVersionSets(
        this, attempt->taskQueue, attempt->plan.operation, [this, attempt](const Result<Done> &sent) {
            if (!sent) {
                const Error &error = sent.error();
                // Without an answer the server may or may not have applied the update. A rate-limited update
                // was refused before anything happened (and gRPC already retried it).
                const bool fateUnknown =
                    error.code == ErrorCode::Unavailable || error.code == ErrorCode::DeadlineExceeded ||
                    error.code == ErrorCode::Cancelled || error.code == ErrorCode::Unknown;
                ApplyOutcome outcome;
                outcome.status = fateUnknown ? ApplyOutcome::Status::Unknown : ApplyOutcome::Status::Rejected;
                outcome.error = error;
                finish(attempt, outcome);
                return;
            }
            readBack(attempt);
        });
}

void RolloutEngine::readBack(const std::shared_ptr<Attempt> &attempt)
{
    if (!m_client) {
        ApplyOutcome outcome;
        outcome.status = ApplyOutcome::Status::Applied;
        outcome.verifyFailed = true;
        outcome.error = Error{ErrorCode::Cancelled, QStringLiteral("the connection was closed")};
        finish(attempt, outcome);
        return;
    }
    Q_EMIT stageStarted(Stage::ReadBack, attempt->taskQueue);
    m_client->getVersionSets(this, attempt->taskQueue, [this, attempt](const Result<VersionSets> &after) {
        ApplyOutcome outcome;
        outcome.status = ApplyOutcome::Status::Applied;
        if (after) {
            outcome.actual = after.value();
            outcome.matchesPreview = attempt->plan.matches(after.value());
        } else {
            outcome.verifyFailed = true;
            outcome.error = after.error();
        }
        finish(attempt, outcome);
    });
}

void RolloutEngine::finish(const std::shared_ptr<Attempt> &attempt, ApplyOutcome outcome)
{
    outcome.plan = attempt->plan;
    m_applying.remove(attempt->taskQueue);
    // Recorded at the time it ended, which is after whatever it saw on the way (a stale check's observation
    // sorts before the stale attempt it caused).
    const HistoryEntry entry =
        HistoryEntry::fromApplyOutcome(outcome, historyContext(attempt->taskQueue, attempt->options.source),
                                       attempt->options.reason, QDateTime::currentDateTimeUtc());
    // The attempt's own result is what we now know of the queue: the next read compares with it, so our
    // change is never announced as one made elsewhere.
    m_known.recordAttempt(attempt->taskQueue, entry);
    qCInfo(lcRollout) << attempt->taskQueue << outcome.summary();
    recordAttempt(entry, attempt->inFlightId,
                  [attempt, outcome](std::optional<qint64> id, std::optional<Error> error) {
                      if (attempt->context)
                          attempt->done(ApplyResult{outcome, id, error});
                  });
}

void RolloutEngine::recordAttempt(
    const HistoryEntry &entry, std::optional<qint64> inFlightId,
    const std::function<void(std::optional<qint64>, std::optional<Error>)> &recorded)
{
    if (!m_history) {
        recorded(std::nullopt, std::nullopt);
        return;
    }
    const auto written = [this, recorded](const Result<qint64> &id) {
        if (id) {
            setHistoryProblem(QString());
            Q_EMIT historyWritten();
            recorded(id.value(), std::nullopt);
        } else {
            setHistoryProblem(id.error().toString());
            recorded(std::nullopt, id.error());
        }
    };
    if (inFlightId)
        m_history->appendAnnounced(this, entry, *inFlightId, written);
    else
        m_history->append(this, entry, written);
}

void RolloutEngine::announce(const HistoryEntry &asSent,
                             const std::function<void(std::optional<qint64>)> &send)
{
    if (!m_history || !m_client) {
        send(std::nullopt);
        return;
    }
    // Longer than any sender that is still alive takes to record: the change and the read back each end
    // within the call deadline (retries stay inside it), and the history's own waits (SQLite's busy
    // timeout, PostgreSQL's statement timeout) are well under the margin. Each sender writes its own bound,
    // so readers with other settings judge it by the sender's deadline, not theirs.
    constexpr qint64 kHistoryMarginMs = 30000;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime expires = now.addMSecs(2 * qint64(m_client->settings().callTimeoutMs) + kHistoryMarginMs);
    // The announcement only keeps other tools from recording our change twice: a slow or unreachable
    // history (a PostgreSQL server gone, a long call queued before ours) must not hold the change back
    // longer than this. An announcement that comes later is withdrawn at once, so that it explains nothing.
    constexpr int kAnnounceWaitMs = 3000;
    auto sent = std::make_shared<bool>(false);
    QTimer::singleShot(kAnnounceWaitMs, this, [sent, send] {
        if (std::exchange(*sent, true))
            return;
        qCWarning(lcRollout) << "sending without announcing the change: the history did not answer in time";
        send(std::nullopt);
    });
    m_history->announceAttempt(this, asSent, now, expires, [this, sent, send](const Result<qint64> &id) {
        if (std::exchange(*sent, true)) {
            if (id && m_history)
                m_history->withdrawAnnouncement(this, id.value(), [](const Result<Done> &) {});
            return;
        }
        if (!id)
            qCWarning(lcRollout).noquote()
                << "sending without announcing the change in the history:" << id.error().toString();
        send(id ? std::optional<qint64>(id.value()) : std::nullopt);
    });
}

void RolloutEngine::noteObservationRecorded(const Result<std::optional<qint64>> &recorded)
{
    if (!recorded) {
        setHistoryProblem(recorded.error().toString());
        return;
    }
    setHistoryProblem(QString());
    Q_EMIT historyWritten();
}

// ---- Worker Deployments ----

struct RolloutEngine::DeploymentAttempt
{
    QPointer<QObject> context;
    DeploymentPreview preview;
    ApplyOptions options;
    Callback<DeploymentApplyResult> done;
    // The deployment as the stale check found it (token-less operations), else the preview's.
    WorkerDeployment before;
    // The history's announcement of this attempt while it is in flight.
    std::optional<qint64> inFlightId;
    // When the change was handed to gRPC.
    QDateTime sentAt;
};

namespace {

// Whether an operation carries the conflict token (the server's own stale check).
bool takesConflictToken(DeploymentOperation::Kind kind)
{
    switch (kind) {
    case DeploymentOperation::Kind::SetCurrent:
    case DeploymentOperation::Kind::SetRamping:
    case DeploymentOperation::Kind::StopRamping:
    case DeploymentOperation::Kind::SetManager:
        return true;
    case DeploymentOperation::Kind::DeleteVersion:
    case DeploymentOperation::Kind::UpdateMetadata:
        return false;
    }
    return false;
}

// The server's answer to a change sent with a token that no longer matches (FAILED_PRECONDITION
// "conflict token mismatch", server 1.31.2).
bool isConflictTokenMismatch(const Error &error)
{
    return error.code == ErrorCode::FailedPrecondition &&
           error.message.contains(QStringLiteral("conflict token"), Qt::CaseInsensitive);
}

// For the stale check of token-less operations: what a change of the target version depends on.
bool sameForOperation(const WorkerDeployment &previewed, const WorkerDeployment &now, const QString &buildId)
{
    if (!HistoryEntry::sameDeploymentState(previewed, now))
        return false;
    const DeploymentVersionSummary *a = previewed.version(buildId);
    const DeploymentVersionSummary *b = now.version(buildId);
    if (!a || !b)
        return !a && !b;
    return a->status == b->status && a->drainage.status == b->drainage.status;
}

// Server 1.31.2 answers a Set*Version that asks for what the deployment already routes with success, without
// checking the conflict token, when the identity sending it made the last change (the same person in two
// windows, or in a window and the CLI): it changed nothing, and names the requested version as the previous
// one. Sent from a read that showed another routing, that success means the deployment got there after the
// read: someone else's change (the preview was stale), or our own request run twice (judgeNoOpReply).
bool serverHadItAlready(const DeploymentPreview &preview, const DeploymentChangeReply &reply)
{
    const DeploymentOperation &op = preview.operation();
    const DeploymentRouting &read = preview.snapshot().deployment.routing;
    // The server names no previous version for the unversioned workers and for "no ramp": an unset
    // ramp's no-op answer has none (tst_concurrency found a stale "stop ramping" taken for applied).
    const QString previous = reply.previousBuildId.value_or(QString());
    switch (op.kind) {
    case DeploymentOperation::Kind::SetCurrent:
        return read.currentBuildId != op.buildId && previous == op.buildId;
    case DeploymentOperation::Kind::SetRamping:
    case DeploymentOperation::Kind::StopRamping: {
        const bool stop = op.kind == DeploymentOperation::Kind::StopRamping;
        const QString target = stop ? QString() : op.buildId;
        const double percentage = stop ? 0 : op.percentage;
        const auto same = [](double a, double b) { return std::abs(a - b) < 0.001; };
        const bool readHadIt =
            read.hasRamp ? read.rampingBuildId == target && same(read.rampingPercentage, percentage) : stop;
        return !readHadIt && previous == target && same(reply.previousPercentage.value_or(0), percentage);
    }
    case DeploymentOperation::Kind::DeleteVersion:
    case DeploymentOperation::Kind::UpdateMetadata:
    case DeploymentOperation::Kind::SetManager:
        return false;
    }
    return false;
}

// When the server says the routing an operation sets last changed: the current version's change time, or the
// later of the ramp's two.
QDateTime routingChangedAt(const DeploymentOperation &op, const DeploymentRouting &routing)
{
    if (op.kind == DeploymentOperation::Kind::SetCurrent)
        return routing.currentChangedTime;
    if (!routing.rampingChangedTime.isValid())
        return routing.rampingPercentageChangedTime;
    if (!routing.rampingPercentageChangedTime.isValid())
        return routing.rampingChangedTime;
    return std::max(routing.rampingChangedTime, routing.rampingPercentageChangedTime);
}

} // namespace

HistoryContext RolloutEngine::deploymentHistoryContext(const QString &deploymentName,
                                                       HistoryContext::Source source) const
{
    Q_ASSERT(m_client);
    return HistoryContext::forDeployment(m_client->settings(), deploymentName, source);
}

void RolloutEngine::listDeployments(QObject *context, Callback<Result<QList<WorkerDeploymentSummary>>> done)
{
    Q_ASSERT(context);
    if (!m_client) {
        done(Error(ErrorCode::Cancelled, QStringLiteral("there is no connection")));
        return;
    }
    auto *reader = new DeploymentReader(m_client, this);
    QPointer<QObject> guard(context);
    reader->list(this, [reader, guard, done](const Result<QList<WorkerDeploymentSummary>> &list) {
        reader->deleteLater();
        if (guard)
            done(list);
    });
}

void RolloutEngine::readDeployment(QObject *context, const QString &deploymentName,
                                   const DeploymentReader::Options &options,
                                   Callback<Result<DeploymentSnapshot>> done)
{
    Q_ASSERT(context);
    if (!m_client) {
        done(Error(ErrorCode::Cancelled, QStringLiteral("there is no connection")));
        return;
    }
    auto *reader = new DeploymentReader(m_client, this);
    QPointer<QObject> guard(context);
    connect(reader, &DeploymentReader::extrasStarted, this,
            [this](const QString &name) { Q_EMIT stageStarted(Stage::FleetRead, name); });
    Q_EMIT stageStarted(Stage::Read, deploymentName);
    reader->read(this, deploymentName, options,
                 [this, reader, guard, done](const Result<DeploymentSnapshot> &snapshot) {
                     reader->deleteLater();
                     if (snapshot) {
                         HistoryEntry::VersionMetadata metadata;
                         for (auto it = snapshot.value().details.cbegin();
                              it != snapshot.value().details.cend(); ++it)
                             metadata.insert(it.key(), it.value().metadata);
                         recordDeploymentRead(snapshot.value().deployment, metadata);
                     }
                     if (guard)
                         done(snapshot);
                 });
}

void RolloutEngine::recordDeploymentRead(const WorkerDeployment &seen,
                                         const HistoryEntry::VersionMetadata &versionMetadata)
{
    const KnownDeploymentStates::Reading reading = m_knownDeployments.observe(seen);
    if (reading.changedElsewhere)
        Q_EMIT deploymentChangedElsewhere(seen.name, *reading.before, seen);
    if (!m_history)
        return;
    // As for queues: the store settles our attempts of unknown effect and compares with the last known state
    // in one transaction, so several windows and CLIs reading the same deployment record a change once.
    m_history->recordDeploymentObservation(
        this, deploymentHistoryContext(seen.name, m_readSource), seen, QDateTime::currentDateTimeUtc(),
        [this](const Result<std::optional<qint64>> &recorded) { noteObservationRecorded(recorded); },
        versionMetadata);
}

DeploymentPreview RolloutEngine::previewDeployment(const DeploymentSnapshot &snapshot,
                                                   const DeploymentOperation &operation) const
{
    Q_ASSERT(m_client);
    const ConnectionSettings &settings = m_client->settings();
    return DeploymentPreview::build(snapshot, operation, settings.namespaceName, settings.identity,
                                    settings.commandLineArguments());
}

void RolloutEngine::applyDeployment(QObject *context, const DeploymentPreview &preview,
                                    const ApplyOptions &options, Callback<DeploymentApplyResult> done)
{
    Q_ASSERT(context);
    auto attempt = std::make_shared<DeploymentAttempt>();
    attempt->context = context;
    attempt->preview = preview;
    attempt->options = options;
    attempt->done = std::move(done);
    attempt->before = preview.snapshot().deployment;
    const QString &name = preview.operation().deploymentName;
    const auto refuse = [&](Error error) {
        DeploymentApplyOutcome outcome;
        outcome.operation = preview.operation();
        outcome.before = attempt->before;
        outcome.predictedRouting = preview.routingAfter();
        outcome.error = std::move(error);
        // Nothing was attempted on the server: nothing to record.
        if (attempt->context)
            attempt->done(DeploymentApplyResult{outcome, std::nullopt, std::nullopt});
    };
    if (!m_client) {
        refuse(Error{ErrorCode::Cancelled, QStringLiteral("there is no connection")});
        return;
    }
    if (const std::optional<Error> refusal = safetyRefusal(Target::Deployment, name, options.confirmedName)) {
        refuse(*refusal);
        return;
    }
    if (m_applyingDeployments.contains(name)) {
        refuse(Error{ErrorCode::Aborted, QStringLiteral("another change of %1 is being applied").arg(name)});
        return;
    }
    // The last line of defence, whoever built the preview: no new odd build ID is ever sent.
    if (std::optional<Error> refused = newDeploymentNameError(attempt->before, preview.operation())) {
        refuse(std::move(*refused));
        return;
    }
    if (preview.isBlocked()) {
        QStringList reasons;
        for (const DeploymentWarning &warning : preview.warnings()) {
            if (warning.kind == DeploymentWarning::Kind::WillFail)
                reasons << warning.text;
        }
        refuse(Error{ErrorCode::InvalidArgument,
                     QStringLiteral("not sent: %1").arg(reasons.join(QStringLiteral("; "))),
                     {},
                     QStringLiteral("local-validation")});
        return;
    }
    m_applyingDeployments.insert(name);
    qCInfo(lcRollout) << "applying" << preview.operation().summary() << "to deployment" << name;
    if (takesConflictToken(preview.operation().kind))
        sendDeploymentChange(attempt);
    else
        deploymentStaleCheck(attempt);
}

void RolloutEngine::deploymentStaleCheck(const std::shared_ptr<DeploymentAttempt> &attempt)
{
    const DeploymentOperation &op = attempt->preview.operation();
    Q_EMIT stageStarted(Stage::StaleCheck, op.deploymentName);
    m_client->describeWorkerDeployment(
        this, op.deploymentName, [this, attempt](const Result<WorkerDeployment> &current) {
            DeploymentApplyOutcome outcome;
            if (!current) {
                outcome.status = DeploymentApplyOutcome::Status::NotSent;
                outcome.error = current.error();
                finishDeployment(attempt, outcome);
                return;
            }
            const DeploymentOperation &operation = attempt->preview.operation();
            if (!sameForOperation(attempt->preview.snapshot().deployment, current.value(),
                                  operation.buildId)) {
                recordDeploymentRead(current.value());
                outcome.status = DeploymentApplyOutcome::Status::Stale;
                outcome.after = current.value();
                outcome.error = Error{
                    ErrorCode::Aborted, QStringLiteral("the deployment changed since the preview was made"),
                    QStringLiteral("review the new preview"), QStringLiteral("stale-preview")};
                finishDeployment(attempt, outcome);
                return;
            }
            attempt->before = current.value();
            sendDeploymentChange(attempt);
        });
}

void RolloutEngine::sendDeploymentChange(const std::shared_ptr<DeploymentAttempt> &attempt)
{
    if (!m_client) {
        DeploymentApplyOutcome outcome;
        outcome.error = Error{ErrorCode::Cancelled, QStringLiteral("the connection was closed")};
        finishDeployment(attempt, outcome);
        return;
    }
    DeploymentApplyOutcome asSent;
    asSent.status = DeploymentApplyOutcome::Status::Unknown;
    asSent.operation = attempt->preview.operation();
    asSent.before = attempt->before;
    asSent.predictedRouting = attempt->preview.routingAfter();
    asSent.identity = m_client->settings().identity;
    const HistoryEntry announced = HistoryEntry::fromDeploymentApplyOutcome(
        asSent, deploymentHistoryContext(asSent.operation.deploymentName, attempt->options.source),
        attempt->options.reason, QDateTime::currentDateTimeUtc());
    announce(announced, [this, attempt](std::optional<qint64> inFlightId) {
        attempt->inFlightId = inFlightId;
        sendAnnouncedDeploymentChange(attempt);
    });
}

void RolloutEngine::sendAnnouncedDeploymentChange(const std::shared_ptr<DeploymentAttempt> &attempt)
{
    if (!m_client) {
        DeploymentApplyOutcome outcome;
        outcome.error = Error{ErrorCode::Cancelled, QStringLiteral("the connection was closed")};
        finishDeployment(attempt, outcome);
        return;
    }
    const DeploymentOperation &op = attempt->preview.operation();
    const QByteArray token =
        takesConflictToken(op.kind) ? attempt->preview.snapshot().deployment.conflictToken : QByteArray();
    Q_EMIT stageStarted(Stage::Apply, op.deploymentName);
    attempt->sentAt = QDateTime::currentDateTimeUtc();
    m_client->changeWorkerDeployment(
        this, op, token, [this, attempt](const Result<DeploymentChangeReply> &sent) {
            if (sent && serverHadItAlready(attempt->preview, sent.value())) {
                judgeNoOpReply(attempt);
                return;
            }
            if (sent) {
                readDeploymentBack(attempt);
                return;
            }
            const Error &error = sent.error();
            if (isConflictTokenMismatch(error)) {
                finishStaleDeployment(attempt,
                                      QStringLiteral("the server refused the change: %1").arg(error.message));
                return;
            }
            const bool fateUnknown = error.code == ErrorCode::Unavailable ||
                                     error.code == ErrorCode::DeadlineExceeded ||
                                     error.code == ErrorCode::Cancelled || error.code == ErrorCode::Unknown;
            DeploymentApplyOutcome outcome;
            outcome.status = fateUnknown ? DeploymentApplyOutcome::Status::Unknown
                                         : DeploymentApplyOutcome::Status::Rejected;
            outcome.error = error;
            finishDeployment(attempt, outcome);
        });
}

// The reply alone cannot say whose change the deployment already had. The server runs an update again when
// its first run outlived the frontend's wait (a new try, or a workflow that continued as new, no longer knows
// the update's id): our own change then comes back as a no-op. Under load (sanitizer build, server 1.32) an
// apply of ours the server had made was reported stale that way. Two witnesses decide:
//  - the time the server gives for the routing change: before we sent, it was not ours;
//  - the history (when there is one): another attempt, announced or recorded since our read, that asked for
//    this routing. It is what keeps two tools sharing a history from both recording the same change.
// Neither says "someone else": the change is ours, and read back as any other. Without the read, stale, as
// the reply alone suggests: a change of ours reported stale is then recorded once, as seen.
void RolloutEngine::judgeNoOpReply(const std::shared_ptr<DeploymentAttempt> &attempt)
{
    const QString name = attempt->preview.operation().deploymentName;
    Q_EMIT stageStarted(Stage::ReadBack, name);
    m_client->describeWorkerDeployment(
        this, name, [this, attempt, name](const Result<WorkerDeployment> &now) {
            const QString noChange =
                QStringLiteral("the server already had the requested routing and changed nothing");
            if (!now) {
                finishStaleDeployment(attempt, noChange);
                return;
            }
            const QDateTime changedAt = routingChangedAt(attempt->preview.operation(), now.value().routing);
            if (!changedAt.isValid() || changedAt < attempt->sentAt) {
                finishStaleDeployment(
                    attempt,
                    changedAt.isValid()
                        ? noChange + QStringLiteral(" (it was set at %1, before this change was sent)")
                                         .arg(changedAt.toString(Qt::ISODateWithMs))
                        : noChange);
                return;
            }
            if (!m_history) {
                concludeReadBack(attempt, now);
                return;
            }
            // A margin before the read: an attempt recorded while it ran did not change what it showed
            // either.
            const QDateTime since = attempt->preview.snapshot().readAt.addSecs(-5);
            m_history->anotherDeploymentAttemptExplains(
                this, deploymentHistoryContext(name, attempt->options.source), attempt->inFlightId, since,
                now.value(), [this, attempt, now, noChange](const Result<bool> &another) {
                    if (another && another.value()) {
                        finishStaleDeployment(attempt,
                                              noChange + QStringLiteral(" (another attempt in the history "
                                                                        "asked for it first)"));
                        return;
                    }
                    if (!another)
                        qCWarning(lcRollout).noquote() << "the history could not say whether another tool "
                                                          "made this change; taking it for ours:"
                                                       << another.error().toString();
                    concludeReadBack(attempt, now);
                });
        });
}

void RolloutEngine::finishStaleDeployment(const std::shared_ptr<DeploymentAttempt> &attempt,
                                          const QString &serverAnswer)
{
    // Someone changed the deployment after our read and nothing of ours took effect. Read what it is now,
    // record it as seen, and hand it to the front end for a new preview. Our announcement goes first (the
    // history runs calls in order): what the read shows is someone else's doing, even when it is the very
    // routing we asked for.
    if (attempt->inFlightId && m_history)
        m_history->withdrawAnnouncement(this, *std::exchange(attempt->inFlightId, std::nullopt),
                                        [](const Result<Done> &) {});
    Q_EMIT stageStarted(Stage::Read, attempt->preview.operation().deploymentName);
    m_client->describeWorkerDeployment(
        this, attempt->preview.operation().deploymentName,
        [this, attempt, serverAnswer](const Result<WorkerDeployment> &now) {
            DeploymentApplyOutcome outcome;
            outcome.status = DeploymentApplyOutcome::Status::Stale;
            outcome.error = Error{
                ErrorCode::Aborted,
                QStringLiteral("the deployment changed since the preview was made; %1").arg(serverAnswer),
                QStringLiteral("review the new preview"), QStringLiteral("stale-preview")};
            if (now) {
                recordDeploymentRead(now.value());
                outcome.after = now.value();
            }
            finishDeployment(attempt, outcome);
        });
}

void RolloutEngine::readDeploymentBack(const std::shared_ptr<DeploymentAttempt> &attempt)
{
    if (!m_client) {
        DeploymentApplyOutcome outcome;
        outcome.status = DeploymentApplyOutcome::Status::Applied;
        outcome.verifyFailed = true;
        outcome.error = Error{ErrorCode::Cancelled, QStringLiteral("the connection was closed")};
        finishDeployment(attempt, outcome);
        return;
    }
    const DeploymentOperation &op = attempt->preview.operation();
    Q_EMIT stageStarted(Stage::ReadBack, op.deploymentName);
    m_client->describeWorkerDeployment(
        this, op.deploymentName,
        [this, attempt](const Result<WorkerDeployment> &after) { concludeReadBack(attempt, after); });
}

void RolloutEngine::concludeReadBack(const std::shared_ptr<DeploymentAttempt> &attempt,
                                     const Result<WorkerDeployment> &after)
{
    DeploymentApplyOutcome outcome;
    outcome.status = DeploymentApplyOutcome::Status::Applied;
    if (!after) {
        outcome.verifyFailed = true;
        outcome.error = after.error();
        finishDeployment(attempt, outcome);
        return;
    }
    outcome.after = after.value();
    // Whether the server now has what the preview predicted: the history's settlement rule, applied
    // to this attempt as if its effect were unknown.
    DeploymentApplyOutcome asSent = outcome;
    asSent.operation = attempt->preview.operation();
    asSent.before = attempt->before;
    asSent.predictedRouting = attempt->preview.routingAfter();
    asSent.identity = m_client->settings().identity;
    asSent.after.reset();
    asSent.status = DeploymentApplyOutcome::Status::Unknown;
    const HistoryEntry sent = HistoryEntry::fromDeploymentApplyOutcome(
        asSent, deploymentHistoryContext(asSent.operation.deploymentName, attempt->options.source), QString(),
        QDateTime::currentDateTimeUtc());
    const HistoryEntry::Outcome verdict = sent.deploymentSettlementFor(after.value());
    // Metadata is not in the deployment's description: its read-back is the version's.
    if (attempt->preview.operation().kind != DeploymentOperation::Kind::UpdateMetadata) {
        outcome.matchesPreview = verdict == HistoryEntry::Outcome::Applied;
        finishDeployment(attempt, outcome);
        return;
    }
    const DeploymentOperation &metadataOp = attempt->preview.operation();
    m_client->describeWorkerDeploymentVersion(
        this, DeploymentVersionRef{metadataOp.deploymentName, metadataOp.buildId},
        [this, attempt, outcome](const Result<DeploymentVersionDetails> &details) mutable {
            if (!details) {
                outcome.verifyFailed = true;
                outcome.error = details.error();
            } else {
                const DeploymentOperation &o = attempt->preview.operation();
                bool matches = true;
                for (auto it = o.upsertMetadata.cbegin(); it != o.upsertMetadata.cend(); ++it)
                    matches = matches && details.value().metadata.value(it.key()) == it.value();
                for (const QString &key : o.removeMetadata)
                    matches = matches && !details.value().metadata.contains(key);
                outcome.matchesPreview = matches;
            }
            finishDeployment(attempt, outcome);
        });
}

void RolloutEngine::finishDeployment(const std::shared_ptr<DeploymentAttempt> &attempt,
                                     DeploymentApplyOutcome outcome)
{
    outcome.operation = attempt->preview.operation();
    outcome.before = attempt->before;
    outcome.predictedRouting = attempt->preview.routingAfter();
    outcome.identity = m_client ? m_client->settings().identity : QString();
    const QString name = outcome.operation.deploymentName;
    m_applyingDeployments.remove(name);
    qCInfo(lcRollout) << "deployment" << name << outcome.summary();
    const HistoryEntry entry = HistoryEntry::fromDeploymentApplyOutcome(
        outcome, deploymentHistoryContext(name, attempt->options.source), attempt->options.reason,
        QDateTime::currentDateTimeUtc());
    // As for queues: what the attempt established is what the next read compares with.
    m_knownDeployments.recordAttempt(entry);
    recordAttempt(entry, attempt->inFlightId,
                  [attempt, outcome](std::optional<qint64> id, std::optional<Error> error) {
                      if (attempt->context)
                          attempt->done(DeploymentApplyResult{outcome, id, error});
                  });
}
