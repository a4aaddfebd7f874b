#pragma once

#include "common/result.h"
#include "versionsets.h"

#include <QJsonArray>

// The shape `temporal task-queue get-build-ids -o json` prints, oldest set first:
// [{"buildIds":[…],"defaultForSet":"…","isDefaultSet":bool}]. Used for CLI output, previews and history.
QJsonArray versionSetsToJson(const VersionSets &sets);
// Reads that shape back (defaultForSet and isDefaultSet are derived, so they are checked, not trusted).
Result<VersionSets> versionSetsFromJson(const QJsonArray &json);
