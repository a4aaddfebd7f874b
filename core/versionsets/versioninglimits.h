#pragma once

// The server's per-queue limits that decide whether an update is accepted. Defaults are the server's
// defaults; a server configured otherwise is described per connection (flag or profile).
struct VersioningLimits
{
    // limit.versionCompatibleSetLimitPerQueue; 0 means unlimited.
    int maxSets = 10;
    // limit.versionBuildIdLimitPerQueue; 0 means unlimited.
    int maxBuildIds = 100;
    // limit.workerBuildIdSize, in bytes of UTF-8; 0 means unlimited.
    int maxBuildIdLength = 255;

    bool operator==(const VersioningLimits &) const = default;
};
