#pragma once

#include <QColor>

// Sizes of the version-set graph, in scene units, and the colours that are not the palette's. One place, so
// layout, items and tests agree.
namespace GraphMetrics {
inline constexpr double kNodeWidth = 170;
inline constexpr double kNodeHeight = 74;
inline constexpr double kNodeGap = 10;
inline constexpr double kColumnGap = 40;
inline constexpr double kRowGap = 30;
inline constexpr double kHeaderHeight = 34;
inline constexpr double kPadding = 12;
inline constexpr double kColumnWidth = kNodeWidth + 2 * kPadding;
// Text smaller than this on screen (point size × view scale) is not readable: cards switch to a compact
// form that shows the build ID alone, larger.
inline constexpr double kMinReadablePointSize = 9;

// "Changed" (a preview's changes, a change made elsewhere): amber, never the palette's highlight, which
// marks the queue default and the selection. Always paired with the word "changed" on the card.
inline QColor changedColor()
{
    return QColor(0xE0, 0x8E, 0x00);
}
} // namespace GraphMetrics
