#pragma once

#include "history/historyentry.h"

#include <QAbstractTableModel>
#include <QList>

// The rollout history's timeline as a table, one row per entry in the order given (newest first as the
// store lists them), version-set and Worker Deployment entries alike: the Model column says which, the
// Queue column names the queue or the deployment, Who says for a deployment change seen elsewhere who the
// server says made it. Observed changes are set in italics and say so in words; nothing is told by colour
// alone. Lives on the GUI thread.
class HistoryEntryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        WhenColumn,
        ModelColumn,
        QueueColumn,
        WhatColumn,
        OutcomeColumn,
        WhoColumn,
        ReasonColumn,
        ColumnCount
    };
    enum Role {
        // The entry's id (qint64).
        IdRole = Qt::UserRole + 1,
    };

    explicit HistoryEntryModel(QObject *parent = nullptr);

    void setEntries(const QList<HistoryEntry> &entries);
    const QList<HistoryEntry> &entries() const { return m_entries; }
    const HistoryEntry &entry(int row) const { return m_entries.at(row); }
    // The row of the entry with this id, -1 when not listed.
    int rowOf(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<HistoryEntry> m_entries;
};
