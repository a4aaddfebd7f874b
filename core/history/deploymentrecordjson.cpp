#include "deploymentrecordjson.h"

#include <QJsonArray>

namespace {

Error damaged(const QString &what)
{
    return Error{ErrorCode::DataLoss, QStringLiteral("a stored deployment record is damaged: %1").arg(what),
                 QStringLiteral("the history was changed by something other than Versionscope")};
}

QJsonValue timeToJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// A reader that remembers the first problem, so that the fields read one after another without a check each.
class Reader
{
public:
    explicit Reader(const QJsonObject &object, QString where)
        : m_object(object)
        , m_where(std::move(where))
    {}

    QString text(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isString())
            fail(key);
        return value.toString();
    }
    bool flag(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isBool())
            fail(key);
        return value.toBool();
    }
    double number(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isDouble())
            fail(key);
        return value.toDouble();
    }
    QDateTime time(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isNull())
            return {};
        QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
        if (!value.isString() || !time.isValid())
            fail(key);
        return time.toUTC();
    }
    QJsonObject object(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isObject())
            fail(key);
        return value.toObject();
    }
    QJsonArray array(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isArray())
            fail(key);
        return value.toArray();
    }
    void fail(const char *key)
    {
        if (!m_error)
            m_error = damaged(QStringLiteral("%1.%2").arg(m_where, QLatin1String(key)));
    }
    void fail(const Error &error)
    {
        if (!m_error)
            m_error = error;
    }
    const std::optional<Error> &error() const { return m_error; }

private:
    QJsonObject m_object;
    QString m_where;
    std::optional<Error> m_error;
};

// The inverse of a name function over an enum with Temporal's numbers: a known name, or "<prefix>-N".
template <typename Enum, typename NameOf>
std::optional<Enum> enumFromName(const QString &name, NameOf nameOf, int last, const QString &prefix)
{
    for (int value = 0; value <= last; ++value) {
        if (nameOf(Enum(value)) == name)
            return Enum(value);
    }
    if (name.startsWith(prefix + QLatin1Char('-'))) {
        bool ok = false;
        const int value = name.mid(prefix.size() + 1).toInt(&ok);
        if (ok)
            return Enum(value);
    }
    return std::nullopt;
}

QJsonObject drainageToJson(const DrainageInfo &drainage)
{
    return QJsonObject{{QStringLiteral("status"), drainageStatusName(drainage.status)},
                       {QStringLiteral("lastChangedTime"), timeToJson(drainage.lastChangedTime)},
                       {QStringLiteral("lastCheckedTime"), timeToJson(drainage.lastCheckedTime)}};
}

QJsonObject versionToJson(const DeploymentVersionSummary &version)
{
    return QJsonObject{
        {QStringLiteral("buildId"), version.buildId},
        {QStringLiteral("status"), deploymentVersionStatusName(version.status)},
        {QStringLiteral("drainage"), drainageToJson(version.drainage)},
        {QStringLiteral("createTime"), timeToJson(version.createTime)},
        {QStringLiteral("currentSinceTime"), timeToJson(version.currentSinceTime)},
        {QStringLiteral("rampingSinceTime"), timeToJson(version.rampingSinceTime)},
        {QStringLiteral("routingUpdateTime"), timeToJson(version.routingUpdateTime)},
        {QStringLiteral("firstActivationTime"), timeToJson(version.firstActivationTime)},
        {QStringLiteral("lastCurrentTime"), timeToJson(version.lastCurrentTime)},
        {QStringLiteral("lastDeactivationTime"), timeToJson(version.lastDeactivationTime)},
    };
}

DeploymentVersionSummary versionFromJson(const QJsonObject &json, Reader &outer)
{
    Reader reader(json, QStringLiteral("versions[]"));
    DeploymentVersionSummary version;
    version.buildId = reader.text("buildId");
    const auto status = enumFromName<DeploymentVersionStatus>(
        reader.text("status"), deploymentVersionStatusName, 6, QStringLiteral("status"));
    if (!status)
        reader.fail("status");
    version.status = status.value_or(DeploymentVersionStatus::Unspecified);
    Reader drainage(reader.object("drainage"), QStringLiteral("versions[].drainage"));
    const auto drainageStatus = enumFromName<DrainageStatus>(drainage.text("status"), drainageStatusName, 2,
                                                             QStringLiteral("drainage"));
    if (!drainageStatus)
        drainage.fail("status");
    version.drainage.status = drainageStatus.value_or(DrainageStatus::Unspecified);
    version.drainage.lastChangedTime = drainage.time("lastChangedTime");
    version.drainage.lastCheckedTime = drainage.time("lastCheckedTime");
    version.createTime = reader.time("createTime");
    version.currentSinceTime = reader.time("currentSinceTime");
    version.rampingSinceTime = reader.time("rampingSinceTime");
    version.routingUpdateTime = reader.time("routingUpdateTime");
    version.firstActivationTime = reader.time("firstActivationTime");
    version.lastCurrentTime = reader.time("lastCurrentTime");
    version.lastDeactivationTime = reader.time("lastDeactivationTime");
    if (drainage.error())
        outer.fail(*drainage.error());
    if (reader.error())
        outer.fail(*reader.error());
    return version;
}

} // namespace

QJsonObject deploymentRoutingRecordToJson(const DeploymentRouting &routing)
{
    return QJsonObject{
        {QStringLiteral("currentBuildId"), routing.currentBuildId},
        {QStringLiteral("hasRamp"), routing.hasRamp},
        {QStringLiteral("rampingBuildId"), routing.rampingBuildId},
        {QStringLiteral("rampingPercentage"), routing.rampingPercentage},
        {QStringLiteral("currentChangedTime"), timeToJson(routing.currentChangedTime)},
        {QStringLiteral("rampingChangedTime"), timeToJson(routing.rampingChangedTime)},
        {QStringLiteral("rampingPercentageChangedTime"), timeToJson(routing.rampingPercentageChangedTime)},
        // A JSON number holds revisions exactly up to 2^53, which no deployment reaches.
        {QStringLiteral("revisionNumber"), double(routing.revisionNumber)},
    };
}

Result<DeploymentRouting> deploymentRoutingRecordFromJson(const QJsonObject &json)
{
    Reader reader(json, QStringLiteral("routing"));
    DeploymentRouting routing;
    routing.currentBuildId = reader.text("currentBuildId");
    routing.hasRamp = reader.flag("hasRamp");
    routing.rampingBuildId = reader.text("rampingBuildId");
    routing.rampingPercentage = reader.number("rampingPercentage");
    routing.currentChangedTime = reader.time("currentChangedTime");
    routing.rampingChangedTime = reader.time("rampingChangedTime");
    routing.rampingPercentageChangedTime = reader.time("rampingPercentageChangedTime");
    routing.revisionNumber = qint64(reader.number("revisionNumber"));
    if (reader.error())
        return *reader.error();
    return routing;
}

QJsonObject deploymentRecordToJson(const WorkerDeployment &deployment)
{
    QJsonArray versions;
    for (const DeploymentVersionSummary &version : deployment.versions)
        versions.append(versionToJson(version));
    return QJsonObject{
        {QStringLiteral("name"), deployment.name},
        {QStringLiteral("createTime"), timeToJson(deployment.createTime)},
        {QStringLiteral("routing"), deploymentRoutingRecordToJson(deployment.routing)},
        {QStringLiteral("versions"), versions},
        {QStringLiteral("lastModifierIdentity"), deployment.lastModifierIdentity},
        {QStringLiteral("managerIdentity"), deployment.managerIdentity},
        {QStringLiteral("routingUpdateState"), int(deployment.routingUpdateState)},
    };
}

Result<WorkerDeployment> deploymentRecordFromJson(const QJsonObject &json)
{
    Reader reader(json, QStringLiteral("deployment"));
    WorkerDeployment deployment;
    deployment.name = reader.text("name");
    deployment.createTime = reader.time("createTime");
    const Result<DeploymentRouting> routing = deploymentRoutingRecordFromJson(reader.object("routing"));
    if (!routing)
        reader.fail(routing.error());
    else
        deployment.routing = routing.value();
    for (const QJsonValue &version : reader.array("versions")) {
        if (!version.isObject()) {
            reader.fail("versions");
            break;
        }
        deployment.versions << versionFromJson(version.toObject(), reader);
    }
    deployment.lastModifierIdentity = reader.text("lastModifierIdentity");
    deployment.managerIdentity = reader.text("managerIdentity");
    deployment.routingUpdateState =
        WorkerDeployment::RoutingUpdateState(int(reader.number("routingUpdateState")));
    if (reader.error())
        return *reader.error();
    return deployment;
}

QJsonObject deploymentOperationRecordToJson(const DeploymentOperation &operation)
{
    QJsonObject upsert;
    for (auto it = operation.upsertMetadata.cbegin(); it != operation.upsertMetadata.cend(); ++it)
        upsert.insert(it.key(), it.value());
    return QJsonObject{
        {QStringLiteral("kind"), DeploymentOperation::kindName(operation.kind)},
        {QStringLiteral("deploymentName"), operation.deploymentName},
        {QStringLiteral("buildId"), operation.buildId},
        {QStringLiteral("percentage"), operation.percentage},
        {QStringLiteral("ignoreMissingTaskQueues"), operation.ignoreMissingTaskQueues},
        {QStringLiteral("allowNoPollers"), operation.allowNoPollers},
        {QStringLiteral("skipDrainage"), operation.skipDrainage},
        {QStringLiteral("upsertMetadata"), upsert},
        {QStringLiteral("removeMetadata"), QJsonArray::fromStringList(operation.removeMetadata)},
        {QStringLiteral("managerIdentity"), operation.managerIdentity},
        {QStringLiteral("managerSelf"), operation.managerSelf},
    };
}

Result<DeploymentOperation> deploymentOperationRecordFromJson(const QJsonObject &json)
{
    Reader reader(json, QStringLiteral("operation"));
    DeploymentOperation operation;
    if (!DeploymentOperation::kindFromName(reader.text("kind"), &operation.kind))
        reader.fail("kind");
    operation.deploymentName = reader.text("deploymentName");
    operation.buildId = reader.text("buildId");
    operation.percentage = reader.number("percentage");
    operation.ignoreMissingTaskQueues = reader.flag("ignoreMissingTaskQueues");
    operation.allowNoPollers = reader.flag("allowNoPollers");
    operation.skipDrainage = reader.flag("skipDrainage");
    const QJsonObject upsert = reader.object("upsertMetadata");
    for (auto it = upsert.constBegin(); it != upsert.constEnd(); ++it)
        operation.upsertMetadata.insert(it.key(), it.value());
    for (const QJsonValue &key : reader.array("removeMetadata")) {
        if (!key.isString())
            reader.fail("removeMetadata");
        operation.removeMetadata << key.toString();
    }
    operation.managerIdentity = reader.text("managerIdentity");
    operation.managerSelf = reader.flag("managerSelf");
    if (reader.error())
        return *reader.error();
    return operation;
}
