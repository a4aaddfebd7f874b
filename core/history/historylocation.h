#pragma once

#include "common/result.h"

#include <QList>
#include <QPair>
#include <QProcessEnvironment>
#include <QString>

#include <optional>

// Where the rollout history lives: an SQLite file (the default, one per user) or a PostgreSQL database a
// team shares, given as postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME[?sslmode=…&connect_timeout=…]. A
// plain value.
//
// The URL's password is a secret: describe() leaves it out and nothing here logs it. ~/.pgpass or
// PGPASSWORD, which libpq reads itself, keep it out of config files altogether.
class HistoryLocation
{
public:
    enum class Kind { Sqlite, Postgresql };
    // Where the location came from, for messages.
    enum class Origin { Explicit, Environment, Profile, Default };

    HistoryLocation() = default;

    static HistoryLocation sqliteFile(const QString &path, Origin origin = Origin::Explicit);
    // A postgresql:// (or postgres://) URL, else a file path ("~/" is expanded, relative paths are made
    // absolute). Errors say what is wrong with a URL without repeating its password.
    static Result<HistoryLocation> parse(const QString &text, Origin origin = Origin::Explicit);
    // The first of: explicit (the --history flag), VERSIONSCOPE_HISTORY, `history = "…"` under [profile.NAME]
    // of Versionscope's own config file (ConnectionSettingsResolver::versionscopeConfigFile; a relative path
    // there is relative to that file), defaultSqlitePath(). NAME is profile, else TEMPORAL_PROFILE, else
    // "default", as for the connection.
    static Result<HistoryLocation> resolve(const std::optional<QString> &explicitLocation,
                                           const std::optional<QString> &profile,
                                           const QProcessEnvironment &environment);
    // <generic data folder>/versionscope/history.sqlite (~/.local/share/versionscope/history.sqlite on
    // Linux), shared by the window and the CLI.
    static QString defaultSqlitePath();

    Kind kind() const { return m_kind; }
    Origin origin() const { return m_origin; }
    bool isPostgresql() const { return m_kind == Kind::Postgresql; }

    // SQLite: the database file, absolute.
    const QString &filePath() const { return m_filePath; }

    // PostgreSQL connection parameters. An empty host is libpq's default (the local socket), port -1 the
    // default port, an empty user or database libpq's defaults.
    const QString &host() const { return m_host; }
    int port() const { return m_port; }
    const QString &userName() const { return m_userName; }
    // Secret: for the driver only, never for a log or a message.
    const QString &password() const { return m_password; }
    const QString &databaseName() const { return m_databaseName; }
    // libpq keyword/value options from the URL's query (sslmode, sslrootcert, sslcert, sslkey,
    // connect_timeout, application_name), checked: no spaces, quotes, ';' or '='.
    const QList<QPair<QString, QString>> &options() const { return m_options; }
    // connect_timeout from the URL, else 5 s: an unreachable server fails instead of hanging.
    int connectTimeoutSeconds() const;

    // The file path, or the URL without its password ("postgresql://alice:***@db:5432/history").
    QString describe() const;
    // Where it came from: "--history", "VERSIONSCOPE_HISTORY", "profile prod in /…/versionscope.toml",
    // "default".
    const QString &originText() const { return m_originText; }

    bool operator==(const HistoryLocation &) const = default;

private:
    Kind m_kind = Kind::Sqlite;
    Origin m_origin = Origin::Explicit;
    QString m_originText;
    QString m_filePath;
    QString m_host;
    int m_port = -1;
    QString m_userName;
    QString m_password;
    QString m_databaseName;
    QList<QPair<QString, QString>> m_options;
};
