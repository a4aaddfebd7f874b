#include "deploymentjson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <limits>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DeploymentJson", text);
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// Reads the fields of one object and keeps the first thing wrong with them, with the field's path, so that
// each reader is a list of fields followed by one check. After a failure every accessor returns a default.
class FieldReader
{
public:
    FieldReader(const QJsonObject &object, QString path)
        : m_object(object)
        , m_path(std::move(path))
    {}

    bool failed() const { return m_error.has_value(); }
    const Error &error() const { return *m_error; }

    QString fieldPath(const char *key) const
    {
        if (m_path.isEmpty())
            return QLatin1String(key);
        return m_path + QLatin1Char('.') + QLatin1String(key);
    }

    void fail(const char *key, const QString &problem)
    {
        if (!m_error)
            m_error = Error(ErrorCode::InvalidArgument, fieldPath(key) + QStringLiteral(": ") + problem);
    }

    // Adopts an error of a nested reader (its message names its own path already).
    void fail(const Error &error)
    {
        if (!m_error)
            m_error = error;
    }

    QString string(const char *key, bool required = false)
    {
        const QJsonValue value = take(key, required, QJsonValue::String);
        return value.toString();
    }

    bool boolean(const char *key)
    {
        const QJsonValue value = take(key, false, QJsonValue::Bool);
        return value.toBool();
    }

    double number(const char *key, double min = std::numeric_limits<double>::lowest(),
                  double max = std::numeric_limits<double>::max())
    {
        const QJsonValue value = take(key, false, QJsonValue::Double);
        if (value.isUndefined())
            return 0;
        const double result = value.toDouble();
        if (!std::isfinite(result) || result < min || result > max) {
            fail(key, tr("%1 is outside %2–%3")
                          .arg(QString::number(result, 'g', 17), QString::number(min), QString::number(max)));
            return 0;
        }
        return result;
    }

    // Whole numbers; a string of digits too, the way proto3 JSON writes int64.
    qint64 integer(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (failed() || value.isUndefined())
            return 0;
        if (value.isString()) {
            bool ok = false;
            const qint64 result = value.toString().toLongLong(&ok);
            if (!ok)
                fail(key, tr("expected a whole number, found \"%1\"").arg(value.toString()));
            return ok ? result : 0;
        }
        if (!value.isDouble()) {
            fail(key, tr("expected a whole number, found %1").arg(jsonTypeName(value)));
            return 0;
        }
        const double number = value.toDouble();
        // 2^53: beyond that a JSON number cannot say which whole number it means.
        if (number != std::floor(number) || std::fabs(number) > 9007199254740992.0) {
            fail(key, tr("expected a whole number, found %1").arg(QString::number(number, 'g', 17)));
            return 0;
        }
        return static_cast<qint64>(number);
    }

    // ISO 8601 with a zone (Z or an offset), any precision down to milliseconds; null or missing: unset.
    QDateTime time(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (failed() || value.isUndefined() || value.isNull())
            return {};
        if (!value.isString()) {
            fail(key, tr("expected an ISO 8601 time or null, found %1").arg(jsonTypeName(value)));
            return {};
        }
        static const QRegularExpression zoned(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$)"));
        const QString text = value.toString();
        const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!zoned.match(text).hasMatch() || !time.isValid()) {
            fail(key, tr("\"%1\" is not an ISO 8601 time with a zone (2026-11-29T03:55:45.120Z)").arg(text));
            return {};
        }
        return time.toUTC();
    }

    QJsonObject object(const char *key, bool required = false)
    {
        return take(key, required, QJsonValue::Object).toObject();
    }

    QJsonArray array(const char *key) { return take(key, false, QJsonValue::Array).toArray(); }

    QJsonValue value(const char *key) const { return m_object.value(QLatin1String(key)); }

private:
    QJsonValue take(const char *key, bool required, QJsonValue::Type type)
    {
        if (failed())
            return {};
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined()) {
            if (required)
                fail(key, tr("missing"));
            return {};
        }
        if (value.type() != type) {
            fail(key, tr("expected %1, found %2").arg(jsonTypeName(QJsonValue(type)), jsonTypeName(value)));
            return {};
        }
        return value;
    }

    QJsonObject m_object;
    QString m_path;
    std::optional<Error> m_error;
};

QString taskQueueTypeName(int type)
{
    switch (type) {
    case 1:
        return QStringLiteral("workflow");
    case 2:
        return QStringLiteral("activity");
    case 3:
        return QStringLiteral("nexus");
    default:
        return QString();
    }
}

QString routingUpdateStateName(WorkerDeployment::RoutingUpdateState state)
{
    switch (state) {
    case WorkerDeployment::RoutingUpdateState::Unspecified:
        return QStringLiteral("unspecified");
    case WorkerDeployment::RoutingUpdateState::InProgress:
        return QStringLiteral("in-progress");
    case WorkerDeployment::RoutingUpdateState::Completed:
        return QStringLiteral("completed");
    }
    return QStringLiteral("unspecified");
}

// Enums are written by name; an unknown name is refused rather than read as "unspecified", since it means
// the file is not what this version of Versionscope thinks it is.
template <typename Enum, typename NameOf>
Enum readEnum(FieldReader &reader, const char *key, std::initializer_list<Enum> values, NameOf nameOf)
{
    const QJsonValue value = reader.value(key);
    if (value.isUndefined())
        return *values.begin();
    const QString name = reader.string(key);
    for (const Enum candidate : values) {
        if (nameOf(candidate) == name)
            return candidate;
    }
    if (!reader.failed()) {
        QStringList known;
        for (const Enum candidate : values)
            known << nameOf(candidate);
        reader.fail(key, tr("unknown value \"%1\" (known: %2)").arg(name, known.join(QStringLiteral(", "))));
    }
    return *values.begin();
}

DeploymentVersionStatus readStatus(FieldReader &reader, const char *key)
{
    using S = DeploymentVersionStatus;
    return readEnum(
        reader, key,
        {S::Unspecified, S::Inactive, S::Current, S::Ramping, S::Draining, S::Drained, S::Created},
        deploymentVersionStatusName);
}

QJsonObject drainageToJson(const DrainageInfo &drainage)
{
    return QJsonObject{{QStringLiteral("status"), drainageStatusName(drainage.status)},
                       {QStringLiteral("lastChangedTime"), deploymentTimeToJson(drainage.lastChangedTime)},
                       {QStringLiteral("lastCheckedTime"), deploymentTimeToJson(drainage.lastCheckedTime)}};
}

DrainageInfo readDrainage(FieldReader &parent, const char *key)
{
    FieldReader reader(parent.object(key), parent.fieldPath(key));
    DrainageInfo drainage;
    drainage.status = readEnum(
        reader, "status", {DrainageStatus::Unspecified, DrainageStatus::Draining, DrainageStatus::Drained},
        drainageStatusName);
    drainage.lastChangedTime = reader.time("lastChangedTime");
    drainage.lastCheckedTime = reader.time("lastCheckedTime");
    if (reader.failed())
        parent.fail(reader.error());
    return drainage;
}

QJsonObject metadataToJson(const QMap<QString, QJsonValue> &metadata)
{
    QJsonObject object;
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QMap<QString, QJsonValue> readMetadata(FieldReader &reader, const char *key)
{
    const QJsonObject object = reader.object(key);
    QMap<QString, QJsonValue> metadata;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        metadata.insert(it.key(), it.value());
    return metadata;
}

QStringList readStrings(FieldReader &reader, const char *key)
{
    QStringList strings;
    const QJsonArray array = reader.array(key);
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString()) {
            reader.fail(key, tr("item %1 is %2, not a string").arg(i).arg(jsonTypeName(array.at(i))));
            return {};
        }
        strings << array.at(i).toString();
    }
    return strings;
}

DeploymentRouting readRouting(FieldReader &reader)
{
    DeploymentRouting routing;
    routing.currentBuildId = reader.string("currentBuildId");
    routing.hasRamp = reader.boolean("hasRamp");
    routing.rampingBuildId = reader.string("rampingBuildId");
    routing.rampingPercentage = reader.number("rampingPercentage", 0, 100);
    routing.currentChangedTime = reader.time("currentChangedTime");
    routing.rampingChangedTime = reader.time("rampingChangedTime");
    routing.rampingPercentageChangedTime = reader.time("rampingPercentageChangedTime");
    routing.revisionNumber = reader.integer("revisionNumber");
    if (!reader.failed() && !routing.hasRamp &&
        (!routing.rampingBuildId.isEmpty() || routing.rampingPercentage != 0))
        reader.fail("hasRamp", tr("false, but a ramping version or percentage is given"));
    return routing;
}

DeploymentVersionSummary readVersionSummary(FieldReader &reader)
{
    DeploymentVersionSummary summary;
    summary.buildId = reader.string("buildId", true);
    if (!reader.failed() && summary.buildId.isEmpty())
        reader.fail("buildId", tr("empty"));
    summary.status = readStatus(reader, "status");
    summary.drainage = readDrainage(reader, "drainage");
    summary.createTime = reader.time("createTime");
    summary.currentSinceTime = reader.time("currentSinceTime");
    summary.rampingSinceTime = reader.time("rampingSinceTime");
    summary.routingUpdateTime = reader.time("routingUpdateTime");
    summary.firstActivationTime = reader.time("firstActivationTime");
    summary.lastCurrentTime = reader.time("lastCurrentTime");
    summary.lastDeactivationTime = reader.time("lastDeactivationTime");
    return summary;
}

template <typename T> Result<T> finish(const FieldReader &reader, T value)
{
    if (reader.failed())
        return reader.error();
    return value;
}

} // namespace

QJsonValue deploymentTimeToJson(const QDateTime &time)
{
    if (!time.isValid())
        return QJsonValue::Null;
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject deploymentRoutingToJson(const DeploymentRouting &routing)
{
    return QJsonObject{
        {QStringLiteral("currentBuildId"), routing.currentBuildId},
        {QStringLiteral("hasRamp"), routing.hasRamp},
        {QStringLiteral("rampingBuildId"), routing.rampingBuildId},
        {QStringLiteral("rampingPercentage"), routing.rampingPercentage},
        {QStringLiteral("currentChangedTime"), deploymentTimeToJson(routing.currentChangedTime)},
        {QStringLiteral("rampingChangedTime"), deploymentTimeToJson(routing.rampingChangedTime)},
        {QStringLiteral("rampingPercentageChangedTime"),
         deploymentTimeToJson(routing.rampingPercentageChangedTime)},
        {QStringLiteral("revisionNumber"), static_cast<double>(routing.revisionNumber)},
    };
}

Result<DeploymentRouting> deploymentRoutingFromJson(const QJsonObject &json)
{
    FieldReader reader(json, QStringLiteral("routing"));
    const DeploymentRouting routing = readRouting(reader);
    return finish(reader, routing);
}

QJsonObject deploymentVersionSummaryToJson(const DeploymentVersionSummary &summary)
{
    return QJsonObject{
        {QStringLiteral("buildId"), summary.buildId},
        {QStringLiteral("status"), deploymentVersionStatusName(summary.status)},
        {QStringLiteral("drainage"), drainageToJson(summary.drainage)},
        {QStringLiteral("createTime"), deploymentTimeToJson(summary.createTime)},
        {QStringLiteral("currentSinceTime"), deploymentTimeToJson(summary.currentSinceTime)},
        {QStringLiteral("rampingSinceTime"), deploymentTimeToJson(summary.rampingSinceTime)},
        {QStringLiteral("routingUpdateTime"), deploymentTimeToJson(summary.routingUpdateTime)},
        {QStringLiteral("firstActivationTime"), deploymentTimeToJson(summary.firstActivationTime)},
        {QStringLiteral("lastCurrentTime"), deploymentTimeToJson(summary.lastCurrentTime)},
        {QStringLiteral("lastDeactivationTime"), deploymentTimeToJson(summary.lastDeactivationTime)},
    };
}

Result<DeploymentVersionSummary> deploymentVersionSummaryFromJson(const QJsonObject &json)
{
    FieldReader reader(json, QStringLiteral("version"));
    const DeploymentVersionSummary summary = readVersionSummary(reader);
    return finish(reader, summary);
}

QJsonObject workerDeploymentToJson(const WorkerDeployment &deployment)
{
    QJsonArray versions;
    for (const DeploymentVersionSummary &version : deployment.versions)
        versions.append(deploymentVersionSummaryToJson(version));
    return QJsonObject{
        {QStringLiteral("name"), deployment.name},
        {QStringLiteral("createTime"), deploymentTimeToJson(deployment.createTime)},
        {QStringLiteral("routing"), deploymentRoutingToJson(deployment.routing)},
        {QStringLiteral("versions"), versions},
        {QStringLiteral("lastModifierIdentity"), deployment.lastModifierIdentity},
        {QStringLiteral("managerIdentity"), deployment.managerIdentity},
        {QStringLiteral("routingUpdateState"), routingUpdateStateName(deployment.routingUpdateState)},
        {QStringLiteral("conflictToken"), QString::fromLatin1(deployment.conflictToken.toBase64())},
    };
}

Result<WorkerDeployment> workerDeploymentFromJson(const QJsonObject &json)
{
    using State = WorkerDeployment::RoutingUpdateState;
    FieldReader reader(json, QString());
    WorkerDeployment deployment;
    deployment.name = reader.string("name", true);
    if (!reader.failed() && deployment.name.isEmpty())
        reader.fail("name", tr("empty"));
    deployment.createTime = reader.time("createTime");
    {
        FieldReader routing(reader.object("routing", true), reader.fieldPath("routing"));
        deployment.routing = readRouting(routing);
        if (routing.failed())
            reader.fail(routing.error());
    }
    const QJsonArray versions = reader.array("versions");
    QSet<QString> seen;
    for (qsizetype i = 0; i < versions.size() && !reader.failed(); ++i) {
        const QString path = QStringLiteral("versions[%1]").arg(i);
        if (!versions.at(i).isObject()) {
            reader.fail(Error(ErrorCode::InvalidArgument,
                              path + QStringLiteral(": ") +
                                  tr("expected an object, found %1").arg(jsonTypeName(versions.at(i)))));
            break;
        }
        FieldReader version(versions.at(i).toObject(), path);
        const DeploymentVersionSummary summary = readVersionSummary(version);
        if (version.failed()) {
            reader.fail(version.error());
        } else if (seen.contains(summary.buildId)) {
            reader.fail(
                Error(ErrorCode::InvalidArgument,
                      path + QStringLiteral(": ") + tr("build ID %1 is listed twice").arg(summary.buildId)));
        }
        seen.insert(summary.buildId);
        deployment.versions << summary;
    }
    deployment.lastModifierIdentity = reader.string("lastModifierIdentity");
    deployment.managerIdentity = reader.string("managerIdentity");
    deployment.routingUpdateState =
        readEnum(reader, "routingUpdateState", {State::Unspecified, State::InProgress, State::Completed},
                 routingUpdateStateName);
    const QString token = reader.string("conflictToken");
    if (!reader.failed()) {
        // A character outside Latin-1 becomes '?', which is not base64 either.
        const auto decoded =
            QByteArray::fromBase64Encoding(token.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (decoded)
            deployment.conflictToken = *decoded;
        else
            reader.fail("conflictToken", tr("not base64"));
    }
    return finish(reader, deployment);
}

QJsonObject deploymentOperationToJson(const DeploymentOperation &operation)
{
    return QJsonObject{
        {QStringLiteral("kind"), DeploymentOperation::kindName(operation.kind)},
        {QStringLiteral("deploymentName"), operation.deploymentName},
        {QStringLiteral("buildId"), operation.buildId},
        {QStringLiteral("percentage"), operation.percentage},
        {QStringLiteral("ignoreMissingTaskQueues"), operation.ignoreMissingTaskQueues},
        {QStringLiteral("allowNoPollers"), operation.allowNoPollers},
        {QStringLiteral("skipDrainage"), operation.skipDrainage},
        {QStringLiteral("upsertMetadata"), metadataToJson(operation.upsertMetadata)},
        {QStringLiteral("removeMetadata"), QJsonArray::fromStringList(operation.removeMetadata)},
        {QStringLiteral("managerIdentity"), operation.managerIdentity},
        {QStringLiteral("managerSelf"), operation.managerSelf},
    };
}

Result<DeploymentOperation> deploymentOperationFromJson(const QJsonObject &json)
{
    FieldReader reader(json, QStringLiteral("operation"));
    DeploymentOperation operation;
    const QString kind = reader.string("kind", true);
    if (!reader.failed() && !DeploymentOperation::kindFromName(kind, &operation.kind))
        reader.fail("kind", tr("unknown operation \"%1\"").arg(kind));
    operation.deploymentName = reader.string("deploymentName", true);
    operation.buildId = reader.string("buildId");
    // Any finite number: an operation is what someone asked for, and the preview says when the server will
    // refuse it (a percentage above 100, say).
    operation.percentage = reader.number("percentage");
    operation.ignoreMissingTaskQueues = reader.boolean("ignoreMissingTaskQueues");
    operation.allowNoPollers = reader.boolean("allowNoPollers");
    operation.skipDrainage = reader.boolean("skipDrainage");
    operation.upsertMetadata = readMetadata(reader, "upsertMetadata");
    operation.removeMetadata = readStrings(reader, "removeMetadata");
    operation.managerIdentity = reader.string("managerIdentity");
    operation.managerSelf = reader.boolean("managerSelf");
    if (!reader.failed() && operation.managerSelf && !operation.managerIdentity.isEmpty())
        reader.fail("managerSelf",
                    tr("true, but a managerIdentity is given too (the request takes one of them)"));
    return finish(reader, operation);
}

QJsonObject deploymentVersionDetailsToJson(const DeploymentVersionDetails &details)
{
    QJsonArray taskQueues;
    for (const VersionTaskQueue &queue : details.taskQueues) {
        const QString typeName = taskQueueTypeName(queue.type);
        taskQueues.append(QJsonObject{
            {QStringLiteral("name"), queue.name},
            {QStringLiteral("type"), typeName.isEmpty() ? QJsonValue(queue.type) : QJsonValue(typeName)}});
    }
    return QJsonObject{
        {QStringLiteral("version"),
         QJsonObject{{QStringLiteral("deploymentName"), details.version.deploymentName},
                     {QStringLiteral("buildId"), details.version.buildId}}},
        {QStringLiteral("status"), deploymentVersionStatusName(details.status)},
        {QStringLiteral("createTime"), deploymentTimeToJson(details.createTime)},
        {QStringLiteral("routingChangedTime"), deploymentTimeToJson(details.routingChangedTime)},
        {QStringLiteral("currentSinceTime"), deploymentTimeToJson(details.currentSinceTime)},
        {QStringLiteral("rampingSinceTime"), deploymentTimeToJson(details.rampingSinceTime)},
        {QStringLiteral("firstActivationTime"), deploymentTimeToJson(details.firstActivationTime)},
        {QStringLiteral("lastCurrentTime"), deploymentTimeToJson(details.lastCurrentTime)},
        {QStringLiteral("lastDeactivationTime"), deploymentTimeToJson(details.lastDeactivationTime)},
        {QStringLiteral("rampPercentage"), details.rampPercentage},
        {QStringLiteral("drainage"), drainageToJson(details.drainage)},
        {QStringLiteral("metadata"), metadataToJson(details.metadata)},
        {QStringLiteral("lastModifierIdentity"), details.lastModifierIdentity},
        {QStringLiteral("taskQueues"), taskQueues},
    };
}

Result<DeploymentVersionDetails> deploymentVersionDetailsFromJson(const QJsonObject &json)
{
    FieldReader reader(json, QString());
    DeploymentVersionDetails details;
    {
        FieldReader version(reader.object("version", true), reader.fieldPath("version"));
        details.version.deploymentName = version.string("deploymentName", true);
        details.version.buildId = version.string("buildId", true);
        if (!version.failed() && details.version.buildId.isEmpty())
            version.fail("buildId", tr("empty"));
        if (version.failed())
            reader.fail(version.error());
    }
    details.status = readStatus(reader, "status");
    details.createTime = reader.time("createTime");
    details.routingChangedTime = reader.time("routingChangedTime");
    details.currentSinceTime = reader.time("currentSinceTime");
    details.rampingSinceTime = reader.time("rampingSinceTime");
    details.firstActivationTime = reader.time("firstActivationTime");
    details.lastCurrentTime = reader.time("lastCurrentTime");
    details.lastDeactivationTime = reader.time("lastDeactivationTime");
    details.rampPercentage = reader.number("rampPercentage", 0, 100);
    details.drainage = readDrainage(reader, "drainage");
    details.metadata = readMetadata(reader, "metadata");
    details.lastModifierIdentity = reader.string("lastModifierIdentity");
    const QJsonArray taskQueues = reader.array("taskQueues");
    for (qsizetype i = 0; i < taskQueues.size() && !reader.failed(); ++i) {
        const QString path = QStringLiteral("taskQueues[%1]").arg(i);
        if (!taskQueues.at(i).isObject()) {
            reader.fail(Error(ErrorCode::InvalidArgument,
                              path + QStringLiteral(": ") +
                                  tr("expected an object, found %1").arg(jsonTypeName(taskQueues.at(i)))));
            break;
        }
        FieldReader queueReader(taskQueues.at(i).toObject(), path);
        VersionTaskQueue queue;
        queue.name = queueReader.string("name", true);
        const QJsonValue type = queueReader.value("type");
        if (type.isString()) {
            const QString name = type.toString();
            queue.type = name == QLatin1String("workflow")   ? 1
                         : name == QLatin1String("activity") ? 2
                         : name == QLatin1String("nexus")    ? 3
                                                             : 0;
            if (queue.type == 0)
                queueReader.fail(
                    "type",
                    tr("unknown task queue type \"%1\" (known: workflow, activity, nexus)").arg(name));
        } else {
            // A type this version has no name for is written as its number.
            queue.type = static_cast<int>(queueReader.integer("type"));
            if (!queueReader.failed() && type.isUndefined())
                queueReader.fail("type", tr("missing"));
        }
        if (queueReader.failed())
            reader.fail(queueReader.error());
        details.taskQueues << queue;
    }
    return finish(reader, details);
}
