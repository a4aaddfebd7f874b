#pragma once

#include "graph/versionsetgraphmodel.h"
#include "temporal/queuesnapshot.h"

#include <QAbstractItemModel>
#include <QPointer>

// The version-set graph as a tree, for the keyboard and for screen readers: one top-level row per set
// (oldest first, the queue default set last, like the graph's columns left to right), its build IDs below
// with the set default first (like the graph's stacks, top down). Every fact the graph draws is a column
// here. Mirrors a VersionSetGraphModel (the graph's own, so both always show the same state); holds no
// state of its own. Lives on the GUI thread.
class VersionSetTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Columns { NameColumn, RoleColumn, PollersColumn, ReachabilityColumn, ColumnCount };
    enum Roles {
        // The build ID of a build-ID row; a set row answers with its set default.
        BuildIdRole = Qt::UserRole + 1,
        SetIndexRole,
        IsSetRole,
    };

    // model: the graph model to mirror (not owned), or nullptr for a model of its own.
    explicit VersionSetTreeModel(VersionSetGraphModel *model = nullptr, QObject *parent = nullptr);
    explicit VersionSetTreeModel(QObject *parent);
    ~VersionSetTreeModel() override;

    VersionSetGraphModel *graphModel() const { return m_model.data(); }
    // Shortcuts to the graph model.
    void setSnapshot(const QueueSnapshot &snapshot);
    // Sets without pollers or reachability (previews, history).
    void setSets(const VersionSets &sets);
    const QueueSnapshot &snapshot() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QModelIndex indexOfSet(int setIndex) const;
    QModelIndex indexOfBuildId(const QString &buildId) const;

private:
    // Build IDs of a set in display order: the set default first.
    QString buildIdAt(int setIndex, int row) const;
    QString pollersText(const QString &buildId) const;

    // Guarded: the window may destroy the graph model first; then the tree is empty.
    QPointer<VersionSetGraphModel> m_model;
};
