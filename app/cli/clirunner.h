#pragma once

#include "cliinvocation.h"
#include "history/historystore.h"
#include "rollout/rolloutengine.h"
#include "temporal/connectionsettings.h"

#include <QJsonObject>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class HistoryService;
class RolloutEngine;
class TemporalClient;
struct QueueSnapshot;

// Runs one parsed versionscope-cli command against Temporal, asynchronously on the main thread's event
// loop, and writes its output: a thin front end of the RolloutEngine, which reads, previews, applies and
// records exactly as it does for the window. Emits finished(exitCode) exactly once: 0 success, 1 an error
// the user can act on (message already on stderr), 2 an update refused by the connection's ChangeSafety
// (read-only, or a protected target's name not confirmed with --yes), decided before anything is read. Writes
// to the history still under way when it finishes are completed when the runner is destroyed.
class CliRunner : public QObject
{
    Q_OBJECT

public:
    explicit CliRunner(const CliInvocation &invocation, QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void getBuildIds();
    void describeBuildIds();
    void listTaskQueues();
    void updateBuildIds();
    void confirmAndApply(const QueueSnapshot &snapshot);
    void reportOutcome(const RolloutEngine::ApplyResult &result);
    // worker deployment …
    void listDeployments();
    void describeDeployment();
    void describeDeploymentVersion();
    void changeDeployment();
    // Names a person typed that break NameRules are refused unless the server already has them (made by
    // another tool): the deployment name is looked up in the namespace's list (which sends no name), the
    // build ID among the deployment's versions (which sends only the deployment's name). Then next.
    void checkDeploymentNamesThen(bool checkBuildId, const std::function<void()> &next);
    // After a queue's read: a task queue name that breaks NameRules and has no version sets is a new name,
    // refused (true, failed); an existing one is used with a warning on stderr.
    bool refusedNewTaskQueue(const VersionSets &sets);
    void confirmAndApplyDeployment(const DeploymentSnapshot &snapshot);
    void reportDeploymentOutcome(const RolloutEngine::DeploymentApplyResult &result);
    enum class Answer { Yes, No, NoTerminal };
    // Asks on the terminal whether to apply a change to target (saying so when it cannot be recorded); for
    // a protected target (protection says why) the answer is its name (name), not y.
    Answer askToApply(const QString &target, const QString &name, const QString &protection);
    // Unless --yes: asks; on no (or no terminal) finishes the run as cancelled or failed and says false.
    // The name typed (or --confirm-name) is kept for the engine in m_confirmedName.
    bool confirmed(const QString &target);
    // An update that the connection's ChangeSafety refuses whatever the server says: read-only (unless
    // --dry-run), --confirm-name naming another target, or a protected target with --yes and no
    // --confirm-name. Finishes the run with exit code 2 and says false.
    bool changeAllowed();
    // The target of the update (the task queue or the deployment) and why it is protected (empty: it is
    // not).
    QString changeTarget() const;
    QString targetProtection() const;
    // With -o json: the preview object, completed with extra, printed once.
    void printPreviewJson(const QJsonObject &extra);
    // The end of an apply, for both models: a warning when it could not be recorded, the outcome object
    // of -o json (error when failed, the history entry), and the "recorded as entry N" line.
    void warnIfUnrecorded(const QString &summary, const std::optional<Error> &historyError);
    void printOutcomeJson(QJsonObject result, bool failed, const Error &error,
                          const std::optional<qint64> &historyId);
    QString recordedLine(const std::optional<qint64> &historyId) const;
    // Opens the history every read and change of this run is recorded in (unless --no-history), then
    // calls next. forWriting: an update, which must know before sending whether it will be recorded.
    void openHistoryThen(bool forWriting, const std::function<void()> &next);
    void listHistory();
    void showHistoryEntry();
    // The history from --history, VERSIONSCOPE_HISTORY, the profile or the default; forWriting also checks
    // that this user may write to it.
    Result<std::unique_ptr<HistoryStore>> openHistory(bool forWriting);

    void out(const QString &text);
    void fail(const QString &message, const QString &detail = QString(), int exitCode = 1);
    void done(int exitCode);

    CliInvocation m_invocation;
    ConnectionSettings m_settings;
    TemporalClient *m_client = nullptr;
    RolloutEngine *m_engine = nullptr;
    HistoryService *m_historyService = nullptr;
    // The preview as JSON, completed with the outcome before it is printed (-o json prints one object).
    QJsonObject m_previewJson;
    bool m_finished = false;
    // Why the history cannot record this run (it could not be opened or written), when it cannot.
    std::optional<Error> m_historyError;
    // The protected target's name as typed at the prompt or given with --confirm-name.
    QString m_confirmedName;
};
