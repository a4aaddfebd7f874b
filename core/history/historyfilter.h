#pragma once

#include "historyentry.h"

#include <QDateTime>
#include <QString>

#include <optional>

// Which history entries to list. Empty or unset fields match everything; the set ones must all match. A
// plain value.
struct HistoryFilter
{
    // Exact matches.
    QString taskQueue;
    QString namespaceName;
    QString serverAddress;
    // A part of the OS user or of the identity, ignoring case (on SQLite, case of ASCII letters only).
    QString person;
    // The kind of operation: leaves Observed entries out.
    std::optional<BuildIdOperation::Kind> operation;
    // The effective outcome (HistoryEntry::effectiveOutcome): an Unknown entry a read settled as Applied
    // counts as Applied.
    std::optional<HistoryEntry::Outcome> outcome;
    std::optional<HistoryEntry::Kind> kind;
    // recordedAt within [since, until], both inclusive; an invalid time leaves that end open.
    QDateTime since;
    QDateTime until;
    // The newest `limit` matching entries; 0 for all.
    int limit = 0;

    // The rule the store applies in SQL, for entries already in memory.
    bool matches(const HistoryEntry &entry) const;

    bool operator==(const HistoryFilter &) const = default;
};
