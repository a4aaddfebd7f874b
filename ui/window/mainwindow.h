#pragma once

#include "common/result.h"
#include "config/connectionsettingsresolver.h"
#include "history/historyentry.h"
#include "rollout/rolloutengine.h"
#include "temporal/temporaltypes.h"
#include "versionsets/applyoutcome.h"
#include "windowmenus.h"

#include <QMainWindow>
#include <QPointer>
#include <QProcessEnvironment>

#include <functional>
#include <optional>

class HistoryPanel;
class HistoryService;
class NamespaceSession;
class QDockWidget;
class OperationMenus;
class PreviewDialog;
class QLabel;
class QLineEdit;
class QModelIndex;
class QProgressBar;
class QueueActions;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTreeView;
class TaskQueueListModel;
class VersionSetGraphModel;
class VersionSetGraphScene;
class VersionSetGraphView;
class VersionSetTreeModel;
class WindowSettings;
class WindowDeployments;
class WindowToolbar;
struct BuildIdOperation;
struct DiscoveredTaskQueue;
struct QueueSnapshot;

// The inspector window: task queues on the left, the selected queue's version sets as a draggable graph
// with a tree mirroring it below, every operation through the confirmation preview. Talks to Temporal only
// through a NamespaceSession (core), never to gRPC. Nothing here blocks: every read and update is
// asynchronous and shows progress in the status bar. Lives on the GUI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // overrides: the connection asked for on the command line (empty fields fall back to what the window
    // remembered, then to the environment and profiles, as versionscope-cli does). history: the rollout
    // history's location from the command line (else VERSIONSCOPE_HISTORY in environment, the profile's, or
    // the default file), opened on a thread of its own.
    MainWindow(WindowSettings *settings, const ConnectionOverrides &overrides,
               const QProcessEnvironment &environment, const std::optional<QString> &history = std::nullopt,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    // Connects with the overrides (resolving them); an error is shown in the window.
    void connectWith(const ConnectionOverrides &overrides);
    // Adds the queue to the list (as typed) and shows it.
    void openTaskQueue(const QString &name);
    // A queue asked for by name (the command line's --task-queue): one whose name breaks the name rules
    // opens only when it exists — the list of discovered queues has it, or a read finds version sets on
    // it (made by another tool); a new one is refused in the status bar with its name escaped, and
    // queueReadFailed() is emitted. Other names open as openTaskQueue().
    void openTaskQueueByName(const QString &name);
    // Opens the confirmation preview of an operation on the shown queue.
    void requestOperation(const BuildIdOperation &operation);
    // "Restore this state": plans the operations that bring the shown queue back to the entry's state
    // (planRestore) and takes them one at a time through the preview, re-planned from the queue as it is
    // after each step. Each step is recorded with the source "restore".
    void restoreHistoryState(const HistoryEntry &entry);

    Result<Done> exportPng(const QString &path) const;
    Result<Done> exportSvg(const QString &path) const;
    Result<Done> exportJson(const QString &path) const;

    // For tests, screenshots and accessibility tools.
    NamespaceSession *session() const { return m_session; }
    VersionSetGraphView *graphView() const { return m_graphView; }
    VersionSetGraphModel *graphModel() const { return m_graphModel; }
    VersionSetGraphScene *graphScene() const { return m_graphScene; }
    QTreeView *setTree() const { return m_setTree; }
    VersionSetTreeModel *setTreeModel() const { return m_setTreeModel; }
    QTreeView *queueView() const { return m_queueView; }
    TaskQueueListModel *queueModel() const { return m_queueModel; }
    OperationMenus *operationMenus() const { return m_menus; }
    PreviewDialog *previewDialog() const { return m_preview; }
    HistoryService *historyService() const { return m_history; }
    HistoryPanel *historyPanel() const { return m_historyPanel; }
    QDockWidget *historyDock() const { return m_historyDock; }
    WindowDeployments *deployments() const { return m_deployments; }
    // Why the history cannot be written, empty when it can (as far as the last check knows).
    QString historyProblem() const { return m_historyProblem; }
    QString explanationText() const;
    QString statusText() const;
    bool isShowingGraph() const;

Q_SIGNALS:
    // The shown queue was read and drawn (emitted after every successful read).
    void queueShown(const QString &taskQueue);
    // A read of the shown queue failed; why is the message shown to the user.
    void queueReadFailed(const QString &taskQueue, const QString &why);
    // A worker deployment was read and shown / could not be read.
    void deploymentShown(const QString &name);
    void deploymentReadFailed(const QString &name, const QString &why);
    // An operation went through the preview and was attempted; reason is what the user typed.
    void operationAttempted(const QString &taskQueue, const ApplyOutcome &outcome, const QString &reason);
    // The shown queue changed outside this window.
    void changeObserved(const QString &taskQueue, const VersionSets &before, const VersionSets &after);
    // An attempt was written to the history (id), or could not be (id 0, error in historyProblem()).
    void attemptRecorded(qint64 id);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    QWidget *buildQueuePane();
    QWidget *buildGraphPane();
    void buildHistoryDock();
    void openHistory(const std::optional<QString> &explicitLocation);
    void setHistoryProblem(const QString &problem);
    void continueRestore(const QueueSnapshot &snapshot);
    // The window title names the shown queue or deployment; add-default is disabled on a deployment page.
    void updateDeploymentActions();
    // Shows the preview of an operation; note explains a restore step (empty for a single operation).
    void openPreview(const BuildIdOperation &operation, const QString &note, const QString &reason);
    void restoreLayout();
    void saveLayout();

    void startSession(const ConnectionSettings &settings);
    void showExplanation(const QString &title, const QString &text);
    void showMessage(const QString &message);

    void onConnected(const Result<SystemInfo> &info);
    void onNamespacesListed(const Result<QStringList> &names);
    void onQueuesDiscovered(const Result<QList<DiscoveredTaskQueue>> &queues);
    void onSummaryRead(const QString &taskQueue, const Result<QueueSnapshot> &snapshot);
    // Opens or refuses m_queueToJudge once enough is known; see openTaskQueueByName().
    void judgeQueueToJudge();
    void onSnapshotRead(const QString &taskQueue, const Result<QueueSnapshot> &snapshot);
    void onChangedElsewhere(const QString &taskQueue, const VersionSets &before, const VersionSets &after);
    void onApplyFinished(const QString &taskQueue, const RolloutEngine::ApplyResult &result);
    void onQueueActivated(const QModelIndex &proxyIndex);
    void updateBusy();
    void savePins();
    // Selects the shown queue's row in the (filtered) queue list, or nothing when it is filtered out.
    void selectShownQueue();

    void showSetTreeMenu(const QPoint &pos);
    void showQueueMenu(const QPoint &pos);
    void showPollers(const QString &buildId);
    // The set and build ID under the tree's current index; setIndex -1 when nothing is selected.
    int currentSetIndex() const;
    QString currentBuildId() const;
    void exportGraph(WindowMenus::ExportFormat format);
    void saveFileAs(const QString &title, const QString &filter, const QString &suffix,
                    const std::function<Result<Done>(const QString &)> &write);

    WindowSettings *m_settings;
    QProcessEnvironment m_environment;
    ConnectionOverrides m_overrides;
    // Counts connectWith() calls: a keychain read answers only the newest one.
    quint64 m_keychainRead = 0;
    // openTaskQueue() before there was a session: opened once startSession() has made one.
    QString m_queueWaitingForSession;
    // openTaskQueueByName() with an odd name not in the list: judged by a light read of it and by the
    // discovery of the session (whichever shows it exists first; a refusal waits for both).
    QString m_queueToJudge;
    std::optional<Result<QueueSnapshot>> m_queueToJudgeRead;
    bool m_queuesDiscovered = false;
    NamespaceSession *m_session = nullptr;

    TaskQueueListModel *m_queueModel;
    QSortFilterProxyModel *m_queueProxy;
    QTreeView *m_queueView = nullptr;
    QLineEdit *m_queueFilter = nullptr;
    QLineEdit *m_queueEntry = nullptr;
    WindowToolbar *m_toolbar = nullptr;
    WindowMenus *m_windowMenus = nullptr;
    WindowDeployments *m_deployments = nullptr;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_explanation = nullptr;
    QLabel *m_changeBanner = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_graphSplitter = nullptr;
    // The shown queue: the graph, the tree and the menus all read this one model.
    VersionSetGraphModel *m_graphModel;
    VersionSetGraphScene *m_graphScene;
    VersionSetGraphView *m_graphView = nullptr;
    VersionSetTreeModel *m_setTreeModel;
    QTreeView *m_setTree = nullptr;
    OperationMenus *m_menus;
    QueueActions *m_queueActions;
    QPointer<PreviewDialog> m_preview;
    QString m_pendingReason;

    HistoryService *m_history = nullptr;
    HistoryPanel *m_historyPanel = nullptr;
    QDockWidget *m_historyDock = nullptr;
    QString m_historyProblem;
    // A restore in progress: the entry whose state is being restored, how many steps were applied, and
    // whether the next step's preview is waiting for the re-read after the last one.
    struct RestoreRun
    {
        HistoryEntry entry;
        int applied = 0;
        bool awaitingRead = false;
    };
    std::optional<RestoreRun> m_restore;
    // The source of the operation the preview shows.
    HistoryContext::Source m_previewSource = HistoryContext::Source::Window;

    // --read-only on the command line holds for every connection of this window, the dialog's too.
    bool m_readOnlyFlag = false;
    // Read-only (ChangeSafety) for the session: every view and menu refuses changes with this reason.
    void applyChangeSafety(const ConnectionSettings &settings);
    QLabel *m_connectionLabel = nullptr;
    QProgressBar *m_busy = nullptr;
    QString m_lastMessage;
    bool m_firstQueueRestored = false;
};
