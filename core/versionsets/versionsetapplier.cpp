#include "versionsetapplier.h"

#include "temporal/temporalclient.h"

QString ApplyOutcome::summary() const
{
    switch (status) {
    case Status::Applied:
        if (verifyFailed)
            return QStringLiteral("applied, but the queue could not be re-read to check the result: %1")
                .arg(error.toString());
        return matchesPreview
                   ? QStringLiteral("applied; the queue now matches the preview")
                   : QStringLiteral("applied, but the queue differs from the preview: it is now %1")
                         .arg(actual.toDisplayString());
    case Status::Stale:
        return QStringLiteral("nothing sent: the queue changed since the preview (it is now %1)")
            .arg(actual.toDisplayString());
    case Status::Rejected:
        return QStringLiteral("the server refused the change: %1").arg(error.toString());
    case Status::Unknown:
        return QStringLiteral("the outcome is unknown: %1").arg(error.toString());
    case Status::NotSent:
        return QStringLiteral("nothing sent: %1").arg(error.toString());
    }
    return {};
}

QString applyStatusName(ApplyOutcome::Status status)
{
    switch (status) {
    case ApplyOutcome::Status::Applied:
        return QStringLiteral("applied");
    case ApplyOutcome::Status::Stale:
        return QStringLiteral("stale");
    case ApplyOutcome::Status::Rejected:
        return QStringLiteral("rejected");
    case ApplyOutcome::Status::Unknown:
        return QStringLiteral("unknown");
    case ApplyOutcome::Status::NotSent:
        return QStringLiteral("not-sent");
    }
    return {};
}

VersionSetApplier::VersionSetApplier(TemporalClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

void VersionSetApplier::apply(const QString &taskQueue, const VersionSetPlan &plan)
{
    if (m_busy || !m_client) {
        ApplyOutcome outcome;
        outcome.plan = plan;
        outcome.error = Error{ErrorCode::Aborted,
                              m_busy ? QStringLiteral("another change is being applied")
                                     : QStringLiteral("there is no connection"),
                              {},
                              {}};
        Q_EMIT finished(outcome);
        return;
    }
    m_busy = true;
    m_taskQueue = taskQueue;
    m_plan = plan;
    m_client->getVersionSets(this, taskQueue, [this](const Result<VersionSets> &current) {
        if (!current) {
            ApplyOutcome outcome;
            outcome.status = ApplyOutcome::Status::NotSent;
            outcome.error = current.error();
            finish(outcome);
            return;
        }
        if (current.value() != m_plan.before) {
            ApplyOutcome outcome;
            outcome.status = ApplyOutcome::Status::Stale;
            outcome.actual = current.value();
            outcome.error =
                Error{ErrorCode::Aborted, QStringLiteral("the queue changed since the preview was made"),
                      QStringLiteral("review the new preview"), QStringLiteral("stale-preview")};
            finish(outcome);
            return;
        }
        send();
    });
}

void VersionSetApplier::send()
{
    if (!m_client) {
        finish(
            ApplyOutcome{ApplyOutcome::Status::NotSent,
                         {},
                         {},
                         false,
                         false,
                         Error{ErrorCode::Cancelled, QStringLiteral("the connection was closed"), {}, {}}});
        return;
    }
    m_client->updateVersionSets(this, m_taskQueue, m_plan.operation, [this](const Result<Done> &sent) {
        if (!sent) {
            const Error &error = sent.error();
            // Without an answer the server may or may not have applied the update.
            const bool fateUnknown = error.code == ErrorCode::Unavailable ||
                                     error.code == ErrorCode::DeadlineExceeded ||
                                     error.code == ErrorCode::Cancelled || error.code == ErrorCode::Unknown;
            ApplyOutcome outcome;
            outcome.status = fateUnknown ? ApplyOutcome::Status::Unknown : ApplyOutcome::Status::Rejected;
            outcome.error = error;
            finish(outcome);
            return;
        }
        verify();
    });
}

void VersionSetApplier::verify()
{
    if (!m_client) {
        ApplyOutcome outcome;
        outcome.status = ApplyOutcome::Status::Applied;
        outcome.verifyFailed = true;
        outcome.error = Error{ErrorCode::Cancelled, QStringLiteral("the connection was closed"), {}, {}};
        finish(outcome);
        return;
    }
    m_client->getVersionSets(this, m_taskQueue, [this](const Result<VersionSets> &after) {
        ApplyOutcome outcome;
        outcome.status = ApplyOutcome::Status::Applied;
        if (after) {
            outcome.actual = after.value();
            outcome.matchesPreview = m_plan.matches(after.value());
        } else {
            outcome.verifyFailed = true;
            outcome.error = after.error();
        }
        finish(outcome);
    });
}

void VersionSetApplier::finish(ApplyOutcome outcome)
{
    outcome.plan = m_plan;
    m_busy = false;
    Q_EMIT finished(outcome);
}
