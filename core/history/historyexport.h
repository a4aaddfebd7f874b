#pragma once

#include "common/result.h"
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
//
// Worker Deployment entries (issue 10) have these keys too (taskQueue, operation, before and after null) and
// then: model ("deployment"), deploymentName, deploymentOperation (core/deployments/deploymentjson's
// operation; null for Observed), deploymentBefore and deploymentAfter (null | deploymentjson's deployment,
// without conflict token), changedBy and routingRevision (Observed: the deployment's last modifier identity
// and routing revision seen; else null). Version-set entries are written exactly as before deployments
// existed (no model key: a reader takes its absence for "version-sets").
QJsonObject historyEntryToJson(const HistoryEntry &entry);
QJsonArray historyToJson(const QList<HistoryEntry> &entries);
// Reads what historyEntryToJson wrote (and what older Versionscopes wrote) back into an entry, so that an
// export can be imported elsewhere: historyEntryFromJson(historyEntryToJson(e)) == e. changedBy and
// routingRevision are derived from deploymentAfter, not read. InvalidArgument naming the field otherwise.
Result<HistoryEntry> historyEntryFromJson(const QJsonObject &json);
// Every entry of an array, or the first error (with the entry's index).
Result<QList<HistoryEntry>> historyFromJson(const QJsonArray &json);

// CSV as RFC 4180 has it: a header row of the JSON field names (operation spread over its own fields:
// operation, buildId, existingBuildId, secondaryBuildId, makeSetDefault), then one row per entry; CRLF line
// ends; a field holding a comma, a double quote, CR or LF is quoted, its quotes doubled. Sets are their JSON
// text, booleans true/false, a null an empty field. Values are written as they are (a reason starting with
// "=" stays so): this is a record, not a spreadsheet.
//
// When the list holds deployment entries, the columns of historyDeploymentCsvColumns() follow (objects as
// their compact JSON text); a list of version-set entries only is written exactly as before.
QString historyToCsv(const QList<HistoryEntry> &entries);
QStringList historyCsvHeader();
// model, deploymentName, deploymentOperation, deploymentBefore, deploymentAfter, changedBy, routingRevision.
QStringList historyDeploymentCsvColumns();
// Reads what historyToCsv wrote back (either set of columns; columns are found by their header names).
Result<QList<HistoryEntry>> historyFromCsv(const QString &csv);

// For a terminal: a header, then one aligned line per entry in the order given (id, time, queue, what,
// outcome, who, reason); "no entries" when there are none. A deployment entry's QUEUE is "deployment NAME"
// and its WHO, for a change seen elsewhere, the deployment's last modifier identity.
QString historyToText(const QList<HistoryEntry> &entries);
// Everything about one entry, one labelled line per field.
QString historyEntryToText(const HistoryEntry &entry);
// A deployment's state in one line: "current v2, ramping v3 at 10% (revision 4); versions: v1 draining, …;
// manager: controller".
QString deploymentStateText(const WorkerDeployment &deployment);

// What an entry is about in a few words: "promote-set 2.0", "changed elsewhere", "first seen"; for
// deployments "set-ramping v3 10%", "set-current unversioned".
QString historyWhatText(const HistoryEntry &entry);
// Its outcome by name, with the settlement when a later read settled it: "unknown (settled: applied)".
QString historyOutcomeText(const HistoryEntry &entry);
