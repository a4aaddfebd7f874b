#pragma once

#include "versionsets.h"

#include <QList>
#include <QString>
#include <QStringList>

// One difference between two states of a queue, in words an operator reads first. A plain value.
struct VersionSetChange
{
    enum class Kind {
        QueueDefaultChanged,
        BuildIdAdded,
        SetsMerged,
        SetDefaultChanged,
        NoLongerSetDefault,
        BuildIdRemoved,
    };
    Kind kind;
    QString text;
    // The build IDs the change is about (for highlighting); the first is the main one.
    QStringList buildIds;

    bool operator==(const VersionSetChange &) const = default;
};

// Every difference between before and after that matters to routing, the queue default first. Works for
// predicted changes and for changes observed between two reads alike; empty when nothing routing-relevant
// differs.
QList<VersionSetChange> diffVersionSets(const VersionSets &before, const VersionSets &after);

// "[1.0, 1.1]": how a set is named in change and warning texts.
QString setLabel(const QStringList &set);
