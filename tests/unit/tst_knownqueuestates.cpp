#include "rollout/knownqueuestates.h"
#include "support/setnotation.h"
#include "versionsets/versionsetplanner.h"

#include <QTest>

// The one rule for "was this change ours", in memory: a read differs from the last known state and no
// attempt of ours explains it.
class TestKnownQueueStates : public QObject
{
    Q_OBJECT

    static HistoryEntry attempt(const VersionSets &before, const BuildIdOperation &operation,
                                ApplyOutcome::Status status, const std::optional<VersionSets> &actual)
    {
        ApplyOutcome outcome;
        outcome.status = status;
        outcome.plan = planVersionSetOperation(before, operation, {});
        if (actual)
            outcome.actual = *actual;
        else if (status == ApplyOutcome::Status::Applied)
            outcome.verifyFailed = true;
        return HistoryEntry::fromApplyOutcome(outcome, HistoryContext(), QString(),
                                              QDateTime::currentDateTimeUtc());
    }

private Q_SLOTS:
    void firstReadIsNoChange()
    {
        KnownQueueStates states;
        const auto reading = states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0")));
        QVERIFY(!reading.changedElsewhere);
        QVERIFY(!reading.before);
        QCOMPARE(states.lastKnown(QStringLiteral("q")), std::optional(setsFrom(QStringLiteral("1.0"))));
    }

    void differentSetsAreAChangeElsewhereOnce()
    {
        KnownQueueStates states;
        states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0")));
        auto reading = states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0|2.0")));
        QVERIFY(reading.changedElsewhere);
        QCOMPARE(*reading.before, setsFrom(QStringLiteral("1.0")));
        reading = states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0|2.0")));
        QVERIFY(!reading.changedElsewhere);
        // Queues are kept apart.
        QVERIFY(!states.observe(QStringLiteral("other"), setsFrom(QStringLiteral("9"))).changedElsewhere);
    }

    void ourAppliedChangeIsNotElsewhere()
    {
        KnownQueueStates states;
        states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0")));
        states.recordAttempt(QStringLiteral("q"),
                             attempt(setsFrom(QStringLiteral("1.0")),
                                     BuildIdOperation::addNewDefault(QStringLiteral("2.0")),
                                     ApplyOutcome::Status::Applied, setsFrom(QStringLiteral("1.0|2.0"))));
        QVERIFY(!states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0|2.0"))).changedElsewhere);
    }

    void unknownOutcomeIsSettledByTheNextRead_data()
    {
        QTest::addColumn<QString>("seen");
        QTest::addColumn<bool>("elsewhere");
        QTest::addColumn<int>("settledOutcome"); // -1: still unsettled
        QTest::newRow("it took effect")
            << QStringLiteral("1.0|2.0") << false << int(HistoryEntry::Outcome::Applied);
        QTest::newRow("it did not") << QStringLiteral("1.0") << false << int(HistoryEntry::Outcome::NotSent);
        QTest::newRow("something else happened") << QStringLiteral("1.0|3.0") << true << -1;
    }
    void unknownOutcomeIsSettledByTheNextRead()
    {
        QFETCH(QString, seen);
        QFETCH(bool, elsewhere);
        QFETCH(int, settledOutcome);
        KnownQueueStates states;
        states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0")));
        states.recordAttempt(QStringLiteral("q"),
                             attempt(setsFrom(QStringLiteral("1.0")),
                                     BuildIdOperation::addNewDefault(QStringLiteral("2.0")),
                                     ApplyOutcome::Status::Unknown, std::nullopt));
        // A read taken once the change can no longer land late (HistoryEntry::kLateEffectMs).
        const QDateTime late = QDateTime::currentDateTimeUtc().addMSecs(HistoryEntry::kLateEffectMs + 1000);
        const auto reading = states.observe(QStringLiteral("q"), setsFrom(seen), late);
        QCOMPARE(reading.changedElsewhere, elsewhere);
        if (settledOutcome < 0) {
            QVERIFY(reading.settled.isEmpty());
        } else {
            QCOMPARE(reading.settled.size(), 1);
            QCOMPARE(int(reading.settled.first().second), settledOutcome);
        }
    }

    // The faults work saw a routing change land after the immediate re-read of a call whose connection broke
    // had settled it as not applied. A read that still shows the old state right after the attempt leaves it
    // unsettled; one taken kLateEffectMs later settles it; one that shows the change settles it at once.
    void notAppliedIsSettledOnlyByALateEnoughRead()
    {
        KnownQueueStates states;
        states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0")));
        const HistoryEntry sent =
            attempt(setsFrom(QStringLiteral("1.0")), BuildIdOperation::addNewDefault(QStringLiteral("2.0")),
                    ApplyOutcome::Status::Unknown, std::nullopt);
        states.recordAttempt(QStringLiteral("q"), sent);
        auto reading = states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0")),
                                      sent.recordedAt.addMSecs(HistoryEntry::kLateEffectMs - 1));
        QVERIFY(reading.settled.isEmpty());
        QVERIFY(!reading.changedElsewhere);
        reading = states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0")),
                                 sent.recordedAt.addMSecs(HistoryEntry::kLateEffectMs));
        QCOMPARE(reading.settled.size(), 1);
        QCOMPARE(reading.settled.first().second, HistoryEntry::Outcome::NotSent);

        // The change seen at once settles it at once.
        states.recordAttempt(QStringLiteral("q"), sent);
        reading = states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("1.0|2.0")), sent.recordedAt);
        QCOMPARE(reading.settled.size(), 1);
        QCOMPARE(reading.settled.first().second, HistoryEntry::Outcome::Applied);
        QVERIFY(!reading.changedElsewhere);
    }

    void rejectedAttemptKeepsTheStateItRead()
    {
        KnownQueueStates states;
        states.recordAttempt(QStringLiteral("q"), attempt(setsFrom(QStringLiteral("1.0")),
                                                          BuildIdOperation::promoteSet(QStringLiteral("9")),
                                                          ApplyOutcome::Status::Rejected, std::nullopt));
        QCOMPARE(states.lastKnown(QStringLiteral("q")), std::optional(setsFrom(QStringLiteral("1.0"))));
        QVERIFY(states.observe(QStringLiteral("q"), setsFrom(QStringLiteral("2.0"))).changedElsewhere);
    }
};

QTEST_GUILESS_MAIN(TestKnownQueueStates)
#include "tst_knownqueuestates.moc"
