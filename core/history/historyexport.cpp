#include "historyexport.h"

#include "versionsets/versionsetjson.h"

#include <QJsonDocument>

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
    return QJsonObject{
        {QStringLiteral("id"), entry.id},
        {QStringLiteral("kind"), HistoryEntry::kindName(entry.kind)},
        {QStringLiteral("recordedAt"), timeOrNull(entry.recordedAt)},
        {QStringLiteral("osUser"), entry.osUser},
        {QStringLiteral("identity"), entry.identity},
        {QStringLiteral("serverAddress"), entry.serverAddress},
        {QStringLiteral("namespace"), entry.namespaceName},
        {QStringLiteral("taskQueue"), entry.taskQueue},
        {QStringLiteral("source"), HistoryContext::sourceName(entry.source)},
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

QString historyToCsv(const QList<HistoryEntry> &entries)
{
    static const QString lineEnd = QStringLiteral("\r\n");
    const QStringList header = historyCsvHeader();
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
            else
                row << csvField(object.value(field));
        }
        csv += row.join(QLatin1Char(',')) + lineEnd;
    }
    return csv;
}
