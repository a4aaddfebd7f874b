#include "temporalclijson.h"

#include "workerdeployment.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

namespace {

// A JSON value as Go's encoding/json prints a struct: members keep the order given (the struct's field
// order), which QJsonObject cannot (it sorts its keys).
struct GoMember;
struct GoValue
{
    enum class Kind { Scalar, Object, Array };

    Kind kind = Kind::Scalar;
    QByteArray scalar;
    // Members are a struct of their own, not std::pair<QByteArray, GoValue>: a pair of a type that is still
    // incomplete is undefined, and clang with libstdc++ refuses it (scripts/fuzz builds with clang).
    std::vector<GoMember> members;
    std::vector<GoValue> items;

    static GoValue raw(QByteArray text);
    static GoValue object();
    static GoValue array();
    GoValue &add(const char *key, GoValue value);
};

struct GoMember
{
    QByteArray key;
    GoValue value;
};

GoValue GoValue::raw(QByteArray text)
{
    GoValue value;
    value.scalar = std::move(text);
    return value;
}

GoValue GoValue::object()
{
    GoValue value;
    value.kind = Kind::Object;
    return value;
}

GoValue GoValue::array()
{
    GoValue value;
    value.kind = Kind::Array;
    return value;
}

GoValue &GoValue::add(const char *key, GoValue value)
{
    members.push_back(GoMember{QByteArray(key), std::move(value)});
    return *this;
}

const QByteArray goNull = QByteArrayLiteral("null");

// encoding/json's string escaping: HTML-safe (<, >, & as \u003c…), U+2028/U+2029 escaped, the short escapes
// Go 1.22 and later use (\b \f \n \r \t), other control characters as \u00XX, invalid UTF-16 as U+FFFD.
QByteArray goString(const QString &text)
{
    static const char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(text.size() + 2);
    out += '"';
    const auto unicodeEscape = [&out](char16_t c) {
        out += "\\u";
        out += hex[(c >> 12) & 0xF];
        out += hex[(c >> 8) & 0xF];
        out += hex[(c >> 4) & 0xF];
        out += hex[c & 0xF];
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        switch (c) {
        case u'"':
            out += "\\\"";
            continue;
        case u'\\':
            out += "\\\\";
            continue;
        case u'\b':
            out += "\\b";
            continue;
        case u'\f':
            out += "\\f";
            continue;
        case u'\n':
            out += "\\n";
            continue;
        case u'\r':
            out += "\\r";
            continue;
        case u'\t':
            out += "\\t";
            continue;
        case u'<':
        case u'>':
        case u'&':
        case 0x2028:
        case 0x2029:
            unicodeEscape(c);
            continue;
        default:
            break;
        }
        if (c < 0x20) {
            unicodeEscape(c);
        } else if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += text.mid(i, 2).toUtf8();
            ++i;
        } else if (QChar::isSurrogate(c)) {
            unicodeEscape(0xFFFD);
        } else {
            out += QString(QChar(c)).toUtf8();
        }
    }
    out += '"';
    return out;
}

// Which zero an unset time prints as: Go's zero time.Time where the CLI gets its values from the Go SDK's
// own types (list, describe, and describe-version's drainage info when the server sent none), the Unix
// epoch where it calls AsTime() on a nil protobuf Timestamp (describe-version's other times).
enum class UnsetTime { GoZero, UnixEpoch };

// time.Time's MarshalJSON: RFC 3339 with the fraction's trailing zeros trimmed, always UTC here.
QByteArray goTime(const QDateTime &time, UnsetTime unset)
{
    if (!time.isValid())
        return unset == UnsetTime::GoZero ? QByteArrayLiteral("\"0001-01-01T00:00:00Z\"")
                                          : QByteArrayLiteral("\"1970-01-01T00:00:00Z\"");
    const QDateTime utc = time.toUTC();
    QByteArray text = utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toLatin1();
    const int ms = utc.time().msec();
    if (ms != 0) {
        QByteArray fraction = QByteArray::number(ms).rightJustified(3, '0');
        while (fraction.endsWith('0'))
            fraction.chop(1);
        text += '.' + fraction;
    }
    return '"' + text + "Z\"";
}

// A float32 as encoding/json prints it: the shortest text that reads back as the same float32, in exponent
// form only below 1e-6 or from 1e21 on (with Go's one-digit negative exponent, "1e-7").
QByteArray goFloat32(double value)
{
    const auto f = static_cast<float>(value);
    const float magnitude = std::fabs(f);
    const bool exponent = magnitude != 0 && (magnitude < 1e-6F || magnitude >= 1e21F);
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, f,
                                      exponent ? std::chars_format::scientific : std::chars_format::fixed);
    QByteArray text(buffer, result.ptr - buffer);
    const qsizetype n = text.size();
    if (exponent && n >= 4 && text.at(n - 4) == 'e' && text.at(n - 3) == '-' && text.at(n - 2) == '0')
        text.remove(n - 2, 1);
    return text;
}

QByteArray drainageStatusText(DrainageStatus status)
{
    switch (status) {
    case DrainageStatus::Draining:
        return QByteArrayLiteral("draining");
    case DrainageStatus::Drained:
        return QByteArrayLiteral("drained");
    case DrainageStatus::Unspecified:
        break;
    }
    return QByteArrayLiteral("unspecified");
}

QByteArray taskQueueTypeText(int type)
{
    switch (type) {
    case 1:
        return QByteArrayLiteral("workflow");
    case 2:
        return QByteArrayLiteral("activity");
    case 3:
        return QByteArrayLiteral("nexus");
    default:
        return QByteArrayLiteral("unspecified");
    }
}

GoValue goText(const QString &text)
{
    return GoValue::raw(goString(text));
}

GoValue goTimeValue(const QDateTime &time, UnsetTime unset)
{
    return GoValue::raw(goTime(time, unset));
}

// formattedRoutingConfigType: a version that is not set (unversioned, or no ramp) prints empty names.
GoValue routingConfig(const QString &deploymentName, const DeploymentRouting &routing)
{
    const bool currentVersioned = !routing.currentBuildId.isEmpty();
    const bool rampVersioned = routing.hasRamp && !routing.rampingBuildId.isEmpty();
    GoValue config = GoValue::object();
    config.add("currentVersionDeploymentName", goText(currentVersioned ? deploymentName : QString()))
        .add("currentVersionBuildID", goText(routing.currentBuildId))
        .add("rampingVersionDeploymentName", goText(rampVersioned ? deploymentName : QString()))
        .add("rampingVersionBuildID", goText(rampVersioned ? routing.rampingBuildId : QString()))
        .add("rampingVersionPercentage",
             GoValue::raw(goFloat32(routing.hasRamp ? routing.rampingPercentage : 0)))
        .add("currentVersionChangedTime", goTimeValue(routing.currentChangedTime, UnsetTime::GoZero))
        .add("rampingVersionChangedTime", goTimeValue(routing.rampingChangedTime, UnsetTime::GoZero))
        .add("rampingVersionPercentageChangedTime",
             goTimeValue(routing.rampingPercentageChangedTime, UnsetTime::GoZero));
    return config;
}

// formattedWorkerDeploymentInfoType; list fills only its first fields, so versionSummaries is a nil slice.
GoValue deploymentInfo(const QString &name, const QDateTime &createTime, const QString &lastModifierIdentity,
                       const DeploymentRouting &routing, const QList<DeploymentVersionSummary> *versions,
                       const QString &managerIdentity)
{
    GoValue summaries = GoValue::raw(goNull);
    if (versions && !versions->isEmpty()) {
        summaries = GoValue::array();
        for (const DeploymentVersionSummary &version : *versions) {
            GoValue row = GoValue::object();
            row.add("deploymentName", goText(name))
                .add("BuildID", goText(version.buildId))
                .add("drainageStatus",
                     GoValue::raw(goString(QString::fromLatin1(drainageStatusText(version.drainage.status)))))
                .add("createTime", goTimeValue(version.createTime, UnsetTime::GoZero));
            summaries.items.push_back(std::move(row));
        }
    }
    GoValue info = GoValue::object();
    info.add("name", goText(name))
        .add("createTime", goTimeValue(createTime, UnsetTime::GoZero))
        .add("lastModifierIdentity", goText(lastModifierIdentity))
        .add("routingConfig", routingConfig(name, routing))
        .add("versionSummaries", std::move(summaries))
        .add("managerIdentity", goText(managerIdentity));
    return info;
}

// A metadata entry as the CLI prints a *common.Payload through encoding/json: its metadata map (values
// base64) and its data (base64). The values keep the decoded JSON only, so the payload is re-encoded the way
// the SDKs' JSON converters write it: json/plain, compact.
GoValue payload(const QJsonValue &value)
{
    // QJsonDocument writes arrays and objects only: wrap the value and cut the brackets off.
    QByteArray data = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    data = data.mid(1, data.size() - 2);
    GoValue metadata = GoValue::object();
    metadata.add("encoding", GoValue::raw('"' + QByteArrayLiteral("json/plain").toBase64() + '"'));
    GoValue entry = GoValue::object();
    entry.add("metadata", std::move(metadata));
    if (!data.isEmpty())
        entry.add("data", GoValue::raw('"' + data.toBase64() + '"'));
    return entry;
}

GoValue metadataObject(const QMap<QString, QJsonValue> &metadata)
{
    if (metadata.isEmpty())
        return GoValue::raw(goNull);
    // encoding/json sorts map keys by their UTF-8 bytes; QMap's order is UTF-16's, which differs above
    // U+FFFF.
    QList<std::pair<QByteArray, QString>> keys;
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it)
        keys.append({it.key().toUtf8(), it.key()});
    std::sort(keys.begin(), keys.end());
    GoValue object = GoValue::object();
    for (const auto &[utf8, key] : std::as_const(keys)) {
        Q_UNUSED(utf8)
        object.members.push_back(GoMember{goString(key), payload(metadata.value(key))});
    }
    return object;
}

// formattedDrainageInfo: the server sends no drainage info for a version that never left current or ramping
// routing, and the CLI then prints an empty status and Go zero times. The values cannot say "absent"
// directly, so an unspecified status with no times stands for it (every such version seen on the server).
GoValue drainageInfo(const DrainageInfo &drainage)
{
    const bool absent = drainage.status == DrainageStatus::Unspecified &&
                        !drainage.lastChangedTime.isValid() && !drainage.lastCheckedTime.isValid();
    GoValue info = GoValue::object();
    if (absent) {
        info.add("drainageStatus", goText(QString()))
            .add("lastChangedTime", goTimeValue({}, UnsetTime::GoZero))
            .add("lastCheckedTime", goTimeValue({}, UnsetTime::GoZero));
    } else {
        info.add("drainageStatus", goText(QString::fromLatin1(drainageStatusText(drainage.status))))
            .add("lastChangedTime", goTimeValue(drainage.lastChangedTime, UnsetTime::UnixEpoch))
            .add("lastCheckedTime", goTimeValue(drainage.lastCheckedTime, UnsetTime::UnixEpoch));
    }
    return info;
}

// json.MarshalIndent(v, "", "  ").
void writeIndented(QByteArray &out, const GoValue &value, int depth)
{
    const auto newline = [&out](int level) {
        out += '\n';
        out += QByteArray(2 * level, ' ');
    };
    switch (value.kind) {
    case GoValue::Kind::Scalar:
        out += value.scalar;
        return;
    case GoValue::Kind::Object:
        if (value.members.empty()) {
            out += "{}";
            return;
        }
        out += '{';
        for (std::size_t i = 0; i < value.members.size(); ++i) {
            if (i > 0)
                out += ',';
            newline(depth + 1);
            const QByteArray &key = value.members[i].key;
            // Keys from the struct tags are plain; map keys arrive quoted already.
            out += key.startsWith('"') ? key : '"' + key + '"';
            out += ": ";
            writeIndented(out, value.members[i].value, depth + 1);
        }
        newline(depth);
        out += '}';
        return;
    case GoValue::Kind::Array:
        if (value.items.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (std::size_t i = 0; i < value.items.size(); ++i) {
            if (i > 0)
                out += ',';
            newline(depth + 1);
            writeIndented(out, value.items[i], depth + 1);
        }
        newline(depth);
        out += ']';
        return;
    }
}

QByteArray indented(const GoValue &value)
{
    QByteArray out;
    writeIndented(out, value, 0);
    return out;
}

} // namespace

QByteArray temporalCliListJson(const QList<WorkerDeploymentSummary> &deployments)
{
    // The CLI's list mode: "[", then each object after "\n" (the first) or ",\n", then "\n]\n".
    QByteArray out("[");
    bool first = true;
    for (const WorkerDeploymentSummary &deployment : deployments) {
        out += first ? "\n" : ",\n";
        first = false;
        out += indented(
            deploymentInfo(deployment.name, deployment.createTime, {}, deployment.routing, nullptr, {}));
    }
    out += "\n]\n";
    return out;
}

QByteArray temporalCliDescribeJson(const WorkerDeployment &deployment)
{
    return indented(deploymentInfo(deployment.name, deployment.createTime, deployment.lastModifierIdentity,
                                   deployment.routing, &deployment.versions, deployment.managerIdentity)) +
           '\n';
}

QByteArray temporalCliDescribeVersionJson(const DeploymentVersionDetails &details)
{
    GoValue taskQueues = GoValue::raw(goNull);
    if (!details.taskQueues.isEmpty()) {
        taskQueues = GoValue::array();
        for (const VersionTaskQueue &queue : details.taskQueues) {
            GoValue row = GoValue::object();
            row.add("name", goText(queue.name))
                .add("type", goText(QString::fromLatin1(taskQueueTypeText(queue.type))));
            taskQueues.items.push_back(std::move(row));
        }
    }
    GoValue info = GoValue::object();
    info.add("deploymentName", goText(details.version.deploymentName))
        .add("BuildID", goText(details.version.buildId))
        .add("createTime", goTimeValue(details.createTime, UnsetTime::UnixEpoch))
        .add("routingChangedTime", goTimeValue(details.routingChangedTime, UnsetTime::UnixEpoch))
        .add("currentSinceTime", goTimeValue(details.currentSinceTime, UnsetTime::UnixEpoch))
        .add("rampingSinceTime", goTimeValue(details.rampingSinceTime, UnsetTime::UnixEpoch))
        .add("rampPercentage", GoValue::raw(goFloat32(details.rampPercentage)))
        .add("drainageInfo", drainageInfo(details.drainage))
        .add("taskQueuesInfos", std::move(taskQueues))
        .add("metadata", metadataObject(details.metadata));
    return indented(info) + '\n';
}
