#include "historystore.h"

#include "deployments/deploymentdiff.h"
#include "deployments/deploymentjson.h"
#include "historyexport.h"
#include "historyschema.h"
#include "versionsets/versionsetjson.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <functional>
#include <iterator>
#include <tuple>

// Warnings only by default: the CLI prints to the same terminal.
// QT_LOGGING_RULES="versionscope.history.info=true" shows migrations and reconnections.
Q_LOGGING_CATEGORY(lcHistory, "versionscope.history", QtWarningMsg)

namespace {

constexpr char kColumns[] =
    "id, kind, recorded_at, os_user, identity, server_address, namespace, task_queue, "
    "source, operation, build_id, existing_build_id, secondary_build_id, "
    "make_set_default, reason, before_sets, after_sets, matched_preview, outcome, "
    "error_code, error_message, settled_at, settled_outcome, model, deployment_name, "
    "deployment_operation, deployment_before, deployment_after";

// The columns of kColumns in their order, as entryFromRow reads them.
enum class Column {
    Id,
    Kind,
    RecordedAt,
    OsUser,
    Identity,
    ServerAddress,
    Namespace,
    TaskQueue,
    Source,
    Operation,
    BuildId,
    ExistingBuildId,
    SecondaryBuildId,
    MakeSetDefault,
    Reason,
    BeforeSets,
    AfterSets,
    MatchedPreview,
    Outcome,
    ErrorCode,
    ErrorMessage,
    SettledAt,
    SettledOutcome,
    Model,
    DeploymentName,
    DeploymentOperation,
    DeploymentBefore,
    DeploymentAfter,
    Count,
};
static_assert(std::count(std::begin(kColumns), std::end(kColumns), ',') + 1 == int(Column::Count),
              "Column must name every column of kColumns");

// Statement and lock timeouts on PostgreSQL: a stuck server or a writer holding the lock fails a call instead
// of blocking the history's thread for good.
constexpr int kPostgresStatementTimeoutMs = 15000;
// How long SQLite waits for another program's write to finish (the window and the CLI share the file).
constexpr int kSqliteBusyTimeoutMs = 10000;

QString driverName(HistoryLocation::Kind kind)
{
    return kind == HistoryLocation::Kind::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString nextConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("versionscope-history-%1").arg(++counter);
}

QString setsToText(const VersionSets &sets)
{
    return QString::fromUtf8(QJsonDocument(versionSetsToJson(sets)).toJson(QJsonDocument::Compact));
}

Result<VersionSets> setsFromText(const QString &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray())
        return Error{ErrorCode::DataLoss, QStringLiteral("stored version sets are not a JSON array")};
    return versionSetsFromJson(document.array());
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<QJsonObject> jsonObjectFromText(const QString &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// deploymentjson's shape without the conflict token: it is only good for the next write, and a stored one
// would invite sending it.
QString deploymentToText(const WorkerDeployment &deployment)
{
    QJsonObject json = workerDeploymentToJson(deployment);
    json.remove(QStringLiteral("conflictToken"));
    return jsonText(json);
}

Result<WorkerDeployment> deploymentFromText(const QString &text)
{
    const std::optional<QJsonObject> object = jsonObjectFromText(text);
    if (!object)
        return Error{ErrorCode::DataLoss, QStringLiteral("a stored deployment is not a JSON object")};
    return workerDeploymentFromJson(*object);
}

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant nullInteger()
{
    return QVariant(QMetaType::fromType<qlonglong>());
}

// Qt binds a null QString as NULL: required text columns get "" instead.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant textOrNull(const QString &value, bool present)
{
    return present ? text(value) : nullText();
}

// Column values a store of any version wrote must be names this program knows; anything else is damage.
Error badColumn(qint64 id, const char *column, const QString &value)
{
    return Error{ErrorCode::DataLoss,
                 QStringLiteral("history entry %1 has an invalid %2: \"%3\"")
                     .arg(id)
                     .arg(QLatin1String(column), value),
                 QStringLiteral("the database was changed by something other than Versionscope")};
}

QVariant valueOf(const QSqlQuery &row, Column column)
{
    return row.value(int(column));
}

bool isNull(const QSqlQuery &row, Column column)
{
    return row.isNull(int(column));
}

Result<HistoryEntry> entryFromRow(const QSqlQuery &row)
{
    HistoryEntry entry;
    entry.id = valueOf(row, Column::Id).toLongLong();
    const auto kind = HistoryEntry::kindFromName(valueOf(row, Column::Kind).toString());
    if (!kind)
        return badColumn(entry.id, "kind", valueOf(row, Column::Kind).toString());
    entry.kind = *kind;
    entry.recordedAt = QDateTime::fromMSecsSinceEpoch(valueOf(row, Column::RecordedAt).toLongLong(), Qt::UTC);
    entry.context.osUser = valueOf(row, Column::OsUser).toString();
    entry.context.identity = valueOf(row, Column::Identity).toString();
    entry.context.serverAddress = valueOf(row, Column::ServerAddress).toString();
    entry.context.namespaceName = valueOf(row, Column::Namespace).toString();
    entry.context.taskQueue = valueOf(row, Column::TaskQueue).toString();
    const auto source = HistoryContext::sourceFromName(valueOf(row, Column::Source).toString());
    if (!source)
        return badColumn(entry.id, "source", valueOf(row, Column::Source).toString());
    entry.context.source = *source;
    const auto model = HistoryContext::modelFromName(valueOf(row, Column::Model).toString());
    if (!model)
        return badColumn(entry.id, "model", valueOf(row, Column::Model).toString());
    entry.context.model = *model;
    entry.context.deploymentName = valueOf(row, Column::DeploymentName).toString();
    if (entry.context.isDeployment()) {
        if (!isNull(row, Column::DeploymentOperation)) {
            const std::optional<QJsonObject> object =
                jsonObjectFromText(valueOf(row, Column::DeploymentOperation).toString());
            const Result<DeploymentOperation> operation =
                object ? deploymentOperationFromJson(*object)
                       : Result<DeploymentOperation>(Error{ErrorCode::DataLoss, QString()});
            if (!operation)
                return badColumn(entry.id, "deployment_operation",
                                 valueOf(row, Column::DeploymentOperation).toString());
            entry.deploymentOperation = operation.value();
        }
        for (const auto &[column, name, target] :
             {std::tuple{Column::DeploymentBefore, "deployment_before", &entry.deploymentBefore},
              std::tuple{Column::DeploymentAfter, "deployment_after", &entry.deploymentAfter}}) {
            if (isNull(row, column))
                continue;
            const Result<WorkerDeployment> deployment = deploymentFromText(valueOf(row, column).toString());
            if (!deployment)
                return badColumn(entry.id, name, valueOf(row, column).toString());
            *target = deployment.value();
        }
    }
    // A deployment entry's operation column holds its kind's name for SQL filters, not a version-set command.
    if (!entry.context.isDeployment() && !isNull(row, Column::Operation)) {
        BuildIdOperation operation;
        if (!BuildIdOperation::kindFromCommandName(valueOf(row, Column::Operation).toString(),
                                                   &operation.kind))
            return badColumn(entry.id, "operation", valueOf(row, Column::Operation).toString());
        operation.buildId = valueOf(row, Column::BuildId).toString();
        operation.existingBuildId = valueOf(row, Column::ExistingBuildId).toString();
        operation.secondaryBuildId = valueOf(row, Column::SecondaryBuildId).toString();
        operation.makeSetDefault = valueOf(row, Column::MakeSetDefault).toInt() != 0;
        entry.operation = operation;
    }
    entry.reason = valueOf(row, Column::Reason).toString();
    const Result<VersionSets> before = setsFromText(valueOf(row, Column::BeforeSets).toString());
    if (!before)
        return badColumn(entry.id, "before_sets", valueOf(row, Column::BeforeSets).toString());
    entry.before = before.value();
    if (!isNull(row, Column::AfterSets)) {
        const Result<VersionSets> after = setsFromText(valueOf(row, Column::AfterSets).toString());
        if (!after)
            return badColumn(entry.id, "after_sets", valueOf(row, Column::AfterSets).toString());
        entry.after = after.value();
    }
    if (!isNull(row, Column::MatchedPreview))
        entry.matchedPreview = valueOf(row, Column::MatchedPreview).toInt() != 0;
    const auto outcome = HistoryEntry::outcomeFromName(valueOf(row, Column::Outcome).toString());
    if (!outcome)
        return badColumn(entry.id, "outcome", valueOf(row, Column::Outcome).toString());
    entry.outcome = *outcome;
    entry.errorCode = valueOf(row, Column::ErrorCode).toString();
    entry.errorMessage = valueOf(row, Column::ErrorMessage).toString();
    if (!isNull(row, Column::SettledAt))
        entry.settledAt =
            QDateTime::fromMSecsSinceEpoch(valueOf(row, Column::SettledAt).toLongLong(), Qt::UTC);
    if (!isNull(row, Column::SettledOutcome)) {
        const auto settled = HistoryEntry::outcomeFromName(valueOf(row, Column::SettledOutcome).toString());
        if (!settled)
            return badColumn(entry.id, "settled_outcome", valueOf(row, Column::SettledOutcome).toString());
        entry.settledOutcome = *settled;
    }
    return entry;
}

std::optional<QString> inconsistency(const HistoryEntry &entry)
{
    if (!entry.recordedAt.isValid())
        return QStringLiteral("it has no time");
    if (entry.context.serverAddress.isEmpty() || entry.context.namespaceName.isEmpty())
        return QStringLiteral("it names no server or namespace");
    if (entry.isDeployment()) {
        if (entry.context.deploymentName.isEmpty() || !entry.context.taskQueue.isEmpty())
            return QStringLiteral("a deployment entry names its deployment and no task queue");
        if (entry.operation || !entry.before.isEmpty() || entry.after)
            return QStringLiteral("a deployment entry has no version sets and no version-set operation");
        if (entry.kind == HistoryEntry::Kind::Observed) {
            if (entry.deploymentOperation || entry.outcome != HistoryEntry::Outcome::Observed ||
                !entry.deploymentAfter)
                return QStringLiteral(
                    "an observed change has no operation, the outcome observed and the deployment seen");
        } else if (!entry.deploymentOperation || !entry.deploymentBefore ||
                   entry.outcome == HistoryEntry::Outcome::Observed) {
            return QStringLiteral("an applied deployment entry needs an operation, the deployment before "
                                  "and an outcome other than observed");
        }
        if (entry.settledAt.isValid() != entry.settledOutcome.has_value())
            return QStringLiteral("settledAt and settledOutcome go together");
        return std::nullopt;
    }
    if (entry.context.taskQueue.isEmpty())
        return QStringLiteral("it names no server, namespace or task queue");
    if (!entry.context.deploymentName.isEmpty() || entry.deploymentOperation || entry.deploymentBefore ||
        entry.deploymentAfter)
        return QStringLiteral("a version-set entry has no deployment");
    if (entry.kind == HistoryEntry::Kind::Observed) {
        if (entry.operation || entry.outcome != HistoryEntry::Outcome::Observed || !entry.after)
            return QStringLiteral(
                "an observed change has no operation, the outcome observed and the sets seen");
    } else if (!entry.operation || entry.outcome == HistoryEntry::Outcome::Observed) {
        return QStringLiteral("an applied entry needs an operation and an outcome other than observed");
    }
    if (entry.settledAt.isValid() != entry.settledOutcome.has_value())
        return QStringLiteral("settledAt and settledOutcome go together");
    return std::nullopt;
}

// For LIKE with ESCAPE '\': the person's text matches literally, '%' and '_' included.
QString likePattern(const QString &text)
{
    QString escaped = text.toLower();
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace

HistoryStore::HistoryStore(const HistoryLocation &location)
    : m_location(location)
    , m_connectionName(nextConnectionName())
{}

HistoryStore::~HistoryStore()
{
    if (m_db.isValid())
        m_db.close();
    // removeDatabase wants no QSqlDatabase handle left on the connection.
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool HistoryStore::isSqlite() const
{
    return m_location.kind() == HistoryLocation::Kind::Sqlite;
}

Error HistoryStore::databaseError(const QString &what, const QString &driverText) const
{
    return Error{ErrorCode::Unavailable,
                 QStringLiteral("history %1 failed: %2").arg(what, driverText.trimmed()),
                 QStringLiteral("the history is %1").arg(m_location.describe()), QStringLiteral("history")};
}

Result<std::unique_ptr<HistoryStore>> HistoryStore::open(const HistoryLocation &location)
{
    const QString driver = driverName(location.kind());
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        const bool sqlite = location.kind() == HistoryLocation::Kind::Sqlite;
        return Error{ErrorCode::FailedPrecondition,
                     QStringLiteral("the Qt SQL driver for %1 (%2) is not installed")
                         .arg(sqlite ? QStringLiteral("SQLite") : QStringLiteral("PostgreSQL"), driver),
                     sqlite
                         ? QStringLiteral("install it (Debian/Ubuntu: libqt6sql6-sqlite)")
                         : QStringLiteral("install it (Debian/Ubuntu: libqt6sql6-psql), or keep the history "
                                          "in an SQLite file with --history FILE"),
                     QStringLiteral("history-driver-missing")};
    }
    std::unique_ptr<HistoryStore> store(new HistoryStore(location));
    if (Result<Done> connected = store->connect(); !connected)
        return connected.error();
    if (Result<Done> migrated = store->migrate(); !migrated)
        return migrated.error();
    qCDebug(lcHistory) << "opened" << location.describe();
    return store;
}

Result<Done> HistoryStore::connect()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    m_db = QSqlDatabase::addDatabase(driverName(m_location.kind()), m_connectionName);
    if (isSqlite()) {
        const QFileInfo file(m_location.filePath());
        if (file.isDir())
            return Error{ErrorCode::FailedPrecondition,
                         QStringLiteral("the history file %1 is a folder").arg(m_location.filePath()),
                         QStringLiteral("give a file path with --history or VERSIONSCOPE_HISTORY"),
                         QStringLiteral("history")};
        if (!QDir().mkpath(file.absolutePath()))
            return Error{
                ErrorCode::FailedPrecondition,
                QStringLiteral("cannot create the folder %1 for the history").arg(file.absolutePath()),
                QStringLiteral("check its permissions, or choose another file with --history or "
                               "VERSIONSCOPE_HISTORY"),
                QStringLiteral("history")};
        m_db.setDatabaseName(m_location.filePath());
        // Another process may hold the write lock for a moment (the window and the CLI share the file).
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kSqliteBusyTimeoutMs));
    } else {
        m_db.setHostName(m_location.host());
        if (m_location.port() > 0)
            m_db.setPort(m_location.port());
        m_db.setUserName(m_location.userName());
        m_db.setPassword(m_location.password());
        m_db.setDatabaseName(m_location.databaseName());
        QStringList options;
        for (const auto &[key, value] : m_location.options()) {
            if (key != QLatin1String("connect_timeout"))
                options << key + QLatin1Char('=') + value;
        }
        options << QStringLiteral("connect_timeout=%1").arg(m_location.connectTimeoutSeconds());
        // A connection that stops answering after it was made fails too, rather than blocking.
        options << QStringLiteral("tcp_user_timeout=%1").arg(kPostgresStatementTimeoutMs);
        m_db.setConnectOptions(options.join(QLatin1Char(';')));
    }
    if (!m_db.open()) {
        const QSqlError error = m_db.lastError();
        if (isSqlite())
            return Error{
                ErrorCode::FailedPrecondition,
                QStringLiteral("cannot open the history file %1: %2")
                    .arg(m_location.filePath(), error.text().trimmed()),
                QStringLiteral("check the file's permissions, or choose another file with --history or "
                               "VERSIONSCOPE_HISTORY"),
                QStringLiteral("history")};
        const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
        const bool authentication = text.contains(QStringLiteral("authentication"), Qt::CaseInsensitive) ||
                                    text.contains(QStringLiteral("password"), Qt::CaseInsensitive);
        return Error{authentication ? ErrorCode::Unauthenticated : ErrorCode::Unavailable,
                     QStringLiteral("cannot connect to the history database %1: %2")
                         .arg(m_location.describe(), text.trimmed()),
                     authentication
                         ? QStringLiteral("check the user and password (URL, ~/.pgpass or PGPASSWORD)")
                         : QStringLiteral("check that the server is running and reachable and that the "
                                          "database exists, or choose another history with --history "
                                          "or VERSIONSCOPE_HISTORY"),
                     QStringLiteral("unreachable")};
    }
    if (isSqlite()) {
        // WAL: readers (the window's history view) do not block the writer; FULL: a commit that returned is
        // on disk, not only in the OS cache.
        const Result<QString> mode = enableWriteAheadLog();
        if (!mode)
            return mode.error();
        if (mode.value().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            qCWarning(lcHistory) << "the history file" << m_location.filePath()
                                 << "cannot use write-ahead logging; journal mode:" << mode.value();
        if (Result<Done> done = exec(QStringLiteral("PRAGMA synchronous=FULL"), "setup"); !done)
            return done;
    } else {
        for (const QString &setting :
             {QStringLiteral("SET statement_timeout = %1"), QStringLiteral("SET lock_timeout = %1")}) {
            if (Result<Done> done = exec(setting.arg(kPostgresStatementTimeoutMs), "setup"); !done)
                return done;
        }
    }
    m_broken = false;
    return Done{};
}

Result<QString> HistoryStore::enableWriteAheadLog()
{
    QSqlQuery pragma(m_db);
    if (pragma.exec(QStringLiteral("PRAGMA journal_mode")) && pragma.next() &&
        pragma.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0)
        return pragma.value(0).toString();
    pragma.finish();
    // Switching a new file to WAL needs it to itself, and SQLite answers "locked" at once instead of waiting
    // like other statements do: two programs creating the history together must take turns.
    QDeadlineTimer deadline(kSqliteBusyTimeoutMs);
    for (;;) {
        if (pragma.exec(QStringLiteral("PRAGMA journal_mode=WAL")) && pragma.next())
            return pragma.value(0).toString();
        const QSqlError error = pragma.lastError();
        pragma.finish();
        if (error.nativeErrorCode() != QLatin1String("5") || deadline.hasExpired())
            return Error{ErrorCode::FailedPrecondition,
                         QStringLiteral("cannot use the history file %1: %2")
                             .arg(m_location.filePath(), error.text().trimmed()),
                         QStringLiteral("is it an SQLite database? Move it away or choose another file with "
                                        "--history"),
                         QStringLiteral("history")};
        QThread::msleep(QRandomGenerator::global()->bounded(5, 25));
    }
}

Result<Done> HistoryStore::ensureConnected()
{
    if (!m_broken)
        return Done{};
    qCInfo(lcHistory) << "reconnecting to" << m_location.describe();
    return connect();
}

Result<Done> HistoryStore::exec(QSqlQuery &query, const char *what)
{
    if (query.exec())
        return Done{};
    return failed(query, what);
}

Result<Done> HistoryStore::exec(const QString &statement, const char *what)
{
    // Not prepared: PostgreSQL cannot prepare BEGIN, SET, LOCK or CREATE, and these take no values.
    QSqlQuery query(m_db);
    if (query.exec(statement))
        return Done{};
    return failed(query, what);
}

Error HistoryStore::failed(const QSqlQuery &query, const char *what)
{
    const QSqlError error = query.lastError();
    if (!isSqlite()) {
        // A statement failing on a dead connection: reconnect before the next operation.
        QSqlQuery probe(m_db);
        if (!probe.exec(QStringLiteral("SELECT 1")))
            m_broken = true;
    }
    return databaseError(QLatin1String(what), error.text());
}

Result<Done> HistoryStore::beginWrite()
{
    if (isSqlite())
        return exec(QStringLiteral("BEGIN IMMEDIATE"), "begin");
    if (Result<Done> begun = exec(QStringLiteral("BEGIN"), "begin"); !begun)
        return begun;
    // Conflicts with itself, not with readers: one writer at a time, reads go on.
    if (Result<Done> locked =
            exec(QStringLiteral("LOCK TABLE versionscope_history IN SHARE ROW EXCLUSIVE MODE"), "lock");
        !locked) {
        rollback();
        return locked;
    }
    return Done{};
}

Result<Done> HistoryStore::commit()
{
    Result<Done> committed = exec(QStringLiteral("COMMIT"), "commit");
    if (!committed)
        rollback();
    return committed;
}

void HistoryStore::rollback()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("ROLLBACK")))
        qCDebug(lcHistory) << "rollback:" << query.lastError().text();
}

Result<Done> HistoryStore::migrate()
{
    const HistorySchema::Dialect dialect =
        isSqlite() ? HistorySchema::Dialect::Sqlite : HistorySchema::Dialect::Postgresql;
    if (Result<Done> begun =
            exec(isSqlite() ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"), "begin");
        !begun)
        return begun;
    const auto fail = [this](const Error &error) {
        rollback();
        return Result<Done>(error);
    };
    if (!isSqlite()) {
        // Two programs opening a new database at once: one migrates, the other waits and then finds it done.
        if (Result<Done> locked = exec(QStringLiteral("SELECT pg_advisory_xact_lock(7262696)"), "lock");
            !locked)
            return fail(locked.error());
    }

    QSqlQuery exists(m_db);
    exists.prepare(isSqlite()
                       ? QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
                       : QStringLiteral("SELECT 1 FROM pg_catalog.pg_tables WHERE tablename = ? "
                                        "AND schemaname = ANY (current_schemas(false))"));
    exists.addBindValue(QStringLiteral("versionscope_schema"));
    if (Result<Done> done = exec(exists, "schema check"); !done)
        return fail(done.error());
    int version = 0;
    if (!exists.next()) {
        if (Result<Done> done =
                exec(QStringLiteral("CREATE TABLE versionscope_schema (version INTEGER NOT NULL)"),
                     "schema creation");
            !done)
            return fail(done.error());
        if (Result<Done> done = exec(QStringLiteral("INSERT INTO versionscope_schema (version) VALUES (0)"),
                                     "schema creation");
            !done)
            return fail(done.error());
    } else {
        QSqlQuery current(m_db);
        current.prepare(QStringLiteral("SELECT version FROM versionscope_schema"));
        if (Result<Done> done = exec(current, "schema check"); !done)
            return fail(done.error());
        if (!current.next())
            return fail(
                Error{ErrorCode::DataLoss, QStringLiteral("the history's schema version is missing"),
                      QStringLiteral("the database was changed by something other than Versionscope")});
        version = current.value(0).toInt();
    }

    if (version > HistorySchema::latestVersion())
        return fail(
            Error{ErrorCode::FailedPrecondition,
                  QStringLiteral("the history %1 has schema version %2, newer than this Versionscope "
                                 "understands (%3)")
                      .arg(m_location.describe())
                      .arg(version)
                      .arg(HistorySchema::latestVersion()),
                  QStringLiteral("a newer Versionscope wrote it: upgrade this one, or choose another history "
                                 "with --history or VERSIONSCOPE_HISTORY"),
                  QStringLiteral("history-schema-newer")});
    for (const HistorySchema::Migration &migration : HistorySchema::migrations(dialect)) {
        if (migration.version <= version)
            continue;
        qCInfo(lcHistory) << "migrating" << m_location.describe() << "to schema version" << migration.version;
        for (const QString &statement : migration.statements) {
            if (Result<Done> done = exec(statement, "migration"); !done)
                return fail(done.error());
        }
        QSqlQuery update(m_db);
        update.prepare(QStringLiteral("UPDATE versionscope_schema SET version = ?"));
        update.addBindValue(migration.version);
        if (Result<Done> done = exec(update, "migration"); !done)
            return fail(done.error());
    }
    return commit();
}

Result<qint64> HistoryStore::nextKnownSeq(const HistoryContext &context)
{
    QSqlQuery query(m_db);
    if (context.isDeployment()) {
        query.prepare(
            QStringLiteral("SELECT MAX(known_seq) FROM versionscope_history WHERE server_address = ? "
                           "AND namespace = ? AND deployment_name = ? AND model = 'deployment'"));
        query.addBindValue(context.serverAddress);
        query.addBindValue(context.namespaceName);
        query.addBindValue(context.deploymentName);
    } else {
        query.prepare(QStringLiteral("SELECT MAX(known_seq) FROM versionscope_history "
                                     "WHERE server_address = ? AND namespace = ? AND task_queue = ?"));
        query.addBindValue(context.serverAddress);
        query.addBindValue(context.namespaceName);
        query.addBindValue(context.taskQueue);
    }
    if (Result<Done> done = exec(query, "read"); !done)
        return done.error();
    return query.next() ? query.value(0).toLongLong() + 1 : qint64(1);
}

Result<qint64> HistoryStore::insert(const HistoryEntry &entry)
{
    if (const std::optional<QString> problem = inconsistency(entry))
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("refusing to record an inconsistent history entry: %1").arg(*problem),
                     {},
                     QStringLiteral("local-validation")};
    const std::optional<VersionSets> known = entry.knownState();
    const std::optional<WorkerDeployment> knownDeployment = entry.knownDeployment();
    std::optional<qint64> knownSeq;
    if (known || knownDeployment) {
        const Result<qint64> seq = nextKnownSeq(entry.context);
        if (!seq)
            return seq.error();
        knownSeq = seq.value();
    }

    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "INSERT INTO versionscope_history (kind, recorded_at, os_user, identity, "
        "server_address, namespace, task_queue, source, operation, build_id, "
        "existing_build_id, secondary_build_id, make_set_default, reason, before_sets, "
        "after_sets, matched_preview, outcome, error_code, error_message, settled_at, "
        "settled_outcome, known_sets, known_seq, model, deployment_name, "
        "deployment_operation, deployment_before, deployment_after, known_deployment, "
        "modifier_identity, routing_revision) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?) "
        "RETURNING id"));
    const std::optional<BuildIdOperation> &op = entry.operation;
    const std::optional<DeploymentOperation> &deploymentOp = entry.deploymentOperation;
    query.addBindValue(HistoryEntry::kindName(entry.kind));
    query.addBindValue(entry.recordedAt.toMSecsSinceEpoch());
    query.addBindValue(text(entry.context.osUser));
    query.addBindValue(text(entry.context.identity));
    query.addBindValue(text(entry.context.serverAddress));
    query.addBindValue(text(entry.context.namespaceName));
    query.addBindValue(text(entry.context.taskQueue));
    query.addBindValue(HistoryContext::sourceName(entry.context.source));
    if (deploymentOp) {
        query.addBindValue(DeploymentOperation::kindName(deploymentOp->kind));
        query.addBindValue(text(deploymentOp->buildId));
    } else {
        query.addBindValue(op ? QVariant(op->commandName()) : nullText());
        query.addBindValue(op ? text(op->buildId) : nullText());
    }
    query.addBindValue(op ? text(op->existingBuildId) : nullText());
    query.addBindValue(op ? text(op->secondaryBuildId) : nullText());
    query.addBindValue(op ? QVariant(qlonglong(op->makeSetDefault ? 1 : 0)) : nullInteger());
    query.addBindValue(text(entry.reason));
    query.addBindValue(setsToText(entry.before));
    query.addBindValue(
        textOrNull(entry.after ? setsToText(*entry.after) : QString(), entry.after.has_value()));
    query.addBindValue(entry.matchedPreview ? QVariant(qlonglong(*entry.matchedPreview ? 1 : 0))
                                            : nullInteger());
    query.addBindValue(HistoryEntry::outcomeName(entry.outcome));
    query.addBindValue(text(entry.errorCode));
    query.addBindValue(text(entry.errorMessage));
    query.addBindValue(entry.settledAt.isValid() ? QVariant(entry.settledAt.toMSecsSinceEpoch())
                                                 : nullInteger());
    query.addBindValue(entry.settledOutcome ? QVariant(HistoryEntry::outcomeName(*entry.settledOutcome))
                                            : nullText());
    query.addBindValue(textOrNull(known ? setsToText(*known) : QString(), known.has_value()));
    query.addBindValue(knownSeq ? QVariant(*knownSeq) : nullInteger());
    query.addBindValue(HistoryContext::modelName(entry.context.model));
    query.addBindValue(text(entry.context.deploymentName));
    query.addBindValue(deploymentOp ? QVariant(jsonText(deploymentOperationToJson(*deploymentOp)))
                                    : nullText());
    for (const std::optional<WorkerDeployment> *deployment :
         {&entry.deploymentBefore, &entry.deploymentAfter, &knownDeployment})
        query.addBindValue(*deployment ? QVariant(deploymentToText(**deployment)) : nullText());
    const std::optional<qint64> revision = entry.routingRevision();
    query.addBindValue(revision ? QVariant(entry.changedBy()) : nullText());
    query.addBindValue(revision ? QVariant(*revision) : nullInteger());
    if (Result<Done> done = exec(query, "write"); !done)
        return done.error();
    if (!query.next())
        return databaseError(QStringLiteral("write"), QStringLiteral("no id came back"));
    return query.value(0).toLongLong();
}

Result<Done> HistoryStore::checkWritable()
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected;
    if (isSqlite()) {
        if (!QFileInfo(m_location.filePath()).isWritable())
            return Error{ErrorCode::PermissionDenied,
                         QStringLiteral("the history file %1 is read-only").arg(m_location.filePath()),
                         QStringLiteral("check its permissions, or choose another file with --history"),
                         QStringLiteral("history")};
        if (Result<Done> begun = beginWrite(); !begun)
            return begun;
        rollback();
        return Done{};
    }
    // Privileges, not a trial insert: a rolled-back insert would still use up an id, and ids with gaps
    // look like deleted entries.
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT has_table_privilege('versionscope_history', 'INSERT') AND "
                                 "has_table_privilege('versionscope_history', 'UPDATE')"));
    if (Result<Done> done = exec(query, "permission check"); !done)
        return done;
    if (!query.next() || !query.value(0).toBool())
        return Error{
            ErrorCode::PermissionDenied,
            QStringLiteral("the database user %1 may not write to the history %2")
                .arg(m_location.userName().isEmpty() ? QStringLiteral("(default)") : m_location.userName(),
                     m_location.describe()),
            QStringLiteral("ask for INSERT and UPDATE on versionscope_history, or use another history "
                           "with --history"),
            QStringLiteral("history")};
    return Done{};
}

Result<qint64> HistoryStore::append(const HistoryEntry &entry)
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    if (Result<Done> begun = beginWrite(); !begun)
        return begun.error();
    const Result<qint64> id = insert(entry);
    if (!id) {
        rollback();
        return id;
    }
    if (Result<Done> committed = commit(); !committed)
        return committed.error();
    return id;
}

Result<Done> HistoryStore::settle(qint64 id, HistoryEntry::Outcome outcome, const VersionSets &after,
                                  const QDateTime &at)
{
    return settleWith(
        id, outcome, at, HistoryContext::Model::VersionSets,
        [this, &after](const HistoryEntry &entry, HistoryEntry::Outcome settled, const QDateTime &when) {
            return settleLocked(entry, settled, after, when);
        });
}

Result<Done> HistoryStore::settleDeployment(qint64 id, HistoryEntry::Outcome outcome,
                                            const WorkerDeployment &after, const QDateTime &at)
{
    return settleWith(
        id, outcome, at, HistoryContext::Model::Deployment,
        [this, &after](const HistoryEntry &entry, HistoryEntry::Outcome settled, const QDateTime &when) {
            return settleDeploymentLocked(entry, settled, after, when);
        });
}

Result<Done> HistoryStore::settleWith(
    qint64 id, HistoryEntry::Outcome outcome, const QDateTime &at, HistoryContext::Model model,
    const std::function<Result<Done>(const HistoryEntry &, HistoryEntry::Outcome, const QDateTime &)> &write)
{
    if (outcome == HistoryEntry::Outcome::Observed || !at.isValid())
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("an entry is settled with the outcome of an update and a time"),
                     {},
                     QStringLiteral("local-validation")};
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected;
    if (Result<Done> begun = beginWrite(); !begun)
        return begun;
    const auto fail = [this](const Error &error) {
        rollback();
        return Result<Done>(error);
    };
    QSqlQuery read(m_db);
    read.prepare(
        QStringLiteral("SELECT %1 FROM versionscope_history WHERE id = ?").arg(QLatin1String(kColumns)));
    read.addBindValue(id);
    if (Result<Done> done = exec(read, "read"); !done)
        return fail(done.error());
    if (!read.next())
        return fail(Error{ErrorCode::NotFound, QStringLiteral("there is no history entry %1").arg(id)});
    const Result<HistoryEntry> current = entryFromRow(read);
    read.finish();
    if (!current)
        return fail(current.error());
    if (current.value().model() != model)
        return fail(
            Error{ErrorCode::FailedPrecondition, QStringLiteral("history entry %1 is about %2, not %3")
                                                     .arg(id)
                                                     .arg(HistoryContext::modelName(current.value().model()),
                                                          HistoryContext::modelName(model))});
    if (!current.value().awaitsSettlement())
        return fail(Error{ErrorCode::FailedPrecondition,
                          current.value().settledOutcome
                              ? QStringLiteral("history entry %1 was settled already").arg(id)
                              : QStringLiteral("history entry %1 does not await a settling read").arg(id)});
    if (Result<Done> done = write(current.value(), outcome, at); !done)
        return fail(done.error());
    return commit();
}

Result<Done> HistoryStore::settleLocked(const HistoryEntry &entry, HistoryEntry::Outcome outcome,
                                        const VersionSets &after, const QDateTime &at)
{
    const Result<qint64> seq = nextKnownSeq(entry.context);
    if (!seq)
        return seq.error();
    QSqlQuery update(m_db);
    update.prepare(QStringLiteral("UPDATE versionscope_history SET after_sets = ?, settled_at = ?, "
                                  "settled_outcome = ?, known_sets = ?, known_seq = ? WHERE id = ?"));
    update.addBindValue(setsToText(after));
    update.addBindValue(at.toMSecsSinceEpoch());
    update.addBindValue(HistoryEntry::outcomeName(outcome));
    update.addBindValue(setsToText(after));
    update.addBindValue(seq.value());
    update.addBindValue(entry.id);
    return exec(update, "write");
}

Result<QList<qint64>> HistoryStore::settlePendingLocked(const HistoryContext &observer,
                                                        const VersionSets &seen, const QDateTime &at)
{
    QSqlQuery read(m_db);
    read.setForwardOnly(true);
    read.prepare(
        QStringLiteral("SELECT %1 FROM versionscope_history WHERE server_address = ? AND namespace = ? "
                       "AND task_queue = ? AND kind = 'applied' AND settled_outcome IS NULL AND "
                       "(outcome = 'unknown' OR (outcome = 'applied' AND after_sets IS NULL)) "
                       "ORDER BY id")
            .arg(QLatin1String(kColumns)));
    read.addBindValue(observer.serverAddress);
    read.addBindValue(observer.namespaceName);
    read.addBindValue(observer.taskQueue);
    if (Result<Done> done = exec(read, "read"); !done)
        return done.error();
    QList<HistoryEntry> pending;
    while (read.next()) {
        Result<HistoryEntry> entry = entryFromRow(read);
        if (!entry)
            return entry.error();
        if (entry.value().awaitsSettlement())
            pending << std::move(entry).value();
    }
    read.finish();
    QList<qint64> settled;
    for (const HistoryEntry &entry : std::as_const(pending)) {
        const HistoryEntry::Outcome outcome = entry.settlementFor(seen);
        // Too soon to say it did not take effect: a later read settles it (HistoryEntry::kLateEffectMs).
        if (outcome == HistoryEntry::Outcome::NotSent && !entry.mayBeSettledAsNotSentAt(at))
            continue;
        if (Result<Done> done = settleLocked(entry, outcome, seen, at); !done)
            return done.error();
        settled << entry.id;
    }
    return settled;
}

Result<Done> HistoryStore::settleDeploymentLocked(const HistoryEntry &entry, HistoryEntry::Outcome outcome,
                                                  const WorkerDeployment &after, const QDateTime &at)
{
    const Result<qint64> seq = nextKnownSeq(entry.context);
    if (!seq)
        return seq.error();
    WorkerDeployment stored = after;
    stored.conflictToken.clear();
    QSqlQuery update(m_db);
    update.prepare(QStringLiteral("UPDATE versionscope_history SET deployment_after = ?, settled_at = ?, "
                                  "settled_outcome = ?, known_deployment = ?, known_seq = ? WHERE id = ?"));
    update.addBindValue(deploymentToText(stored));
    update.addBindValue(at.toMSecsSinceEpoch());
    update.addBindValue(HistoryEntry::outcomeName(outcome));
    update.addBindValue(deploymentToText(stored));
    update.addBindValue(seq.value());
    update.addBindValue(entry.id);
    return exec(update, "write");
}

Result<QList<qint64>>
HistoryStore::settlePendingDeploymentLocked(const HistoryContext &observer, const WorkerDeployment &seen,
                                            const QDateTime &at,
                                            const HistoryEntry::VersionMetadata &versionMetadata)
{
    QSqlQuery read(m_db);
    read.setForwardOnly(true);
    read.prepare(
        QStringLiteral("SELECT %1 FROM versionscope_history WHERE server_address = ? AND namespace = ? "
                       "AND deployment_name = ? AND model = 'deployment' AND kind = 'applied' AND "
                       "settled_outcome IS NULL AND "
                       "(outcome = 'unknown' OR (outcome = 'applied' AND deployment_after IS NULL)) "
                       "ORDER BY id")
            .arg(QLatin1String(kColumns)));
    read.addBindValue(observer.serverAddress);
    read.addBindValue(observer.namespaceName);
    read.addBindValue(observer.deploymentName);
    if (Result<Done> done = exec(read, "read"); !done)
        return done.error();
    QList<HistoryEntry> pending;
    while (read.next()) {
        Result<HistoryEntry> entry = entryFromRow(read);
        if (!entry)
            return entry.error();
        if (entry.value().awaitsSettlement())
            pending << std::move(entry).value();
    }
    read.finish();
    QList<qint64> settled;
    for (const HistoryEntry &entry : std::as_const(pending)) {
        // A metadata change that this read cannot judge waits for one that can: settled as unknown it would
        // stay unknown for good.
        if (!entry.canSettleFrom(versionMetadata))
            continue;
        const HistoryEntry::Outcome outcome = entry.deploymentSettlementFor(seen, versionMetadata);
        // Too soon to say it did not take effect: a later read settles it (HistoryEntry::kLateEffectMs).
        if (outcome == HistoryEntry::Outcome::NotSent && !entry.mayBeSettledAsNotSentAt(at))
            continue;
        if (Result<Done> done = settleDeploymentLocked(entry, outcome, seen, at); !done)
            return done.error();
        settled << entry.id;
    }
    return settled;
}

Result<std::optional<WorkerDeployment>> HistoryStore::lastKnownDeploymentLocked(const QString &serverAddress,
                                                                                const QString &namespaceName,
                                                                                const QString &deploymentName)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT known_deployment FROM versionscope_history WHERE server_address = ? "
                                 "AND namespace = ? AND deployment_name = ? AND model = 'deployment' AND "
                                 "known_seq IS NOT NULL ORDER BY known_seq DESC, id DESC LIMIT 1"));
    query.addBindValue(serverAddress);
    query.addBindValue(namespaceName);
    query.addBindValue(deploymentName);
    if (Result<Done> done = exec(query, "read"); !done)
        return done.error();
    if (!query.next())
        return std::optional<WorkerDeployment>();
    const Result<WorkerDeployment> deployment = deploymentFromText(query.value(0).toString());
    if (!deployment)
        return Error{ErrorCode::DataLoss,
                     QStringLiteral("the last known state of deployment %1 is damaged").arg(deploymentName),
                     QStringLiteral("the database was changed by something other than Versionscope")};
    return std::optional<WorkerDeployment>(deployment.value());
}

Result<Done> HistoryStore::updateLastKnownDeploymentLocked(const HistoryContext &observer,
                                                           const WorkerDeployment &seen)
{
    QSqlQuery find(m_db);
    find.setForwardOnly(true);
    find.prepare(
        QStringLiteral("SELECT id FROM versionscope_history WHERE server_address = ? AND namespace = ? "
                       "AND deployment_name = ? AND model = 'deployment' AND known_seq IS NOT NULL "
                       "ORDER BY known_seq DESC, id DESC LIMIT 1"));
    find.addBindValue(observer.serverAddress);
    find.addBindValue(observer.namespaceName);
    find.addBindValue(observer.deploymentName);
    if (Result<Done> done = exec(find, "read"); !done)
        return done;
    if (!find.next())
        return Done{};
    const qint64 id = find.value(0).toLongLong();
    find.finish();
    const Result<qint64> seq = nextKnownSeq(observer);
    if (!seq)
        return seq.error();
    WorkerDeployment stored = seen;
    stored.conflictToken.clear();
    QSqlQuery update(m_db);
    update.prepare(
        QStringLiteral("UPDATE versionscope_history SET known_deployment = ?, known_seq = ? WHERE id = ?"));
    update.addBindValue(deploymentToText(stored));
    update.addBindValue(seq.value());
    update.addBindValue(id);
    return exec(update, "write");
}

Result<std::optional<WorkerDeployment>> HistoryStore::lastKnownDeployment(const QString &serverAddress,
                                                                          const QString &namespaceName,
                                                                          const QString &deploymentName)
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    return lastKnownDeploymentLocked(serverAddress, namespaceName, deploymentName);
}

Result<std::optional<qint64>>
HistoryStore::recordDeploymentObservation(const HistoryContext &observer, const WorkerDeployment &seen,
                                          const QDateTime &seenAt,
                                          const HistoryEntry::VersionMetadata &versionMetadata)
{
    if (!observer.isDeployment() || observer.deploymentName != seen.name)
        return Error{
            ErrorCode::InvalidArgument,
            QStringLiteral("a deployment observation needs a deployment context naming the deployment "
                           "seen (%1, not %2)")
                .arg(seen.name, observer.deploymentName),
            {},
            QStringLiteral("local-validation")};
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    if (Result<Done> begun = beginWrite(); !begun)
        return begun.error();
    const auto fail = [this](const Error &error) {
        rollback();
        return Result<std::optional<qint64>>(error);
    };
    // As for queues: Versionscope's own change of unknown effect is settled first, so that its effect is not
    // taken for a change made elsewhere.
    const Result<QList<qint64>> settled =
        settlePendingDeploymentLocked(observer, seen, seenAt, versionMetadata);
    if (!settled)
        return fail(settled.error());
    const Result<std::optional<WorkerDeployment>> known =
        lastKnownDeploymentLocked(observer.serverAddress, observer.namespaceName, observer.deploymentName);
    if (!known)
        return fail(known.error());
    // Unlike a queue without sets, a deployment that exists is worth a baseline the first time it is seen.
    if (known.value() && HistoryEntry::sameDeploymentState(*known.value(), seen)) {
        if (settled.value().isEmpty()) {
            rollback();
            return std::optional<qint64>();
        }
        if (Result<Done> committed = commit(); !committed)
            return committed.error();
        return std::optional<qint64>();
    }
    // Statuses catching up with a routing the history already has (the read-back of "v2 onto Current" came
    // before the server moved v1 to draining) are no change of anyone's: the change that caused them is
    // recorded. The window does not announce them either (KnownDeploymentStates).
    if (known.value() && onlyStatusesCaughtUpWithRouting(*known.value(), seen)) {
        // What is known becomes what was seen (without an entry of its own), so that a later read compares
        // with it: v1 drained is news against v1 draining, not against v1 current.
        if (Result<Done> updated = updateLastKnownDeploymentLocked(observer, seen); !updated)
            return fail(updated.error());
        if (Result<Done> committed = commit(); !committed)
            return committed.error();
        return std::optional<qint64>();
    }
    // A read older than what the history already knows (its write waited behind a newer one, from this tool
    // or another) is not a change back: the deployment's routing revision only grows.
    if (known.value() && seen.routing.revisionNumber > 0 &&
        seen.routing.revisionNumber < known.value()->routing.revisionNumber) {
        if (Result<Done> committed = commit(); !committed)
            return committed.error();
        return std::optional<qint64>();
    }
    // A change of ours the server has applied but whose entry is not written yet: that entry records it.
    const Result<bool> explained =
        inFlightExplainsLocked(observer, seenAt, [&seen](qint64, const HistoryEntry &attempt) {
            return attempt.deploymentSettlementFor(seen) == HistoryEntry::Outcome::Applied;
        });
    if (!explained)
        return fail(explained.error());
    if (explained.value()) {
        if (Result<Done> committed = commit(); !committed)
            return committed.error();
        return std::optional<qint64>();
    }
    const Result<qint64> id =
        insert(HistoryEntry::observedDeploymentChange(observer, known.value(), seen, seenAt));
    if (!id)
        return fail(id.error());
    if (Result<Done> committed = commit(); !committed)
        return committed.error();
    return std::optional<qint64>(id.value());
}

Result<HistoryEntry> HistoryStore::entry(qint64 id)
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT %1 FROM versionscope_history WHERE id = ?").arg(QLatin1String(kColumns)));
    query.addBindValue(id);
    if (Result<Done> done = exec(query, "read"); !done)
        return done.error();
    if (!query.next())
        return Error{ErrorCode::NotFound, QStringLiteral("there is no history entry %1").arg(id),
                     QStringLiteral("`versionscope-cli history` lists the entries")};
    return entryFromRow(query);
}

Result<QList<HistoryEntry>> HistoryStore::query(const HistoryFilter &filter)
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    QStringList conditions;
    QVariantList values;
    const auto equal = [&](const char *column, const QVariant &value) {
        conditions << QLatin1String(column) + QStringLiteral(" = ?");
        values << value;
    };
    if (!filter.taskQueue.isEmpty())
        equal("task_queue", filter.taskQueue);
    if (!filter.namespaceName.isEmpty())
        equal("namespace", filter.namespaceName);
    if (!filter.serverAddress.isEmpty())
        equal("server_address", filter.serverAddress);
    if (!filter.person.isEmpty()) {
        conditions << QStringLiteral(
            "(LOWER(os_user) LIKE ? ESCAPE '\\' OR LOWER(identity) LIKE ? ESCAPE '\\' "
            "OR LOWER(modifier_identity) LIKE ? ESCAPE '\\')");
        values << likePattern(filter.person) << likePattern(filter.person) << likePattern(filter.person);
    }
    if (filter.operation) {
        BuildIdOperation probe;
        probe.kind = *filter.operation;
        // The names differ from the deployment kinds a deployment row keeps there; said anyway.
        equal("model", HistoryContext::modelName(HistoryContext::Model::VersionSets));
        equal("operation", probe.commandName());
    }
    if (filter.model)
        equal("model", HistoryContext::modelName(*filter.model));
    if (!filter.deploymentName.isEmpty()) {
        equal("model", HistoryContext::modelName(HistoryContext::Model::Deployment));
        equal("deployment_name", filter.deploymentName);
    }
    if (filter.deploymentOperation) {
        equal("model", HistoryContext::modelName(HistoryContext::Model::Deployment));
        equal("operation", DeploymentOperation::kindName(*filter.deploymentOperation));
    }
    if (filter.outcome) {
        conditions << QStringLiteral("COALESCE(settled_outcome, outcome) = ?");
        values << HistoryEntry::outcomeName(*filter.outcome);
    }
    if (filter.kind)
        equal("kind", HistoryEntry::kindName(*filter.kind));
    if (filter.since.isValid()) {
        conditions << QStringLiteral("recorded_at >= ?");
        values << filter.since.toMSecsSinceEpoch();
    }
    if (filter.until.isValid()) {
        conditions << QStringLiteral("recorded_at <= ?");
        values << filter.until.toMSecsSinceEpoch();
    }
    QString sql = QStringLiteral("SELECT %1 FROM versionscope_history").arg(QLatin1String(kColumns));
    if (!conditions.isEmpty())
        sql += QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY recorded_at DESC, id DESC");
    if (filter.limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(filter.limit);

    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (Result<Done> done = exec(query, "read"); !done)
        return done.error();
    QList<HistoryEntry> entries;
    while (query.next()) {
        Result<HistoryEntry> entry = entryFromRow(query);
        if (!entry)
            return entry.error();
        entries << std::move(entry).value();
    }
    return entries;
}

Result<std::optional<VersionSets>> HistoryStore::lastKnownSetsLocked(const QString &serverAddress,
                                                                     const QString &namespaceName,
                                                                     const QString &taskQueue)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT known_sets FROM versionscope_history WHERE server_address = ? AND "
                                 "namespace = ? AND task_queue = ? AND known_seq IS NOT NULL "
                                 "ORDER BY known_seq DESC, id DESC LIMIT 1"));
    query.addBindValue(serverAddress);
    query.addBindValue(namespaceName);
    query.addBindValue(taskQueue);
    if (Result<Done> done = exec(query, "read"); !done)
        return done.error();
    if (!query.next())
        return std::optional<VersionSets>();
    const Result<VersionSets> sets = setsFromText(query.value(0).toString());
    if (!sets)
        return Error{ErrorCode::DataLoss,
                     QStringLiteral("the last known sets of %1 are damaged").arg(taskQueue),
                     QStringLiteral("the database was changed by something other than Versionscope")};
    return std::optional<VersionSets>(sets.value());
}

Result<std::optional<VersionSets>> HistoryStore::lastKnownSets(const QString &serverAddress,
                                                               const QString &namespaceName,
                                                               const QString &taskQueue)
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    return lastKnownSetsLocked(serverAddress, namespaceName, taskQueue);
}

Result<std::optional<qint64>> HistoryStore::recordObservation(const HistoryContext &observer,
                                                              const VersionSets &sets,
                                                              const QDateTime &seenAt)
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    if (Result<Done> begun = beginWrite(); !begun)
        return begun.error();
    // An earlier update whose effect was not known is settled by this read first: what it changed is its
    // own doing, not a change made elsewhere.
    const Result<QList<qint64>> settled = settlePendingLocked(observer, sets, seenAt);
    if (!settled) {
        rollback();
        return settled.error();
    }
    const Result<std::optional<VersionSets>> known =
        lastKnownSetsLocked(observer.serverAddress, observer.namespaceName, observer.taskQueue);
    if (!known) {
        rollback();
        return known.error();
    }
    // A queue without sets that was never seen has nothing to remember yet (any name is such a queue).
    if (known.value() == sets || (!known.value() && sets.isEmpty())) {
        if (settled.value().isEmpty()) {
            rollback();
            return std::optional<qint64>();
        }
        if (Result<Done> committed = commit(); !committed)
            return committed.error();
        return std::optional<qint64>();
    }
    // A change of ours the server has applied but whose entry is not written yet: that entry records it.
    const Result<bool> explained =
        inFlightExplainsLocked(observer, seenAt, [&sets](qint64, const HistoryEntry &attempt) {
            return attempt.settlementFor(sets) == HistoryEntry::Outcome::Applied;
        });
    if (!explained) {
        rollback();
        return explained.error();
    }
    if (explained.value()) {
        if (Result<Done> committed = commit(); !committed)
            return committed.error();
        return std::optional<qint64>();
    }
    const Result<qint64> id =
        insert(HistoryEntry::observedChange(observer, known.value().value_or(VersionSets()), sets, seenAt));
    if (!id) {
        rollback();
        return id.error();
    }
    if (Result<Done> committed = commit(); !committed)
        return committed.error();
    return std::optional<qint64>(id.value());
}

Result<qint64> HistoryStore::announceAttempt(const HistoryEntry &attempt, const QDateTime &startedAt,
                                             const QDateTime &expiresAt)
{
    if (const std::optional<QString> problem = inconsistency(attempt);
        problem || attempt.kind != HistoryEntry::Kind::Applied)
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("refusing to announce an inconsistent attempt: %1")
                         .arg(problem.value_or(QStringLiteral("it is not an attempt"))),
                     {},
                     QStringLiteral("local-validation")};
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    if (Result<Done> begun = beginWrite(); !begun)
        return begun.error();
    // Announcements of senders that never finished would otherwise stay for good; they explain nothing
    // once expired, so anyone may remove them.
    QSqlQuery expired(m_db);
    expired.prepare(QStringLiteral("DELETE FROM versionscope_in_flight WHERE expires_at <= ?"));
    expired.addBindValue(startedAt.toMSecsSinceEpoch());
    if (Result<Done> done = exec(expired, "write"); !done) {
        rollback();
        return done.error();
    }
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO versionscope_in_flight (model, server_address, namespace, "
                                 "task_queue, deployment_name, started_at, expires_at, attempt) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    query.addBindValue(HistoryContext::modelName(attempt.context.model));
    query.addBindValue(text(attempt.context.serverAddress));
    query.addBindValue(text(attempt.context.namespaceName));
    query.addBindValue(text(attempt.context.taskQueue));
    query.addBindValue(text(attempt.context.deploymentName));
    query.addBindValue(startedAt.toMSecsSinceEpoch());
    query.addBindValue(expiresAt.toMSecsSinceEpoch());
    query.addBindValue(jsonText(historyEntryToJson(attempt)));
    if (Result<Done> done = exec(query, "write"); !done) {
        rollback();
        return done.error();
    }
    if (!query.next()) {
        rollback();
        return databaseError(QStringLiteral("write"), QStringLiteral("no id came back"));
    }
    const qint64 id = query.value(0).toLongLong();
    query.finish();
    if (Result<Done> committed = commit(); !committed)
        return committed.error();
    return id;
}

Result<qint64> HistoryStore::appendAnnounced(const HistoryEntry &entry, qint64 inFlightId)
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    if (Result<Done> begun = beginWrite(); !begun)
        return begun.error();
    const Result<qint64> id = insert(entry);
    if (!id) {
        rollback();
        return id;
    }
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("DELETE FROM versionscope_in_flight WHERE id = ?"));
    query.addBindValue(inFlightId);
    if (Result<Done> done = exec(query, "write"); !done) {
        rollback();
        return done.error();
    }
    if (Result<Done> committed = commit(); !committed)
        return committed.error();
    return id;
}

Result<Done> HistoryStore::withdrawAnnouncement(qint64 inFlightId)
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    if (Result<Done> begun = beginWrite(); !begun)
        return begun.error();
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("DELETE FROM versionscope_in_flight WHERE id = ?"));
    query.addBindValue(inFlightId);
    if (Result<Done> done = exec(query, "write"); !done) {
        rollback();
        return done;
    }
    return commit();
}

Result<QList<HistoryStore::InFlightAttempt>> HistoryStore::inFlightAttempts()
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, started_at, expires_at, attempt FROM versionscope_in_flight "
                                 "ORDER BY started_at, id"));
    if (Result<Done> done = exec(query, "read"); !done)
        return done.error();
    QList<InFlightAttempt> attempts;
    while (query.next()) {
        const std::optional<QJsonObject> json = jsonObjectFromText(query.value(3).toString());
        const Result<HistoryEntry> attempt =
            json ? historyEntryFromJson(*json) : Result<HistoryEntry>(Error{ErrorCode::DataLoss, QString()});
        if (!attempt)
            return Error{ErrorCode::DataLoss,
                         QStringLiteral("change in flight %1 is damaged").arg(query.value(0).toLongLong()),
                         QStringLiteral("the database was changed by something other than Versionscope")};
        attempts << InFlightAttempt{query.value(0).toLongLong(), attempt.value(),
                                    QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), Qt::UTC),
                                    QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), Qt::UTC)};
    }
    return attempts;
}

Result<bool>
HistoryStore::inFlightExplainsLocked(const HistoryContext &observer, const QDateTime &seenAt,
                                     const std::function<bool(qint64, const HistoryEntry &)> &explains)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, attempt FROM versionscope_in_flight WHERE model = ? AND "
                                 "server_address = ? AND namespace = ? AND task_queue = ? AND "
                                 "deployment_name = ? AND expires_at > ?"));
    query.addBindValue(HistoryContext::modelName(observer.model));
    query.addBindValue(text(observer.serverAddress));
    query.addBindValue(text(observer.namespaceName));
    query.addBindValue(text(observer.taskQueue));
    query.addBindValue(text(observer.deploymentName));
    query.addBindValue(seenAt.toMSecsSinceEpoch());
    if (Result<Done> done = exec(query, "read"); !done)
        return done.error();
    while (query.next()) {
        const std::optional<QJsonObject> json = jsonObjectFromText(query.value(1).toString());
        const Result<HistoryEntry> attempt =
            json ? historyEntryFromJson(*json) : Result<HistoryEntry>(Error{ErrorCode::DataLoss, QString()});
        // A damaged announcement explains nothing: the change is then recorded as seen elsewhere, as it
        // was before announcements existed, rather than not at all.
        if (!attempt) {
            qCWarning(lcHistory) << "ignoring damaged change in flight" << query.value(0).toLongLong();
            continue;
        }
        if (explains(query.value(0).toLongLong(), attempt.value()))
            return true;
    }
    return false;
}

Result<bool> HistoryStore::anotherDeploymentAttemptExplains(const HistoryContext &observer,
                                                            std::optional<qint64> ownInFlightId,
                                                            const QDateTime &since,
                                                            const WorkerDeployment &seen)
{
    if (Result<Done> connected = ensureConnected(); !connected)
        return connected.error();
    const auto explains = [&seen](const HistoryEntry &attempt) {
        return attempt.deploymentSettlementFor(seen) == HistoryEntry::Outcome::Applied;
    };
    const Result<bool> inFlight = inFlightExplainsLocked(
        observer, QDateTime::currentDateTimeUtc(),
        [&](qint64 id, const HistoryEntry &attempt) { return id != ownInFlightId && explains(attempt); });
    if (!inFlight || inFlight.value())
        return inFlight;
    QSqlQuery read(m_db);
    read.setForwardOnly(true);
    read.prepare(
        QStringLiteral("SELECT %1 FROM versionscope_history WHERE server_address = ? AND namespace = ? "
                       "AND deployment_name = ? AND model = 'deployment' AND kind = 'applied' AND "
                       "recorded_at >= ? ORDER BY id")
            .arg(QLatin1String(kColumns)));
    read.addBindValue(observer.serverAddress);
    read.addBindValue(observer.namespaceName);
    read.addBindValue(observer.deploymentName);
    read.addBindValue(since.toMSecsSinceEpoch());
    if (Result<Done> done = exec(read, "read"); !done)
        return done.error();
    while (read.next()) {
        const Result<HistoryEntry> entry = entryFromRow(read);
        if (!entry)
            return entry.error();
        // Only an attempt that may have changed the deployment witnesses: not one refused or stale.
        const HistoryEntry::Outcome outcome = entry.value().effectiveOutcome();
        if ((outcome == HistoryEntry::Outcome::Applied || outcome == HistoryEntry::Outcome::Unknown) &&
            explains(entry.value()))
            return true;
    }
    return false;
}
