#pragma once

#include "cliinvocation.h"
#include "history/historystore.h"
#include "temporal/connectionsettings.h"

#include <QJsonObject>
#include <QObject>

#include <memory>
#include <optional>

class TemporalClient;
struct ApplyOutcome;
struct QueueSnapshot;

// Runs one parsed versionscope-cli command against Temporal, asynchronously on the main thread's event
// loop, and writes its output. Emits finished(exitCode) exactly once: 0 success, 1 an error the user can
// act on (message already on stderr).
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
    void reportOutcome(const ApplyOutcome &outcome);
    void listHistory();
    void showHistoryEntry();
    // The history from --history, VERSIONSCOPE_HISTORY, the profile or the default; forWriting also checks
    // that this user may write to it.
    Result<std::unique_ptr<HistoryStore>> openHistory(bool forWriting);

    void out(const QString &text);
    void fail(const QString &message, const QString &detail = QString());
    void done(int exitCode);

    CliInvocation m_invocation;
    ConnectionSettings m_settings;
    TemporalClient *m_client = nullptr;
    // The preview as JSON, completed with the outcome before it is printed (-o json prints one object).
    QJsonObject m_previewJson;
    bool m_finished = false;
    // Updates: the history the outcome is recorded in (none with --no-history, --dry-run, or when it could
    // not be opened: m_historyError says why), and when the attempt began.
    std::unique_ptr<HistoryStore> m_history;
    std::optional<Error> m_historyError;
    QDateTime m_attemptAt;
};
