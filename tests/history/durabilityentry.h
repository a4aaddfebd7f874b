#pragma once

#include "history/historyentry.h"

#include <QDateTime>
#include <QString>

// The entry a durability writer appends as its seq-th, derived from (writer, seq) alone, so that the test can
// tell an intact entry from a torn or mixed-up one. Every tenth is an observed change; the reason is long
// enough that a row spans more than one page of the database.
inline HistoryEntry durabilityEntry(const QString &writer, int seq)
{
    const QString id = QStringLiteral("%1.%2").arg(writer).arg(seq);
    const QString previous = QStringLiteral("%1.%2").arg(writer).arg(seq - 1);
    HistoryEntry entry;
    entry.recordedAt =
        QDateTime::fromMSecsSinceEpoch(1'750'000'000'000 + seq * 1000 + writer.size(), Qt::UTC);
    entry.context.osUser = QStringLiteral("writer-") + writer;
    entry.context.identity = entry.context.osUser + QStringLiteral("@durability");
    entry.context.serverAddress = QStringLiteral("127.0.0.1:7233");
    entry.context.namespaceName = QStringLiteral("durability");
    entry.context.taskQueue = QStringLiteral("queue-") + writer;
    entry.context.source = HistoryContext::Source::Cli;
    entry.reason = QStringLiteral("writer %1 entry %2: ").arg(writer).arg(seq) +
                   QStringLiteral("%1/").arg(id).repeated(700 + seq % 300);
    entry.before = VersionSets({{previous}});
    entry.after = VersionSets({{previous, id}});
    if (seq % 10 == 9) {
        entry.kind = HistoryEntry::Kind::Observed;
        entry.outcome = HistoryEntry::Outcome::Observed;
        entry.context.identity.clear();
    } else {
        entry.kind = HistoryEntry::Kind::Applied;
        entry.operation = BuildIdOperation::addNewCompatible(id, previous, seq % 2 == 0);
        entry.matchedPreview = seq % 3 != 0;
        entry.outcome = HistoryEntry::Outcome::Applied;
    }
    return entry;
}
