#include "historylocation.h"

#include "common/displaytext.h"
#include "config/connectionsettingsresolver.h"
#include "config/tomldocument.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace {

constexpr int kDefaultConnectTimeoutSeconds = 5;

Error badLocation(const QString &message, const QString &detail = {})
{
    return Error{ErrorCode::InvalidArgument, message,
                 detail.isEmpty() ? QStringLiteral("give a file path or "
                                                   "postgresql://USER:PASSWORD@HOST:PORT/DATABASE")
                                  : detail,
                 QStringLiteral("local-validation")};
}

// The text with the password of a URL's user info masked, for messages about a URL that may not parse.
QString withoutPassword(const QString &text)
{
    const qsizetype scheme = text.indexOf(QStringLiteral("://"));
    if (scheme < 0)
        return text;
    const qsizetype authorityStart = scheme + 3;
    qsizetype authorityEnd = text.indexOf(QLatin1Char('/'), authorityStart);
    if (authorityEnd < 0)
        authorityEnd = text.size();
    // The last '@' before the path ends the user info, even when an unencoded '@' is inside the password.
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'), authorityEnd - 1);
    if (at < authorityStart)
        return text;
    const qsizetype colon = text.indexOf(QLatin1Char(':'), authorityStart);
    if (colon < 0 || colon > at)
        return text;
    return text.left(colon + 1) + QStringLiteral("***") + text.mid(at);
}

// "scheme:" at the start of a location, as a URL has it: a letter, then letters, digits, '+', '-' or '.'.
// A one-letter scheme is a Windows drive (C:\…) and counts as a path.
QString schemeOf(const QString &text)
{
    static const QRegularExpression scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]+):"));
    const QRegularExpressionMatch match = scheme.match(text);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString expandHome(const QString &path)
{
    if (path == QLatin1String("~"))
        return QDir::homePath();
    if (path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

// Qt hands connect options to libpq unquoted, so a value must be one plain word.
bool isPlainOptionValue(const QString &value)
{
    if (value.isEmpty())
        return false;
    for (QChar c : value) {
        if (c.isSpace() || c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('\\') ||
            c == QLatin1Char(';') || c == QLatin1Char('='))
            return false;
    }
    return true;
}

const QStringList &knownOptions()
{
    static const QStringList options{
        QStringLiteral("sslmode"), QStringLiteral("sslrootcert"),     QStringLiteral("sslcert"),
        QStringLiteral("sslkey"),  QStringLiteral("connect_timeout"), QStringLiteral("application_name"),
        QStringLiteral("host"),
    };
    return options;
}

} // namespace

HistoryLocation HistoryLocation::sqliteFile(const QString &path, Origin origin)
{
    HistoryLocation location;
    location.m_kind = Kind::Sqlite;
    location.m_origin = origin;
    location.m_filePath = QDir::cleanPath(QFileInfo(expandHome(path)).absoluteFilePath());
    return location;
}

Result<HistoryLocation> HistoryLocation::parse(const QString &text, Origin origin)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return badLocation(QStringLiteral("the history location is empty"));
    const bool isPostgres = trimmed.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
                            trimmed.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
    if (!isPostgres) {
        // Anything that starts like a URL is one, mistyped or not supported: taken as a file name it would
        // quietly start a new, empty history in the current folder.
        const QString scheme = schemeOf(trimmed);
        if (!scheme.isEmpty()) {
            const QString shown = quotedForDisplay(withoutPassword(trimmed));
            const QString lower = scheme.toLower();
            const bool postgresLike = lower == QLatin1String("postgresql") ||
                                      lower == QLatin1String("postgres") || lower == QLatin1String("pg") ||
                                      lower == QLatin1String("pgsql") || lower == QLatin1String("psql");
            if (postgresLike && !trimmed.mid(scheme.size() + 1).startsWith(QLatin1String("//")))
                return badLocation(
                    QStringLiteral("the history location %1 looks like a PostgreSQL URL without "
                                   "the // after %2:")
                        .arg(shown, escapedForDisplay(scheme)),
                    QStringLiteral("write postgresql://USER@HOST:PORT/DATABASE, or ./%1 for a "
                                   "file of that name")
                        .arg(escapedForDisplay(withoutPassword(trimmed))));
            return badLocation(QStringLiteral("the history location %1 has the unsupported scheme %2:%3")
                                   .arg(shown, escapedForDisplay(scheme),
                                        postgresLike
                                            ? QStringLiteral(" (PostgreSQL is postgresql:// or postgres://)")
                                            : QString()),
                               QStringLiteral("give a file path (./%1 for a file of that name) or "
                                              "postgresql://USER@HOST:PORT/DATABASE")
                                   .arg(escapedForDisplay(withoutPassword(trimmed))));
        }
        return sqliteFile(trimmed, origin);
    }

    const QString shown = withoutPassword(trimmed);
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return badLocation(QStringLiteral("malformed PostgreSQL URL %1").arg(shown),
                           QStringLiteral("expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE; "
                                          "percent-encode special characters in the password (@ is %40)"));

    HistoryLocation location;
    location.m_kind = Kind::Postgresql;
    location.m_origin = origin;
    location.m_host = url.host(QUrl::FullyDecoded);
    location.m_port = url.port(-1);
    location.m_userName = url.userName(QUrl::FullyDecoded);
    location.m_password = url.password(QUrl::FullyDecoded);
    QString path = url.path(QUrl::FullyDecoded);
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (path.contains(QLatin1Char('/')))
        return badLocation(
            QStringLiteral("malformed PostgreSQL URL %1: the path must be just the database name")
                .arg(shown));
    location.m_databaseName = path;
    if (url.hasFragment())
        return badLocation(
            QStringLiteral("malformed PostgreSQL URL %1: it cannot have a #fragment").arg(shown));

    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!knownOptions().contains(key))
            return badLocation(
                QStringLiteral("unsupported option \"%1\" in PostgreSQL URL %2").arg(key, shown),
                QStringLiteral("supported: ") + knownOptions().join(QStringLiteral(", ")));
        if (!isPlainOptionValue(value))
            return badLocation(
                QStringLiteral("option %1 in PostgreSQL URL %2 is empty or has spaces, quotes, ';' or '='")
                    .arg(key, shown));
        if (key == QLatin1String("connect_timeout")) {
            bool ok = false;
            const int seconds = value.toInt(&ok);
            if (!ok || seconds < 1)
                return badLocation(
                    QStringLiteral("connect_timeout in %1 must be a whole number of seconds, at least 1")
                        .arg(shown));
        }
        if (key == QLatin1String("sslmode")) {
            static const QStringList modes{QStringLiteral("disable"),   QStringLiteral("allow"),
                                           QStringLiteral("prefer"),    QStringLiteral("require"),
                                           QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
            if (!modes.contains(value))
                return badLocation(QStringLiteral("sslmode in %1 must be one of %2")
                                       .arg(shown, modes.join(QStringLiteral(", "))));
        }
        // libpq's own spelling for a socket folder: postgresql://user@/db?host=/run/postgresql.
        if (key == QLatin1String("host")) {
            if (!location.m_host.isEmpty())
                return badLocation(QStringLiteral("PostgreSQL URL %1 names the host twice").arg(shown));
            // A socket folder (absolute), else a host name as the URL's own host part takes it (and
            // normalises it): anything else, such as "run/postgresql", would connect nowhere and describe()
            // would show no host at all (fuzz/fuzz_historylocation).
            if (value.startsWith(QLatin1Char('/'))) {
                location.m_host = value;
            } else {
                QUrl hostOnly;
                hostOnly.setHost(value, QUrl::StrictMode);
                if (!hostOnly.isValid() || hostOnly.host().isEmpty())
                    return badLocation(
                        QStringLiteral("host in PostgreSQL URL %1 must be a host name or a socket folder "
                                       "(an absolute path)")
                            .arg(shown));
                location.m_host = hostOnly.host(QUrl::FullyDecoded);
            }
            continue;
        }
        location.m_options << qMakePair(key, value);
    }
    if (location.m_host.isEmpty())
        return badLocation(QStringLiteral("PostgreSQL URL %1 names no host").arg(shown));
    return location;
}

Result<HistoryLocation> HistoryLocation::resolve(const std::optional<QString> &explicitLocation,
                                                 const std::optional<QString> &profile,
                                                 const QProcessEnvironment &environment)
{
    const auto withOrigin = [](Result<HistoryLocation> parsed, const QString &originText) {
        if (!parsed) {
            Error error = parsed.error();
            error.message = originText + QStringLiteral(": ") + error.message;
            return Result<HistoryLocation>(error);
        }
        parsed.value().m_originText = originText;
        return parsed;
    };
    if (explicitLocation)
        return withOrigin(parse(*explicitLocation, Origin::Explicit), QStringLiteral("--history"));
    const QString fromEnvironment = environment.value(QStringLiteral("VERSIONSCOPE_HISTORY"));
    if (!fromEnvironment.isEmpty())
        return withOrigin(parse(fromEnvironment, Origin::Environment),
                          QStringLiteral("VERSIONSCOPE_HISTORY"));

    const QString profileFromEnvironment = environment.value(QStringLiteral("TEMPORAL_PROFILE"));
    const QString profileName = profile.value_or(profileFromEnvironment.isEmpty() ? QStringLiteral("default")
                                                                                  : profileFromEnvironment);
    const QString configFile = ConnectionSettingsResolver::versionscopeConfigFile(environment);
    const Result<TomlDocument> document = TomlDocument::readFile(configFile);
    if (!document)
        return badLocation(document.error().message, QStringLiteral("fix the file, or pass --history"));
    const QStringList key{QStringLiteral("profile"), profileName, QStringLiteral("history")};
    const Result<std::optional<QString>> value = document.value().string(key);
    if (!value)
        return badLocation(value.error().message, QStringLiteral("fix the file, or pass --history"));
    if (value.value()) {
        const QString originText = QStringLiteral("profile %1 in %2, line %3")
                                       .arg(profileName, configFile)
                                       .arg(document.value().line(key));
        QString text = value.value()->trimmed();
        // A relative file is relative to the config file; a URL (or a mistyped one) is left alone.
        if (schemeOf(text).isEmpty() && !text.isEmpty() && !text.startsWith(QLatin1Char('~')) &&
            QFileInfo(text).isRelative())
            text = QFileInfo(configFile).absoluteDir().filePath(text);
        return withOrigin(parse(text, Origin::Profile), originText);
    }
    HistoryLocation location = sqliteFile(defaultSqlitePath(), Origin::Default);
    location.m_originText = QStringLiteral("default");
    return location;
}

QString HistoryLocation::defaultSqlitePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/versionscope/history.sqlite");
}

int HistoryLocation::connectTimeoutSeconds() const
{
    for (const auto &[key, value] : m_options) {
        if (key == QLatin1String("connect_timeout"))
            return value.toInt();
    }
    return kDefaultConnectTimeoutSeconds;
}

QString HistoryLocation::describe() const
{
    if (m_kind == Kind::Sqlite)
        return m_filePath;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    QUrlQuery query;
    // A socket folder is not a URL host: libpq's ?host= spelling keeps it readable.
    if (m_host.startsWith(QLatin1Char('/')))
        query.addQueryItem(QStringLiteral("host"), m_host);
    else
        url.setHost(m_host);
    url.setPort(m_port);
    url.setUserName(m_userName);
    if (!m_password.isEmpty())
        url.setPassword(QStringLiteral("***"));
    url.setPath(QLatin1Char('/') + m_databaseName);
    for (const auto &[key, value] : m_options)
        query.addQueryItem(key, value);
    url.setQuery(query);
    // Spaces stay encoded: the strict parse refuses a bare one, and what is shown must paste back.
    QString text = url.toString(QUrl::PrettyDecoded | QUrl::EncodeSpaces);
    // With no user, host or port (a socket folder given as ?host=) QUrl leaves out the empty authority and
    // writes "postgresql:/history", which parse() rightly takes for a mistyped URL.
    const QString scheme = QStringLiteral("postgresql:");
    if (!text.startsWith(scheme + QStringLiteral("//")))
        text.insert(scheme.size(), QStringLiteral("//"));
    return text;
}
