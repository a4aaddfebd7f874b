#pragma once

#include "deployments/deploymentapplyoutcome.h"
#include "deployments/deploymentoperation.h"
#include "deployments/workerdeployment.h"
#include "historycontext.h"
#include "versionsets/applyoutcome.h"
#include "versionsets/buildidoperation.h"
#include "versionsets/versionsets.h"

#include <QDateTime>
#include <QHash>
#include <QMetaType>

#include <optional>

// One entry of the rollout history: an update Versionscope sent or tried to send (Applied), or a change
// that a refresh saw and Versionscope did not make (Observed), about either model (context.model): a task
// queue's version sets, or a Worker Deployment. A plain value; HistoryStore writes entries and never deletes
// them. Nothing secret is part of an entry: the connection contributes only its address, namespace and
// identity (see HistoryContext), and a stored deployment has no conflict token.
//
// Version-set entries use operation, before and after; deployment entries use deploymentOperation,
// deploymentBefore and deploymentAfter instead (operation none, before empty, after none). Outcome, error,
// preview match and settlement mean the same for both.
struct HistoryEntry
{
    enum class Kind {
        // An update Versionscope sent or tried to send (window, CLI or restore): an
        // UpdateWorkerBuildIdCompatibility, or one of the Worker Deployment calls.
        Applied,
        // A refresh found a state different from the last known one: someone or something else changed it.
        Observed,
    };
    using Source = HistoryContext::Source;
    using Model = HistoryContext::Model;

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

    // Deployment entries only. Applied: the operation asked for.
    std::optional<DeploymentOperation> deploymentOperation;
    // Applied: the deployment the preview was made from. Observed: the last known state (none when the
    // deployment was never seen before).
    std::optional<WorkerDeployment> deploymentBefore;
    // Applied: the deployment read back after applying (Stale: the one found instead; set later by a
    // settling read). Observed: the deployment seen, whose lastModifierIdentity says who changed it and whose
    // routing.revisionNumber is the revision seen. None when not known.
    std::optional<WorkerDeployment> deploymentAfter;

    // The complete record of an attempt to apply, from the applier's outcome, the connection and the reason.
    // The window and the CLI both record through this, so their entries have the same shape.
    static HistoryEntry fromApplyOutcome(const ApplyOutcome &outcome, const HistoryContext &context,
                                         const QString &reason, const QDateTime &recordedAt);
    // A change seen on a refresh: the queue went from before to seen.
    static HistoryEntry observedChange(const HistoryContext &context, const VersionSets &before,
                                       const VersionSets &seen, const QDateTime &seenAt);
    static Outcome outcomeFromStatus(ApplyOutcome::Status status);
    // The record of an attempt to change a Worker Deployment: context from HistoryContext::forDeployment.
    // Conflict tokens are dropped (they are only good for the next write).
    static HistoryEntry fromDeploymentApplyOutcome(const DeploymentApplyOutcome &outcome,
                                                   const HistoryContext &context, const QString &reason,
                                                   const QDateTime &recordedAt);
    // A deployment change seen on a refresh: from before (none: never seen) to seen. The context's identity
    // is cleared (not this identity's doing); the server's last modifier identity is in deploymentAfter.
    static HistoryEntry observedDeploymentChange(const HistoryContext &context,
                                                 const std::optional<WorkerDeployment> &before,
                                                 const WorkerDeployment &seen, const QDateTime &seenAt);
    // Whether two reads show the same deployment as far as the history is concerned: the same routing
    // (sameRouting) at the same routing revision, the same versions with the same statuses, the same
    // manager and last modifier identity. Times, drainage check times and the conflict token are left out:
    // they move without anyone changing anything. A revision that moved counts even when the routing is
    // back where it was (someone changed it and changed it back), and a version that appeared or went from
    // draining to drained counts too: that is what an operator watches a rollout for.
    static bool sameDeploymentState(const WorkerDeployment &a, const WorkerDeployment &b);

    Model model() const { return context.model; }
    bool isDeployment() const { return context.isDeployment(); }

    // An Applied entry whose effect on the queue no read has established yet: Unknown, or Applied without a
    // successful re-read, and not settled.
    bool awaitsSettlement() const;
    // A change whose answer was lost can still take effect for a moment after its call ended: the server may
    // be applying it (a deployment's routing goes through its workflow) while a read already shows the old
    // state. The fault matrix saw such a change land after an immediate re-read had settled it as not
    // applied. So a read settles an entry as NotSent only when it was taken at least this long after the
    // entry was recorded; a read that shows the change settles it at once.
    static constexpr qint64 kLateEffectMs = 3000;
    // Whether a read at seenAt may settle this entry as NotSent (see kLateEffectMs).
    bool mayBeSettledAsNotSentAt(const QDateTime &seenAt) const;
    // What a read of seen says about this entry (meaningful when awaitsSettlement()): Applied when seen is
    // what the operation makes of before (a merge's uncertain order allowed for), NotSent when seen is still
    // before (the update did not take effect), Unknown when the queue changed in other ways too.
    Outcome settlementFor(const VersionSets &seen) const;
    // The same for a deployment entry and the deployment a read saw:
    //  - routing operations: Applied when seen routes as operation.routingAfter(before), NotSent when it
    //    still routes as before, Unknown otherwise;
    //  - DeleteVersion: Applied when the version is gone, NotSent when it is still there;
    //  - SetManager: Applied when seen has the manager the operation set (managerSelf: the identity this
    //    entry sent), NotSent when it still has the one before, Unknown otherwise;
    //  - UpdateMetadata: DescribeWorkerDeployment does not return metadata (DescribeWorkerDeploymentVersion
    //    does): versionMetadata holds what the same read found per build ID. Applied when the version shows
    //    every key set to its value and every removed key gone, NotSent when it shows none of the new values
    //    and still has every removed key, Unknown otherwise or when the read has no metadata of the version
    //    (see canSettleFrom).
    // As for version sets, a change that was asked for but changes nothing settles as Applied.
    using VersionMetadata = QHash<QString, QMap<QString, QJsonValue>>;
    Outcome deploymentSettlementFor(const WorkerDeployment &seen,
                                    const VersionMetadata &versionMetadata = {}) const;
    // Whether a read of a deployment with versionMetadata can settle this entry at all: not a metadata change
    // when the read has no metadata of its version (it waits for a read that has, rather than being settled
    // as unknown for good).
    bool canSettleFrom(const VersionMetadata &versionMetadata) const;
    // The settled outcome when a read settled the entry, else the outcome.
    Outcome effectiveOutcome() const { return settledOutcome.value_or(outcome); }
    // The queue's sets as this entry knows them right after it: after, else (Rejected) before, which the
    // applier had just read and the server refused to change. None when unknown.
    // None for deployment entries (see knownDeployment).
    std::optional<VersionSets> knownState() const;
    // The deployment as this entry knows it right after it: deploymentAfter, else (Rejected)
    // deploymentBefore. None for version-set entries and when unknown.
    std::optional<WorkerDeployment> knownDeployment() const;
    // Who made the change: Observed deployment entries, the server's last modifier identity of the
    // deployment seen; otherwise the identity this entry sent (empty for Observed version-set entries:
    // Temporal does not say who changed sets).
    QString changedBy() const;
    // Observed deployment entries: the routing revision seen; none otherwise.
    std::optional<qint64> routingRevision() const;

    // Stable names used in storage, JSON, CSV and CLI filters: "applied"/"observed"; "applied", "stale",
    // "rejected", "unknown", "not-sent", "observed".
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    static QString outcomeName(Outcome outcome);
    static std::optional<Outcome> outcomeFromName(const QString &name);

    bool operator==(const HistoryEntry &) const = default;
};

Q_DECLARE_METATYPE(HistoryEntry)

// For QCOMPARE: "#12 applied add-new-default 2.0 on orders: applied -> [1.0] [2.0]*"; for deployments
// "#13 applied set-ramping v3 on deployment svc: applied -> current v2, ramping v3 at 10%".
char *toString(const HistoryEntry &entry);
