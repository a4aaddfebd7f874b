#pragma once

#include "common/error.h"
#include "versionsetplan.h"

// How an attempt to apply a previewed version-set operation ended. A plain value.
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
    // "applied", "stale", "rejected", "unknown", "not-sent": the CLI's JSON and the history use these.
    static QString statusName(Status status);
};
