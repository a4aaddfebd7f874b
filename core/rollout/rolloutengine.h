#pragma once

#include "common/result.h"
#include "deployments/deploymentapplyoutcome.h"
#include "deployments/deploymentpreview.h"
#include "history/historycontext.h"
#include "history/historyentry.h"
#include "knowndeploymentstates.h"
#include "knownqueuestates.h"
#include "temporal/deploymentreader.h"
#include "temporal/queuereader.h"
#include "temporal/queuesnapshot.h"
#include "versionsets/applyoutcome.h"
#include "versionsets/buildidoperation.h"
#include "versionsets/versionsetpreview.h"

#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <optional>

class HistoryService;
class TemporalClient;

// Owns a change from start to end, for every front end (the window, the CLI, restore), for both of Temporal's
// versioning models: a task queue's version sets and a Worker Deployment's routing.
//
// Version sets: reads a queue and records what the read shows (it settles our earlier attempts of
// unknown effect and records a change made elsewhere), previews an operation from a read, and applies it:
// re-read (stale → nothing sent, the outside change recorded, then the stale attempt), send, read back and
// compare with the preview, record the attempt. Whether a change was ours is decided by KnownQueueStates
// in memory and by the history store with the same rule (HistoryEntry::settlementFor).
//
// What it costs, in calls to Temporal: a read of sets and pollers, 2; an apply, 3 (re-read, update, read
// back), or 2 when the preview's read is fresh (ApplyOptions::previewReadIsFresh: nobody waited between
// read and send, so the read is the stale check). An unattended CLI update is thus 4 calls in all.
//
// Worker Deployments: the same steps, with the server's conflict token as the stale check: a change is sent
// with the token of the read its preview was made from, and the server refuses it (Stale, nothing changed)
// when the deployment changed meanwhile; the deployment is then read again so the front end can preview
// the new state. Operations the server takes no token for (delete a version, metadata) are preceded by a
// re-read compared with the preview's read. After an accepted change the deployment is read back and
// compared with the preview. Reads record what they show (KnownDeploymentStates in memory, the history's
// deployment observations persistently). Cost: a change is 2 calls (send, read back), 3 without a token.
//
// Threads: lives on the owner's thread (GUI or CLI main thread) with the client and the history service;
// nothing blocks. Callbacks run on that thread, exactly once per request unless their context object was
// destroyed first. Signals are emitted on that thread.
class RolloutEngine : public QObject
{
    Q_OBJECT

public:
    // The steps of a read and of a change, in the order they happen (see stageStarted).
    enum class Stage {
        // The first call of a read: the queue's version sets, the deployment's description. Also the
        // re-read after the server refused a deployment change as stale.
        Read,
        // The calls that follow a read's first one, several in flight: pollers and reachability of a queue,
        // a deployment's versions, their pollers and open workflows.
        FleetRead,
        // The re-read right before a change is sent, compared with the preview's read (version sets, and
        // the deployment operations that take no conflict token).
        StaleCheck,
        // The change itself.
        Apply,
        // The read after an accepted change, compared with the preview.
        ReadBack,
    };
    Q_ENUM(Stage)
    static QString stageName(Stage stage);

    struct ApplyOptions
    {
        // Why, as the person typed it; recorded with the attempt.
        QString reason;
        HistoryContext::Source source = HistoryContext::Source::Window;
        // The plan was made from a read taken right before this apply with nobody deciding in between (an
        // unattended CLI update): that read is the stale check, no second read is made.
        bool previewReadIsFresh = false;
        // The name the person typed to confirm a change of a protected task queue or deployment
        // (ChangeSafety): such a change is sent only when it equals the target's name exactly.
        QString confirmedName;
    };
    struct DeploymentApplyResult
    {
        DeploymentApplyOutcome outcome;
        std::optional<qint64> historyId;
        std::optional<Error> historyError;
    };
    struct ApplyResult
    {
        ApplyOutcome outcome;
        // The attempt's history entry, once written; none without a history or when writing failed.
        std::optional<qint64> historyId;
        // Why the attempt could not be recorded (the history is configured but refused the write).
        std::optional<Error> historyError;
    };
    template <typename T> using Callback = std::function<void(const T &)>;

    // client and history (may be null: nothing is recorded) must outlive the engine or be its children.
    explicit RolloutEngine(TemporalClient *client, HistoryService *history = nullptr,
                           QObject *parent = nullptr);
    ~RolloutEngine() override;

    TemporalClient *client() const;
    void setHistory(HistoryService *history);
    HistoryService *history() const;
    // Who the reads' observations are recorded as (the window by default, or the CLI).
    void setReadSource(HistoryContext::Source source) { m_readSource = source; }

    // Reads a queue (see QueueReader::Options for what and at which cost), then records what it shows.
    // done gets the read as soon as it is known; the history writes go on in the background (their
    // problems come through historyProblemChanged).
    void read(QObject *context, const QString &taskQueue, const QueueReader::Options &options,
              Callback<Result<QueueSnapshot>> done);

    // The confirmation preview of operation on the queue as snapshot found it.
    VersionSetPreview preview(const QueueSnapshot &snapshot, const BuildIdOperation &operation) const;

    // Applies a previewed plan (see the class comment). One apply per queue at a time: a second one for a
    // queue that is being changed ends NotSent at once. So does any change on a read-only connection
    // (ChangeSafety::readOnly) and a change of a protected queue without its name in
    // ApplyOptions::confirmedName: nothing is sent and, as nothing was attempted, nothing recorded. Both
    // models, whatever the front end: no path sends around it.
    void apply(QObject *context, const QString &taskQueue, const VersionSetPlan &plan,
               const ApplyOptions &options, Callback<ApplyResult> done);
    bool isApplying(const QString &taskQueue) const { return m_applying.contains(taskQueue); }
    bool isApplying() const { return !m_applying.isEmpty(); }

    // The in-memory twin of the history's rule, for tests and for whoever wants the last known sets.
    const KnownQueueStates &knownStates() const { return m_known; }

    HistoryContext historyContext(const QString &taskQueue, HistoryContext::Source source) const;

    // Worker Deployments (see the class comment).
    // The namespace's deployments, every page, each once.
    void listDeployments(QObject *context, Callback<Result<QList<WorkerDeploymentSummary>>> done);
    // Reads a deployment (see DeploymentReader::Options for the extras), then records what it shows.
    void readDeployment(QObject *context, const QString &deploymentName,
                        const DeploymentReader::Options &options, Callback<Result<DeploymentSnapshot>> done);
    DeploymentPreview previewDeployment(const DeploymentSnapshot &snapshot,
                                        const DeploymentOperation &operation) const;
    // Applies a previewed change. One change per deployment at a time; a blocked preview
    // (DeploymentPreview::isBlocked) is never sent, nor is any change on a read-only connection or of a
    // protected deployment without its name confirmed (as apply()).
    void applyDeployment(QObject *context, const DeploymentPreview &preview, const ApplyOptions &options,
                         Callback<DeploymentApplyResult> done);
    bool isApplyingDeployment(const QString &deploymentName) const
    {
        return m_applyingDeployments.contains(deploymentName);
    }
    const KnownDeploymentStates &knownDeploymentStates() const { return m_knownDeployments; }
    HistoryContext deploymentHistoryContext(const QString &deploymentName,
                                            HistoryContext::Source source) const;

Q_SIGNALS:
    // A step of a read or of a change of target (a task queue or a deployment) starts: what the engine waits
    // for now, so a front end can say it ("sending the change…") and a person knows which step a slow or
    // broken connection stopped. Emitted on the engine's thread right before the step's first call is
    // started, so a slot connected directly runs before any byte of that call is sent (the fault tests arm
    // their proxy there to hit exactly that step).
    void stageStarted(RolloutEngine::Stage stage, const QString &target);
    // A read of taskQueue found sets that differ from the last ones this engine knew, and no attempt of
    // ours explains the difference: someone else changed the queue. Emitted before the read's callback.
    void changedElsewhere(const QString &taskQueue, const VersionSets &before, const VersionSets &after);
    // A read of deploymentName found a state that differs from the last one this engine knew, and no attempt
    // of ours explains it (KnownDeploymentStates). Emitted before the read's callback.
    void deploymentChangedElsewhere(const QString &deploymentName, const WorkerDeployment &before,
                                    const WorkerDeployment &after);
    // The history could not record something (problem says why), or records again after a problem
    // (problem empty). Emitted only when the state changes, so a front end says so once.
    void historyProblemChanged(const QString &problem);
    // Something was written to the history (an attempt, an observation or a settlement).
    void historyWritten();

private:
    enum class Target { TaskQueue, Deployment };
    // Why a change of the task queue or deployment must not be sent: read-only, or protected and
    // confirmedName is not its name. Nothing when it may be sent.
    std::optional<Error> safetyRefusal(Target target, const QString &name,
                                       const QString &confirmedName) const;
    struct Attempt;
    void staleCheck(const std::shared_ptr<Attempt> &attempt);
    void send(const std::shared_ptr<Attempt> &attempt);
    void sendAnnounced(const std::shared_ptr<Attempt> &attempt);
    void readBack(const std::shared_ptr<Attempt> &attempt);
    void finish(const std::shared_ptr<Attempt> &attempt, ApplyOutcome outcome);
    // Records what a read found: settles, observes, reports problems.
    void recordRead(const QString &taskQueue, const VersionSets &sets);
    void setHistoryProblem(const QString &problem);
    // Appends an attempt to the history (when there is one) and reports its id or why it was not recorded;
    // the history problem and historyWritten follow. Both models record through it.
    // inFlightId: the attempt's announcement, removed in the same transaction.
    void recordAttempt(const HistoryEntry &entry, std::optional<qint64> inFlightId,
                       const std::function<void(std::optional<qint64>, std::optional<Error>)> &recorded);
    // Announces a change in the history right before it is sent (HistoryStore::announceAttempt), so that a
    // read by another window or CLI before our entry is written does not record the change as seen
    // elsewhere; then calls send with the announcement's id (none without a history, or when the history
    // refused: the change is sent all the same, as before announcements existed).
    void announce(const HistoryEntry &asSent, const std::function<void(std::optional<qint64>)> &send);
    // What recording a read's observation answered: the history problem and historyWritten follow.
    void noteObservationRecorded(const Result<std::optional<qint64>> &recorded);

    struct DeploymentAttempt;
    void deploymentStaleCheck(const std::shared_ptr<DeploymentAttempt> &attempt);
    void sendDeploymentChange(const std::shared_ptr<DeploymentAttempt> &attempt);
    void sendAnnouncedDeploymentChange(const std::shared_ptr<DeploymentAttempt> &attempt);
    void readDeploymentBack(const std::shared_ptr<DeploymentAttempt> &attempt);
    // What the read after a successful change found: Applied, matching the preview or not.
    void concludeReadBack(const std::shared_ptr<DeploymentAttempt> &attempt,
                          const Result<WorkerDeployment> &after);
    // A success that changed nothing (serverHadItAlready): stale, or our own change run twice.
    void judgeNoOpReply(const std::shared_ptr<DeploymentAttempt> &attempt);
    // The change did not take effect because the deployment had changed since the preview's read (the
    // server's words say how it told): read it again, record it, end Stale.
    void finishStaleDeployment(const std::shared_ptr<DeploymentAttempt> &attempt,
                               const QString &serverAnswer);
    void finishDeployment(const std::shared_ptr<DeploymentAttempt> &attempt, DeploymentApplyOutcome outcome);
    // versionMetadata: the versions' metadata when the read described them (settles metadata changes).
    void recordDeploymentRead(const WorkerDeployment &seen,
                              const HistoryEntry::VersionMetadata &versionMetadata = {});

    QPointer<TemporalClient> m_client;
    QPointer<HistoryService> m_history;
    KnownQueueStates m_known;
    QSet<QString> m_applying;
    KnownDeploymentStates m_knownDeployments;
    QSet<QString> m_applyingDeployments;
    QString m_historyProblem;
    HistoryContext::Source m_readSource = HistoryContext::Source::Window;
};
