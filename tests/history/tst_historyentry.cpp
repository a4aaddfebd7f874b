#include "history/historyentry.h"
#include "support/opnotation.h"
#include "support/setnotation.h"
#include "temporal/connectionsettings.h"
#include "versionsets/versionsetplanner.h"

#include <QTest>
#include <QTimeZone>

// Entries are built from what the applier reports, the same way for the window and the CLI.
class TestHistoryEntry : public QObject
{
    Q_OBJECT

    static HistoryContext context()
    {
        return HistoryContext{"alice",    "alice@laptop", "temporal:7233",
                              "payments", "orders",       HistoryContext::Source::Cli};
    }

private Q_SLOTS:
    void fromApplyOutcome_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("verifyFailed");
        QTest::addColumn<bool>("matchesPreview");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<bool>("hasAfter");
        QTest::addColumn<QString>("matched");
        QTest::addColumn<QString>("errorCode");

        using S = ApplyOutcome::Status;
        QTest::newRow("applied, matches") << int(S::Applied) << false << true << "applied" << true << "yes"
                                          << "";
        QTest::newRow("applied, differs") << int(S::Applied) << false << false << "applied" << true << "no"
                                          << "";
        QTest::newRow("applied, re-read failed")
            << int(S::Applied) << true << false << "applied" << false << "none"
            << "UNAVAILABLE";
        QTest::newRow("stale") << int(S::Stale) << false << false << "stale" << true << "none"
                               << "ABORTED";
        QTest::newRow("rejected") << int(S::Rejected) << false << false << "rejected" << false << "none"
                                  << "FAILED_PRECONDITION";
        QTest::newRow("unknown") << int(S::Unknown) << false << false << "unknown" << false << "none"
                                 << "DEADLINE_EXCEEDED";
        QTest::newRow("not sent") << int(S::NotSent) << false << false << "not-sent" << false << "none"
                                  << "UNAVAILABLE";
    }

    void fromApplyOutcome()
    {
        QFETCH(int, status);
        QFETCH(bool, verifyFailed);
        QFETCH(bool, matchesPreview);
        QFETCH(QString, outcome);
        QFETCH(bool, hasAfter);
        QFETCH(QString, matched);
        QFETCH(QString, errorCode);

        ApplyOutcome applied;
        applied.status = ApplyOutcome::Status(status);
        applied.plan = planVersionSetOperation(setsFrom("1.0"), opFrom("new:2.0"));
        applied.actual = setsFrom("1.0|2.0");
        applied.matchesPreview = matchesPreview;
        applied.verifyFailed = verifyFailed;
        if (!errorCode.isEmpty())
            applied.error = Error{errorCodeFromName(errorCode), "server said no", "try later"};

        // A local time on purpose: entries are kept in UTC.
        const QDateTime at(QDate(2026, 3, 1), QTime(10, 30, 15, 250), QTimeZone(3600));
        const HistoryEntry entry = HistoryEntry::fromApplyOutcome(applied, context(), "canary ok", at);

        QCOMPARE(entry.id, qint64(0));
        QCOMPARE(entry.kind, HistoryEntry::Kind::Applied);
        QCOMPARE(entry.recordedAt, at);
        QCOMPARE(entry.recordedAt.timeSpec(), Qt::UTC);
        QCOMPARE(entry.recordedAt.toString(Qt::ISODateWithMs), QString("2026-03-01T09:30:15.250Z"));
        QCOMPARE(entry.context, context());
        QCOMPARE(entry.operation, std::optional(opFrom("new:2.0")));
        QCOMPARE(entry.reason, QString("canary ok"));
        QCOMPARE(entry.before, setsFrom("1.0"));
        QCOMPARE(HistoryEntry::outcomeName(entry.outcome), outcome);
        // versionscope-cli prints the status under the same name.
        QCOMPARE(ApplyOutcome::statusName(applied.status), outcome);
        QCOMPARE(entry.after.has_value(), hasAfter);
        if (hasAfter)
            QCOMPARE(*entry.after, setsFrom("1.0|2.0"));
        QCOMPARE(entry.matchedPreview.has_value() ? (*entry.matchedPreview ? "yes" : "no") : "none",
                 matched.toLatin1());
        QCOMPARE(entry.errorCode, errorCode);
        QCOMPARE(entry.errorMessage, errorCode.isEmpty() ? QString() : QString("server said no (try later)"));
        QVERIFY(!entry.settledAt.isValid());
        QVERIFY(!entry.settledOutcome);
        QCOMPARE(entry.awaitsSettlement(), outcome == "unknown" || (outcome == "applied" && !hasAfter));
    }

    // Nothing secret from the connection reaches an entry.
    void noSecretsFromTheConnection()
    {
        ConnectionSettings settings;
        settings.address = "cloud.example:7233";
        settings.namespaceName = "payments.acct";
        settings.apiKey = "SECRET-API-KEY";
        settings.tls.enabled = true;
        settings.tls.clientKeyData = "SECRET-TLS-KEY";
        settings.tls.clientKeyPath = "/home/alice/SECRET-key.pem";
        settings.grpcMeta << qMakePair(QString("authorization"), QString("Bearer SECRET-TOKEN"));
        settings.identity = "alice@laptop";

        const HistoryContext context =
            HistoryContext::forConnection(settings, "orders", HistoryContext::Source::Window);
        QCOMPARE(context.serverAddress, settings.address);
        QCOMPARE(context.namespaceName, settings.namespaceName);
        QCOMPARE(context.identity, settings.identity);
        QCOMPARE(context.taskQueue, QString("orders"));
        QCOMPARE(context.osUser, HistoryContext::currentOsUser());
        QVERIFY(!context.osUser.isEmpty());

        ApplyOutcome applied;
        applied.status = ApplyOutcome::Status::Applied;
        applied.plan = planVersionSetOperation(setsFrom(""), opFrom("new:1.0"));
        applied.actual = setsFrom("1.0");
        applied.matchesPreview = true;
        const HistoryEntry entry =
            HistoryEntry::fromApplyOutcome(applied, context, {}, QDateTime::currentDateTimeUtc());
        const QByteArray printed(QScopedArrayPointer<char>(toString(entry)).data());
        QVERIFY(!printed.contains("SECRET"));
        for (const QString &field :
             {entry.context.osUser, entry.context.identity, entry.context.serverAddress,
              entry.context.namespaceName, entry.context.taskQueue, entry.reason, entry.errorCode,
              entry.errorMessage})
            QVERIFY2(!field.contains("SECRET"), qPrintable(field));
    }

    void observedChange()
    {
        const QDateTime seenAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);
        const HistoryEntry entry =
            HistoryEntry::observedChange(context(), setsFrom("1.0"), setsFrom("1.0|2.0"), seenAt);
        QCOMPARE(entry.kind, HistoryEntry::Kind::Observed);
        QCOMPARE(entry.outcome, HistoryEntry::Outcome::Observed);
        QCOMPARE(entry.recordedAt, seenAt);
        QCOMPARE(entry.before, setsFrom("1.0"));
        QCOMPARE(entry.after, std::optional(setsFrom("1.0|2.0")));
        // Someone else made the change: the identity Versionscope would send is not theirs.
        QVERIFY(entry.context.identity.isEmpty());
        QCOMPARE(entry.context.osUser, QString("alice"));
        QVERIFY(!entry.operation);
        QVERIFY(!entry.awaitsSettlement());
        QCOMPARE(entry.knownState(), std::optional(setsFrom("1.0|2.0")));
    }

    void settlementFor_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("seen");
        QTest::addColumn<QString>("expected");

        QTest::newRow("took effect") << "1.0"
                                     << "new:2.0"
                                     << "1.0|2.0"
                                     << "applied";
        QTest::newRow("did not take effect") << "1.0"
                                             << "new:2.0"
                                             << "1.0"
                                             << "not-sent";
        QTest::newRow("changed otherwise") << "1.0"
                                           << "new:2.0"
                                           << "1.0|3.0"
                                           << "unknown";
        QTest::newRow("took effect, then more") << "1.0"
                                                << "new:2.0"
                                                << "1.0|2.0|3.0"
                                                << "unknown";
        // The order inside a merged set is not predictable; either order of the merged non-defaults counts.
        QTest::newRow("merge, either order") << "a1,a2|b1,b2"
                                             << "merge:b2<a2"
                                             << "a1,b1,a2,b2"
                                             << "applied";
        QTest::newRow("merge, other order") << "a1,a2|b1,b2"
                                            << "merge:b2<a2"
                                            << "b1,a1,a2,b2"
                                            << "applied";
        QTest::newRow("no-op operation") << "1.0|2.0"
                                         << "new:2.0"
                                         << "1.0|2.0"
                                         << "applied";
    }

    void settlementFor()
    {
        QFETCH(QString, before);
        QFETCH(QString, operation);
        QFETCH(QString, seen);
        QFETCH(QString, expected);

        ApplyOutcome applied;
        applied.status = ApplyOutcome::Status::Unknown;
        applied.plan = planVersionSetOperation(setsFrom(before), opFrom(operation));
        applied.error = Error{ErrorCode::DeadlineExceeded, "deadline exceeded"};
        const HistoryEntry entry =
            HistoryEntry::fromApplyOutcome(applied, context(), {}, QDateTime::currentDateTimeUtc());
        QVERIFY(entry.awaitsSettlement());
        QVERIFY(!entry.knownState());
        QCOMPARE(HistoryEntry::outcomeName(entry.settlementFor(setsFrom(seen))), expected);
    }

    void names_data()
    {
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("name");
        using O = HistoryEntry::Outcome;
        QTest::newRow("applied") << int(O::Applied) << "applied";
        QTest::newRow("stale") << int(O::Stale) << "stale";
        QTest::newRow("rejected") << int(O::Rejected) << "rejected";
        QTest::newRow("unknown") << int(O::Unknown) << "unknown";
        QTest::newRow("not sent") << int(O::NotSent) << "not-sent";
        QTest::newRow("observed") << int(O::Observed) << "observed";
    }

    // Names are stored and exported: they must not drift.
    void names()
    {
        QFETCH(int, outcome);
        QFETCH(QString, name);
        QCOMPARE(HistoryEntry::outcomeName(HistoryEntry::Outcome(outcome)), name);
        QCOMPARE(HistoryEntry::outcomeFromName(name), std::optional(HistoryEntry::Outcome(outcome)));
        QVERIFY(!HistoryEntry::outcomeFromName(name.toUpper()));
        QCOMPARE(HistoryEntry::kindName(HistoryEntry::Kind::Applied), QString("applied"));
        QCOMPARE(HistoryEntry::kindName(HistoryEntry::Kind::Observed), QString("observed"));
        QCOMPARE(HistoryContext::sourceName(HistoryContext::Source::Restore), QString("restore"));
        QCOMPARE(HistoryContext::sourceFromName("cli"), std::optional(HistoryContext::Source::Cli));
        QVERIFY(!HistoryContext::sourceFromName("gui"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryEntry)
#include "tst_historyentry.moc"
