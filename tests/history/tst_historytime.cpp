#include "history/historytime.h"

#include <QTest>
#include <QTimeZone>

// --since as people type it.
class TestHistoryTime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // ISO UTC, or "" for an error

        QTest::newRow("now") << "now"
                             << "2026-05-04T12:00:00.000Z";
        QTest::newRow("seconds") << "90s"
                                 << "2026-05-04T11:58:30.000Z";
        QTest::newRow("minutes") << "45m"
                                 << "2026-05-04T11:15:00.000Z";
        QTest::newRow("hours") << "2h"
                               << "2026-05-04T10:00:00.000Z";
        QTest::newRow("days") << "3d"
                              << "2026-05-01T12:00:00.000Z";
        QTest::newRow("weeks") << "1w"
                               << "2026-04-27T12:00:00.000Z";
        QTest::newRow("spaces around") << " 2h "
                                       << "2026-05-04T10:00:00.000Z";
        QTest::newRow("date is UTC midnight") << "2026-05-01"
                                              << "2026-05-01T00:00:00.000Z";
        QTest::newRow("minutes, no zone") << "2026-05-01T14:30"
                                          << "2026-05-01T14:30:00.000Z";
        QTest::newRow("space for T") << "2026-05-01 14:30:05"
                                     << "2026-05-01T14:30:05.000Z";
        QTest::newRow("milliseconds, Z") << "2026-05-01T14:30:05.250Z"
                                         << "2026-05-01T14:30:05.250Z";
        QTest::newRow("offset") << "2026-05-01T14:30+02:00"
                                << "2026-05-01T12:30:00.000Z";
        QTest::newRow("negative offset") << "2026-05-01T22:30:00-05:00"
                                         << "2026-05-02T03:30:00.000Z";

        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("unit missing") << "5"
                                      << "";
        QTest::newRow("unknown unit") << "5y"
                                      << "";
        QTest::newRow("negative age") << "-5m"
                                      << "";
        QTest::newRow("impossible date") << "2026-02-30"
                                         << "";
        QTest::newRow("impossible time") << "2026-05-01T25:00"
                                         << "";
        QTest::newRow("words") << "yesterday"
                               << "";
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QDateTime now(QDate(2026, 5, 4), QTime(14, 0), QTimeZone(7200)); // 12:00 UTC
        const Result<QDateTime> parsed = parseHistoryTime(text, now);
        QCOMPARE(parsed.isOk(), !expected.isEmpty());
        if (expected.isEmpty()) {
            QVERIFY(parsed.error().message.contains(text.trimmed()));
            QVERIFY(parsed.error().detail.contains("2h"));
            return;
        }
        QCOMPARE(parsed.value().timeSpec(), Qt::UTC);
        QCOMPARE(parsed.value().toString(Qt::ISODateWithMs), expected);
    }
};

QTEST_GUILESS_MAIN(TestHistoryTime)
#include "tst_historytime.moc"
