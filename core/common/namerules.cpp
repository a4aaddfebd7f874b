#include "namerules.h"

#include "displaytext.h"

#include <QCoreApplication>
#include <QList>

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("NameRules", text);
}

struct NamedCodePoint
{
    char32_t codePoint;
    const char *name;
};

// The Unicode names of the characters these rules are about; others are named by their category only.
constexpr NamedCodePoint kNames[] = {
    {0x0000, "NULL"},
    {0x0009, "CHARACTER TABULATION"},
    {0x000A, "LINE FEED"},
    {0x000B, "LINE TABULATION"},
    {0x000C, "FORM FEED"},
    {0x000D, "CARRIAGE RETURN"},
    {0x001B, "ESCAPE"},
    {0x0020, "SPACE"},
    {0x007F, "DELETE"},
    {0x0085, "NEXT LINE"},
    {0x00A0, "NO-BREAK SPACE"},
    {0x00AD, "SOFT HYPHEN"},
    {0x034F, "COMBINING GRAPHEME JOINER"},
    {0x061C, "ARABIC LETTER MARK"},
    {0x115F, "HANGUL CHOSEONG FILLER"},
    {0x1160, "HANGUL JUNGSEONG FILLER"},
    {0x180E, "MONGOLIAN VOWEL SEPARATOR"},
    {0x2000, "EN QUAD"},
    {0x2001, "EM QUAD"},
    {0x2002, "EN SPACE"},
    {0x2003, "EM SPACE"},
    {0x2007, "FIGURE SPACE"},
    {0x2009, "THIN SPACE"},
    {0x200A, "HAIR SPACE"},
    {0x200B, "ZERO WIDTH SPACE"},
    {0x200C, "ZERO WIDTH NON-JOINER"},
    {0x200D, "ZERO WIDTH JOINER"},
    {0x200E, "LEFT-TO-RIGHT MARK"},
    {0x200F, "RIGHT-TO-LEFT MARK"},
    {0x2028, "LINE SEPARATOR"},
    {0x2029, "PARAGRAPH SEPARATOR"},
    {0x202A, "LEFT-TO-RIGHT EMBEDDING"},
    {0x202B, "RIGHT-TO-LEFT EMBEDDING"},
    {0x202C, "POP DIRECTIONAL FORMATTING"},
    {0x202D, "LEFT-TO-RIGHT OVERRIDE"},
    {0x202E, "RIGHT-TO-LEFT OVERRIDE"},
    {0x202F, "NARROW NO-BREAK SPACE"},
    {0x205F, "MEDIUM MATHEMATICAL SPACE"},
    {0x2060, "WORD JOINER"},
    {0x2061, "FUNCTION APPLICATION"},
    {0x2062, "INVISIBLE TIMES"},
    {0x2063, "INVISIBLE SEPARATOR"},
    {0x2064, "INVISIBLE PLUS"},
    {0x2066, "LEFT-TO-RIGHT ISOLATE"},
    {0x2067, "RIGHT-TO-LEFT ISOLATE"},
    {0x2068, "FIRST STRONG ISOLATE"},
    {0x2069, "POP DIRECTIONAL ISOLATE"},
    {0x3000, "IDEOGRAPHIC SPACE"},
    {0x3164, "HANGUL FILLER"},
    {0xFEFF, "ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)"},
    {0xFFA0, "HALFWIDTH HANGUL FILLER"},
};

bool isBidiControl(char32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

bool isVariationSelector(char32_t c)
{
    return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x180B && c <= 0x180D) ||
           c == 0x180F;
}

// Characters that render as nothing (or as an empty cell) although they are letters or marks.
bool isInvisibleLetterOrMark(char32_t c)
{
    return c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0;
}

bool isInvisible(char32_t c)
{
    return QChar::category(c) == QChar::Other_Format || isVariationSelector(c) || isInvisibleLetterOrMark(c);
}

bool isControl(char32_t c)
{
    return QChar::category(c) == QChar::Other_Control;
}

bool isWhitespace(char32_t c)
{
    return QChar::isSpace(c);
}

QString kindText(NameKind kind)
{
    switch (kind) {
    case NameKind::BuildId:
        return tr("build ID");
    case NameKind::TaskQueue:
        return tr("task queue name");
    case NameKind::DeploymentName:
        return tr("deployment name");
    case NameKind::DeploymentBuildId:
        return tr("deployment build ID");
    }
    Q_UNREACHABLE();
    return QString();
}

QString limitName(NameKind kind)
{
    switch (kind) {
    case NameKind::BuildId:
        return QStringLiteral("limit.workerBuildIdSize");
    case NameKind::TaskQueue:
        return QStringLiteral("limit.maxIDLength");
    case NameKind::DeploymentName:
    case NameKind::DeploymentBuildId:
        return QStringLiteral("(limit.maxIDLength - 39) / 2");
    }
    Q_UNREACHABLE();
    return QString();
}

// A long name is shown by its start: enough to recognise it without filling the terminal.
QString shownName(const QString &name)
{
    constexpr qsizetype kShown = 48;
    const QList<uint> codePoints = name.toUcs4();
    if (codePoints.size() <= kShown)
        return quotedForDisplay(name);
    const QString start =
        QString::fromUcs4(reinterpret_cast<const char32_t *>(codePoints.constData()), kShown);
    return QLatin1Char('"') + escapedForDisplay(start) + QStringLiteral("\"…");
}

} // namespace

QString nameKindText(NameKind kind)
{
    return kindText(kind);
}

int defaultMaxNameBytes(NameKind kind)
{
    switch (kind) {
    case NameKind::BuildId:
        return kMaxVersionSetBuildIdBytes;
    case NameKind::TaskQueue:
        return kMaxTaskQueueNameBytes;
    case NameKind::DeploymentName:
        return kMaxDeploymentNameBytes;
    case NameKind::DeploymentBuildId:
        return kMaxDeploymentBuildIdBytes;
    }
    Q_UNREACHABLE();
    return 0;
}

QString codePointText(char32_t c)
{
    const QString code = QStringLiteral("U+%1").arg(static_cast<uint>(c), 4, 16, QLatin1Char('0')).toUpper();
    for (const NamedCodePoint &named : kNames) {
        if (named.codePoint == c)
            return code + QLatin1Char(' ') + QLatin1String(named.name);
    }
    if (c >= 0xFE00 && c <= 0xFE0F)
        return code + QStringLiteral(" VARIATION SELECTOR-%1").arg(c - 0xFE00 + 1);
    if (c >= 0xE0100 && c <= 0xE01EF)
        return code + QStringLiteral(" VARIATION SELECTOR-%1").arg(c - 0xE0100 + 17);
    return code;
}

std::optional<QString> nameProblem(NameKind kind, const QString &name, int maxBytes)
{
    const QString what = kindText(kind);
    if (name.isEmpty())
        return tr("the %1 is empty").arg(what);
    const QString shown = shownName(name);
    const QList<uint> codePoints = name.toUcs4();
    const auto at = [&](qsizetype index) {
        return tr("%1 at position %2").arg(codePointText(codePoints.at(index))).arg(index + 1);
    };

    if (std::all_of(codePoints.cbegin(), codePoints.cend(), [](uint c) { return isWhitespace(c); }))
        return tr("the %1 %2 is only whitespace").arg(what, shown);
    // Characters first: a trailing newline is a control character before it is whitespace.
    for (qsizetype i = 0; i < codePoints.size(); ++i) {
        const char32_t c = codePoints.at(i);
        if (isControl(c))
            return tr("the %1 %2 contains a control character: %3").arg(what, shown, at(i));
        if (isBidiControl(c))
            return tr("the %1 %2 contains a bidirectional control, which reorders the text around it: %3")
                .arg(what, shown, at(i));
        if (isInvisible(c))
            return tr("the %1 %2 contains an invisible character: %3").arg(what, shown, at(i));
    }
    if (isWhitespace(codePoints.constFirst()))
        return tr("the %1 %2 starts with whitespace: %3").arg(what, shown, at(0));
    if (isWhitespace(codePoints.constLast()))
        return tr("the %1 %2 ends with whitespace: %3").arg(what, shown, at(codePoints.size() - 1));
    if (kind == NameKind::BuildId || kind == NameKind::DeploymentBuildId) {
        for (qsizetype i = 0; i < codePoints.size(); ++i) {
            if (isWhitespace(codePoints.at(i)))
                return tr("the %1 %2 contains whitespace: %3").arg(what, shown, at(i));
        }
    }

    const int limit = maxBytes > 0 ? maxBytes : defaultMaxNameBytes(kind);
    const qsizetype bytes = name.toUtf8().size();
    if (bytes > limit)
        return tr("the %1 %2 is %3 bytes long in UTF-8; the server accepts at most %4 (%5)")
            .arg(what, shown)
            .arg(bytes)
            .arg(limit)
            .arg(limitName(kind));

    switch (kind) {
    case NameKind::TaskQueue:
        if (name.startsWith(QLatin1String("/_sys/")))
            return tr("the %1 %2 starts with /_sys/, which the server reserves for partitions")
                .arg(what, shown);
        break;
    case NameKind::DeploymentName:
        for (const QLatin1Char separator : {QLatin1Char('.'), QLatin1Char(':')}) {
            if (const qsizetype index = name.indexOf(separator); index >= 0)
                return tr("the %1 %2 contains '%3' at position %4, which the server reserves as a separator "
                          "of version names")
                    .arg(what, shown, QString(separator))
                    .arg(QStringView(name).left(index).toUcs4().size() + 1);
        }
        [[fallthrough]];
    case NameKind::DeploymentBuildId:
        if (name.startsWith(QLatin1String("__")))
            return tr("the %1 %2 starts with \"__\", which the server reserves").arg(what, shown);
        break;
    case NameKind::BuildId:
        break;
    }
    return std::nullopt;
}

std::optional<QString> nameRuleWarning(NameKind kind, const QString &name, int maxBytes)
{
    const std::optional<QString> problem = nameProblem(kind, name, maxBytes);
    if (!problem)
        return std::nullopt;
    return tr("%1; it already exists on the server (made by another tool), so it is used as it is — check "
              "that "
              "it is the one you mean")
        .arg(*problem);
}

QString nameForDisplay(const QString &name)
{
    const QList<uint> codePoints = name.toUcs4();
    const bool plain =
        !name.isEmpty() && !isWhitespace(codePoints.constFirst()) && !isWhitespace(codePoints.constLast()) &&
        std::none_of(codePoints.cbegin(), codePoints.cend(),
                     [](uint c) { return isControl(c) || isBidiControl(c) || isInvisible(c); }) &&
        escapedForDisplay(name) == name;
    return plain ? name : quotedForDisplay(name);
}
