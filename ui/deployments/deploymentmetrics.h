#pragma once

#include "graph/graphmetrics.h"

// Sizes of the deployment graph, in scene units. The same card style, gaps and readable-size rule as the
// version-set graph (GraphMetrics), with cards tall enough for a version's six lines. One place, so layout,
// items and tests agree.
namespace DeploymentMetrics {
inline constexpr double kCardWidth = 200;
inline constexpr double kCardHeight = 104;
inline constexpr double kCardGap = GraphMetrics::kNodeGap;
inline constexpr double kLaneGap = 16;
inline constexpr double kHeaderHeight = GraphMetrics::kHeaderHeight;
// Below each lane's header: the share of new workflows (the ramp's bar and handle in the Ramping lane).
inline constexpr double kBandHeight = 46;
inline constexpr double kPadding = GraphMetrics::kPadding;
inline constexpr double kLaneWidth = kCardWidth + 2 * kPadding;
// An empty lane that is no slot (nothing created, nothing drained) gives its room to the others.
inline constexpr double kCollapsedLaneWidth = 96;
inline constexpr double kMargin = 20;
// The ramp's bar inside the Ramping lane's band, in lane coordinates.
inline constexpr double kBarLeft = kPadding;
inline constexpr double kBarWidth = kCardWidth;
inline constexpr double kBarTop = kHeaderHeight + 24;
inline constexpr double kBarHeight = 14;
inline constexpr double kHandleWidth = 12;
inline constexpr double kHandleHeight = 24;
} // namespace DeploymentMetrics
