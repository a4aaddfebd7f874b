#include "deploymentselectionsync.h"

#include "deploymentgraphmodel.h"
#include "deploymenttreemodel.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>

DeploymentSelectionSync::DeploymentSelectionSync(DeploymentGraphModel *model, DeploymentTreeModel *treeModel,
                                                 QAbstractItemView *view, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_treeModel(treeModel)
    , m_view(view)
{
    connect(m_model, &DeploymentGraphModel::selectionChanged, this, &DeploymentSelectionSync::toView);
    // After the list's reset (a refresh): put its current row back where the graph's selection is.
    connect(m_treeModel, &QAbstractItemModel::modelReset, this, &DeploymentSelectionSync::toView);
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { fromView(current); });
    toView();
}

void DeploymentSelectionSync::toView()
{
    if (m_updating || !m_view || !m_model || !m_treeModel)
        return;
    m_updating = true;
    const QModelIndex index =
        m_model->hasSelection() ? m_treeModel->indexOfKey(m_model->selectedKey()) : QModelIndex();
    if (index.isValid())
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    else
        m_view->selectionModel()->clear();
    m_updating = false;
}

void DeploymentSelectionSync::fromView(const QModelIndex &current)
{
    if (m_updating || !m_model)
        return;
    m_updating = true;
    if (current.isValid())
        m_model->select(current.data(DeploymentTreeModel::KeyRole).toString());
    else
        m_model->clearSelection();
    m_updating = false;
}
