#pragma once

#include <QByteArray>
#include <QList>

struct DeploymentVersionDetails;
struct WorkerDeployment;
struct WorkerDeploymentSummary;

// The exact text (UTF-8, final newline included) that Temporal's CLI 1.8.2 prints on stdout for
// `temporal worker deployment list | describe | describe-version -o json`, so that versionscope-cli's
// `-o json` can be compared with it byte for byte. These shapes are the CLI's own (Go structs printed by
// encoding/json with a two-space indent: fixed key order, RFC 3339 times with trailing zeros trimmed, unset
// times as Go's zero time or the Unix epoch depending on the field, float32 percentages, null for empty
// lists), not proto JSON. Recorded examples: tests/data/temporal-cli/; the facts behind each rule:
// docs/worker-deployments-server-facts.md.
//
// Times are printed at the precision the values hold. The server sends nanoseconds and the CLI prints them;
// QDateTime keeps milliseconds, so digits 4-9 of a fraction cannot match until the values keep nanoseconds.
// Metadata is re-encoded as json/plain payloads (compact JSON), which matches what the SDKs write for JSON
// values but not a payload written with another encoding.

// `list`: one object per deployment in a bracketed list; the CLI fills only name, createTime and
// routingConfig there and prints the other keys empty.
QByteArray temporalCliListJson(const QList<WorkerDeploymentSummary> &deployments);
// `describe --name X`.
QByteArray temporalCliDescribeJson(const WorkerDeployment &deployment);
// `describe-version --deployment-name X --build-id Y` (without --report-task-queue-stats).
QByteArray temporalCliDescribeVersionJson(const DeploymentVersionDetails &details);
