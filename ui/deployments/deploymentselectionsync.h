#pragma once

#include <QObject>
#include <QPointer>

class QAbstractItemView;
class QModelIndex;
class DeploymentGraphModel;
class DeploymentTreeModel;

// Keeps a view of a DeploymentTreeModel and the graph showing the same DeploymentGraphModel on one
// selection, both ways: choosing a card in the graph makes its row the view's current index, moving in the
// list selects the card. Survives refreshes (the model's reset) by re-reading the graph model's selection.
// Owns nothing; lives on the GUI thread.
class DeploymentSelectionSync : public QObject
{
    Q_OBJECT

public:
    // view shows treeModel, which mirrors model; call after view->setModel(treeModel).
    DeploymentSelectionSync(DeploymentGraphModel *model, DeploymentTreeModel *treeModel,
                            QAbstractItemView *view, QObject *parent = nullptr);

private:
    void toView();
    void fromView(const QModelIndex &current);

    QPointer<DeploymentGraphModel> m_model;
    QPointer<DeploymentTreeModel> m_treeModel;
    QPointer<QAbstractItemView> m_view;
    bool m_updating = false;
};
