#include "versionsetjson.h"

#include <QJsonObject>

QJsonArray versionSetsToJson(const VersionSets &sets)
{
    QJsonArray array;
    for (int s = 0; s < sets.setCount(); ++s) {
        const QStringList &set = sets.set(s);
        array.append(QJsonObject{{QStringLiteral("buildIds"), QJsonArray::fromStringList(set)},
                                 {QStringLiteral("defaultForSet"), VersionSets::setDefault(set)},
                                 {QStringLiteral("isDefaultSet"), s == sets.defaultSetIndex()}});
    }
    return array;
}

Result<VersionSets> versionSetsFromJson(const QJsonArray &json)
{
    QList<QStringList> sets;
    for (qsizetype s = 0; s < json.size(); ++s) {
        const QJsonObject object = json.at(s).toObject();
        const QJsonValue ids = object.value(QStringLiteral("buildIds"));
        if (!ids.isArray() || ids.toArray().isEmpty())
            return Error{ErrorCode::InvalidArgument, QStringLiteral("set %1 has no buildIds").arg(s), {}};
        QStringList set;
        for (const QJsonValue &id : ids.toArray()) {
            if (!id.isString())
                return Error{ErrorCode::InvalidArgument,
                             QStringLiteral("set %1 has a build ID that is not a string").arg(s),
                             {}};
            set << id.toString();
        }
        const QJsonValue defaultForSet = object.value(QStringLiteral("defaultForSet"));
        if (!defaultForSet.isUndefined() && defaultForSet.toString() != set.last())
            return Error{ErrorCode::InvalidArgument,
                         QStringLiteral("set %1 names %2 as its default, but its last build ID is %3")
                             .arg(s)
                             .arg(defaultForSet.toString(), set.last()),
                         {}};
        sets << set;
    }
    return VersionSets(std::move(sets));
}
