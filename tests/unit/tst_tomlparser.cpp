#include "config/tomlparser.h"

#include <QTest>

class TestTomlParser : public QObject
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
)";
        const Result<QVariantMap> parsed = TomlParser::parse(text);
        QVERIFY2(parsed.isOk(), qPrintable(parsed.isOk() ? QString() : parsed.error().message));
        const QVariantMap profiles = parsed.value().value("profile").toMap();
        QCOMPARE(profiles.keys(), QStringList({"default", "prod"}));
        QCOMPARE(profiles.value("default").toMap().value("namespace").toString(), QString("orders"));
        // Literal strings keep backslashes as they stand, in one line or several.
        QCOMPARE(profiles.value("default").toMap().value("windows_path").toString(),
                 QString("C:\\certs\\ca.pem"));
        QCOMPARE(profiles.value("default").toMap().value("raw").toString(), QString("a\\tb"));
        const QVariantMap prod = profiles.value("prod").toMap();
        QCOMPARE(prod.value("api_key").toString(), QString("secret\tkey"));
        const QVariantMap tls = prod.value("tls").toMap();
        QCOMPARE(tls.value("disabled").toBool(), false);
        QVERIFY(tls.value("disabled").isValid());
        QCOMPARE(tls.value("client_cert_data").toString(),
                 QString("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
        const QVariantMap meta = prod.value("grpc_meta").toMap();
        QCOMPARE(meta.value("x-team").toString(), QString("payments"));
        QCOMPARE(meta.value("limits").toMap().value("ids").toLongLong(), 1000);
        QCOMPARE(meta.value("list").toList().size(), 3);
    }

    void errorsNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unterminated string") << QByteArray("a = 1\nb = \"oops\n") << "line 2";
        QTest::newRow("duplicate key") << QByteArray("a = 1\na = 2\n") << "line 2: key 'a' is defined twice";
        QTest::newRow("missing equals") << QByteArray("[t]\nkey value\n") << "line 2";
        QTest::newRow("bad value") << QByteArray("a = nope\n") << "line 1: unknown value 'nope'";
        QTest::newRow("table over key") << QByteArray("a = 1\n[a]\n") << "clashes";
    }

    void errorsNameTheLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const Result<QVariantMap> parsed = TomlParser::parse(text);
        QVERIFY(!parsed.isOk());
        QVERIFY2(parsed.error().message.contains(expected), qPrintable(parsed.error().message));
    }
};

QTEST_GUILESS_MAIN(TestTomlParser)
#include "tst_tomlparser.moc"
