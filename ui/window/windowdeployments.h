#pragma once

#include "deployments/deploymentoperation.h"
#include "deployments/deploymentsnapshot.h"
#include "history/deploymentrestoreplanner.h"
#include "history/historyentry.h"
#include "rollout/rolloutengine.h"

#include <QObject>
#include <QPointer>
#include <QSet>

class DeploymentListModel;
class DeploymentPage;
class DeploymentPreviewDialog;
class HistoryService;
class NamespaceSession;
class QLabel;
class QModelIndex;
class QTreeView;
class QWidget;
class TaskQueueListModel;

// The window's Worker Deployments side: the list of the namespace's deployments (left pane, under the task
// queues), the deployment page (graph, tree, header) with a banner for changes made elsewhere, and every
// change through DeploymentPreviewDialog and the session's engine. It also tells the task-queue list which
// deployment polls each queue (from the versions' task queues), so the list can say so and open it.
// Talks to Temporal only through the NamespaceSession. Lives on the GUI thread.
class WindowDeployments : public QObject
{
    Q_OBJECT

public:
    // window: parent of the widgets and dialogs.
    WindowDeployments(TaskQueueListModel *queues, HistoryService *history, QWidget *window);

    // The list for the left pane (a caption saying whether the namespace serves deployments, and the list).
    QWidget *listPane() const { return m_listPane; }
    // The page for the window's stack.
    QWidget *pageWidget() const { return m_pageWidget; }
    DeploymentPage *page() const { return m_page; }
    QTreeView *listView() const { return m_listView; }
    DeploymentListModel *listModel() const { return m_listModel; }
    DeploymentPreviewDialog *previewDialog() const;
    QString captionText() const;
    QString bannerText() const;

    // A new connection: the list is read again. Null: disconnected.
    void setSession(NamespaceSession *session);
    void setHistoryProblem(const QString &problem) { m_historyProblem = problem; }
    // Why no change may be made (a read-only connection), empty when changes may be: the page refuses drags
    // and disables its changes with this reason; a preview or restore asked for anyway only says it.
    void setChangesRefused(const QString &why);
    // Reads the namespace's deployments again (refresh).
    void listDeployments();
    void openDeployment(const QString &name);
    // A deployment asked for by name (the command line's --deployment): one whose name breaks the name rules
    // opens only once the namespace's list shows it exists (made by another tool); a new one is refused with
    // messagePosted() and deploymentReadFailed(), its name escaped. Other names open as openDeployment().
    void openDeploymentByName(const QString &name);
    // The preview of a change of the shown deployment (gestures, menus, restore).
    void requestOperation(const DeploymentOperation &operation, const QString &note = {},
                          const QString &reason = {});
    // "Restore this state" from the history panel: plan's operations one at a time through the preview,
    // each recorded with the source "restore", planned again (planDeploymentRestore) from the deployment as
    // read after each applied step. Ends when nothing is left to do, a step is not applied, the preview is
    // closed, an operation is chosen by hand, or another deployment or queue is opened.
    void restoreRouting(const HistoryEntry &entry, const DeploymentRestorePlan &plan);
    bool isRestoring() const { return m_restore.has_value(); }

Q_SIGNALS:
    // The window should show pageWidget() (a deployment was read).
    void pageWanted();
    void messagePosted(const QString &message);
    void deploymentShown(const QString &name);
    void deploymentReadFailed(const QString &name, const QString &why);
    // A change was attempted; id is its history entry (0: not recorded).
    void attemptFinished(const QString &name, const DeploymentApplyOutcome &outcome, qint64 historyId);
    void busyChanged();

private:
    void onListed(const Result<QList<WorkerDeploymentSummary>> &deployments);
    void onRead(const QString &name, const Result<DeploymentSnapshot> &snapshot);
    void onChangedElsewhere(const QString &name, const WorkerDeployment &before,
                            const WorkerDeployment &after);
    void onApplyFinished(const QString &name, const RolloutEngine::DeploymentApplyResult &result);
    void onActivated(const QModelIndex &index);
    // Which deployment polls which task queue: a light read (versions' details only) of each listed one.
    void mapTaskQueues(const QStringList &names);
    void noteTaskQueues(const DeploymentSnapshot &snapshot);
    void openPreview(const DeploymentOperation &operation, const QString &note, const QString &reason);
    void continueRestore(const DeploymentSnapshot &snapshot);
    QString restoreNote(const DeploymentRestorePlan &plan) const;

    TaskQueueListModel *m_queues;
    HistoryService *m_history;
    QWidget *m_window;
    QPointer<NamespaceSession> m_session;
    QWidget *m_listPane;
    QLabel *m_caption;
    QTreeView *m_listView;
    DeploymentListModel *m_listModel;
    QWidget *m_pageWidget;
    QLabel *m_banner;
    DeploymentPage *m_page;
    QPointer<DeploymentPreviewDialog> m_preview;
    QString m_historyProblem;
    // openDeployment() before setSession(): opened once the session is there.
    QString m_deploymentWaitingForSession;
    // openDeploymentByName() with an odd name: judged against the next list read.
    QString m_deploymentToJudge;
    QString m_changesRefused;
    // Deployments whose task queues were looked up on this connection.
    QSet<QString> m_mappedDeployments;
    // A stale apply: the preview reopens on the next read with the same operation.
    std::optional<DeploymentOperation> m_reopenAfterRead;
    QStringList m_staleChanges;
    // The build IDs a change made elsewhere touched: highlighted until a read after an apply of our own.
    QStringList m_highlighted;
    // A restore in progress: the entry whose routing is restored, the routing it had, how many steps were
    // applied, and whether the next step waits for the read after the last one.
    struct RestoreRun
    {
        HistoryEntry entry;
        WorkerDeployment target;
        int applied = 0;
        bool awaitingRead = false;
    };
    std::optional<RestoreRun> m_restore;
    // Whether an apply of ours finished since the last read (its read-back clears the highlight).
    bool m_appliedSinceRead = false;
    // Whether the read under way found a change made elsewhere (announced just before the read).
    bool m_changedThisRead = false;
    // The source the preview's operation is recorded with.
    HistoryContext::Source m_previewSource = HistoryContext::Source::Window;
};
