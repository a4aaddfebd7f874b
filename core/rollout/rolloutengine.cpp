#include "rolloutengine.h"

#include "common/displaytext.h"
#include "history/historyentry.h"
#include "history/historyservice.h"
#include "temporal/temporalclient.h"
#include "versionsets/buildidvalidation.h"
#include "versionsets/versionsetplanner.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRollout, "versionscope.rollout", QtWarningMsg)

struct RolloutEngine::Attempt
{
    QPointer<QObject> context;
    QString taskQueue;
    VersionSetPlan plan;
    ApplyOptions options;
    Callback<ApplyResult> done;
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
    connect(reader, &QueueReader::finished, this,
            [this, reader, guard, taskQueue, done](const Result<QueueSnapshot> &snapshot) {
                reader->deleteLater();
                if (snapshot)
                    recordRead(taskQueue, snapshot.value().sets);
                if (guard)
                    done(snapshot);
            });
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
    m_history->recordObservation(this, historyContext(taskQueue, m_readSource), sets,
                                 QDateTime::currentDateTimeUtc(),
                                 [this](const Result<std::optional<qint64>> &recorded) {
                                     if (!recorded) {
                                         setHistoryProblem(recorded.error().toString());
                                         return;
                                     }
                                     setHistoryProblem(QString());
                                     Q_EMIT historyWritten();
                                 });
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
    // The same checks as for build IDs before anything is sent (a queue made by another tool with an odd name
    // can still be read, but Versionscope does not change it).
    if (const std::optional<QString> problem = taskQueueNameProblem(taskQueue)) {
        ApplyOutcome outcome;
        outcome.plan = plan;
        outcome.error =
            Error{ErrorCode::InvalidArgument,
                  QStringLiteral("not sent: task queue %1: %2").arg(quotedForDisplay(taskQueue), *problem),
                  {},
                  QStringLiteral("local-validation")};
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

void RolloutEngine::staleCheck(const std::shared_ptr<Attempt> &attempt)
{
    // Version sets have no conflict token: a re-read right before sending is the only protection.
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
    if (!m_history) {
        if (attempt->context)
            attempt->done(ApplyResult{outcome, std::nullopt, std::nullopt});
        return;
    }
    m_history->append(this, entry, [this, attempt, outcome](const Result<qint64> &id) {
        ApplyResult result{outcome, std::nullopt, std::nullopt};
        if (id) {
            result.historyId = id.value();
            setHistoryProblem(QString());
            Q_EMIT historyWritten();
        } else {
            result.historyError = id.error();
            setHistoryProblem(id.error().toString());
        }
        if (attempt->context)
            attempt->done(result);
    });
}
