#pragma once

#include "historycontext.h"
#include "versionsets/applyoutcome.h"
#include "versionsets/buildidoperation.h"
#include "versionsets/versionsets.h"

#include <QDateTime>
#include <QMetaType>

#include <optional>

// One entry of the rollout history: an update Versionscope sent or tried to send to a task queue
// (Applied), or a change of the queue's sets that a refresh saw and Versionscope did not make (Observed).
// A plain value; HistoryStore writes entries and never deletes them. Nothing secret is part of an entry:
// the connection contributes only its address, namespace and identity (see HistoryContext).
struct HistoryEntry
{
    enum class Kind {
        // An UpdateWorkerBuildIdCompatibility Versionscope sent or tried to send (window, CLI or restore).
        Applied,
        // A refresh found sets different from the last known state: someone or something else changed them.
        Observed,
    };
    using Source = HistoryContext::Source;

    // How an attempt ended. The first five mirror ApplyOutcome::Status; Observed entries have Observed.
    enum class Outcome {
        Applied,
        // Nothing sent: the queue had changed since the preview; after holds the sets found instead.
        Stale,
        // The server refused; errorCode and errorMessage hold its answer.
        Rejected,
        // Sent, but no answer came back (connection lost, deadline): a later read settles it.
        Unknown,
        // Nothing sent: the queue could not be read first.
        NotSent,
        Observed,
    };

    // 0 until the store assigned one.
    qint64 id = 0;
    Kind kind = Kind::Applied;
    // UTC, millisecond precision. Applied: when the attempt was recorded. Observed: when first seen.
    QDateTime recordedAt;
    // Who recorded it, where and about which queue. osUser: the account that ran Versionscope (for Observed:
    // the one whose refresh saw the change). identity: the one sent to Temporal with the update; empty for
    // Observed (the server does not say who).
    HistoryContext context;
    // Applied entries only.
    std::optional<BuildIdOperation> operation;
    // Why, as typed by the person (may be empty).
    QString reason;
    // Applied: the sets the preview was made from. Observed: the last known state (empty when the queue was
    // never seen before).
    VersionSets before;
    // Applied: the sets re-read after applying (Stale: the sets found instead of the preview's; set later by
    // a settling read). Observed: the sets seen. None when not known.
    std::optional<VersionSets> after;
    // Applied and re-read: whether the re-read sets are what the preview predicted.
    std::optional<bool> matchedPreview;
    Outcome outcome = Outcome::NotSent;
    // errorCodeName() of the error (Rejected: the server's; Unknown/NotSent: why), empty when none.
    QString errorCode;
    // The error in the server's own words, then what to do; empty when none.
    QString errorMessage;
    // For an entry whose effect was not known (see awaitsSettlement), when a later read settled it and what
    // that read showed; after then holds the sets read. Invalid / none until settled.
    QDateTime settledAt;
    std::optional<Outcome> settledOutcome;

    // The complete record of an attempt to apply, from the applier's outcome, the connection and the reason.
    // The window and the CLI both record through this, so their entries have the same shape.
    static HistoryEntry fromApplyOutcome(const ApplyOutcome &outcome, const HistoryContext &context,
                                         const QString &reason, const QDateTime &recordedAt);
    // A change seen on a refresh: the queue went from before to seen.
    static HistoryEntry observedChange(const HistoryContext &context, const VersionSets &before,
                                       const VersionSets &seen, const QDateTime &seenAt);
    static Outcome outcomeFromStatus(ApplyOutcome::Status status);

    // An Applied entry whose effect on the queue no read has established yet: Unknown, or Applied without a
    // successful re-read, and not settled.
    bool awaitsSettlement() const;
    // What a read of seen says about this entry (meaningful when awaitsSettlement()): Applied when seen is
    // what the operation makes of before (a merge's uncertain order allowed for), NotSent when seen is still
    // before (the update did not take effect), Unknown when the queue changed in other ways too.
    Outcome settlementFor(const VersionSets &seen) const;
    // The settled outcome when a read settled the entry, else the outcome.
    Outcome effectiveOutcome() const { return settledOutcome.value_or(outcome); }
    // The queue's sets as this entry knows them right after it: after, else (Rejected) before, which the
    // applier had just read and the server refused to change. None when unknown.
    std::optional<VersionSets> knownState() const;

    // Stable names used in storage, JSON, CSV and CLI filters: "applied"/"observed"; "applied", "stale",
    // "rejected", "unknown", "not-sent", "observed".
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    static QString outcomeName(Outcome outcome);
    static std::optional<Outcome> outcomeFromName(const QString &name);

    bool operator==(const HistoryEntry &) const = default;
};

Q_DECLARE_METATYPE(HistoryEntry)

// For QCOMPARE: "#12 applied add-new-default 2.0 on orders: applied -> [1.0] [2.0]*".
char *toString(const HistoryEntry &entry);
