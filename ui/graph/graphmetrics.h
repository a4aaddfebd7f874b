#pragma once

// Sizes of the version-set graph, in scene units. One place, so layout, items and tests agree.
namespace GraphMetrics {
inline constexpr double kNodeWidth = 170;
inline constexpr double kNodeHeight = 74;
inline constexpr double kNodeGap = 10;
inline constexpr double kColumnGap = 40;
inline constexpr double kHeaderHeight = 34;
inline constexpr double kPadding = 12;
inline constexpr double kColumnWidth = kNodeWidth + 2 * kPadding;
} // namespace GraphMetrics
