#pragma once

#include "buildidoperation.h"
#include "versionsets.h"

#include <QString>

#include <variant>

// A drop on the version-set graph, described without widgets: what was dragged and where it landed.
// The graph (ui/) builds one from the items under the mouse; the rules for what it means live here.
struct GraphDrop
{
    enum class Dragged { Set, BuildId };
    enum class Target {
        // The slot right of the last set: where the queue default set stands.
        QueueDefaultSlot,
        // Onto a set's body, below its top slot.
        Set,
        // Onto a set's header (its title), where a set is grabbed.
        SetHeader,
        // The top of a set's stack, where the set default stands.
        TopOfSet,
        // Empty canvas, or back where it came from.
        Nowhere,
    };

    Dragged dragged = Dragged::Set;
    // Index of the dragged set, or of the set holding the dragged build ID.
    int sourceSet = -1;
    // The dragged build ID (Dragged::BuildId only).
    QString buildId;
    Target target = Target::Nowhere;
    // Index of the set dropped on (Target::Set, Target::SetHeader and Target::TopOfSet).
    int targetSet = -1;
};

// Why a drop means nothing or cannot be expressed, in words for the status bar. A plain value.
struct DropRefusal
{
    QString reason;
    // True when the drop simply changed nothing (dropped back in place): nothing to tell.
    bool silent = false;
};

// The operation a drop asks for, or why there is none:
//   set → queue-default slot            promote-set
//   set → another set                    merge-sets, the set dropped on is the primary
//   build ID → its own set's header or top promote-id-in-set
//   build ID → another set               refused: the API cannot move a build ID between sets
std::variant<BuildIdOperation, DropRefusal> operationForDrop(const VersionSets &sets, const GraphDrop &drop);
