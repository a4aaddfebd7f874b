#include "tomlparser.h"

#include <QStringList>

namespace {

class Reader
{
public:
    explicit Reader(const QString &text)
        : m_text(text)
    {}

    Result<QVariantMap> document();

private:
    QString m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    std::optional<Error> m_error;

    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek(qsizetype ahead = 0) const
    {
        return m_pos + ahead < m_text.size() ? m_text.at(m_pos + ahead) : QChar();
    }
    QChar take()
    {
        const QChar c = m_text.at(m_pos++);
        if (c == QLatin1Char('\n'))
            ++m_line;
        return c;
    }
    bool startsWith(const char *token) const
    {
        return QStringView(m_text).mid(m_pos).startsWith(QLatin1String(token));
    }
    void fail(const QString &what) { failAt(m_line, what); }
    void failAt(int line, const QString &what)
    {
        if (!m_error)
            m_error =
                Error{ErrorCode::InvalidArgument, QStringLiteral("line %1: %2").arg(line).arg(what), {}, {}};
    }
    void skipSpaces()
    {
        while (!atEnd() && (peek() == QLatin1Char(' ') || peek() == QLatin1Char('\t')))
            take();
    }
    void skipComment()
    {
        if (peek() == QLatin1Char('#')) {
            while (!atEnd() && peek() != QLatin1Char('\n'))
                take();
        }
    }
    // Spaces, newlines and comments (inside arrays).
    void skipBlank()
    {
        for (;;) {
            skipSpaces();
            skipComment();
            if (!atEnd() && (peek() == QLatin1Char('\n') || peek() == QLatin1Char('\r')))
                take();
            else
                return;
        }
    }
    bool endOfLine()
    {
        skipSpaces();
        skipComment();
        if (atEnd())
            return true;
        if (peek() == QLatin1Char('\r'))
            take();
        if (!atEnd() && peek() == QLatin1Char('\n')) {
            take();
            return true;
        }
        fail(QStringLiteral("expected the end of the line"));
        return false;
    }

    QStringList keyPath();
    QString key();
    // A string after its opening quote(s): '"' for basic strings (with escapes), '\'' for literal ones.
    QString string(QChar quote, bool multiline);
    QVariant value();
    bool assign(QVariantMap &table, const QStringList &path, const QVariant &value);
};

QString Reader::key()
{
    skipSpaces();
    if (peek() == QLatin1Char('"')) {
        take();
        return string(QLatin1Char('"'), false);
    }
    if (peek() == QLatin1Char('\'')) {
        take();
        return string(QLatin1Char('\''), false);
    }
    QString name;
    while (!atEnd() &&
           (peek().isLetterOrNumber() || peek() == QLatin1Char('_') || peek() == QLatin1Char('-')))
        name += take();
    if (name.isEmpty())
        fail(QStringLiteral("expected a key"));
    return name;
}

QStringList Reader::keyPath()
{
    QStringList path{key()};
    skipSpaces();
    while (!m_error && peek() == QLatin1Char('.')) {
        take();
        path << key();
        skipSpaces();
    }
    return path;
}

QString Reader::string(QChar quote, bool multiline)
{
    const int startLine = m_line;
    QString out;
    if (multiline && peek() == QLatin1Char('\r'))
        take();
    if (multiline && peek() == QLatin1Char('\n'))
        take();
    while (!atEnd()) {
        const bool closing =
            multiline ? (peek() == quote && peek(1) == quote && peek(2) == quote) : peek() == quote;
        if (closing) {
            m_pos += multiline ? 3 : 1;
            return out;
        }
        QChar c = take();
        if (c == QLatin1Char('\n') && !multiline)
            break;
        // Literal ('…') strings take every character as it stands.
        if (quote == QLatin1Char('\'') || c != QLatin1Char('\\')) {
            out += c;
            continue;
        }
        if (atEnd())
            break;
        c = take();
        // Simple escapes: the character after the backslash and what it stands for.
        static const QLatin1String simpleEscapes("n\nt\tr\rb\bf\f\"\"\\\\");
        bool simple = false;
        for (qsizetype e = 0; e + 1 < simpleEscapes.size(); e += 2) {
            if (c == QLatin1Char(simpleEscapes.at(e))) {
                out += QLatin1Char(simpleEscapes.at(e + 1));
                simple = true;
                break;
            }
        }
        if (simple)
            continue;
        switch (c.unicode()) {
        case 'u':
        case 'U': {
            const int digits = c == QLatin1Char('u') ? 4 : 8;
            bool ok = false;
            const uint code = m_text.mid(m_pos, digits).toUInt(&ok, 16);
            if (!ok) {
                fail(QStringLiteral("bad unicode escape"));
                return out;
            }
            m_pos += digits;
            const char32_t codePoint = code;
            out += QString::fromUcs4(&codePoint, 1);
            break;
        }
        default:
            if (multiline && (c == QLatin1Char('\n') || c.isSpace())) {
                // A line-ending backslash trims the newline and the white space after it.
                while (!atEnd() && peek().isSpace())
                    take();
                break;
            }
            fail(QStringLiteral("unknown escape \\%1").arg(c));
            return out;
        }
    }
    failAt(startLine, QStringLiteral("unterminated string"));
    return out;
}

QVariant Reader::value()
{
    skipSpaces();
    if (startsWith("\"\"\"")) {
        m_pos += 3;
        return string(QLatin1Char('"'), true);
    }
    if (startsWith("'''")) {
        m_pos += 3;
        return string(QLatin1Char('\''), true);
    }
    if (peek() == QLatin1Char('"')) {
        take();
        return string(QLatin1Char('"'), false);
    }
    if (peek() == QLatin1Char('\'')) {
        take();
        return string(QLatin1Char('\''), false);
    }
    if (peek() == QLatin1Char('[')) {
        take();
        QVariantList list;
        skipBlank();
        while (!m_error && !atEnd() && peek() != QLatin1Char(']')) {
            list << value();
            skipBlank();
            if (peek() == QLatin1Char(','))
                take();
            skipBlank();
        }
        if (atEnd())
            fail(QStringLiteral("unterminated array"));
        else
            take();
        return list;
    }
    if (peek() == QLatin1Char('{')) {
        take();
        QVariantMap table;
        skipSpaces();
        while (!m_error && !atEnd() && peek() != QLatin1Char('}')) {
            const QStringList path = keyPath();
            skipSpaces();
            if (peek() != QLatin1Char('=')) {
                fail(QStringLiteral("expected '=' after key"));
                break;
            }
            take();
            assign(table, path, value());
            skipSpaces();
            if (peek() == QLatin1Char(','))
                take();
            skipSpaces();
        }
        if (atEnd())
            fail(QStringLiteral("unterminated inline table"));
        else
            take();
        return table;
    }
    QString word;
    while (!atEnd() && !peek().isSpace() && peek() != QLatin1Char(',') && peek() != QLatin1Char(']') &&
           peek() != QLatin1Char('}') && peek() != QLatin1Char('#'))
        word += take();
    if (word == QLatin1String("true"))
        return true;
    if (word == QLatin1String("false"))
        return false;
    QString digits = word;
    digits.remove(QLatin1Char('_'));
    bool ok = false;
    const qlonglong integer = digits.toLongLong(&ok, 0);
    if (ok)
        return integer;
    const double number = digits.toDouble(&ok);
    if (ok)
        return number;
    if (!word.isEmpty() && word.at(0).isDigit())
        return word; // a date or time: kept as text
    fail(word.isEmpty() ? QStringLiteral("expected a value")
                        : QStringLiteral("unknown value '%1'").arg(word));
    return {};
}

bool Reader::assign(QVariantMap &table, const QStringList &path, const QVariant &value)
{
    if (path.size() == 1) {
        if (table.contains(path.first())) {
            fail(QStringLiteral("key '%1' is defined twice").arg(path.first()));
            return false;
        }
        table.insert(path.first(), value);
        return true;
    }
    QVariant &child = table[path.first()];
    if (child.isValid() && child.typeId() != QMetaType::QVariantMap) {
        fail(QStringLiteral("key '%1' is not a table").arg(path.first()));
        return false;
    }
    QVariantMap sub = child.toMap();
    const bool ok = assign(sub, path.mid(1), value);
    child = sub;
    return ok;
}

Result<QVariantMap> Reader::document()
{
    QVariantMap root;
    QStringList current;
    while (!m_error && !atEnd()) {
        skipBlank();
        if (atEnd())
            break;
        if (peek() == QLatin1Char('[')) {
            take();
            if (peek() == QLatin1Char('[')) {
                fail(QStringLiteral("arrays of tables are not supported in profile files"));
                break;
            }
            current = keyPath();
            skipSpaces();
            if (peek() != QLatin1Char(']')) {
                fail(QStringLiteral("expected ']' after table name"));
                break;
            }
            take();
            // Create the table even when it stays empty.
            QVariant probe = root;
            bool clash = false;
            for (const QString &part : current) {
                const QVariantMap map = probe.toMap();
                if (map.contains(part) && map.value(part).typeId() != QMetaType::QVariantMap)
                    clash = true;
                probe = map.value(part);
            }
            if (clash) {
                fail(QStringLiteral("table [%1] clashes with a key").arg(current.join(QLatin1Char('.'))));
                break;
            }
            if (!probe.isValid())
                assign(root, current, QVariantMap());
            endOfLine();
            continue;
        }
        QStringList path = current + keyPath();
        skipSpaces();
        if (peek() != QLatin1Char('=')) {
            fail(QStringLiteral("expected '=' after key"));
            break;
        }
        take();
        const QVariant parsed = value();
        if (m_error)
            break;
        assign(root, path, parsed);
        endOfLine();
    }
    if (m_error)
        return *m_error;
    return root;
}

} // namespace

Result<QVariantMap> TomlParser::parse(const QByteArray &text)
{
    Reader reader(QString::fromUtf8(text));
    return reader.document();
}
