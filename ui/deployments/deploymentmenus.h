#pragma once

#include "deploymentgraphmodel.h"
#include "deployments/deploymentoperation.h"

#include <QInputDialog>
#include <QObject>
#include <QPointer>

class QAction;

class QMenu;
class QWidget;

// The context menus of the deployment graph and its tree, built from the model's current state:
//   a version  set current, ramp this version, change the ramp's percentage, stop ramping, delete, delete
//              without waiting for drainage (warned), metadata, manager identity, copy build ID
//   Current    set current ▸ (every version), make unversioned workers current, manager identity
//   Ramping    ramp to ▸ (every version), change the ramp's percentage, stop ramping
//   canvas     all of the lanes' actions
// Choosing an operation never sends anything: operationRequested asks the owner for the preview; the
// metadata and manager dialogs are the owner's too (metadataRequested, managerRequested). An action the
// state makes pointless or the server would refuse is disabled and its tooltip and status tip say why; in
// a read-only menu every change is. Every action has an objectName for tests and accessibility tools.
// Lives on the GUI thread.
class DeploymentMenus : public QObject
{
    Q_OBJECT

public:
    // dialogParent: the window the percentage dialog is modal to.
    DeploymentMenus(DeploymentGraphModel *model, QWidget *dialogParent, QObject *parent = nullptr);

    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    bool isReadOnly() const { return m_readOnly; }
    // Why no change may be asked (a read-only connection), empty when changes may be: every change is then
    // disabled with this reason, as in a read-only menu.
    void setChangesRefused(const QString &why) { m_changesRefused = why; }
    QString changesRefused() const { return m_changesRefused; }

    // Menus are created fresh, parented to `parent`, and delete themselves when closed.
    QMenu *versionMenu(const QString &key, QWidget *parent);
    QMenu *laneMenu(DeploymentGraphModel::Lane lane, QWidget *parent);
    QMenu *canvasMenu(QWidget *parent);

    // Asks for the ramp's new percentage (open(), not exec()); operationRequested follows an accepted dialog.
    void askPercentage();
    QInputDialog *percentageDialog() const { return m_percentDialog; }

    // Why an operation is pointless or would be refused on this state, empty when it is not: the rules by
    // which the menus disable their actions.
    static QString setCurrentUnavailableReason(const DeploymentGraphModel &model, const QString &key);
    static QString rampUnavailableReason(const DeploymentGraphModel &model, const QString &key);
    static QString changePercentageUnavailableReason(const DeploymentGraphModel &model);
    static QString stopRampingUnavailableReason(const DeploymentGraphModel &model);
    static QString deleteUnavailableReason(const DeploymentGraphModel &model, const QString &key,
                                           bool skipDrainage);
    static QString metadataUnavailableReason(const DeploymentGraphModel &model, const QString &key);

Q_SIGNALS:
    void operationRequested(const DeploymentOperation &operation);
    // The metadata of a version is to be shown (and, unless read-only, edited).
    void metadataRequested(const QString &key);
    // The manager identity is to be shown (and, unless read-only, set).
    void managerRequested();
    // A short message for the status bar ("Copied v3").
    void messagePosted(const QString &message);

private:
    QAction *addAction(QMenu *menu, const QString &text, const char *name, const QString &why);
    void addSetCurrentMenu(QMenu *menu);
    void addRampToMenu(QMenu *menu);
    void addRampActions(QMenu *menu);
    void addUnversionedCurrent(QMenu *menu);
    void addManager(QMenu *menu);
    QString readOnlyOr(const QString &why) const;

    QPointer<DeploymentGraphModel> m_model;
    QWidget *m_dialogParent;
    bool m_readOnly = false;
    QString m_changesRefused;
    QPointer<QInputDialog> m_percentDialog;
    // Read-only, or changes refused: only looking is offered.
    bool onlyLooking() const { return m_readOnly || !m_changesRefused.isEmpty(); }
};
