#pragma once

#include <QObject>
#include <QPointer>

class QAbstractItemView;
class QModelIndex;
class VersionSetGraphModel;
class VersionSetTreeModel;

// Keeps a tree view of a VersionSetTreeModel and the graph showing the same VersionSetGraphModel on one
// selection, both ways: choosing a card in the graph makes its row the tree's current index, moving in
// the tree selects the card in the graph. Survives refreshes (the tree's reset) by re-reading the graph
// model's selection. Owns nothing; lives on the GUI thread.
class VersionSetSelectionSync : public QObject
{
    Q_OBJECT

public:
    // tree shows treeModel, which mirrors model; call after tree->setModel(treeModel).
    VersionSetSelectionSync(VersionSetGraphModel *model, VersionSetTreeModel *treeModel,
                            QAbstractItemView *tree, QObject *parent = nullptr);

private:
    void toTree();
    void fromTree(const QModelIndex &current);

    // Guarded: during the window's teardown either may go first.
    QPointer<VersionSetGraphModel> m_model;
    QPointer<VersionSetTreeModel> m_treeModel;
    QPointer<QAbstractItemView> m_tree;
    bool m_updating = false;
};
