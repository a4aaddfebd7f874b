#include "versionsetchange.h"

#include "common/namerules.h"

#include <QSet>

QString setLabel(const QStringList &set)
{
    QStringList shown;
    for (const QString &id : set)
        shown << nameForDisplay(id);
    return QLatin1Char('[') + shown.join(QStringLiteral(", ")) + QLatin1Char(']');
}

namespace {

// Indices of the sets of `before` that share a member with `set`, in order.
QList<int> sourcesOf(const QStringList &set, const VersionSets &before)
{
    QList<int> sources;
    for (const QString &id : set) {
        const int s = before.find(id).set;
        if (s >= 0 && !sources.contains(s))
            sources << s;
    }
    std::sort(sources.begin(), sources.end());
    return sources;
}

} // namespace

QList<VersionSetChange> diffVersionSets(const VersionSets &before, const VersionSets &after)
{
    using Kind = VersionSetChange::Kind;
    QList<VersionSetChange> changes;

    const QString oldDefault = before.queueDefault();
    const QString newDefault = after.queueDefault();
    if (oldDefault != newDefault) {
        if (newDefault.isEmpty()) {
            changes << VersionSetChange{
                Kind::QueueDefaultChanged,
                QStringLiteral("the queue no longer has version sets: new workflows will "
                               "start on unversioned workers instead of %1")
                    .arg(nameForDisplay(oldDefault)),
                {oldDefault}};
        } else if (oldDefault.isEmpty()) {
            changes << VersionSetChange{
                Kind::QueueDefaultChanged,
                QStringLiteral("new workflows will start on %1 (until now the queue had no "
                               "version sets and used unversioned workers)")
                    .arg(nameForDisplay(newDefault)),
                {newDefault}};
        } else {
            changes << VersionSetChange{Kind::QueueDefaultChanged,
                                        QStringLiteral("new workflows will start on %1 instead of %2")
                                            .arg(nameForDisplay(newDefault), nameForDisplay(oldDefault)),
                                        {newDefault, oldDefault}};
        }
    }

    // Build IDs that are new, and where they went.
    for (const QStringList &set : after.sets()) {
        const QList<int> sources = sourcesOf(set, before);
        for (const QString &id : set) {
            if (before.contains(id))
                continue;
            const bool isDefault = VersionSets::setDefault(set) == id;
            QString text;
            if (sources.isEmpty())
                text = QStringLiteral("build ID %1 added in a new set").arg(nameForDisplay(id));
            else if (isDefault)
                text = QStringLiteral("build ID %1 added to set %2 as its default")
                           .arg(nameForDisplay(id), setLabel(before.set(sources.first())));
            else
                text = QStringLiteral("build ID %1 added to set %2")
                           .arg(nameForDisplay(id), setLabel(before.set(sources.first())));
            changes << VersionSetChange{Kind::BuildIdAdded, text, {id}};
        }
    }

    // Merges: one set of after holding members of several sets of before. The primary is the source that
    // holds the merged set's default.
    QSet<int> mergedAway;
    for (const QStringList &set : after.sets()) {
        const QList<int> sources = sourcesOf(set, before);
        if (sources.size() < 2)
            continue;
        int primary = before.find(VersionSets::setDefault(set)).set;
        if (primary < 0)
            primary = sources.last();
        for (int source : sources) {
            if (source == primary)
                continue;
            mergedAway.insert(source);
            changes << VersionSetChange{Kind::SetsMerged,
                                        QStringLiteral("set %1 merged into %2")
                                            .arg(setLabel(before.set(source)), setLabel(before.set(primary))),
                                        before.set(source)};
        }
    }

    // Set defaults that changed: where a set's tasks now go, and who stops getting them.
    for (int s = 0; s < before.setCount(); ++s) {
        const QString oldSetDefault = VersionSets::setDefault(before.set(s));
        const VersionSets::Location now = after.find(oldSetDefault);
        if (!now.isValid())
            continue;
        const QString newSetDefault = VersionSets::setDefault(after.set(now.set));
        if (newSetDefault == oldSetDefault)
            continue;
        if (!mergedAway.contains(s)) {
            changes << VersionSetChange{Kind::SetDefaultChanged,
                                        QStringLiteral("tasks of set %1 will go to %2 instead of %3")
                                            .arg(setLabel(before.set(s)), nameForDisplay(newSetDefault),
                                                 nameForDisplay(oldSetDefault)),
                                        {newSetDefault, oldSetDefault}};
        }
        changes << VersionSetChange{
            Kind::NoLongerSetDefault,
            QStringLiteral("build ID %1 is no longer a set default: no new tasks will reach it")
                .arg(nameForDisplay(oldSetDefault)),
            {oldSetDefault}};
    }

    for (const QString &id : before.allBuildIds()) {
        if (!after.contains(id))
            changes << VersionSetChange{Kind::BuildIdRemoved,
                                        QStringLiteral("build ID %1 was removed").arg(nameForDisplay(id)),
                                        {id}};
    }
    return changes;
}
