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
    // A part of the OS user or of the identity, or for Observed deployment entries of the deployment's last
    // modifier identity (HistoryEntry::changedBy), ignoring case (on SQLite, case of ASCII letters only).
    QString person;
    // The kind of version-set operation: leaves Observed entries and deployment entries out.
    std::optional<BuildIdOperation::Kind> operation;
    // Version-set or deployment entries only.
    std::optional<HistoryContext::Model> model;
    // Exact match: that deployment's entries only (so deployment entries only).
    QString deploymentName;
    // The kind of deployment operation: deployment entries that made it only.
    std::optional<DeploymentOperation::Kind> deploymentOperation;
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
