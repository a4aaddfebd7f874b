#pragma once

// Routes gRPC's own log lines (gpr_log) into the Q_LOGGING_CATEGORY "versionscope.grpc" instead of stderr,
// where they would interleave with the CLI's output and the user's terminal. Quiet by default; turn it on
// with QT_LOGGING_RULES="versionscope.grpc.debug=true" (debug level also asks gRPC for its debug lines)
// or "versionscope.grpc.warning=true" (gRPC's errors only). Safe to call from any thread, any number of
// times: the first call installs the route (std::call_once).
void routeGrpcLoggingToQt();

#include <QString>

// gRPC's traces (GRPC_TRACE=all or http, with the category's debug output on) print every call's metadata,
// "authorization: Bearer KEY" included, as text and as a hex dump of its bytes. Every routed line is
// cleaned first: an authorization header's value is replaced whatever it is, and each secret registered
// here (TemporalClient registers its API key) wherever it appears, as text or in gRPC's hex dump. Secrets
// stay registered for the life of the process. Thread-safe.
void redactInGrpcLogging(const QString &secret);
// A gRPC log line as routeGrpcLoggingToQt() passes it on.
QString redactedGrpcLogLine(const QString &line);
