#pragma once

#include "historyentry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// History entries for people, other programs and spreadsheets. Pure functions shared by the CLI and the
// window, so both export the same thing. Field names are stable: scripts depend on them; add fields, never
// rename.
//
// JSON, one object per entry, every key always present (null when it does not apply):
//   id, kind ("applied"/"observed"), recordedAt, osUser, identity, serverAddress, namespace, taskQueue,
//   source ("window"/"cli"/"restore"),
//   operation: null | {command, buildId, existingBuildId, secondaryBuildId, makeSetDefault},
//   reason, before, after (null | the `temporal task-queue get-build-ids -o json` array), matchedPreview
//   (null | bool), outcome, errorCode, errorMessage (null when there is no error), settledAt, settledOutcome.
// Times are UTC, ISO 8601 with milliseconds ("2026-05-04T09:00:00.000Z").
QJsonObject historyEntryToJson(const HistoryEntry &entry);
QJsonArray historyToJson(const QList<HistoryEntry> &entries);

// CSV as RFC 4180 has it: a header row of the JSON field names (operation spread over its own fields:
// operation, buildId, existingBuildId, secondaryBuildId, makeSetDefault), then one row per entry; CRLF line
// ends; a field holding a comma, a double quote, CR or LF is quoted, its quotes doubled. Sets are their JSON
// text, booleans true/false, a null an empty field. Values are written as they are (a reason starting with
// "=" stays so): this is a record, not a spreadsheet.
QString historyToCsv(const QList<HistoryEntry> &entries);
QStringList historyCsvHeader();

// For a terminal: a header, then one aligned line per entry in the order given (id, time, queue, what,
// outcome, who, reason); "no entries" when there are none.
QString historyToText(const QList<HistoryEntry> &entries);
// Everything about one entry, one labelled line per field.
QString historyEntryToText(const HistoryEntry &entry);

// What an entry is about in a few words: "promote-set 2.0", "changed elsewhere", "first seen".
QString historyWhatText(const HistoryEntry &entry);
// Its outcome by name, with the settlement when a later read settled it: "unknown (settled: applied)".
QString historyOutcomeText(const HistoryEntry &entry);
