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

namespace {

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral("-");
}

} // namespace

QString historyWhatText(const HistoryEntry &entry)
{
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
        rows << QStringList{QString::number(entry.id), timeText(entry.recordedAt), entry.context.taskQueue,
                            historyWhatText(entry),    historyOutcomeText(entry),  entry.context.osUser,
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
    line("Task queue:", entry.context.taskQueue);
    line("OS user:", entry.context.osUser);
    line("Identity:", entry.context.identity.isEmpty() ? QStringLiteral("-") : entry.context.identity);
    line("Source:", HistoryContext::sourceName(entry.context.source));
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
    line("Before:", entry.before.toDisplayString());
    line("After:", entry.after ? entry.after->toDisplayString() : QStringLiteral("unknown"));
    return text;
}
