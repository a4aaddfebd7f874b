#pragma once

#include "common/error.h"
#include "versionsetplan.h"

#include <QObject>
#include <QPointer>

class TemporalClient;

// How an attempt to apply a previewed operation ended. A plain value.
struct ApplyOutcome
{
    enum class Status {
        // The server accepted the update; `actual` is the queue as re-read afterwards.
        Applied,
        // The queue changed since the preview was made; nothing was sent. `actual` is the current state.
        Stale,
        // The server refused the update; nothing changed. `error` is the server's answer.
        Rejected,
        // The update was sent but its fate is unknown (connection lost, deadline): a later read settles it.
        Unknown,
        // The queue could not be read before sending; nothing was sent.
        NotSent,
    };
    Status status = Status::NotSent;
    VersionSetPlan plan;
    VersionSets actual;
    // Applied only: whether the re-read sets are what the preview predicted.
    bool matchesPreview = false;
    // Applied only: the re-read after applying failed, so `actual` is unknown.
    bool verifyFailed = false;
    Error error;

    // One sentence for a terminal or status bar.
    QString summary() const;
};

// The stable name of a status: "applied", "stale", "rejected", "unknown", "not-sent" (versionscope-cli's
// JSON; the history names its outcomes the same).
QString applyStatusName(ApplyOutcome::Status status);

// Applies a previewed version-set operation safely: re-reads the queue and sends nothing when it differs
// from the preview's "before" (there is no conflict token for version sets), sends the update, then
// re-reads the queue and compares it with the prediction.
//
// Lives on the owner's thread. finished is emitted exactly once per apply(), on that thread. One apply at a
// time: a second apply() while one runs is refused with NotSent.
class VersionSetApplier : public QObject
{
    Q_OBJECT

public:
    explicit VersionSetApplier(TemporalClient *client, QObject *parent = nullptr);

    void apply(const QString &taskQueue, const VersionSetPlan &plan);
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void finished(const ApplyOutcome &outcome);

private:
    void send();
    void verify();
    void finish(ApplyOutcome outcome);

    QPointer<TemporalClient> m_client;
    QString m_taskQueue;
    VersionSetPlan m_plan;
    bool m_busy = false;
};
