#include "buildidvalidation.h"

#include "common/displaytext.h"

namespace {

bool isControlOrInvisible(QChar c)
{
    return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
}

} // namespace

std::optional<QString> buildIdProblem(const QString &buildId, const VersioningLimits &limits)
{
    if (buildId.isEmpty())
        return QStringLiteral("the build ID is empty");
    const qsizetype bytes = buildId.toUtf8().size();
    if (limits.maxBuildIdLength > 0 && bytes > limits.maxBuildIdLength) {
        return QStringLiteral("the build ID is %1 bytes long; the server accepts at most %2 "
                              "(limit.workerBuildIdSize)")
            .arg(bytes)
            .arg(limits.maxBuildIdLength);
    }
    for (qsizetype i = 0; i < buildId.size(); ++i) {
        const QChar c = buildId.at(i);
        const QString where = QStringLiteral("at position %1").arg(i + 1);
        if (isControlOrInvisible(c)) {
            return QStringLiteral("the build ID contains an invisible control character (U+%1) %2")
                .arg(c.unicode(), 4, 16, QLatin1Char('0'))
                .arg(where);
        }
        if (c.isSpace())
            return QStringLiteral("the build ID contains whitespace %1").arg(where);
    }
    return std::nullopt;
}

std::optional<QString> taskQueueNameProblem(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("the task queue name is empty");
    const QString shown = quotedForDisplay(name);
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (isControlOrInvisible(c)) {
            return QStringLiteral("the task queue name %1 contains an invisible control character (U+%2) at "
                                  "position %3")
                .arg(shown)
                .arg(c.unicode(), 4, 16, QLatin1Char('0'))
                .arg(i + 1);
        }
    }
    if (name.trimmed().isEmpty())
        return QStringLiteral("the task queue name %1 is only whitespace").arg(shown);
    const qsizetype bytes = name.toUtf8().size();
    if (bytes > kMaxTaskQueueNameBytes) {
        return QStringLiteral("the task queue name is %1 bytes long; the server accepts at most %2")
            .arg(bytes)
            .arg(kMaxTaskQueueNameBytes);
    }
    // The server keeps these for the partitions of a queue and refuses them as names.
    if (name.startsWith(QLatin1String("/_sys/")))
        return QStringLiteral("the task queue name %1 starts with /_sys/, which the server reserves")
            .arg(shown);
    return std::nullopt;
}
