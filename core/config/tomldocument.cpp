#include "tomldocument.h"

#include <QFile>
#include <QRegularExpression>

#include <toml++/toml.h>

#include <sstream>

namespace {

Error configError(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message, {}, QStringLiteral("local-validation")};
}

QString kindOf(const toml::node &node)
{
    switch (node.type()) {
    case toml::node_type::string:
        return QStringLiteral("a string");
    case toml::node_type::integer:
        return QStringLiteral("an integer");
    case toml::node_type::floating_point:
        return QStringLiteral("a float");
    case toml::node_type::boolean:
        return QStringLiteral("a boolean");
    case toml::node_type::date:
        return QStringLiteral("a date");
    case toml::node_type::time:
        return QStringLiteral("a time");
    case toml::node_type::date_time:
        return QStringLiteral("a date-time");
    case toml::node_type::array:
        return QStringLiteral("an array");
    case toml::node_type::table:
        return QStringLiteral("a table");
    case toml::node_type::none:
        break;
    }
    return QStringLiteral("nothing");
}

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString pathKey(const QStringList &keyPath)
{
    return keyPath.join(QChar(0x1f));
}

} // namespace

// Walks toml++'s tree once, into plain Qt values and the line of every key.
class TomlDocumentBuilder
{
public:
    explicit TomlDocumentBuilder(TomlDocument &document)
        : m_document(document)
    {}

    QVariant convert(const toml::node &node, const QStringList &path)
    {
        if (const toml::table *table = node.as_table()) {
            QVariantMap map;
            for (auto &&[key, child] : *table) {
                const QString name = fromStd(key.str());
                const QStringList childPath = path + QStringList{name};
                int line = static_cast<int>(key.source().begin.line);
                if (line == 0)
                    line = static_cast<int>(child.source().begin.line);
                m_document.m_lines.insert(pathKey(childPath), line);
                m_document.m_kinds.insert(pathKey(childPath), kindOf(child));
                map.insert(name, convert(child, childPath));
            }
            return map;
        }
        if (const toml::array *array = node.as_array()) {
            QVariantList list;
            for (const toml::node &element : *array)
                list << convert(element, path);
            return list;
        }
        if (const auto *text = node.as_string())
            return fromStd(text->get());
        if (const auto *integer = node.as_integer())
            return static_cast<qint64>(integer->get());
        if (const auto *number = node.as_floating_point())
            return number->get();
        if (const auto *flag = node.as_boolean())
            return flag->get();
        // Dates and times: their TOML spelling.
        std::ostringstream text;
        node.visit([&text](auto &&value) { text << value; });
        return QString::fromStdString(text.str());
    }

private:
    TomlDocument &m_document;
};

Result<TomlDocument> TomlDocument::parse(const QByteArray &text, const QString &fileName)
{
    TomlDocument document;
    document.m_fileName = fileName;
    const std::string_view view(text.constData(), static_cast<std::size_t>(text.size()));
    // Debian's toml++ is built with exceptions: its parse error stops here and leaves as a value.
    toml::table parsed;
    try {
        parsed = toml::parse(view, fileName.toStdString());
    } catch (const toml::parse_error &error) {
        return configError(QStringLiteral("%1, line %2, column %3: %4")
                               .arg(fileName)
                               .arg(error.source().begin.line)
                               .arg(error.source().begin.column)
                               .arg(fromStd(error.description())));
    }
    TomlDocumentBuilder builder(document);
    document.m_root = builder.convert(parsed, {}).toMap();
    return document;
}

Result<TomlDocument> TomlDocument::readFile(const QString &path)
{
    QFile file(path);
    if (!file.exists()) {
        TomlDocument empty;
        empty.m_fileName = path;
        return empty;
    }
    if (!file.open(QIODevice::ReadOnly))
        return configError(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return parse(file.readAll(), path);
}

bool TomlDocument::contains(const QStringList &keyPath) const
{
    return m_lines.contains(pathKey(keyPath));
}

QVariant TomlDocument::value(const QStringList &keyPath) const
{
    QVariant current = m_root;
    for (const QString &key : keyPath) {
        if (current.typeId() != QMetaType::QVariantMap)
            return {};
        const QVariantMap map = current.toMap();
        const auto it = map.constFind(key);
        if (it == map.cend())
            return {};
        current = *it;
    }
    return current;
}

QStringList TomlDocument::keys(const QStringList &tablePath) const
{
    const QVariant table = tablePath.isEmpty() ? QVariant(m_root) : value(tablePath);
    return table.typeId() == QMetaType::QVariantMap ? table.toMap().keys() : QStringList();
}

int TomlDocument::line(const QStringList &keyPath) const
{
    return m_lines.value(pathKey(keyPath));
}

Result<std::optional<QString>> TomlDocument::string(const QStringList &keyPath) const
{
    const QVariant found = value(keyPath);
    if (!found.isValid())
        return std::optional<QString>();
    if (m_kinds.value(pathKey(keyPath)) != QLatin1String("a string"))
        return typeError(keyPath, QStringLiteral("a string"));
    return std::optional<QString>(found.toString());
}

Result<std::optional<bool>> TomlDocument::boolean(const QStringList &keyPath) const
{
    const QVariant found = value(keyPath);
    if (!found.isValid())
        return std::optional<bool>();
    if (found.typeId() != QMetaType::Bool)
        return typeError(keyPath, QStringLiteral("a boolean (true or false)"));
    return std::optional<bool>(found.toBool());
}

Result<std::optional<qint64>> TomlDocument::integer(const QStringList &keyPath) const
{
    const QVariant found = value(keyPath);
    if (!found.isValid())
        return std::optional<qint64>();
    if (found.typeId() != QMetaType::LongLong)
        return typeError(keyPath, QStringLiteral("an integer"));
    return std::optional<qint64>(found.toLongLong());
}

Result<QStringList> TomlDocument::tableKeys(const QStringList &keyPath) const
{
    const QVariant found = keyPath.isEmpty() ? QVariant(m_root) : value(keyPath);
    if (!found.isValid())
        return QStringList();
    if (found.typeId() != QMetaType::QVariantMap)
        return typeError(keyPath, QStringLiteral("a table"));
    return found.toMap().keys();
}

Error TomlDocument::typeError(const QStringList &keyPath, const QString &expected) const
{
    return valueError(keyPath,
                      QStringLiteral("must be %1, not %2")
                          .arg(expected, m_kinds.value(pathKey(keyPath), QStringLiteral("nothing"))));
}

Error TomlDocument::valueError(const QStringList &keyPath, const QString &message) const
{
    return configError(QStringLiteral("%1, line %2: %3 %4")
                           .arg(m_fileName)
                           .arg(line(keyPath))
                           .arg(dottedKey(keyPath), message));
}

QString TomlDocument::dottedKey(const QStringList &keyPath)
{
    static const QRegularExpression bare(QStringLiteral("^[A-Za-z0-9_-]+$"));
    QStringList parts;
    for (const QString &key : keyPath)
        parts << (bare.match(key).hasMatch() ? key : QLatin1Char('"') + key + QLatin1Char('"'));
    return parts.join(QLatin1Char('.'));
}
