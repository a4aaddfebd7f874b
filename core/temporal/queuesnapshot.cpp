#include "queuesnapshot.h"

std::optional<QHash<QString, int>> QueueSnapshot::pollerCounts() const
{
    if (!pollers)
        return std::nullopt;
    return pollers->countsByBuildId();
}
