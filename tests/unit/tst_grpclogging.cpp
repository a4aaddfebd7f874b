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
};

QTEST_GUILESS_MAIN(TestGrpcLogging)
#include "tst_grpclogging.moc"
