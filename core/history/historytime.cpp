#include "historytime.h"

#include <QRegularExpression>

Result<QDateTime> parseHistoryTime(const QString &text, const QDateTime &now)
{
    const QString trimmed = text.trimmed();
    if (trimmed.compare(QLatin1String("now"), Qt::CaseInsensitive) == 0)
        return now.toUTC();

    static const QRegularExpression age(QStringLiteral("^(\\d{1,9})([smhdw])$"));
    if (const QRegularExpressionMatch match = age.match(trimmed); match.hasMatch()) {
        const qint64 amount = match.captured(1).toLongLong();
        const QChar unit = match.captured(2).at(0);
        const qint64 seconds = unit == QLatin1Char('s')   ? 1
                               : unit == QLatin1Char('m') ? 60
                               : unit == QLatin1Char('h') ? 3600
                               : unit == QLatin1Char('d') ? 86400
                                                          : 7 * 86400;
        return now.toUTC().addSecs(-amount * seconds);
    }

    // ISO 8601; a space may stand for the T, and a time without an offset is UTC.
    static const QRegularExpression iso(
        QStringLiteral("^(\\d{4}-\\d{2}-\\d{2})(?:[T "
                       "](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,3})?)?)(Z|[+-]\\d{2}:\\d{2})?)?$"));
    if (const QRegularExpressionMatch match = iso.match(trimmed); match.hasMatch()) {
        const QString timePart = match.captured(2).isEmpty() ? QStringLiteral("00:00") : match.captured(2);
        const QString zone = match.captured(3).isEmpty() ? QStringLiteral("Z") : match.captured(3);
        const QDateTime parsed =
            QDateTime::fromString(match.captured(1) + QLatin1Char('T') + timePart + zone, Qt::ISODateWithMs);
        if (parsed.isValid())
            return parsed.toUTC();
    }
    return Error{
        ErrorCode::InvalidArgument, QStringLiteral("cannot read \"%1\" as a time").arg(text),
        QStringLiteral("give an age such as 30m, 2h, 3d or 1w, \"now\", or a date and time such as "
                       "2026-05-04 or 2026-05-04T14:30 (UTC unless an offset such as +02:00 follows)"),
        QStringLiteral("usage")};
}
