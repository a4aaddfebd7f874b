#pragma once

#include <QString>

#include <optional>

// The one set of rules for names a person types and Versionscope would send as new: build IDs of version
// sets, task queue names, Worker Deployment names and the build IDs of deployment versions. Pure functions.
//
// The server accepts almost anything (a leading space, a newline, a zero-width space, a right-to-left
// override), and a name that cannot be told apart on screen from another one, or that reorders the text
// around it, is a trap for whoever reads the rollout later. So Versionscope refuses, for every kind:
//   - an empty name, or one of whitespace only;
//   - whitespace at the start or the end (and, in build IDs, anywhere: a worker's configuration rarely
//     keeps it);
//   - control characters (Unicode Cc: NUL, tab, newline, escape, DEL, …);
//   - bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069);
//   - invisible characters: every other format character (Cf: zero-width space and joiners, word joiner,
//     soft hyphen, byte order mark, tags, …), variation selectors, the combining grapheme joiner and the
//     Hangul fillers, which all render as nothing;
//   - more UTF-8 bytes than the server accepts for that kind (below);
//   - what the server itself reserves (below).
//
// The server's limits and reserved forms (temporalio/temporal 1.31.2, checked live against the dev server
// of temporal CLI 1.8.2; see docs/worker-deployments-server-facts.md, "Names"):
//   - build ID of a version set: limit.workerBuildIdSize, 255 bytes by default (configurable per
//     connection: VersioningLimits::maxBuildIdLength);
//   - task queue name: limit.maxIDLength, 1000 bytes; "/_sys/" at the start is reserved for partitions;
//   - deployment name and deployment build ID: (limit.maxIDLength − 39) / 2 = 480 bytes each (the two make
//     up the version workflow's ID "temporal-sys-worker-deployment-version:NAME:BUILD"); neither may start
//     with "__"; a deployment name may contain neither '.' nor ':' (the separators of version strings).
//     A deployment build ID may contain both, and be longer than 255 bytes (workers poll with it).
//
// Only NEW names are refused: a name that already exists on the server (made by another tool) stays
// readable and usable; previews warn about it instead (see nameRuleWarning()).
enum class NameKind {
    BuildId,
    TaskQueue,
    DeploymentName,
    DeploymentBuildId,
};

inline constexpr int kMaxTaskQueueNameBytes = 1000;
inline constexpr int kMaxVersionSetBuildIdBytes = 255;
inline constexpr int kMaxDeploymentNameBytes = 480;
inline constexpr int kMaxDeploymentBuildIdBytes = 480;

// "build ID", "task queue name", "deployment name", "deployment build ID".
QString nameKindText(NameKind kind);

// The server's limit for kind in bytes of UTF-8 (the constants above).
int defaultMaxNameBytes(NameKind kind);

// What is wrong with name as a new name of kind, in words that show the name escaped (quotedForDisplay) and
// name the offending character ("U+200B ZERO WIDTH SPACE at position 3", positions counted in characters
// from 1); nothing when it is fine. maxBytes overrides the server's limit when positive (a server configured
// with another limit.workerBuildIdSize).
std::optional<QString> nameProblem(NameKind kind, const QString &name, int maxBytes = 0);

// The same problem as a preview's warning about a name that already exists on the server: it was made by
// another tool and is used as it is. Nothing when the name follows the rules.
std::optional<QString> nameRuleWarning(NameKind kind, const QString &name, int maxBytes = 0);

// "U+200B ZERO WIDTH SPACE": the code point and, for the characters these rules name, its Unicode name.
QString codePointText(char32_t c);

// A name as text output lists it: as it is when it shows as it is, else quoted and escaped
// (quotedForDisplay), so that " v1" or "v1\u{200B}" made by another tool cannot pass for v1.
QString nameForDisplay(const QString &name);
