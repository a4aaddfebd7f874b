#include "buildidvalidation.h"

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
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) {
            return QStringLiteral("the build ID contains an invisible control character (U+%1) %2")
                .arg(c.unicode(), 4, 16, QLatin1Char('0'))
                .arg(where);
        }
        if (c.isSpace())
            return QStringLiteral("the build ID contains whitespace %1").arg(where);
    }
    return std::nullopt;
}
