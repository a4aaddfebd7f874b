#pragma once

#include "common/result.h"
#include "history/deploymentrestoreplanner.h"
#include "history/historyentry.h"
#include "history/historyfilter.h"

#include <QList>
#include <QWidget>

class HistoryEntryModel;
class HistoryService;
class QAbstractButton;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;
class VersionSetGraphScene;
class VersionSetGraphView;

// The rollout history in the window: a timeline of applied and observed changes (of the shown queue or
// Worker Deployment, or of all of the namespace), filtered by model, person, operation, outcome and time; one
// selected entry shows the state before and right after it (version sets as graphs, a deployment's routing
// as text with its shares of new workflows), two selected entries are compared as a before/after diff;
// export to CSV and JSON; "Restore this state" asks the window to restore a past state of the shown queue,
// or of the shown deployment's routing. Reads go through the HistoryService (never the GUI thread's own
// database calls). Lives on the GUI thread.
class HistoryPanel : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryPanel(HistoryService *service, QWidget *parent = nullptr);

    // The queue the window shows (any part may be empty: none). "This queue" follows it; restoring is
    // offered for its entries only.
    void setCurrentQueue(const QString &serverAddress, const QString &namespaceName,
                         const QString &taskQueue);
    // The Worker Deployment the window shows instead of a queue, and its state as last read (none while
    // unknown): "This deployment" follows it; restoring is offered for its entries only, planned from
    // `current` (planDeploymentRestore). Call again after each read so that the plan starts from the latest.
    void setCurrentDeployment(const QString &serverAddress, const QString &namespaceName,
                              const QString &deploymentName, const std::optional<WorkerDeployment> &current);
    // Why no change may be made (a read-only connection), empty when changes may be: "Restore this state"
    // is then disabled with this reason; everything else (reading, comparing, exporting) works.
    void setChangesRefused(const QString &why);
    // Queries again with the filter the controls describe (also done on open, on every write and on every
    // change of the controls).
    void reload();
    HistoryFilter filter() const;
    // The selected entries, oldest first.
    QList<HistoryEntry> selectedEntries() const;
    // The listed entries (filtered), newest first, as CSV / JSON (historyexport), written atomically.
    Result<Done> exportCsv(const QString &path) const;
    Result<Done> exportJson(const QString &path) const;

    // For tests, screenshots and accessibility tools.
    QTreeView *timeline() const { return m_timeline; }
    HistoryEntryModel *model() const { return m_model; }
    VersionSetGraphScene *beforeScene() const { return m_beforeScene; }
    VersionSetGraphScene *afterScene() const { return m_afterScene; }
    VersionSetGraphView *beforeView() const { return m_beforeView; }
    VersionSetGraphView *afterView() const { return m_afterView; }
    QAbstractButton *restoreButton() const;
    QComboBox *scopeBox() const { return m_scope; }
    QLineEdit *personEdit() const { return m_person; }
    QComboBox *operationBox() const { return m_operation; }
    QComboBox *outcomeBox() const { return m_outcome; }
    QComboBox *periodBox() const { return m_period; }
    QComboBox *modelBox() const { return m_modelBox; }
    // What the routing panes show for deployment entries (the graphs are hidden then).
    QString beforeRoutingText() const;
    QString afterRoutingText() const;
    QString statusText() const;
    QString captionText() const;
    QString detailText() const;

Q_SIGNALS:
    // "Restore this state" on a version-set entry of the current queue whose state is known.
    void restoreRequested(const HistoryEntry &entry);
    // "Restore this state" on a deployment entry of the shown deployment: plan holds the routing operations
    // (in order, none empty) that bring it back from the state given to setCurrentDeployment, and the
    // limitations to show. Each operation is meant to go through the preview; plan again from the state
    // each step leaves.
    void deploymentRestoreRequested(const HistoryEntry &entry, const DeploymentRestorePlan &plan);
    // A query answered (count entries listed; also after an error, with 0).
    void loaded(int count);

protected:
    // The graphs are fitted again whenever either view changes size (dialog, splitter, dock, scrolling).
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Fits the before and after graphs at one scale.
    void fitGraphs();
    void showEntries(const QList<HistoryEntry> &entries);
    void updateDetail();
    void updateRestoreButton();
    // Shows the graphs (version sets) or the routing panes (deployments).
    void showRoutingPanes(bool routing);
    void showDeploymentEntry(const HistoryEntry &entry);
    void compareDeploymentEntries(const HistoryEntry &older, const HistoryEntry &newer);
    // The plan restoreButton would request for the selection, when it is a deployment entry of the shown
    // deployment whose state is known and the current state too.
    std::optional<DeploymentRestorePlan> deploymentRestorePlan() const;
    void exportTo(const QString &title, const QString &filter, const QString &suffix, bool csv);

    HistoryService *m_service;
    QString m_serverAddress;
    QString m_namespaceName;
    QString m_taskQueue;
    QString m_deploymentName;
    std::optional<WorkerDeployment> m_currentDeployment;
    // Counts queries, so that only the answer to the latest is shown.
    quint64 m_generation = 0;

    QComboBox *m_scope;
    QLineEdit *m_person;
    QComboBox *m_operation;
    QComboBox *m_outcome;
    QComboBox *m_period;
    QComboBox *m_modelBox;
    QLabel *m_status;
    HistoryEntryModel *m_model;
    QTreeView *m_timeline;
    QLabel *m_caption;
    QLabel *m_beforeCaption;
    QLabel *m_afterCaption;
    VersionSetGraphScene *m_beforeScene;
    VersionSetGraphScene *m_afterScene;
    VersionSetGraphView *m_beforeView;
    VersionSetGraphView *m_afterView;
    QLabel *m_beforeRouting;
    QLabel *m_afterRouting;
    QLabel *m_detail;
    QPushButton *m_restore;
    QString m_changesRefused;
};
