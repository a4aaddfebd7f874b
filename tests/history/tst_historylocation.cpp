#include "history/historylocation.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

// Where the history lives: a file path or a PostgreSQL URL, from the flag, the environment, the profile or
// the default; passwords never appear in what is shown.
class TestHistoryLocation : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &text)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(file.fileName()));
        file.write(text);
        return file.fileName();
    }

    QProcessEnvironment environmentWithConfig(const QByteArray &toml)
    {
        QProcessEnvironment environment;
        environment.insert("HOME", m_dir.path());
        environment.insert("VERSIONSCOPE_CONFIG_FILE", write("versionscope.toml", toml));
        return environment;
    }

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("described");
        QTest::addColumn<int>("timeout");

        QTest::newRow("absolute file") << "/var/lib/vs/h.sqlite" << true << "sqlite"
                                       << "" << -1 << ""
                                       << ""
                                       << ""
                                       << "/var/lib/vs/h.sqlite" << 5;
        QTest::newRow("file, cleaned") << "/var/lib/vs/../h.sqlite" << true << "sqlite"
                                       << "" << -1 << ""
                                       << ""
                                       << ""
                                       << "/var/lib/h.sqlite" << 5;
        QTest::newRow("home") << "~/h.sqlite" << true << "sqlite"
                              << "" << -1 << ""
                              << ""
                              << "" << QDir::homePath() + "/h.sqlite" << 5;
        QTest::newRow("full url") << "postgresql://alice:s3cret@db.example:5433/history" << true
                                  << "postgresql"
                                  << "db.example" << 5433 << "alice"
                                  << "s3cret"
                                  << "history"
                                  << "postgresql://alice:***@db.example:5433/history" << 5;
        QTest::newRow("short scheme, no port, no password")
            << "postgres://bob@10.0.0.5/h" << true << "postgresql"
            << "10.0.0.5" << -1 << "bob"
            << ""
            << "h"
            << "postgresql://bob@10.0.0.5/h" << 5;
        QTest::newRow("encoded password") << "postgresql://alice:p%40ss%2Fw@db/h" << true << "postgresql"
                                          << "db" << -1 << "alice"
                                          << "p@ss/w"
                                          << "h"
                                          << "postgresql://alice:***@db/h" << 5;
        QTest::newRow("options") << "postgresql://a:pw@db:5432/h?sslmode=require&connect_timeout=2" << true
                                 << "postgresql"
                                 << "db" << 5432 << "a"
                                 << "pw"
                                 << "h"
                                 << "postgresql://a:***@db:5432/h?sslmode=require&connect_timeout=2" << 2;
        QTest::newRow("socket folder") << "postgresql://a@/h?host=/run/postgresql" << true << "postgresql"
                                       << "/run/postgresql" << -1 << "a"
                                       << ""
                                       << "h"
                                       << "postgresql://a@/h?host=/run/postgresql" << 5;

        const auto bad = [](const char *name, const char *text) {
            QTest::newRow(name) << QString(text) << false << ""
                                << "" << -1 << ""
                                << ""
                                << ""
                                << "" << 0;
        };
        bad("empty", "  ");
        bad("other scheme", "mysql://a:s3cret@db/h");
        bad("unencoded @ in password", "postgresql://alice:s3cr@t@db/h");
        bad("bad port", "postgresql://alice:s3cret@db:port/h");
        bad("no host", "postgresql://alice:s3cret@/h");
        bad("nested path", "postgresql://alice:s3cret@db/h/x");
        bad("unknown option", "postgresql://alice:s3cret@db/h?options=-c%20x");
        bad("zero timeout", "postgresql://alice:s3cret@db/h?connect_timeout=0");
        bad("bad sslmode", "postgresql://alice:s3cret@db/h?sslmode=sometimes");
        bad("quote in option", "postgresql://alice:s3cret@db/h?application_name=a'b");
        bad("fragment", "postgresql://alice:s3cret@db/h#x");
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        const Result<HistoryLocation> parsed = HistoryLocation::parse(text);
        QCOMPARE(parsed.isOk(), ok);
        if (!ok) {
            const Error &error = parsed.error();
            QCOMPARE(error.code, ErrorCode::InvalidArgument);
            QVERIFY(!error.message.isEmpty());
            QVERIFY(!error.detail.isEmpty());
            // The password (or what looks like it) is never repeated.
            QVERIFY2(!error.toString().contains("s3cr"), qPrintable(error.toString()));
            return;
        }
        QFETCH(QString, kind);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, database);
        QFETCH(QString, described);
        QFETCH(int, timeout);
        const HistoryLocation &location = parsed.value();
        QCOMPARE(location.isPostgresql(), kind == "postgresql");
        if (!location.isPostgresql()) {
            QCOMPARE(location.filePath(), described);
        } else {
            QCOMPARE(location.host(), host);
            QCOMPARE(location.port(), port);
            QCOMPARE(location.userName(), user);
            QCOMPARE(location.password(), password);
            QCOMPARE(location.databaseName(), database);
            QCOMPARE(location.connectTimeoutSeconds(), timeout);
        }
        QCOMPARE(location.describe(), described);
        if (!password.isEmpty())
            QVERIFY(!location.describe().contains(password));
    }

    void urlLookalikesAreRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");

        QTest::newRow("postgresql, one slash")
            << "postgresql:/x"
            << "looks like a PostgreSQL URL without the // after postgresql:";
        QTest::newRow("postgres, no slash") << "postgres:x"
                                            << "looks like a PostgreSQL URL without the // after postgres:";
        QTest::newRow("pg scheme")
            << "pg://db/x"
            << "has the unsupported scheme pg: (PostgreSQL is postgresql:// or postgres://)";
        QTest::newRow("sqlite scheme") << "sqlite:///tmp/h.sqlite"
                                       << "has the unsupported scheme sqlite:";
        QTest::newRow("file scheme") << "file:/tmp/h.sqlite"
                                     << "has the unsupported scheme file:";
        QTest::newRow("mysql, password hidden") << "mysql://u:s3cret@h/x"
                                                << "has the unsupported scheme mysql:";
        QTest::newRow("escaped") << "pg:x\x1by"
                                 << "\"pg:x\\u{1B}y\"";
    }

    void urlLookalikesAreRefused()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const Result<HistoryLocation> parsed = HistoryLocation::parse(text);
        QVERIFY2(!parsed.isOk(), qPrintable(parsed.isOk() ? parsed.value().describe() : QString()));
        QVERIFY2(parsed.error().message.contains(expected), qPrintable(parsed.error().message));
        QVERIFY(!parsed.error().toString().contains("s3cret"));

        // From the profile too, where a relative path would otherwise be made absolute first.
        QProcessEnvironment environment =
            environmentWithConfig("[profile.default]\nhistory = \"" +
                                  text.toUtf8().replace("\\", "\\\\").replace("\x1b", "\\u001b") + "\"\n");
        const Result<HistoryLocation> resolved = HistoryLocation::resolve({}, {}, environment);
        QVERIFY2(!resolved.isOk(), qPrintable(resolved.isOk() ? resolved.value().describe() : QString()));
        QVERIFY2(resolved.error().message.contains(expected), qPrintable(resolved.error().message));
    }

    void pathsWithColonsAreFiles_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("file");
        QTest::newRow("absolute") << "/tmp/a:b.sqlite"
                                  << "/tmp/a:b.sqlite";
        QTest::newRow("dot slash") << "./pg:x" << QDir::current().absoluteFilePath("pg:x");
    }

    void pathsWithColonsAreFiles()
    {
        QFETCH(QString, text);
        QFETCH(QString, file);
        const Result<HistoryLocation> parsed = HistoryLocation::parse(text);
        QVERIFY(parsed.isOk());
        QCOMPARE(parsed.value().filePath(), file);
    }

    void relativeFileIsMadeAbsolute()
    {
        const Result<HistoryLocation> parsed = HistoryLocation::parse("h.sqlite");
        QVERIFY(parsed.isOk());
        QCOMPARE(parsed.value().filePath(), QDir::current().absoluteFilePath("h.sqlite"));
    }

    void precedence()
    {
        QProcessEnvironment environment =
            environmentWithConfig("[profile.default]\nhistory = \"shared/team.sqlite\"\n"
                                  "[profile.prod]\nhistory = \"postgresql://ops:pw@pg.prod/history\"\n"
                                  "[profile.bare]\naddress = \"x\"\n");

        // The profile: a relative path is relative to the config file.
        Result<HistoryLocation> resolved = HistoryLocation::resolve({}, {}, environment);
        QVERIFY(resolved.isOk());
        QCOMPARE(resolved.value().filePath(), m_dir.filePath("shared/team.sqlite"));
        QCOMPARE(resolved.value().origin(), HistoryLocation::Origin::Profile);
        QVERIFY(resolved.value().originText().startsWith("profile default in "));

        resolved = HistoryLocation::resolve({}, QString("prod"), environment);
        QVERIFY(resolved.isOk());
        QVERIFY(resolved.value().isPostgresql());
        QCOMPARE(resolved.value().host(), QString("pg.prod"));

        environment.insert("TEMPORAL_PROFILE", "prod");
        resolved = HistoryLocation::resolve({}, {}, environment);
        QCOMPARE(resolved.value().host(), QString("pg.prod"));

        // A profile without history falls back to the default file.
        resolved = HistoryLocation::resolve({}, QString("bare"), environment);
        QCOMPARE(resolved.value().origin(), HistoryLocation::Origin::Default);
        QCOMPARE(resolved.value().filePath(), HistoryLocation::defaultSqlitePath());

        // The environment wins over the profile.
        environment.insert("VERSIONSCOPE_HISTORY", "/tmp/from-env.sqlite");
        resolved = HistoryLocation::resolve({}, {}, environment);
        QCOMPARE(resolved.value().filePath(), QString("/tmp/from-env.sqlite"));
        QCOMPARE(resolved.value().origin(), HistoryLocation::Origin::Environment);

        // The flag wins over everything.
        resolved = HistoryLocation::resolve(QString("/tmp/flag.sqlite"), QString("prod"), environment);
        QCOMPARE(resolved.value().filePath(), QString("/tmp/flag.sqlite"));
        QCOMPARE(resolved.value().origin(), HistoryLocation::Origin::Explicit);
        QCOMPARE(resolved.value().originText(), QString("--history"));
    }

    void defaultWithoutConfig()
    {
        QProcessEnvironment environment;
        environment.insert("VERSIONSCOPE_CONFIG_FILE", m_dir.filePath("missing.toml"));
        const Result<HistoryLocation> resolved = HistoryLocation::resolve({}, {}, environment);
        QVERIFY(resolved.isOk());
        QCOMPARE(resolved.value().origin(), HistoryLocation::Origin::Default);
        QCOMPARE(resolved.value().filePath(),
                 QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                     "/versionscope/history.sqlite");
    }

    void errorsNameTheirOrigin_data()
    {
        QTest::addColumn<QByteArray>("toml");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("expected");

        QTest::newRow("not a string") << QByteArray("[profile.default]\nhistory = 3\n") << ""
                                      << "history must be a string";
        QTest::newRow("bad url in profile")
            << QByteArray("[profile.default]\nhistory = \"postgresql://u:s3cret@/x\"\n") << ""
            << "profile default in";
        QTest::newRow("broken file") << QByteArray("[profile.default\n") << ""
                                     << "versionscope.toml";
        QTest::newRow("bad environment") << QByteArray() << "mysql://u:s3cret@h/x"
                                         << "VERSIONSCOPE_HISTORY";
    }

    void errorsNameTheirOrigin()
    {
        QFETCH(QByteArray, toml);
        QFETCH(QString, variable);
        QFETCH(QString, expected);
        QProcessEnvironment environment = environmentWithConfig(toml);
        if (!variable.isEmpty())
            environment.insert("VERSIONSCOPE_HISTORY", variable);
        const Result<HistoryLocation> resolved = HistoryLocation::resolve({}, {}, environment);
        QVERIFY(!resolved.isOk());
        QVERIFY2(resolved.error().message.contains(expected), qPrintable(resolved.error().message));
        QVERIFY(!resolved.error().toString().contains("s3cret"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryLocation)
#include "tst_historylocation.moc"
