#include "temporal/retrypolicy.h"

#include <QTest>

// When TemporalClient tries a call again, and how long it waits: never an update whose fate is unknown,
// never at once, never longer than the cap.
class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retries_data()
    {
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("rpc");
        QTest::addColumn<bool>("expected");
        QTest::newRow("rate limited read")
            << ErrorCode::ResourceExhausted << QStringLiteral("GetWorkerBuildIdCompatibility") << true;
        QTest::newRow("rate limited update")
            << ErrorCode::ResourceExhausted << QStringLiteral("UpdateWorkerBuildIdCompatibility") << true;
        QTest::newRow("unavailable read")
            << ErrorCode::Unavailable << QStringLiteral("DescribeTaskQueue") << true;
        QTest::newRow("unavailable update: maybe applied")
            << ErrorCode::Unavailable << QStringLiteral("UpdateWorkerBuildIdCompatibility") << false;
        QTest::newRow("unavailable set-current")
            << ErrorCode::Unavailable << QStringLiteral("SetWorkerDeploymentCurrentVersion") << false;
        QTest::newRow("deadline") << ErrorCode::DeadlineExceeded << QStringLiteral("DescribeTaskQueue")
                                  << false;
        QTest::newRow("refused") << ErrorCode::InvalidArgument << QStringLiteral("DescribeTaskQueue")
                                 << false;
        QTest::newRow("disabled") << ErrorCode::PermissionDenied
                                  << QStringLiteral("GetWorkerBuildIdCompatibility") << false;
    }
    void retries()
    {
        QFETCH(ErrorCode, code);
        QFETCH(QString, rpc);
        QFETCH(bool, expected);
        QCOMPARE(RetryPolicy().retries(code, rpc), expected);
    }

    void retriesAfter_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<int>("delay");
        QTest::addColumn<int>("msLeft");
        QTest::addColumn<bool>("expected");
        QTest::newRow("rate limited, time left") << 1 << ErrorCode::ResourceExhausted << 200 << 14000 << true;
        QTest::newRow("rate limited, 7th attempt")
            << 7 << ErrorCode::ResourceExhausted << 3000 << 9000 << true;
        QTest::newRow("rate limited, attempts used up")
            << 8 << ErrorCode::ResourceExhausted << 3000 << 9000 << false;
        QTest::newRow("no time for a useful attempt")
            << 2 << ErrorCode::ResourceExhausted << 400 << 1300 << false;
        QTest::newRow("unreachable, once more") << 2 << ErrorCode::Unavailable << 400 << 14000 << true;
        QTest::newRow("unreachable, said soon") << 3 << ErrorCode::Unavailable << 800 << 14000 << false;
    }
    void retriesAfter()
    {
        QFETCH(int, attempt);
        QFETCH(ErrorCode, code);
        QFETCH(int, delay);
        QFETCH(int, msLeft);
        QFETCH(bool, expected);
        QCOMPARE(
            RetryPolicy().retriesAfter(attempt, code, QStringLiteral("DescribeTaskQueue"), delay, msLeft),
            expected);
    }

    void delaysGrowWithJitterAndStayCapped()
    {
        const RetryPolicy policy;
        int previousMax = 0;
        int total = 0;
        for (int retry = 1; retry < policy.maxAttempts; ++retry) {
            const int low = policy.delayMs(retry, 0.0);
            const int high = policy.delayMs(retry, 0.999999);
            QVERIFY2(low > 0, "a retry never comes at once");
            QVERIFY(low <= high);
            QVERIFY(high <= policy.maxBackoffMs);
            QVERIFY(high >= previousMax || high >= policy.maxBackoffMs - 1);
            QCOMPARE(policy.delayMs(retry, 5.0),
                     policy.delayMs(retry, 1.0)); // out-of-range random is clamped
            previousMax = high;
            total += high;
        }
        // All retries together fit in the default 15 s deadline, with room for the calls themselves.
        QVERIFY2(total < 13000, qPrintable(QString::number(total)));
        // Long enough in all to outlast a bucket refilling at a few requests a second.
        int minimum = 0;
        for (int retry = 1; retry < policy.maxAttempts; ++retry)
            minimum += policy.delayMs(retry, 0.0);
        QVERIFY2(minimum >= 3000, qPrintable(QString::number(minimum)));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
