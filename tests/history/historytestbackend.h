#pragma once

#include "common/result.h"
#include "history/historylocation.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

// The history tests run once per backend: ctest sets VERSIONSCOPE_TEST_HISTORY_BACKEND to "sqlite" or
// "postgresql". PostgreSQL is the real server the postgres fixture started (scripts/postgres-dev-server);
// a test that needs it and cannot find it fails, it never skips.
namespace HistoryTestBackend {

inline QString name()
{
    const QString backend = qEnvironmentVariable("VERSIONSCOPE_TEST_HISTORY_BACKEND");
    return backend.isEmpty() ? QStringLiteral("sqlite") : backend;
}

inline bool isPostgresql()
{
    return name() == QLatin1String("postgresql");
}

// postgresql://versionscope@127.0.0.1:PORT/postgres, or empty when the fixture did not start the server.
inline QString serverUrl()
{
    QFile file(qEnvironmentVariable("VERSIONSCOPE_TEST_POSTGRES_DIR") + QStringLiteral("/url"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

// Plain SQL on a history database, beside the store: to prepare old schemas, damage, or look inside.
class RawDatabase
{
public:
    explicit RawDatabase(const HistoryLocation &location)
        : m_name(QStringLiteral("raw-%1").arg(QRandomGenerator::global()->generate64()))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(
            location.isPostgresql() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), m_name);
        if (location.isPostgresql()) {
            db.setHostName(location.host());
            db.setPort(location.port());
            db.setUserName(location.userName());
            db.setDatabaseName(location.databaseName());
        } else {
            db.setDatabaseName(location.filePath());
        }
        if (!db.open())
            qWarning("raw database: %s", qPrintable(db.lastError().text()));
    }
    ~RawDatabase()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    RawDatabase(const RawDatabase &) = delete;
    RawDatabase &operator=(const RawDatabase &) = delete;

    // Runs one statement; returns the first column of every row, or an error's text prefixed with "ERROR: ".
    QStringList exec(const QString &statement)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(statement))
            return {QStringLiteral("ERROR: ") + query.lastError().text()};
        QStringList rows;
        while (query.next())
            rows << query.value(0).toString();
        return rows;
    }

private:
    QString m_name;
};

// A new, empty history: a file in folder (not created yet), or a new database on the test server.
inline Result<HistoryLocation> freshLocation(const QString &folder)
{
    if (!isPostgresql())
        return HistoryLocation::sqliteFile(folder + QStringLiteral("/history.sqlite"));
    const QString server = serverUrl();
    if (server.isEmpty())
        return Error{
            ErrorCode::FailedPrecondition,
            QStringLiteral("no PostgreSQL test server: VERSIONSCOPE_TEST_POSTGRES_DIR/url is missing"),
            QStringLiteral("run the test through ctest, which starts the postgres fixture")};
    const Result<HistoryLocation> serverLocation = HistoryLocation::parse(server);
    if (!serverLocation)
        return serverLocation.error();
    const QString database = QStringLiteral("history_%1").arg(QRandomGenerator::global()->generate64());
    {
        RawDatabase raw(serverLocation.value());
        const QStringList created = raw.exec(QStringLiteral("CREATE DATABASE ") + database);
        if (!created.isEmpty())
            return Error{ErrorCode::Unavailable, created.join(QLatin1Char(' '))};
    }
    QUrl url(server);
    url.setPath(QLatin1Char('/') + database);
    return HistoryLocation::parse(url.toString());
}

} // namespace HistoryTestBackend
