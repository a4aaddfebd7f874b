#include "retrypolicy.h"

#include <algorithm>
#include <cmath>

bool RetryPolicy::retries(ErrorCode code, const QString &rpc) const
{
    switch (code) {
    case ErrorCode::ResourceExhausted:
        return true;
    case ErrorCode::Unavailable:
        return !changesServer(rpc);
    default:
        return false;
    }
}

bool RetryPolicy::retriesAfter(int attempt, ErrorCode code, const QString &rpc, int delay,
                               qint64 msLeft) const
{
    if (!retries(code, rpc))
        return false;
    const int limit = code == ErrorCode::Unavailable ? maxAttemptsUnavailable : maxAttempts;
    return attempt < limit && delay + minimumAttemptMs <= msLeft;
}

int RetryPolicy::delayMs(int retry, double random) const
{
    const double backoff =
        std::min(double(maxBackoffMs), initialBackoffMs * std::pow(multiplier, std::max(0, retry - 1)));
    return int(backoff / 2 + backoff / 2 * std::clamp(random, 0.0, 1.0));
}

bool RetryPolicy::changesServer(const QString &rpc)
{
    for (const char *prefix :
         {"Update", "Set", "Delete", "Create", "Start", "Signal", "Terminate", "Reset"}) {
        if (rpc.startsWith(QLatin1String(prefix)))
            return true;
    }
    return false;
}
