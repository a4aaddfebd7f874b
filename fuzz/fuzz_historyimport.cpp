// History import and export (core/history/historyexport): arbitrary text read as a JSON or CSV export, and
// whatever reads must export and read back as the same entries, in both formats. Input: one byte whose
// lowest bit chooses JSON (0) or CSV (1), then the text.
#include "fuzzinput.h"

#include "history/historyexport.h"

#include <QJsonDocument>

namespace {

QString describe(const QList<HistoryEntry> &entries)
{
    return QString::fromUtf8(QJsonDocument(historyToJson(entries)).toJson(QJsonDocument::Compact));
}

void checkEntries(const QList<HistoryEntry> &entries)
{
    for (const HistoryEntry &entry : entries) {
        (void)historyEntryToText(entry);
        (void)historyWhatText(entry);
        (void)historyOutcomeText(entry);
        if (entry.deploymentAfter)
            (void)deploymentStateText(*entry.deploymentAfter);
    }
    (void)historyToText(entries);

    const Result<QList<HistoryEntry>> fromJson = historyFromJson(historyToJson(entries));
    fuzzinput::require(bool(fromJson), "imported entries export to JSON that imports",
                       describe(entries) +
                           (fromJson ? QString() : QStringLiteral("\n") + fromJson.error().message));
    fuzzinput::require(fromJson.value() == entries, "imported entries read back from JSON as they were",
                       describe(entries) + QStringLiteral("\nread back: ") + describe(fromJson.value()));

    const QString csv = historyToCsv(entries);
    const Result<QList<HistoryEntry>> fromCsv = historyFromCsv(csv);
    fuzzinput::require(bool(fromCsv), "imported entries export to CSV that imports",
                       csv + (fromCsv ? QString() : QStringLiteral("\n") + fromCsv.error().message));
    fuzzinput::require(fromCsv.value() == entries, "imported entries read back from CSV as they were",
                       describe(entries) + QStringLiteral("\nread back: ") + describe(fromCsv.value()));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzinput::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray text(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    if ((data[0] & 1) == 0) {
        const QJsonDocument document = QJsonDocument::fromJson(text);
        if (document.isObject()) {
            const Result<HistoryEntry> entry = historyEntryFromJson(document.object());
            if (entry)
                checkEntries({entry.value()});
        } else {
            const Result<QList<HistoryEntry>> entries = historyFromJson(document.array());
            if (entries)
                checkEntries(entries.value());
        }
    } else {
        const Result<QList<HistoryEntry>> entries = historyFromCsv(QString::fromUtf8(text));
        if (entries)
            checkEntries(entries.value());
    }
    return 0;
}
