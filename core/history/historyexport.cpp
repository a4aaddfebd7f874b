#include "historyexport.h"

#include "deployments/deploymentjson.h"
#include "versionsets/versionsetjson.h"

#include <QJsonDocument>

#include <algorithm>

namespace {

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QString csvField(const QJsonValue &value)
{
    QString text;
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        text = QString::number(value.toInteger());
        break;
    case QJsonValue::String:
        text = value.toString();
        break;
    case QJsonValue::Array:
        text = QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        break;
    case QJsonValue::Object:
        text = QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        break;
    }
    const bool needsQuotes = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                             text.contains(QLatin1Char('\r')) || text.contains(QLatin1Char('\n'));
    if (!needsQuotes)
        return text;
    text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

const QStringList &operationFields()
{
    static const QStringList fields{QStringLiteral("buildId"), QStringLiteral("existingBuildId"),
                                    QStringLiteral("secondaryBuildId"), QStringLiteral("makeSetDefault")};
    return fields;
}

} // namespace

namespace {

QJsonValue deploymentOrNull(const std::optional<WorkerDeployment> &deployment)
{
    if (!deployment)
        return QJsonValue();
    QJsonObject json = workerDeploymentToJson(*deployment);
    // Only good for the next write: an export is no place for it (the history does not keep it either).
    json.remove(QStringLiteral("conflictToken"));
    return json;
}

// The keys a deployment entry adds to the version-set ones.
void addDeploymentFields(const HistoryEntry &entry, QJsonObject &json)
{
    json.insert(QStringLiteral("taskQueue"), QJsonValue());
    json.insert(QStringLiteral("before"), QJsonValue());
    json.insert(QStringLiteral("model"), HistoryContext::modelName(entry.model()));
    json.insert(QStringLiteral("deploymentName"), entry.context.deploymentName);
    json.insert(QStringLiteral("deploymentOperation"),
                entry.deploymentOperation ? QJsonValue(deploymentOperationToJson(*entry.deploymentOperation))
                                          : QJsonValue());
    json.insert(QStringLiteral("deploymentBefore"), deploymentOrNull(entry.deploymentBefore));
    json.insert(QStringLiteral("deploymentAfter"), deploymentOrNull(entry.deploymentAfter));
    const std::optional<qint64> revision = entry.routingRevision();
    json.insert(QStringLiteral("changedBy"), revision ? QJsonValue(entry.changedBy()) : QJsonValue());
    json.insert(QStringLiteral("routingRevision"), revision ? QJsonValue(*revision) : QJsonValue());
}

} // namespace

QJsonObject historyEntryToJson(const HistoryEntry &entry)
{
    QJsonValue operation;
    if (entry.operation) {
        const BuildIdOperation &op = *entry.operation;
        operation = QJsonObject{
            {QStringLiteral("command"), op.commandName()},
            {QStringLiteral("buildId"), op.buildId},
            {QStringLiteral("existingBuildId"), op.kind == BuildIdOperation::Kind::AddNewCompatible
                                                    ? QJsonValue(op.existingBuildId)
                                                    : QJsonValue()},
            {QStringLiteral("secondaryBuildId"),
             op.kind == BuildIdOperation::Kind::MergeSets ? QJsonValue(op.secondaryBuildId) : QJsonValue()},
            {QStringLiteral("makeSetDefault"), op.kind == BuildIdOperation::Kind::AddNewCompatible
                                                   ? QJsonValue(op.makeSetDefault)
                                                   : QJsonValue()},
        };
    }
    QJsonObject json{
        {QStringLiteral("id"), entry.id},
        {QStringLiteral("kind"), HistoryEntry::kindName(entry.kind)},
        {QStringLiteral("recordedAt"), timeOrNull(entry.recordedAt)},
        {QStringLiteral("osUser"), entry.context.osUser},
        {QStringLiteral("identity"), entry.context.identity},
        {QStringLiteral("serverAddress"), entry.context.serverAddress},
        {QStringLiteral("namespace"), entry.context.namespaceName},
        {QStringLiteral("taskQueue"), entry.context.taskQueue},
        {QStringLiteral("source"), HistoryContext::sourceName(entry.context.source)},
        {QStringLiteral("operation"), operation},
        {QStringLiteral("reason"), entry.reason},
        {QStringLiteral("before"), versionSetsToJson(entry.before)},
        {QStringLiteral("after"), entry.after ? QJsonValue(versionSetsToJson(*entry.after)) : QJsonValue()},
        {QStringLiteral("matchedPreview"),
         entry.matchedPreview ? QJsonValue(*entry.matchedPreview) : QJsonValue()},
        {QStringLiteral("outcome"), HistoryEntry::outcomeName(entry.outcome)},
        {QStringLiteral("errorCode"), textOrNull(entry.errorCode)},
        {QStringLiteral("errorMessage"), textOrNull(entry.errorMessage)},
        {QStringLiteral("settledAt"), timeOrNull(entry.settledAt)},
        {QStringLiteral("settledOutcome"),
         entry.settledOutcome ? QJsonValue(HistoryEntry::outcomeName(*entry.settledOutcome)) : QJsonValue()},
    };
    if (entry.isDeployment())
        addDeploymentFields(entry, json);
    return json;
}

QJsonArray historyToJson(const QList<HistoryEntry> &entries)
{
    QJsonArray array;
    for (const HistoryEntry &entry : entries)
        array.append(historyEntryToJson(entry));
    return array;
}

QStringList historyCsvHeader()
{
    return {QStringLiteral("id"),
            QStringLiteral("kind"),
            QStringLiteral("recordedAt"),
            QStringLiteral("osUser"),
            QStringLiteral("identity"),
            QStringLiteral("serverAddress"),
            QStringLiteral("namespace"),
            QStringLiteral("taskQueue"),
            QStringLiteral("source"),
            QStringLiteral("operation"),
            QStringLiteral("buildId"),
            QStringLiteral("existingBuildId"),
            QStringLiteral("secondaryBuildId"),
            QStringLiteral("makeSetDefault"),
            QStringLiteral("reason"),
            QStringLiteral("before"),
            QStringLiteral("after"),
            QStringLiteral("matchedPreview"),
            QStringLiteral("outcome"),
            QStringLiteral("errorCode"),
            QStringLiteral("errorMessage"),
            QStringLiteral("settledAt"),
            QStringLiteral("settledOutcome")};
}

QStringList historyDeploymentCsvColumns()
{
    return {QStringLiteral("model"),
            QStringLiteral("deploymentName"),
            QStringLiteral("deploymentOperation"),
            QStringLiteral("deploymentBefore"),
            QStringLiteral("deploymentAfter"),
            QStringLiteral("changedBy"),
            QStringLiteral("routingRevision")};
}

QString historyToCsv(const QList<HistoryEntry> &entries)
{
    static const QString lineEnd = QStringLiteral("\r\n");
    QStringList header = historyCsvHeader();
    if (std::any_of(entries.cbegin(), entries.cend(), [](const HistoryEntry &e) { return e.isDeployment(); }))
        header << historyDeploymentCsvColumns();
    QString csv = header.join(QLatin1Char(',')) + lineEnd;
    for (const HistoryEntry &entry : entries) {
        // One source of truth for names and values: the JSON object, with the operation spread out.
        const QJsonObject object = historyEntryToJson(entry);
        const QJsonObject operation = object.value(QStringLiteral("operation")).toObject();
        QStringList row;
        for (const QString &field : header) {
            if (field == QLatin1String("operation"))
                row << csvField(operation.value(QStringLiteral("command")));
            else if (operationFields().contains(field))
                row << csvField(operation.value(field));
            else if (field == QLatin1String("model"))
                row << HistoryContext::modelName(entry.model());
            else
                row << csvField(object.value(field));
        }
        csv += row.join(QLatin1Char(',')) + lineEnd;
    }
    return csv;
}

namespace {

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral("-");
}

} // namespace

QString historyWhatText(const HistoryEntry &entry)
{
    if (entry.isDeployment()) {
        if (!entry.deploymentOperation)
            return entry.deploymentBefore ? QStringLiteral("changed elsewhere")
                                          : QStringLiteral("first seen");
        const DeploymentOperation &op = *entry.deploymentOperation;
        QString text = DeploymentOperation::kindName(op.kind);
        switch (op.kind) {
        case DeploymentOperation::Kind::SetCurrent:
        case DeploymentOperation::Kind::DeleteVersion:
        case DeploymentOperation::Kind::UpdateMetadata:
            text += QLatin1Char(' ') + (op.buildId.isEmpty() ? QStringLiteral("unversioned") : op.buildId);
            break;
        case DeploymentOperation::Kind::SetRamping:
            text += QLatin1Char(' ') + (op.buildId.isEmpty() ? QStringLiteral("unversioned") : op.buildId) +
                    QLatin1Char(' ') + percentageText(op.percentage) + QLatin1Char('%');
            break;
        case DeploymentOperation::Kind::SetManager:
            text += QLatin1Char(' ') + (op.managerSelf                 ? QStringLiteral("self")
                                        : op.managerIdentity.isEmpty() ? QStringLiteral("(unset)")
                                                                       : op.managerIdentity);
            break;
        case DeploymentOperation::Kind::StopRamping:
            break;
        }
        return text;
    }
    if (!entry.operation)
        // Sets are never removed, so an observation starting from none is the first sight of the queue.
        return entry.before.isEmpty() ? QStringLiteral("first seen") : QStringLiteral("changed elsewhere");
    return entry.operation->commandName() + QLatin1Char(' ') +
           entry.operation->buildIds().join(QLatin1Char(' '));
}

QString historyOutcomeText(const HistoryEntry &entry)
{
    QString text = HistoryEntry::outcomeName(entry.outcome);
    if (entry.settledOutcome)
        text += QStringLiteral(" (settled: %1)").arg(HistoryEntry::outcomeName(*entry.settledOutcome));
    return text;
}

namespace {
// One line, whatever the person typed.
QString oneLine(QString text)
{
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

} // namespace

QString historyToText(const QList<HistoryEntry> &entries)
{
    if (entries.isEmpty())
        return QStringLiteral("no entries\n");
    QList<QStringList> rows{{QStringLiteral("ID"), QStringLiteral("RECORDED (UTC)"), QStringLiteral("QUEUE"),
                             QStringLiteral("WHAT"), QStringLiteral("OUTCOME"), QStringLiteral("WHO"),
                             QStringLiteral("REASON")}};
    for (const HistoryEntry &entry : entries) {
        const bool changedElsewhere = entry.isDeployment() && entry.kind == HistoryEntry::Kind::Observed;
        rows << QStringList{
            QString::number(entry.id),
            timeText(entry.recordedAt),
            entry.isDeployment() ? QStringLiteral("deployment ") + entry.context.deploymentName
                                 : entry.context.taskQueue,
            historyWhatText(entry),
            historyOutcomeText(entry),
            changedElsewhere && !entry.changedBy().isEmpty() ? entry.changedBy() : entry.context.osUser,
            oneLine(entry.reason)};
    }
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : rows) {
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    }
    QString text;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? row[c].leftJustified(widths[c] + 2) : row[c];
        text += line.trimmed() + QLatin1Char('\n');
    }
    return text;
}

QString historyEntryToText(const HistoryEntry &entry)
{
    QString text = QStringLiteral("Entry %1: %2\n").arg(entry.id).arg(HistoryEntry::kindName(entry.kind));
    const auto line = [&text](const char *label, const QString &value) {
        text += QStringLiteral("  %1 %2\n").arg(QString::fromLatin1(label).leftJustified(15), value);
    };
    line("Recorded:",
         timeText(entry.recordedAt) +
             (entry.kind == HistoryEntry::Kind::Observed ? QStringLiteral(" (first seen)") : QString()));
    line("Server:", entry.context.serverAddress);
    line("Namespace:", entry.context.namespaceName);
    if (entry.isDeployment())
        line("Deployment:", entry.context.deploymentName);
    else
        line("Task queue:", entry.context.taskQueue);
    line("OS user:", entry.context.osUser);
    line("Identity:", entry.context.identity.isEmpty() ? QStringLiteral("-") : entry.context.identity);
    line("Source:", HistoryContext::sourceName(entry.context.source));
    if (entry.isDeployment() && entry.kind == HistoryEntry::Kind::Observed) {
        line("Changed by:", entry.changedBy().isEmpty() ? QStringLiteral("-") : entry.changedBy());
        if (const std::optional<qint64> revision = entry.routingRevision())
            line("Revision:", QString::number(*revision));
    }
    if (entry.deploymentOperation)
        line("Operation:", entry.deploymentOperation->summary());
    if (entry.operation) {
        line("Operation:", entry.operation->summary());
        line("Command:", entry.operation->cliCommand(entry.context.taskQueue, entry.context.namespaceName));
    }
    line("Reason:", entry.reason.isEmpty() ? QStringLiteral("-") : oneLine(entry.reason));
    line("Outcome:", HistoryEntry::outcomeName(entry.outcome));
    if (entry.matchedPreview)
        line("Preview:", *entry.matchedPreview ? QStringLiteral("the queue matched it afterwards")
                                               : QStringLiteral("the queue did NOT match it afterwards"));
    if (!entry.errorCode.isEmpty() || !entry.errorMessage.isEmpty())
        line("Error:", entry.errorCode + QStringLiteral(": ") + oneLine(entry.errorMessage));
    if (entry.settledOutcome)
        line("Settled:",
             QStringLiteral("%1 by a read at %2")
                 .arg(HistoryEntry::outcomeName(*entry.settledOutcome), timeText(entry.settledAt)));
    if (entry.isDeployment()) {
        line("Before:", entry.deploymentBefore ? deploymentStateText(*entry.deploymentBefore)
                                               : QStringLiteral("not seen before"));
        line("After:",
             entry.deploymentAfter ? deploymentStateText(*entry.deploymentAfter) : QStringLiteral("unknown"));
        return text;
    }
    line("Before:", entry.before.toDisplayString());
    line("After:", entry.after ? entry.after->toDisplayString() : QStringLiteral("unknown"));
    return text;
}

QString deploymentStateText(const WorkerDeployment &deployment)
{
    QStringList versions;
    for (const DeploymentVersionSummary &version : deployment.versions)
        versions << version.buildId + QLatin1Char(' ') + deploymentVersionStatusName(version.status);
    QString text = deployment.routing.summary() +
                   QStringLiteral(" (revision %1)").arg(deployment.routing.revisionNumber);
    if (!versions.isEmpty())
        text += QStringLiteral("; versions: ") + versions.join(QStringLiteral(", "));
    if (!deployment.managerIdentity.isEmpty())
        text += QStringLiteral("; manager: ") + deployment.managerIdentity;
    return text;
}

namespace {

Error importError(const QString &field, const QString &problem)
{
    return Error{ErrorCode::InvalidArgument, QStringLiteral("%1: %2").arg(field, problem),
                 QStringLiteral("the file is not a Versionscope history export"), QStringLiteral("usage")};
}

// Strings that may be null (written for empty) read as "".
std::optional<QString> optionalText(const QJsonObject &json, const char *key)
{
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isNull() || value.isUndefined())
        return QString();
    if (!value.isString())
        return std::nullopt;
    return value.toString();
}

std::optional<QDateTime> optionalTime(const QJsonObject &json, const char *key)
{
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isNull() || value.isUndefined())
        return QDateTime();
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!value.isString() || !time.isValid())
        return std::nullopt;
    return time.toUTC();
}

} // namespace

Result<HistoryEntry> historyEntryFromJson(const QJsonObject &json)
{
    HistoryEntry entry;
    entry.id = json.value(QStringLiteral("id")).toInteger();
    const auto kind = HistoryEntry::kindFromName(json.value(QStringLiteral("kind")).toString());
    if (!kind)
        return importError(QStringLiteral("kind"), QStringLiteral("not applied or observed"));
    entry.kind = *kind;
    const std::optional<QDateTime> recordedAt = optionalTime(json, "recordedAt");
    if (!recordedAt || !recordedAt->isValid())
        return importError(QStringLiteral("recordedAt"), QStringLiteral("not a time"));
    entry.recordedAt = *recordedAt;
    struct TextField
    {
        const char *key;
        QString *target;
    };
    const TextField texts[] = {{"osUser", &entry.context.osUser},
                               {"identity", &entry.context.identity},
                               {"serverAddress", &entry.context.serverAddress},
                               {"namespace", &entry.context.namespaceName},
                               {"taskQueue", &entry.context.taskQueue},
                               {"deploymentName", &entry.context.deploymentName},
                               {"reason", &entry.reason},
                               {"errorCode", &entry.errorCode},
                               {"errorMessage", &entry.errorMessage}};
    for (const TextField &field : texts) {
        const std::optional<QString> value = optionalText(json, field.key);
        if (!value)
            return importError(QLatin1String(field.key), QStringLiteral("not a string"));
        *field.target = *value;
    }
    const auto source = HistoryContext::sourceFromName(json.value(QStringLiteral("source")).toString());
    if (!source)
        return importError(QStringLiteral("source"), QStringLiteral("not window, cli or restore"));
    entry.context.source = *source;
    // Exports written before deployments have no model: they are version sets.
    if (json.contains(QStringLiteral("model"))) {
        const auto model = HistoryContext::modelFromName(json.value(QStringLiteral("model")).toString());
        if (!model)
            return importError(QStringLiteral("model"), QStringLiteral("not version-sets or deployment"));
        entry.context.model = *model;
    }

    const QJsonValue operation = json.value(QStringLiteral("operation"));
    if (operation.isObject()) {
        const QJsonObject op = operation.toObject();
        BuildIdOperation parsed;
        if (!BuildIdOperation::kindFromCommandName(op.value(QStringLiteral("command")).toString(),
                                                   &parsed.kind))
            return importError(QStringLiteral("operation.command"),
                               QStringLiteral("not a version-set command"));
        parsed.buildId = op.value(QStringLiteral("buildId")).toString();
        // Only the fields of the operation's own kind, as historyEntryToJson writes them: another kind's
        // field (null in an export, or edited in) is not part of the operation.
        if (parsed.kind == BuildIdOperation::Kind::AddNewCompatible) {
            parsed.existingBuildId = op.value(QStringLiteral("existingBuildId")).toString();
            parsed.makeSetDefault = op.value(QStringLiteral("makeSetDefault")).toBool();
        }
        if (parsed.kind == BuildIdOperation::Kind::MergeSets)
            parsed.secondaryBuildId = op.value(QStringLiteral("secondaryBuildId")).toString();
        entry.operation = parsed;
    } else if (!operation.isNull() && !operation.isUndefined()) {
        return importError(QStringLiteral("operation"), QStringLiteral("not an object"));
    }
    for (const auto &[key, target] : {std::pair{"before", &entry.before}}) {
        const QJsonValue value = json.value(QLatin1String(key));
        if (value.isNull() || value.isUndefined())
            continue;
        const Result<VersionSets> sets =
            value.isArray()
                ? versionSetsFromJson(value.toArray())
                : Result<VersionSets>(Error{ErrorCode::InvalidArgument, QStringLiteral("not an array")});
        if (!sets)
            return importError(QLatin1String(key), sets.error().message);
        *target = sets.value();
    }
    const QJsonValue after = json.value(QStringLiteral("after"));
    if (!after.isNull() && !after.isUndefined()) {
        const Result<VersionSets> sets =
            after.isArray()
                ? versionSetsFromJson(after.toArray())
                : Result<VersionSets>(Error{ErrorCode::InvalidArgument, QStringLiteral("not an array")});
        if (!sets)
            return importError(QStringLiteral("after"), sets.error().message);
        entry.after = sets.value();
    }
    const QJsonValue matched = json.value(QStringLiteral("matchedPreview"));
    if (matched.isBool())
        entry.matchedPreview = matched.toBool();
    else if (!matched.isNull() && !matched.isUndefined())
        return importError(QStringLiteral("matchedPreview"), QStringLiteral("not a boolean"));
    const auto outcome = HistoryEntry::outcomeFromName(json.value(QStringLiteral("outcome")).toString());
    if (!outcome)
        return importError(QStringLiteral("outcome"), QStringLiteral("not an outcome"));
    entry.outcome = *outcome;
    const std::optional<QDateTime> settledAt = optionalTime(json, "settledAt");
    if (!settledAt)
        return importError(QStringLiteral("settledAt"), QStringLiteral("not a time"));
    entry.settledAt = *settledAt;
    const QJsonValue settled = json.value(QStringLiteral("settledOutcome"));
    if (!settled.isNull() && !settled.isUndefined()) {
        const auto settledOutcome = HistoryEntry::outcomeFromName(settled.toString());
        if (!settledOutcome)
            return importError(QStringLiteral("settledOutcome"), QStringLiteral("not an outcome"));
        entry.settledOutcome = *settledOutcome;
    }

    const QJsonValue deploymentOperation = json.value(QStringLiteral("deploymentOperation"));
    if (deploymentOperation.isObject()) {
        const Result<DeploymentOperation> op = deploymentOperationFromJson(deploymentOperation.toObject());
        if (!op)
            return importError(QStringLiteral("deploymentOperation"), op.error().message);
        entry.deploymentOperation = op.value();
    } else if (!deploymentOperation.isNull() && !deploymentOperation.isUndefined()) {
        return importError(QStringLiteral("deploymentOperation"), QStringLiteral("not an object"));
    }
    for (const auto &[key, target] : {std::pair{"deploymentBefore", &entry.deploymentBefore},
                                      std::pair{"deploymentAfter", &entry.deploymentAfter}}) {
        const QJsonValue value = json.value(QLatin1String(key));
        if (value.isNull() || value.isUndefined())
            continue;
        if (!value.isObject())
            return importError(QLatin1String(key), QStringLiteral("not an object"));
        const Result<WorkerDeployment> deployment = workerDeploymentFromJson(value.toObject());
        if (!deployment)
            return importError(QLatin1String(key), deployment.error().message);
        *target = deployment.value();
    }
    // Each model's entries have none of the other's fields: historyEntryToJson does not write a deployment's
    // fields for a version-set entry, nor a queue or sets for a deployment entry, so such an entry would lose
    // them on the next export. A CSV whose model column is missing or misspelt gets here with its deployment
    // columns filled (fuzz/fuzz_historyimport).
    const bool deployment = entry.isDeployment();
    const struct
    {
        const char *field;
        bool set;
        bool deploymentField;
    } modelFields[] = {
        {"taskQueue", !entry.context.taskQueue.isEmpty(), false},
        {"operation", entry.operation.has_value(), false},
        {"before", !entry.before.isEmpty(), false},
        {"after", entry.after.has_value(), false},
        {"deploymentName", !entry.context.deploymentName.isEmpty(), true},
        {"deploymentOperation", entry.deploymentOperation.has_value(), true},
        {"deploymentBefore", entry.deploymentBefore.has_value(), true},
        {"deploymentAfter", entry.deploymentAfter.has_value(), true},
    };
    for (const auto &field : modelFields) {
        if (field.set && field.deploymentField != deployment)
            return importError(QLatin1String(field.field),
                               QStringLiteral("set on a %1 entry (is the model %2?)")
                                   .arg(HistoryContext::modelName(entry.model()),
                                        deployment ? QStringLiteral("wrong") : QStringLiteral("missing")));
    }
    return entry;
}

Result<QList<HistoryEntry>> historyFromJson(const QJsonArray &json)
{
    QList<HistoryEntry> entries;
    for (qsizetype i = 0; i < json.size(); ++i) {
        Result<HistoryEntry> entry =
            json.at(i).isObject()
                ? historyEntryFromJson(json.at(i).toObject())
                : Result<HistoryEntry>(importError(QString(), QStringLiteral("not an object")));
        if (!entry) {
            Error error = entry.error();
            error.message = QStringLiteral("entry %1: %2").arg(i + 1).arg(error.message);
            return error;
        }
        entries << std::move(entry).value();
    }
    return entries;
}

namespace {

// RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; rows end with CRLF (LF
// accepted).
std::optional<QList<QStringList>> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                field += QLatin1Char('"');
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"') && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
            fieldStarted = false;
        } else if (c == QLatin1Char('\n') ||
                   (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))) {
            if (c == QLatin1Char('\r'))
                ++i;
            row << field;
            rows << row;
            row.clear();
            field.clear();
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted)
        return std::nullopt;
    if (fieldStarted || !row.isEmpty())
        rows << (row << field);
    return rows;
}

QJsonValue csvJson(const QString &text)
{
    if (text.isEmpty())
        return QJsonValue();
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (document.isArray())
        return document.array();
    if (document.isObject())
        return document.object();
    // Not JSON: left as text for historyEntryFromJson to refuse with the field's name.
    return text;
}

} // namespace

Result<QList<HistoryEntry>> historyFromCsv(const QString &csv)
{
    const std::optional<QList<QStringList>> rows = parseCsv(csv);
    if (!rows || rows->isEmpty())
        return importError(QStringLiteral("CSV"), QStringLiteral("no header row, or a quote is not closed"));
    const QStringList header = rows->first();
    for (const QString &required : historyCsvHeader()) {
        if (!header.contains(required))
            return importError(QStringLiteral("CSV"),
                               QStringLiteral("the column %1 is missing").arg(required));
    }
    // The JSON type of each column, so that the row becomes the object historyEntryToJson wrote.
    static const QStringList jsonColumns{
        QStringLiteral("before"), QStringLiteral("after"), QStringLiteral("deploymentOperation"),
        QStringLiteral("deploymentBefore"), QStringLiteral("deploymentAfter")};
    static const QStringList boolColumns{QStringLiteral("makeSetDefault"), QStringLiteral("matchedPreview")};
    static const QStringList alwaysText{
        QStringLiteral("kind"),          QStringLiteral("osUser"),        QStringLiteral("identity"),
        QStringLiteral("serverAddress"), QStringLiteral("namespace"),     QStringLiteral("taskQueue"),
        QStringLiteral("source"),        QStringLiteral("reason"),        QStringLiteral("outcome"),
        QStringLiteral("model"),         QStringLiteral("deploymentName")};
    QList<HistoryEntry> entries;
    for (qsizetype r = 1; r < rows->size(); ++r) {
        const QStringList &row = rows->at(r);
        if (row.size() != header.size())
            return importError(
                QStringLiteral("CSV row %1").arg(r + 1),
                QStringLiteral("%1 fields, the header has %2").arg(row.size()).arg(header.size()));
        QJsonObject object;
        QJsonObject operation;
        for (qsizetype c = 0; c < header.size(); ++c) {
            const QString &name = header.at(c);
            const QString &text = row.at(c);
            QJsonValue value;
            if (name == QLatin1String("id") || name == QLatin1String("routingRevision"))
                value = text.isEmpty() ? QJsonValue() : QJsonValue(text.toLongLong());
            else if (jsonColumns.contains(name))
                value = csvJson(text);
            else if (boolColumns.contains(name))
                value = text.isEmpty() ? QJsonValue() : QJsonValue(text == QLatin1String("true"));
            else if (alwaysText.contains(name))
                value = text;
            else
                value = text.isEmpty() ? QJsonValue() : QJsonValue(text);
            if (name == QLatin1String("operation"))
                operation.insert(QStringLiteral("command"), value);
            else if (operationFields().contains(name))
                operation.insert(name, value);
            else
                object.insert(name, value);
        }
        object.insert(QStringLiteral("operation"), operation.value(QStringLiteral("command")).isNull()
                                                       ? QJsonValue()
                                                       : QJsonValue(operation));
        Result<HistoryEntry> entry = historyEntryFromJson(object);
        if (!entry) {
            Error error = entry.error();
            error.message = QStringLiteral("CSV row %1: %2").arg(r + 1).arg(error.message);
            return error;
        }
        entries << std::move(entry).value();
    }
    return entries;
}
