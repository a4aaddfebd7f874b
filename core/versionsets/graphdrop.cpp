#include "graphdrop.h"

#include "versionsetchange.h"

std::variant<BuildIdOperation, DropRefusal> operationForDrop(const VersionSets &sets, const GraphDrop &drop)
{
    const bool sourceValid = drop.sourceSet >= 0 && drop.sourceSet < sets.setCount();
    const bool targetValid = drop.targetSet >= 0 && drop.targetSet < sets.setCount();
    if (!sourceValid)
        return DropRefusal{QStringLiteral("nothing was dragged"), true};

    const QStringList &source = sets.set(drop.sourceSet);
    if (drop.dragged == GraphDrop::Dragged::Set) {
        switch (drop.target) {
        case GraphDrop::Target::QueueDefaultSlot:
            if (drop.sourceSet == sets.defaultSetIndex())
                return DropRefusal{
                    QStringLiteral("%1 is already the queue default set").arg(setLabel(source)), true};
            return BuildIdOperation::promoteSet(VersionSets::setDefault(source));
        case GraphDrop::Target::Set:
        case GraphDrop::Target::SetHeader:
        case GraphDrop::Target::TopOfSet:
            if (!targetValid || drop.targetSet == drop.sourceSet)
                return DropRefusal{QString(), true};
            return BuildIdOperation::mergeSets(VersionSets::setDefault(sets.set(drop.targetSet)),
                                               VersionSets::setDefault(source));
        case GraphDrop::Target::Nowhere:
            break;
        }
        return DropRefusal{QString(), true};
    }

    if (!source.contains(drop.buildId))
        return DropRefusal{QStringLiteral("%1 is not in set %2").arg(drop.buildId, setLabel(source)), false};
    switch (drop.target) {
    case GraphDrop::Target::TopOfSet:
    case GraphDrop::Target::SetHeader:
    case GraphDrop::Target::Set:
        if (drop.targetSet == drop.sourceSet) {
            // Anywhere at the top of its own set (header or top slot) promotes; lower down is "put back".
            if (drop.target == GraphDrop::Target::Set)
                return DropRefusal{QString(), true};
            if (VersionSets::setDefault(source) == drop.buildId)
                return DropRefusal{QStringLiteral("%1 is already the default of its set").arg(drop.buildId),
                                   true};
            return BuildIdOperation::promoteIdInSet(drop.buildId);
        }
        if (!targetValid)
            return DropRefusal{QString(), true};
        return DropRefusal{
            QStringLiteral(
                "a build ID cannot move to another set: the server only adds new build IDs to "
                "sets. To make %1 compatible with %2, merge the sets instead (drag the whole set).")
                .arg(setLabel(source), setLabel(sets.set(drop.targetSet))),
            false};
    case GraphDrop::Target::QueueDefaultSlot:
        return DropRefusal{
            QStringLiteral("drag the whole set to make it the queue default, or use \"Promote set\" on "
                           "%1")
                .arg(drop.buildId),
            false};
    case GraphDrop::Target::Nowhere:
        break;
    }
    return DropRefusal{QString(), true};
}
