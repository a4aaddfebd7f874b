#include "support/testserver.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

// A namespace limited to 10 requests a second with no burst (frontend.namespaceRPS=10,
// frontend.namespaceBurstRatio=1): 30 CLI updates in a row, each a fresh process that reads, updates and
// reads back as fast as it can, all succeed, because gRPC's retry policy waits out RESOURCE_EXHAUSTED.
// Before the retry policy, 1 of 30 succeeded.
class TestRateLimit : public QObject
{
    Q_OBJECT

    QString m_address;
    QTemporaryDir m_dir;

    struct Run
    {
        int exitCode = -1;
        QByteArray err;
    };

    Run cli(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(VERSIONSCOPE_CLI_PATH),
                      QStringList{QStringLiteral("--address"), m_address} + arguments);
        if (!process.waitForStarted(10000) || !process.waitForFinished(60000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                process.readAllStandardError()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_address = TestServer::limitedAddress();
        QVERIFY2(!m_address.isEmpty(), "the temporal_limited_server fixture did not start");
        QVERIFY(m_dir.isValid());
        qputenv("VERSIONSCOPE_HISTORY", m_dir.filePath(QStringLiteral("history.sqlite")).toUtf8());
    }

    void thirtySequentialUpdatesAllSucceed()
    {
        const QString queue =
            QStringLiteral("limited-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
        // Two sets, then promotions back and forth: every update changes the queue.
        QList<QStringList> operations{
            {QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("a")},
            {QStringLiteral("add-new-default"), QStringLiteral("--build-id"), QStringLiteral("b")}};
        while (operations.size() < 30)
            operations << QStringList{QStringLiteral("promote-set"), QStringLiteral("--build-id"),
                                      operations.size() % 2 == 0 ? QStringLiteral("a") : QStringLiteral("b")};
        int succeeded = 0;
        QStringList failures;
        QElapsedTimer timer;
        timer.start();
        for (const QStringList &operation : operations) {
            const Run run =
                cli(QStringList{QStringLiteral("task-queue"), QStringLiteral("update-build-ids")} +
                    operation + QStringList{QStringLiteral("-t"), queue, QStringLiteral("--yes")});
            if (run.exitCode == 0)
                ++succeeded;
            else
                failures << QString::fromUtf8(run.err);
        }
        qInfo("30 updates in %.1f s, %d succeeded", timer.elapsed() / 1000.0, succeeded);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QStringLiteral("\n---\n"))));
        QCOMPARE(succeeded, 30);
    }

    void readsGetThroughABurstToo()
    {
        // 40 reads as fast as the CLI can: four times the per-second allowance.
        for (int i = 0; i < 40; ++i) {
            const Run run =
                cli({QStringLiteral("task-queue"), QStringLiteral("get-build-ids"), QStringLiteral("-t"),
                     QStringLiteral("limited-reads"), QStringLiteral("--no-history")});
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestRateLimit)
#include "tst_ratelimit.moc"
