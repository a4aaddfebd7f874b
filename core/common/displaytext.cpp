#include "displaytext.h"

#include <QList>

namespace {

// Marks and letters that render as nothing: variation selectors, the combining grapheme joiner, the Hangul
// fillers (the same list as NameRules' invisible characters).
bool isInvisibleMark(char32_t c)
{
    return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x180B && c <= 0x180D) ||
           c == 0x180F || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0;
}

// Characters a terminal or a label would act on or hide rather than show.
bool isInvisible(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return category == QChar::Other_Control || category == QChar::Other_Format ||
           category == QChar::Separator_Line || category == QChar::Separator_Paragraph ||
           category == QChar::Other_Surrogate || category == QChar::Other_NotAssigned ||
           category == QChar::Other_PrivateUse || isInvisibleMark(c);
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
