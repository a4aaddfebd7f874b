#include "displaytext.h"

#include <QList>

namespace {

// Characters a terminal or a label would act on or hide rather than show.
bool isInvisible(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return category == QChar::Other_Control || category == QChar::Other_Format ||
           category == QChar::Separator_Line || category == QChar::Separator_Paragraph ||
           category == QChar::Other_Surrogate || category == QChar::Other_NotAssigned ||
           category == QChar::Other_PrivateUse;
}

} // namespace

QString escapedForDisplay(const QString &value)
{
    QString shown;
    shown.reserve(value.size());
    const QList<uint> codePoints = value.toUcs4();
    for (const uint codePoint : codePoints) {
        const auto c = static_cast<char32_t>(codePoint);
        switch (c) {
        case U'\\':
            shown += QStringLiteral("\\\\");
            continue;
        case U'"':
            shown += QStringLiteral("\\\"");
            continue;
        case U'\n':
            shown += QStringLiteral("\\n");
            continue;
        case U'\r':
            shown += QStringLiteral("\\r");
            continue;
        case U'\t':
            shown += QStringLiteral("\\t");
            continue;
        default:
            break;
        }
        if (isInvisible(c))
            shown += QStringLiteral("\\u{") + QString::number(codePoint, 16).toUpper() + QLatin1Char('}');
        else
            shown += QString::fromUcs4(&c, 1);
    }
    return shown;
}

QString quotedForDisplay(const QString &value)
{
    return QLatin1Char('"') + escapedForDisplay(value) + QLatin1Char('"');
}
