#include "versionsetselectionsync.h"

#include "graph/versionsetgraphmodel.h"
#include "versionsettreemodel.h"

#include <QAbstractItemView>
#include <QItemSelectionModel>

VersionSetSelectionSync::VersionSetSelectionSync(VersionSetGraphModel *model, VersionSetTreeModel *treeModel,
                                                 QAbstractItemView *tree, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_treeModel(treeModel)
    , m_tree(tree)
{
    connect(m_model, &VersionSetGraphModel::selectionChanged, this, &VersionSetSelectionSync::toTree);
    // After the tree's reset (a refresh): put its current row back where the graph's selection is.
    connect(m_treeModel, &QAbstractItemModel::modelReset, this, &VersionSetSelectionSync::toTree);
    connect(tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { fromTree(current); });
    toTree();
}

void VersionSetSelectionSync::toTree()
{
    if (m_updating || !m_tree || !m_model || !m_treeModel)
        return;
    m_updating = true;
    QModelIndex index;
    if (!m_model->selectedBuildId().isEmpty())
        index = m_treeModel->indexOfBuildId(m_model->selectedBuildId());
    else if (m_model->selectedSet() >= 0)
        index = m_treeModel->indexOfSet(m_model->selectedSet());
    if (index.isValid())
        m_tree->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    else
        m_tree->selectionModel()->clear();
    m_updating = false;
}

void VersionSetSelectionSync::fromTree(const QModelIndex &current)
{
    if (m_updating || !m_model)
        return;
    m_updating = true;
    if (!current.isValid())
        m_model->clearSelection();
    else if (current.data(VersionSetTreeModel::IsSetRole).toBool())
        m_model->select(current.data(VersionSetTreeModel::SetIndexRole).toInt());
    else
        m_model->select(current.data(VersionSetTreeModel::SetIndexRole).toInt(),
                        current.data(VersionSetTreeModel::BuildIdRole).toString());
    m_updating = false;
}
