#pragma once

#include "deployments/deploymentoperation.h"
#include "deployments/deploymentsnapshot.h"
#include "rollout/rolloutengine.h"

#include <QObject>
#include <QPointer>

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
    // Reads the namespace's deployments again (refresh).
    void listDeployments();
    void openDeployment(const QString &name);
    // The preview of a change of the shown deployment (gestures, menus, restore).
    void requestOperation(const DeploymentOperation &operation, const QString &note = {},
                          const QString &reason = {});

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
    // A stale apply: the preview reopens on the next read with the same operation.
    std::optional<DeploymentOperation> m_reopenAfterRead;
    QStringList m_staleChanges;
};
