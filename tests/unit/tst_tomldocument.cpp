#include "config/tomldocument.h"

#include <QTemporaryDir>
#include <QTest>

// TOML files are read with toml++; every error names the file and the line, as Temporal's CLI does.
class TestTomlDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void temporalProfileFile()
    {
        const QByteArray text = R"(# Temporal environment config
[profile.default]
address = "localhost:7233"
namespace = 'orders'   # literal string
windows_path = 'C:\certs\ca.pem'
raw = '''
a\tb'''

[profile.prod]
address = "prod.tmprl.cloud:7233"
api_key = "secret\tkey"

[profile.prod.tls]
disabled = false
server_name = "prod.tmprl.cloud"
client_cert_data = """
-----BEGIN CERTIFICATE-----
MIIB
-----END CERTIFICATE-----
"""

[profile.prod.grpc_meta]
"x-team" = "payments"
limits = { sets = 10, ids = 1_000 }
list = [1, 2,
  3]
when = 2026-05-04T14:30:00Z
)";
        const Result<TomlDocument> parsed = TomlDocument::parse(text, "t.toml");
        QVERIFY2(parsed.isOk(), qPrintable(parsed.isOk() ? QString() : parsed.error().message));
        const TomlDocument &document = parsed.value();
        QCOMPARE(document.keys({"profile"}), QStringList({"default", "prod"}));
        QCOMPARE(document.value({"profile", "default", "namespace"}).toString(), QString("orders"));
        // Literal strings keep backslashes as they stand, in one line or several.
        QCOMPARE(document.value({"profile", "default", "windows_path"}).toString(),
                 QString("C:\\certs\\ca.pem"));
        QCOMPARE(document.value({"profile", "default", "raw"}).toString(), QString("a\\tb"));
        QCOMPARE(document.value({"profile", "prod", "api_key"}).toString(), QString("secret\tkey"));
        QCOMPARE(document.boolean({"profile", "prod", "tls", "disabled"}).value(),
                 std::optional<bool>(false));
        QCOMPARE(document.value({"profile", "prod", "tls", "client_cert_data"}).toString(),
                 QString("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
        QCOMPARE(document.string({"profile", "prod", "grpc_meta", "x-team"}).value(),
                 std::optional<QString>("payments"));
        QCOMPARE(document.integer({"profile", "prod", "grpc_meta", "limits", "ids"}).value(),
                 std::optional<qint64>(1000));
        QCOMPARE(document.value({"profile", "prod", "grpc_meta", "list"}).toList().size(), 3);
        QVERIFY(document.value({"profile", "prod", "grpc_meta", "when"}).toString().startsWith("2026-05-04"));
        QCOMPARE(document.line({"profile", "prod", "api_key"}), 11);
        QCOMPARE(document.line({"profile", "prod", "tls", "server_name"}), 15);
        QVERIFY(!document.contains({"profile", "staging"}));
        QCOMPARE(document.string({"profile", "staging", "address"}).value(), std::optional<QString>());
    }

    void syntaxErrorsNameFileAndLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unterminated string") << QByteArray("a = 1\nb = \"oops\n") << "t.toml, line 2";
        QTest::newRow("duplicate key") << QByteArray("a = 1\na = 2\n") << "t.toml, line 2";
        QTest::newRow("missing equals") << QByteArray("[t]\nkey value\n") << "t.toml, line 2";
        QTest::newRow("bad value") << QByteArray("a = nope\n") << "t.toml, line 1";
        QTest::newRow("table over key") << QByteArray("a = 1\n[a]\n") << "t.toml, line 2";
        QTest::newRow("unclosed table") << QByteArray("[profile.default\n") << "t.toml, line 1";
    }

    void syntaxErrorsNameFileAndLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const Result<TomlDocument> parsed = TomlDocument::parse(text, "t.toml");
        QVERIFY(!parsed.isOk());
        QVERIFY2(parsed.error().message.startsWith(expected), qPrintable(parsed.error().message));
    }

    void wrongTypesNameFileLineAndKey_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("expected");
        QTest::newRow("integer address")
            << QByteArray("[profile.default]\naddress = 7233\n") << "profile.default.address"
            << "string"
            << "t.toml, line 2: profile.default.address must be a string, not an integer";
        QTest::newRow("boolean as string")
            << QByteArray("[profile.default.tls]\n\ndisabled = \"yes\"\n") << "profile.default.tls.disabled"
            << "boolean"
            << "t.toml, line 3: profile.default.tls.disabled must be a boolean (true or false), not a string";
        QTest::newRow("float limit") << QByteArray("[profile.default]\nbuild_id_limit = 2.5\n")
                                     << "profile.default.build_id_limit"
                                     << "integer"
                                     << "t.toml, line 2: profile.default.build_id_limit must be an integer, "
                                        "not a float";
        QTest::newRow("table for a string")
            << QByteArray("[profile.default.address]\nhost = \"x\"\n") << "profile.default.address"
            << "string"
            << "t.toml, line 1: profile.default.address must be a string, not a table";
        QTest::newRow("date for a string")
            << QByteArray("[profile.default]\naddress = 2026-01-01\n") << "profile.default.address"
            << "string"
            << "t.toml, line 2: profile.default.address must be a string, not a date";
    }

    void wrongTypesNameFileLineAndKey()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, key);
        QFETCH(QString, type);
        QFETCH(QString, expected);
        const Result<TomlDocument> parsed = TomlDocument::parse(text, "t.toml");
        QVERIFY(parsed.isOk());
        const TomlDocument &document = parsed.value();
        const QStringList path = key.split('.');
        Error error;
        if (type == "string")
            error = document.string(path).error();
        else if (type == "boolean")
            error = document.boolean(path).error();
        else
            error = document.integer(path).error();
        QCOMPARE(error.message, expected);
    }

    void missingFileIsEmptyUnreadableIsAnError()
    {
        QTemporaryDir dir;
        const auto missing = TomlDocument::readFile(dir.filePath("none.toml"));
        QVERIFY(missing.isOk());
        QVERIFY(missing.value().root().isEmpty());
        const auto folder = TomlDocument::readFile(dir.path());
        QVERIFY(!folder.isOk());
        QVERIFY2(folder.error().message.contains(dir.path()), qPrintable(folder.error().message));
    }
};

QTEST_GUILESS_MAIN(TestTomlDocument)
#include "tst_tomldocument.moc"
