#pragma once

// Routes gRPC's own log lines (gpr_log) into the Q_LOGGING_CATEGORY "versionscope.grpc" instead of stderr,
// where they would interleave with the CLI's output and the user's terminal. Quiet by default; turn it on
// with QT_LOGGING_RULES="versionscope.grpc.debug=true" (debug level also asks gRPC for its debug lines)
// or "versionscope.grpc.warning=true" (gRPC's errors only). Safe to call from any thread, any number of
// times: the first call installs the route (std::call_once).
void routeGrpcLoggingToQt();
