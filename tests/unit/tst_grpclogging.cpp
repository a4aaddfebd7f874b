#include "temporal/grpclogging.h"

#include <grpc/support/log.h>

#include <QLoggingCategory>
#include <QTest>

namespace {
QStringList g_captured;

void capture(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    g_captured << QString::fromLatin1(context.category) + QLatin1String(": ") + message;
}
} // namespace

// gRPC's own log lines go to the "versionscope.grpc" category, quiet unless turned on; never raw to stderr.
class TestGrpcLogging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        routeGrpcLoggingToQt();
        routeGrpcLoggingToQt(); // once is enough; twice is harmless
        qInstallMessageHandler(capture);
    }

    void cleanupTestCase() { qInstallMessageHandler(nullptr); }

    void routed_data()
    {
        QTest::addColumn<QString>("rules");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("quiet by default") << "" << QStringList{};
        QTest::newRow("warnings on") << "versionscope.grpc.warning=true"
                                     << QStringList{"versionscope.grpc: handshake failed"};
    }

    void routed()
    {
        QFETCH(QString, rules);
        QFETCH(QStringList, expected);
        QLoggingCategory::setFilterRules(rules);
        g_captured.clear();
        gpr_log(GPR_ERROR, "%s", "handshake failed");
        QLoggingCategory::setFilterRules(QString());
        QCOMPARE(g_captured.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QVERIFY2(g_captured.at(i).startsWith(expected.at(i)), qPrintable(g_captured.at(i)));
    }

    // gRPC's call traces print the metadata: the API key never reaches a log (lines as gRPC 1.51 writes
    // them with GRPC_TRACE=all).
    void secretsAreRedacted_data()
    {
        QTest::addColumn<QString>("line");
        QTest::newRow("metadata op")
            << "OP[client-channel:0x55]:  SEND_INITIAL_METADATA{:path: /x/Y, grpc-timeout: "
               "15S, authorization: Bearer KEY-9f3Q, client-name: temporal-go}";
        QTest::newRow("metadata op, last") << "SEND_INITIAL_METADATA{authorization: Bearer KEY-9f3Q}";
        QTest::newRow("hpack dump") << "key=authorization value=42 65 61 72 65 72 20 4b 45 59 2d 39 66 33 51 "
                                       "'Bearer KEY-9f3Q'";
        QTest::newRow("registered key anywhere") << "something quoted KEY-9f3Q here";
        QTest::newRow("registered key as hex") << "bytes: 4b 45 59 2d 39 66 33 51 end";
    }
    void secretsAreRedacted()
    {
        QFETCH(QString, line);
        redactInGrpcLogging(QStringLiteral("KEY-9f3Q"));
        const QString cleaned = redactedGrpcLogLine(line);
        QVERIFY2(!cleaned.contains(QLatin1String("KEY-9f3Q")), qPrintable(cleaned));
        QVERIFY2(!cleaned.contains(QLatin1String("4b 45 59 2d")), qPrintable(cleaned));
        QVERIFY2(cleaned.contains(QLatin1String("[redacted]")), qPrintable(cleaned));
        // Through the route too.
        QLoggingCategory::setFilterRules(QStringLiteral("versionscope.grpc.warning=true"));
        g_captured.clear();
        gpr_log(GPR_ERROR, "%s", line.toUtf8().constData());
        QLoggingCategory::setFilterRules(QString());
        QCOMPARE(g_captured.size(), 1);
        QVERIFY2(!g_captured.first().contains(QLatin1String("KEY-9f3Q")), qPrintable(g_captured.first()));
    }

    void otherMetadataStays()
    {
        const QString line = QStringLiteral("SEND_INITIAL_METADATA{:path: /x/Y, client-name: temporal-go}");
        QCOMPARE(redactedGrpcLogLine(line), line);
    }
};

QTEST_GUILESS_MAIN(TestGrpcLogging)
#include "tst_grpclogging.moc"
