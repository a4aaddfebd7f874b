#include "history/historylocation.h"

#include <QDir>
#include <QFile>
#include <QTest>

namespace {

// What fuzz/fuzz_historylocation checks of a PostgreSQL location: describe() parses back to the same
// database (the password masked).
QString describeProblem(const HistoryLocation &location)
{
    if (!location.isPostgresql())
        return {};
    const Result<HistoryLocation> again = HistoryLocation::parse(location.describe());
    if (!again)
        return location.describe() + " does not parse: " + again.error().message;
    if (again.value().host() != location.host() || again.value().port() != location.port() ||
        again.value().userName() != location.userName() ||
        again.value().databaseName() != location.databaseName() ||
        again.value().options() != location.options())
        return location.describe() + " names another database";
    return {};
}

} // namespace

// Inputs the --history fuzzer (fuzz/fuzz_historylocation) found, replayed under the normal build.
class TestHistoryLocationFuzzFindings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // libpq's ?host= took any plain value: "Ɔun/postgresql" is neither a host name nor a socket folder, so
    // the location connected nowhere and describe() showed no host at all ("postgresql://alice@/history").
    void hostOptionMustBeAHostOrASocketFolder_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::newRow("found by the fuzzer")
            << QString::fromUtf8("postgres://alice@/history?host=\xc6\x86un/postgresql") << QString();
        QTest::newRow("relative folder") << "postgresql://alice@/history?host=run/postgresql" << QString();
        QTest::newRow("socket folder") << "postgresql://alice@/history?host=/run/postgresql"
                                       << "/run/postgresql";
        QTest::newRow("host name, normalised as in the authority")
            << "postgresql://alice@/history?host=DB.Internal"
            << "db.internal";
        QTest::newRow("IPv6 address") << "postgresql://alice@/history?host=::1"
                                      << "::1";
    }

    void hostOptionMustBeAHostOrASocketFolder()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        const Result<HistoryLocation> location = HistoryLocation::parse(text);
        if (host.isEmpty()) {
            QVERIFY2(!location.isOk(), location ? qPrintable(location.value().describe()) : "");
            QCOMPARE(location.error().code, ErrorCode::InvalidArgument);
            QVERIFY2(location.error().message.contains("must be a host name or a socket folder"),
                     qPrintable(location.error().message));
            return;
        }
        QVERIFY2(location.isOk(), location ? "" : qPrintable(location.error().message));
        QCOMPARE(location.value().host(), host);
        QCOMPARE(describeProblem(location.value()), QString());
    }

    // describe() left percent-decoded spaces in the database name and the user name, so the location it
    // showed ("postgresql://alice:***@d/a b") could not be pasted back: QUrl's strict parse refuses a space.
    void describedNamesWithSpacesParseBack_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("found by the fuzzer") << "postgresql://alice:s3cr%40t@d/aVERS:s3cr%20t@dbrsionscope?";
        QTest::newRow("space in the user name") << "postgresql://al%20ice@db/history";
        QTest::newRow("percent sign in the database name") << "postgresql://alice@db/his%25tory";
        QTest::newRow("socket folder and nothing else, found by the fuzzer")
            << QString::fromUtf8("postgres:///\xef\xbf\xbdriprisy?host=/\xef\xbf\xbd");
        QTest::newRow("socket folder and nothing else") << "postgresql:///history?host=/run/postgresql";
        QTest::newRow("non-ASCII database name") << QString::fromUtf8("postgresql://alice@db/h\xc3\xa9");
    }

    void describedNamesWithSpacesParseBack()
    {
        QFETCH(QString, text);
        const Result<HistoryLocation> location = HistoryLocation::parse(text);
        QVERIFY2(location.isOk(), location ? "" : qPrintable(location.error().message));
        QCOMPARE(describeProblem(location.value()), QString());
    }

    // Every location of the fuzzer's corpus (seeds and findings) that parses describes itself faithfully.
    void corpusDescribesItself()
    {
        const QDir corpus(QStringLiteral(VERSIONSCOPE_FUZZ_CORPUS "/fuzz_historylocation"));
        const QStringList files = corpus.entryList(QDir::Files);
        QVERIFY(files.size() >= 5);
        for (const QString &name : files) {
            QFile file(corpus.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            // The location is the input's first NUL-separated part.
            const QString text = QString::fromUtf8(file.readAll().split('\0').first());
            const Result<HistoryLocation> location = HistoryLocation::parse(text);
            if (location)
                QVERIFY2(describeProblem(location.value()).isEmpty(),
                         qPrintable(name + ": " + describeProblem(location.value())));
        }
    }
};

QTEST_GUILESS_MAIN(TestHistoryLocationFuzzFindings)
#include "tst_historylocationfuzzfindings.moc"
