#pragma once

#include "common/error.h"

#include <QString>

// When and how soon TemporalClient tries a call again. A plain value; the client owns the loop.
//
// Not gRPC's own retry policy (service config): gRPC stops retrying a call once the server has sent
// response headers, and Temporal's frontend sends headers before its RESOURCE_EXHAUSTED status, so gRPC
// never retries it (seen on server 1.31.2 with GRPC_TRACE=retry: "committing retries" on
// recv_initial_metadata).
//
// RESOURCE_EXHAUSTED is retried for every call: the frontend's rate limiter refuses a call before doing
// anything, so a retry cannot apply an update twice. UNAVAILABLE is retried for reads only: an update whose
// connection broke may have been applied (the engine reports that as an unknown outcome and a later read
// settles it). Retries stay inside the call's deadline.
struct RetryPolicy
{
    // Attempts of one call at most, the first included: a rate limit is waited out, an unreachable server is
    // tried briefly (a restart, a dropped connection) and then said to be unreachable, without a long wait.
    int maxAttempts = 8;
    int maxAttemptsUnavailable = 3;
    // A retry is started only when this much of the deadline is left after its wait, so that a call ends
    // with the server's own answer rather than with a deadline hit halfway through the last attempt.
    int minimumAttemptMs = 1000;
    int initialBackoffMs = 200;
    int maxBackoffMs = 3000;
    double multiplier = 2.0;

    // Whether a call of rpc that failed with code may be tried again.
    bool retries(ErrorCode code, const QString &rpc) const;
    // Whether attempt number `attempt` (1 for the first) of rpc, which failed with code, is followed by
    // another one `delayMs` later, given the time left until the call's deadline.
    bool retriesAfter(int attempt, ErrorCode code, const QString &rpc, int delayMs, qint64 msLeft) const;
    // The wait before retry number `retry` (1 for the first retry); random in [0, 1) spreads clients
    // apart: half the backoff plus up to another half ("equal jitter"), so a retry never comes at once.
    int delayMs(int retry, double random) const;
    // RPCs that change something on the server ("UpdateWorkerBuildIdCompatibility", "Set…", "Delete…").
    static bool changesServer(const QString &rpc);
};
