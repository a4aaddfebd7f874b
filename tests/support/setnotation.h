#pragma once

#include "versionsets/versionsets.h"

// Compact notation for sets in tests: sets separated by '|', build IDs by ',', oldest first, so
// "1.0,1.1|2.0" is [[1.0, 1.1], [2.0]] with 2.0 the queue default. "" is a queue without sets.
inline VersionSets setsFrom(const QString &notation)
{
    QList<QStringList> sets;
    if (notation.isEmpty())
        return VersionSets();
    for (const QString &set : notation.split(QLatin1Char('|')))
        sets << set.split(QLatin1Char(','));
    return VersionSets(sets);
}

inline QString notationOf(const VersionSets &sets)
{
    QStringList parts;
    for (const QStringList &set : sets.sets())
        parts << set.join(QLatin1Char(','));
    return parts.join(QLatin1Char('|'));
}
