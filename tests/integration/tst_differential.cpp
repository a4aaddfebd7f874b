#include "support/setnotation.h"
#include "support/testserver.h"
#include "temporal/temporalclient.h"
#include "versionsets/versionsetplanner.h"

#include <QElapsedTimer>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QTest>
#include <QUuid>

using TestServer::await;

// Randomized differential test: random operation sequences, valid and invalid, all five operations, against
// the real server with lowered limits. After every operation the server's sets (or its error code) must be
// what the planner predicted from the sets read just before. Seed and count can be set with
// VERSIONSCOPE_DIFF_SEED and VERSIONSCOPE_DIFF_SEQUENCES to replay or extend a run.
class TestDifferential : public QObject
{
    Q_OBJECT

    struct Tally
    {
        int sequences = 0;
        int operations = 0;
        int accepted = 0;
        int noOps = 0;
        int uncertainMerges = 0;
        QHash<QString, int> refusedByCode;
        QHash<QString, int> byKind;
        QStringList mismatches;
    };

    static BuildIdOperation randomOperation(QRandomGenerator &random, const VersionSets &sets, int serial)
    {
        // Mostly build IDs the queue has (so operations mean something), sometimes new or unknown ones,
        // and now and then an empty or over-long one to exercise request validation.
        const QStringList known = sets.allBuildIds();
        const auto pick = [&]() -> QString {
            const int roll = random.bounded(100);
            if (roll < 2)
                return QString();
            if (roll < 3)
                return QString(256, QLatin1Char('z'));
            if (!known.isEmpty() && roll < 75)
                return known.at(random.bounded(int(known.size())));
            return QStringLiteral("b%1").arg(random.bounded(serial + 2));
        };
        const auto fresh = [&]() -> QString {
            return random.bounded(100) < 85 ? QStringLiteral("b%1").arg(serial) : pick();
        };
        switch (random.bounded(5)) {
        case 0:
            return BuildIdOperation::addNewDefault(fresh());
        case 1:
            return BuildIdOperation::addNewCompatible(fresh(), pick(), random.bounded(2) == 1);
        case 2:
            return BuildIdOperation::promoteSet(pick());
        case 3:
            return BuildIdOperation::promoteIdInSet(pick());
        default:
            return BuildIdOperation::mergeSets(pick(), pick());
        }
    }

private Q_SLOTS:
    void randomSequencesMatchThePlanner()
    {
        const QString address = TestServer::versioningAddress();
        QVERIFY2(!address.isEmpty(),
                 "the temporal_server fixture did not start (VERSIONSCOPE_TEST_SERVER_DIR)");
        const ConnectionSettings settings = TestServer::settingsFor(address);
        TemporalClient client(settings);

        const auto environment = QProcessEnvironment::systemEnvironment();
        const quint32 seed =
            environment.value(QStringLiteral("VERSIONSCOPE_DIFF_SEED"), QStringLiteral("20261125")).toUInt();
        const int sequenceCount =
            environment.value(QStringLiteral("VERSIONSCOPE_DIFF_SEQUENCES"), QStringLiteral("300")).toInt();
        QRandomGenerator random(seed);
        const QString run = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
        Tally tally;
        QElapsedTimer timer;
        timer.start();

        for (int s = 0; s < sequenceCount; ++s) {
            const QString queue = QStringLiteral("diff-%1-%2").arg(run).arg(s);
            VersionSets current;
            const int length = 4 + random.bounded(12);
            QStringList history;
            for (int i = 0; i < length; ++i) {
                const BuildIdOperation op = randomOperation(random, current, i);
                const VersionSetPlan plan = planVersionSetOperation(current, op, settings.limits);
                history << op.cliCommand(queue, QString()).section(QStringLiteral(" update-build-ids "), 1);

                auto sent = await<Done>(
                    [&](QObject *ctx, auto done) { client.updateVersionSets(ctx, queue, op, done); });
                QVERIFY2(sent, "no answer to an update");
                auto after = await<VersionSets>(
                    [&](QObject *ctx, auto done) { client.getVersionSets(ctx, queue, done); });
                QVERIFY2(after && after->isOk(), "could not read the queue back");

                ++tally.operations;
                ++tally.byKind[op.commandName()];
                const QString predictedCode =
                    plan.error ? errorCodeName(plan.error->code) : QStringLiteral("OK");
                const QString actualCode =
                    sent->isOk() ? QStringLiteral("OK") : errorCodeName(sent->error().code);
                QString problem;
                if (predictedCode != actualCode) {
                    problem =
                        QStringLiteral("code: predicted %1, server %2 (%3)")
                            .arg(predictedCode, actualCode, sent->isOk() ? QString() : sent->error().message);
                } else if (!plan.matches(after->value())) {
                    problem = QStringLiteral("sets: predicted %1, server %2")
                                  .arg(plan.after.toDisplayString(), after->value().toDisplayString());
                }
                if (!problem.isEmpty()) {
                    tally.mismatches << QStringLiteral(
                                            "seed %1 sequence %2 step %3 from %4: %5\n    history: %6")
                                            .arg(seed)
                                            .arg(s)
                                            .arg(i)
                                            .arg(current.toDisplayString(), problem,
                                                 history.join(QStringLiteral("; ")));
                }
                if (plan.isAccepted()) {
                    ++tally.accepted;
                    tally.noOps += plan.changesNothing() ? 1 : 0;
                    tally.uncertainMerges += plan.isExact() ? 0 : 1;
                } else {
                    ++tally.refusedByCode[predictedCode];
                }
                // Go on from what the server really has, so one surprise does not cascade.
                current = after->value();
            }
            ++tally.sequences;
        }

        QStringList refused;
        for (auto it = tally.refusedByCode.cbegin(); it != tally.refusedByCode.cend(); ++it)
            refused << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
        refused.sort();
        QStringList kinds;
        for (auto it = tally.byKind.cbegin(); it != tally.byKind.cend(); ++it)
            kinds << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
        kinds.sort();
        qInfo().noquote() << QStringLiteral(
                                 "differential: seed %1, %2 sequences, %3 operations (%4), %5 accepted "
                                 "(%6 no-ops, %7 merges with uncertain order), refused: %8; %9 mismatches "
                                 "in %10 s")
                                 .arg(seed)
                                 .arg(tally.sequences)
                                 .arg(tally.operations)
                                 .arg(kinds.join(QStringLiteral(", ")))
                                 .arg(tally.accepted)
                                 .arg(tally.noOps)
                                 .arg(tally.uncertainMerges)
                                 .arg(refused.join(QStringLiteral(", ")))
                                 .arg(tally.mismatches.size())
                                 .arg(timer.elapsed() / 1000.0, 0, 'f', 1);
        for (const QString &mismatch : std::as_const(tally.mismatches).mid(0, 20))
            qWarning().noquote() << mismatch;
        QCOMPARE(tally.sequences, sequenceCount);
        QVERIFY(tally.sequences >= 300 ||
                environment.contains(QStringLiteral("VERSIONSCOPE_DIFF_SEQUENCES")));
        // Every operation and every refusal code must actually have been exercised.
        QCOMPARE(tally.byKind.size(), 5);
        for (const char *code : {"INVALID_ARGUMENT", "NOT_FOUND", "FAILED_PRECONDITION"})
            QVERIFY2(tally.refusedByCode.value(QLatin1String(code)) > 0, code);
        QVERIFY(tally.noOps > 0);
        QCOMPARE(tally.mismatches.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDifferential)
#include "tst_differential.moc"
