#include "historyentrymodel.h"

#include "history/historyexport.h"

#include <QFont>

HistoryEntryModel::HistoryEntryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void HistoryEntryModel::setEntries(const QList<HistoryEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

int HistoryEntryModel::rowOf(qint64 id) const
{
    for (qsizetype row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).id == id)
            return int(row);
    }
    return -1;
}

int HistoryEntryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int HistoryEntryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryEntryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const HistoryEntry &entry = m_entries.at(index.row());
    const bool observed = entry.kind == HistoryEntry::Kind::Observed;
    if (role == IdRole)
        return entry.id;
    if (role == Qt::FontRole && observed) {
        QFont font;
        font.setItalic(true);
        return font;
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case WhenColumn:
            return entry.recordedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case ModelColumn:
            return entry.isDeployment() ? tr("Deployment") : tr("Version sets");
        case QueueColumn:
            return entry.context.subject();
        case WhatColumn:
            return historyWhatText(entry);
        case OutcomeColumn:
            return historyOutcomeText(entry);
        case WhoColumn:
            // Temporal names who changed a deployment (its last modifier identity); for sets it does not.
            if (entry.routingRevision() && !entry.changedBy().isEmpty())
                return entry.changedBy();
            return entry.context.osUser;
        case ReasonColumn:
            return QString(entry.reason).replace(QLatin1Char('\n'), QLatin1Char(' '));
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case WhenColumn:
            return QStringLiteral("Entry #%1, %2 UTC%3")
                .arg(entry.id)
                .arg(entry.recordedAt.toUTC().toString(Qt::ISODateWithMs))
                .arg(observed ? QStringLiteral(" (first seen)") : QString());
        case WhoColumn:
            if (entry.routingRevision())
                return tr("Changed by %1 (the deployment's last modifier identity); seen by a refresh of %2")
                    .arg(entry.changedBy().isEmpty() ? tr("an unnamed identity") : entry.changedBy(),
                         entry.context.osUser);
            return entry.context.identity.isEmpty()
                       ? QStringLiteral(
                             "%1 (whose refresh saw the change; Temporal does not say who made it)")
                             .arg(entry.context.osUser)
                       : QStringLiteral("%1, identity sent to Temporal: %2")
                             .arg(entry.context.osUser, entry.context.identity);
        case OutcomeColumn:
            return entry.errorMessage.isEmpty()
                       ? QVariant()
                       : QVariant(QString(entry.errorCode + QStringLiteral(": ") + entry.errorMessage));
        case ReasonColumn:
            return entry.reason.isEmpty() ? QVariant() : entry.reason;
        default:
            if (entry.isDeployment())
                return tr("%1 on deployment %2 (%3, %4)")
                    .arg(historyWhatText(entry), entry.context.deploymentName, entry.context.namespaceName,
                         entry.context.serverAddress);
            return QStringLiteral("%1 on %2 (%3, %4)")
                .arg(historyWhatText(entry), entry.context.taskQueue, entry.context.namespaceName,
                     entry.context.serverAddress);
        }
    }
    if (role == Qt::AccessibleTextRole)
        return data(index, Qt::DisplayRole);
    return {};
}

QVariant HistoryEntryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhenColumn:
        return tr("When");
    case ModelColumn:
        return tr("Model");
    case QueueColumn:
        return tr("Queue / deployment");
    case WhatColumn:
        return tr("What");
    case OutcomeColumn:
        return tr("Outcome");
    case WhoColumn:
        return tr("Who");
    case ReasonColumn:
        return tr("Reason");
    }
    return {};
}
