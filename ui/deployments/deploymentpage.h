#pragma once

#include "deployments/deploymentoperation.h"
#include "deployments/deploymentsnapshot.h"
#include "manageridentitydialog.h"
#include "metadatadialog.h"

#include <QPointer>
#include <QWidget>

class DeploymentGraphModel;
class DeploymentGraphScene;
class DeploymentMenus;
class DeploymentTreeModel;
class DeploymentView;

class QLabel;
class QSplitter;
class QTreeView;

// Everything the window shows of one Worker Deployment: a header line (name, routing, manager identity, last
// modifier, read time), the graph and the list of versions below it on one selection, with the context
// menus and the metadata and manager-identity dialogs. Fed with snapshots; changes nothing itself: every
// gesture, menu choice or dialog ends in operationRequested, for the owner's preview. Lives on the GUI
// thread.
class DeploymentPage : public QWidget
{
    Q_OBJECT

public:
    explicit DeploymentPage(QWidget *parent = nullptr);
    ~DeploymentPage() override;

    // A refresh: the items update in place; a selection and a drag survive it when what they hold still
    // exists. A menu already open keeps the choices it opened with (the preview works on a fresh read).
    void setSnapshot(const DeploymentSnapshot &snapshot);
    const DeploymentSnapshot &snapshot() const;
    // Read-only (history, a namespace the operator may not change): no drags, every change disabled with
    // the reason; metadata and manager identity can still be looked at.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    // Why no change may be asked (a read-only connection), empty when changes may be: drags are refused
    // saying why, menus disable every change with it, the dialogs only show.
    void setChangesRefused(const QString &why);
    // The identity Versionscope sends (ConnectionSettings::identity), named by the manager dialog's "self".
    void setOwnIdentity(const QString &identity) { m_ownIdentity = identity; }

    // Versions drawn as changed (a change made elsewhere, announced by the window), by build ID.
    void setHighlighted(const QStringList &keys);

    void showMetadata(const QString &key);
    void showManagerIdentity();

    DeploymentGraphModel *graphModel() const { return m_model; }
    DeploymentGraphScene *scene() const { return m_scene; }
    DeploymentView *view() const { return m_view; }
    QTreeView *tree() const { return m_tree; }
    DeploymentTreeModel *treeModel() const { return m_treeModel; }
    DeploymentMenus *menus() const { return m_menus; }
    QLabel *header() const { return m_header; }
    // The dialog open now, if any (for tests).
    MetadataDialog *metadataDialog() const { return m_metadataDialog; }
    ManagerIdentityDialog *managerDialog() const { return m_managerDialog; }

Q_SIGNALS:
    // Emitted once per gesture, menu choice or accepted dialog that asks for a change, on the GUI thread.
    void operationRequested(const DeploymentOperation &operation);
    // A short message for the status bar: a refused drop, an interrupted drag, a copied build ID.
    void messagePosted(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateHeader();
    // pos in the list's viewport; atCurrent: for the current row (keyboard), else for the row under pos.
    void showTreeMenu(const QPoint &pos, bool atCurrent);

    bool m_readOnly = false;
    QString m_changesRefused;
    bool m_fitted = false;
    QString m_ownIdentity;
    DeploymentGraphModel *m_model;
    DeploymentGraphScene *m_scene;
    DeploymentTreeModel *m_treeModel;
    DeploymentMenus *m_menus;
    QLabel *m_header;
    QLabel *m_notes;
    QSplitter *m_splitter;
    DeploymentView *m_view;
    QTreeView *m_tree;
    QPointer<MetadataDialog> m_metadataDialog;
    QPointer<ManagerIdentityDialog> m_managerDialog;
};
