#pragma once

#include "versionsets/buildidoperation.h"

#include <QStringList>

// Compact notation for operations in tests:
//   new:X             add-new-default X
//   compat:N>E        add-new-compatible N to E's set;  compat!:N>E also makes the set the queue default
//   promote:X         promote-set X
//   promoteid:X       promote-id-in-set X
//   merge:P<S         merge-sets, primary P, secondary S
inline BuildIdOperation opFrom(const QString &notation)
{
    const qsizetype colon = notation.indexOf(QLatin1Char(':'));
    const QString verb = notation.left(colon);
    const QString args = notation.mid(colon + 1);
    if (verb == QLatin1String("new"))
        return BuildIdOperation::addNewDefault(args);
    if (verb == QLatin1String("compat") || verb == QLatin1String("compat!")) {
        const QStringList parts = args.split(QLatin1Char('>'));
        return BuildIdOperation::addNewCompatible(parts.value(0), parts.value(1),
                                                  verb.endsWith(QLatin1Char('!')));
    }
    if (verb == QLatin1String("promote"))
        return BuildIdOperation::promoteSet(args);
    if (verb == QLatin1String("promoteid"))
        return BuildIdOperation::promoteIdInSet(args);
    const QStringList parts = args.split(QLatin1Char('<'));
    return BuildIdOperation::mergeSets(parts.value(0), parts.value(1));
}

inline QList<BuildIdOperation> opsFrom(const QString &notation)
{
    QList<BuildIdOperation> ops;
    for (const QString &part : notation.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        ops << opFrom(part);
    return ops;
}
