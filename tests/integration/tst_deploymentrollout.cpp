#include "deployments/deploymentpreview.h"
#include "history/historyfilter.h"
#include "history/historyservice.h"
#include "history/historystore.h"
#include "history/historytestbackend.h"
#include "rollout/rolloutengine.h"
#include "support/deploymentworkers.h"
#include "support/testserver.h"
#include "temporal/temporalclient.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <memory>

using TestServer::await;

// The rollout engine on Worker Deployments against a real dev server and real Python SDK workers: a whole
// rollout (ramp 10 % → 50 %, make current, the old version drains), the conflict token stopping the second of
// two clients, a refusal in the server's words, a blocked preview never sent, metadata read back, the manager
// identity; and the history (SQLite, or PostgreSQL when ctest runs the _postgresql twin) records every
// attempt and every change seen elsewhere, with who made it.
class TestDeploymentRollout : public QObject
{
    Q_OBJECT

    QString m_address;
    QTemporaryDir m_dir;

    struct Rig
    {
        std::unique_ptr<TemporalClient> client;
        std::unique_ptr<HistoryService> history;
        std::unique_ptr<RolloutEngine> engine;
        HistoryLocation location;
    };

    std::unique_ptr<Rig> rig(const QString &identity, bool withHistory)
    {
        auto r = std::make_unique<Rig>();
        ConnectionSettings settings = TestServer::settingsFor(m_address);
        settings.identity = identity;
        r->client = std::make_unique<TemporalClient>(settings);
        if (withHistory) {
            const QString folder = m_dir.filePath(identity + QLatin1Char('-') +
                                                  QUuid::createUuid().toString(QUuid::WithoutBraces));
            QDir().mkpath(folder);
            const Result<HistoryLocation> location = HistoryTestBackend::freshLocation(folder);
            if (!location) {
                qWarning("%s", qPrintable(location.error().toString()));
                return r;
            }
            r->location = location.value();
            r->history = std::make_unique<HistoryService>();
            QSignalSpy opened(r->history.get(), &HistoryService::opened);
            r->history->open(r->location);
            if (!opened.wait(15000))
                qWarning("history did not open");
        }
        r->engine = std::make_unique<RolloutEngine>(r->client.get(), r->history.get());
        return r;
    }

    static Result<DeploymentSnapshot>
    read(RolloutEngine &engine, const QString &name,
         const DeploymentReader::Options &options = DeploymentReader::Options())
    {
        auto result = await<DeploymentSnapshot>(
            [&](QObject *ctx, auto done) { engine.readDeployment(ctx, name, options, done); }, 30000);
        return result ? *result
                      : Result<DeploymentSnapshot>(
                            Error(ErrorCode::DeadlineExceeded, QStringLiteral("no answer")));
    }

    static RolloutEngine::DeploymentApplyResult apply(RolloutEngine &engine, const DeploymentPreview &preview,
                                                      const QString &reason = {})
    {
        std::optional<RolloutEngine::DeploymentApplyResult> result;
        QObject context;
        RolloutEngine::ApplyOptions options;
        options.reason = reason;
        engine.applyDeployment(&context, preview, options,
                               [&result](const RolloutEngine::DeploymentApplyResult &r) { result = r; });
        QDeadlineTimer deadline(30000);
        while (!result && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        if (!result) {
            RolloutEngine::DeploymentApplyResult none;
            none.outcome.error =
                Error(ErrorCode::DeadlineExceeded, QStringLiteral("the engine did not answer"));
            return none;
        }
        return *result;
    }

    // Reads, previews and applies one operation; fails the test when the read fails.
    static RolloutEngine::DeploymentApplyResult change(RolloutEngine &engine, const DeploymentOperation &op,
                                                       const QString &reason = {})
    {
        const Result<DeploymentSnapshot> snapshot = read(engine, op.deploymentName);
        if (!snapshot) {
            RolloutEngine::DeploymentApplyResult none;
            none.outcome.error = snapshot.error();
            return none;
        }
        return apply(engine, engine.previewDeployment(snapshot.value(), op), reason);
    }

    static QList<HistoryEntry> entries(const Rig &r, const QString &deployment)
    {
        auto store = HistoryStore::open(r.location);
        if (!store)
            return {};
        HistoryFilter filter;
        filter.deploymentName = deployment;
        auto found = store.value()->query(filter);
        QList<HistoryEntry> list = found ? found.value() : QList<HistoryEntry>();
        std::reverse(list.begin(), list.end());
        return list;
    }

    static void drain(Rig &r)
    {
        bool done = false;
        QObject context;
        r.history->checkWritable(&context, [&done](const Result<Done> &) { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
    }

    static QString stateDir() { return qEnvironmentVariable("VERSIONSCOPE_TEST_DEPLOYMENTS_SERVER_DIR"); }

    DeploymentWorkers::Spec threeVersions(const QString &prefix, int pinned = 0, int autoUpgrade = 0) const
    {
        return DeploymentWorkers::Spec{prefix,
                                       {QStringLiteral("v1"), QStringLiteral("v2"), QStringLiteral("v3")},
                                       {QStringLiteral("a"), QStringLiteral("b")},
                                       QStringLiteral("v1"),
                                       pinned,
                                       autoUpgrade};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_address = TestServer::deploymentsAddress();
        QVERIFY2(!m_address.isEmpty(), "the temporal_deployments_server fixture did not start");
        QVERIFY(m_dir.isValid());
    }

    void readsVersionsPollersAndOpenWorkflows()
    {
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("read"), 2, 1));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        auto r = rig(QStringLiteral("reader@versionscope"), false);
        const Result<DeploymentSnapshot> snapshot = read(*r->engine, workers.name());
        QVERIFY2(snapshot, snapshot ? "" : qPrintable(snapshot.error().toString()));
        const DeploymentSnapshot &s = snapshot.value();
        QCOMPARE(s.deployment.name, workers.name());
        QVERIFY(!s.deployment.conflictToken.isEmpty());
        QCOMPARE(s.deployment.routing.currentBuildId, QStringLiteral("v1"));
        QVERIFY(!s.deployment.routing.hasRamp);
        QCOMPARE(s.deployment.versions.size(), 3);
        for (const QString &id : {QStringLiteral("v1"), QStringLiteral("v2"), QStringLiteral("v3")}) {
            QVERIFY2(s.details.contains(id), qPrintable(id));
            QVERIFY2(s.pollerCount(id).value_or(0) > 0, qPrintable(id));
            QCOMPARE(s.taskQueues(id).size(), 4); // two queues, workflow and activity each
        }
        QCOMPARE(s.workflowCounts.value(QStringLiteral("v1")).pinned, std::optional<qint64>(2));
        QCOMPARE(s.workflowCounts.value(QStringLiteral("v1")).autoUpgrade, std::optional<qint64>(1));
        QCOMPARE(s.workflowCounts.value(QStringLiteral("v2")).pinned, std::optional<qint64>(0));
    }

    // Ramp 10 % → 50 %, make current, the old version drains: each step applied, read back, matching the
    // preview, and in the history with its reason; the first read recorded as the deployment first seen.
    void wholeRolloutIsAppliedAndRecorded()
    {
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("rollout"), 1, 0));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        auto r = rig(QStringLiteral("alice@versionscope"), true);
        QVERIFY(r->history);
        const QString name = workers.name();

        auto ramp10 = change(*r->engine, DeploymentOperation::setRamping(name, QStringLiteral("v2"), 10),
                             QStringLiteral("canary"));
        QCOMPARE(ramp10.outcome.status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY2(ramp10.outcome.matchesPreview, qPrintable(ramp10.outcome.summary()));
        QVERIFY(ramp10.historyId);
        QCOMPARE(ramp10.outcome.after->routing.rampingBuildId, QStringLiteral("v2"));
        QCOMPARE(ramp10.outcome.after->routing.rampingPercentage, 10.0);
        QCOMPARE(ramp10.outcome.after->lastModifierIdentity, QStringLiteral("alice@versionscope"));

        auto ramp50 = change(*r->engine, DeploymentOperation::setRamping(name, QStringLiteral("v2"), 50));
        QCOMPARE(ramp50.outcome.status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY(ramp50.outcome.matchesPreview);
        QCOMPARE(ramp50.outcome.after->routing.rampingPercentage, 50.0);

        auto current = change(*r->engine, DeploymentOperation::setCurrent(name, QStringLiteral("v2")));
        QCOMPARE(current.outcome.status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY2(current.outcome.matchesPreview, qPrintable(current.outcome.summary()));
        QCOMPARE(current.outcome.after->routing.currentBuildId, QStringLiteral("v2"));
        // Making the ramping version current ends the ramp (server 1.31.2).
        QVERIFY(!current.outcome.after->routing.hasRamp);
        const DeploymentVersionSummary *v1 = current.outcome.after->version(QStringLiteral("v1"));
        QVERIFY(v1);
        QCOMPARE(v1->status, DeploymentVersionStatus::Draining);

        drain(*r);
        const QList<HistoryEntry> history = entries(*r, name);
        QStringList kinds;
        for (const HistoryEntry &entry : history)
            kinds << HistoryEntry::kindName(entry.kind) + QLatin1Char(':') +
                         HistoryEntry::outcomeName(entry.outcome);
        // The first read saw the deployment for the first time; the three attempts follow, nothing else: our
        // own changes are never recorded as changes made elsewhere.
        QCOMPARE(kinds, (QStringList{QStringLiteral("observed:observed"), QStringLiteral("applied:applied"),
                                     QStringLiteral("applied:applied"), QStringLiteral("applied:applied")}));
        QCOMPARE(history.at(1).reason, QStringLiteral("canary"));
        QVERIFY(history.at(1).isDeployment());
        QCOMPARE(history.at(1).deploymentOperation,
                 DeploymentOperation::setRamping(name, QStringLiteral("v2"), 10));
        QCOMPARE(history.at(3).deploymentAfter->routing.currentBuildId, QStringLiteral("v2"));
    }

    // The whole rollout an operator runs, down to the end: v2 ramped 10 % → 50 %, made current; the old
    // version drains (no pinned workflow keeps it) — seen and recorded as a change nobody here made; its
    // workers stop; once the server forgets their pollers the preview allows deleting it, and it is gone.
    // (The fixture's server drains and forgets pollers in seconds instead of minutes.)
    void rolloutDownToDeletingTheOldVersion()
    {
        DeploymentWorkers oldWorkers(
            m_address, stateDir(),
            {QStringLiteral("whole"), {QStringLiteral("v1")}, {QStringLiteral("a")}, QStringLiteral("v1")});
        QVERIFY2(oldWorkers.started(), qPrintable(oldWorkers.output()));
        const QString name = oldWorkers.name();
        DeploymentWorkers newWorkers(
            m_address, stateDir(),
            {QStringLiteral("whole"), {QStringLiteral("v2")}, {QStringLiteral("a")}, {}, 0, 0, name});
        QVERIFY2(newWorkers.started(), qPrintable(newWorkers.output()));
        auto r = rig(QStringLiteral("frank@versionscope"), true);
        QVERIFY(r->history);

        for (const DeploymentOperation &step :
             {DeploymentOperation::setRamping(name, QStringLiteral("v2"), 10),
              DeploymentOperation::setRamping(name, QStringLiteral("v2"), 50),
              DeploymentOperation::setCurrent(name, QStringLiteral("v2"))}) {
            auto applied = change(*r->engine, step, step.summary());
            QCOMPARE(applied.outcome.status, DeploymentApplyOutcome::Status::Applied);
            QVERIFY2(applied.outcome.matchesPreview, qPrintable(applied.outcome.summary()));
        }

        // Draining → drained, watched by reads.
        QSignalSpy elsewhere(r->engine.get(), &RolloutEngine::deploymentChangedElsewhere);
        const auto statusOfV1 = [&] {
            const Result<DeploymentSnapshot> s = read(*r->engine, name);
            const DeploymentVersionSummary *v1 =
                s ? s.value().deployment.version(QStringLiteral("v1")) : nullptr;
            return v1 ? v1->status : DeploymentVersionStatus::Unspecified;
        };
        QTRY_COMPARE_WITH_TIMEOUT(statusOfV1(), DeploymentVersionStatus::Drained, 60000);
        QVERIFY(elsewhere.count() >= 1);

        // While v1's workers poll, the preview refuses to delete it (the server would).
        Result<DeploymentSnapshot> snapshot = read(*r->engine, name);
        QVERIFY(snapshot);
        QVERIFY(r->engine
                    ->previewDeployment(snapshot.value(),
                                        DeploymentOperation::deleteVersion(name, QStringLiteral("v1"), false))
                    .isBlocked());
        oldWorkers.stop();
        const auto v1Pollers = [&] {
            snapshot = read(*r->engine, name);
            return snapshot ? snapshot.value().pollerCount(QStringLiteral("v1")).value_or(-1) : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(v1Pollers(), 0, 60000);
        const DeploymentPreview deletion = r->engine->previewDeployment(
            snapshot.value(), DeploymentOperation::deleteVersion(name, QStringLiteral("v1"), false));
        QVERIFY2(!deletion.isBlocked(), qPrintable(deletion.toText()));
        auto deleted = apply(*r->engine, deletion, QStringLiteral("v1 drained and stopped"));
        QCOMPARE(deleted.outcome.status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY2(deleted.outcome.matchesPreview, qPrintable(deleted.outcome.summary()));
        QVERIFY(!deleted.outcome.after->version(QStringLiteral("v1")));

        drain(*r);
        QStringList story;
        for (const HistoryEntry &entry : entries(*r, name)) {
            story << (entry.kind == HistoryEntry::Kind::Observed
                          ? QStringLiteral("observed")
                          : entry.deploymentOperation->summary() + QLatin1Char(':') +
                                HistoryEntry::outcomeName(entry.outcome));
        }
        // Every step once, in order, and the server's own move (drained) between them as observed.
        QVERIFY2(story.size() >= 6, qPrintable(story.join(QStringLiteral(" | "))));
        QVERIFY2(story.last().endsWith(QStringLiteral(":applied")),
                 qPrintable(story.join(QStringLiteral(" | "))));
        QCOMPARE(story.count(QStringLiteral("observed")) >= 2, true);
    }

    // Two clients read the same deployment; the first changes it; the second's change, previewed on the old
    // state, is refused by the server's conflict token: nothing is overwritten, the outcome is Stale with the
    // state found, and the second client's history records the first one's change (who made it) before its
    // own stale attempt.
    void conflictTokenStopsTheSecondClient()
    {
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("race")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        auto first = rig(QStringLiteral("first@versionscope"), false);
        auto second = rig(QStringLiteral("second@versionscope"), true);
        QVERIFY(second->history);

        const Result<DeploymentSnapshot> firstRead = read(*first->engine, name);
        const Result<DeploymentSnapshot> secondRead = read(*second->engine, name);
        QVERIFY(firstRead && secondRead);
        QSignalSpy elsewhere(second->engine.get(), &RolloutEngine::deploymentChangedElsewhere);

        auto won =
            apply(*first->engine,
                  first->engine->previewDeployment(
                      firstRead.value(), DeploymentOperation::setRamping(name, QStringLiteral("v3"), 20)));
        QCOMPARE(won.outcome.status, DeploymentApplyOutcome::Status::Applied);

        const DeploymentPreview stalePreview = second->engine->previewDeployment(
            secondRead.value(), DeploymentOperation::setCurrent(name, QStringLiteral("v2")));
        QVERIFY(!stalePreview.isBlocked());
        const int setCurrentCalls =
            second->client->callCounts().value(QStringLiteral("SetWorkerDeploymentCurrentVersion"));
        auto lost = apply(*second->engine, stalePreview);
        QCOMPARE(lost.outcome.status, DeploymentApplyOutcome::Status::Stale);
        QVERIFY2(lost.outcome.error.message.contains(QStringLiteral("conflict token mismatch")),
                 qPrintable(lost.outcome.error.message));
        // Sent once (refused by the server, not skipped locally), never retried.
        QCOMPARE(second->client->callCounts().value(QStringLiteral("SetWorkerDeploymentCurrentVersion")),
                 setCurrentCalls + 1);
        QVERIFY(lost.outcome.after);
        QCOMPARE(lost.outcome.after->routing.currentBuildId, QStringLiteral("v1"));
        QCOMPARE(lost.outcome.after->routing.rampingBuildId, QStringLiteral("v3"));
        QCOMPARE(elsewhere.count(), 1);

        // The server still has the first client's change.
        const Result<DeploymentSnapshot> now = read(*first->engine, name);
        QVERIFY(now);
        QCOMPARE(now.value().deployment.routing.currentBuildId, QStringLiteral("v1"));
        QCOMPARE(now.value().deployment.routing.rampingPercentage, 20.0);

        drain(*second);
        const QList<HistoryEntry> history = entries(*second, name);
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.at(0).kind, HistoryEntry::Kind::Observed); // first seen
        QCOMPARE(history.at(1).kind, HistoryEntry::Kind::Observed); // the first client's ramp
        QCOMPARE(history.at(1).changedBy(), QStringLiteral("first@versionscope"));
        QCOMPARE(history.at(2).outcome, HistoryEntry::Outcome::Stale);
        QCOMPARE(history.at(2).context.identity, QStringLiteral("second@versionscope"));
    }

    void sameIdentityFromAStaleReadIsStale_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("set current") << QStringLiteral("current");
        QTest::newRow("set ramping") << QStringLiteral("ramp");
        // The server names no previous version for "no ramp": tst_concurrency found this one recorded as
        // applied.
        QTest::newRow("stop ramping") << QStringLiteral("stop");
    }

    // The same person in two windows (or a window and the CLI: both send user@host (versionscope)) asks twice
    // for the same routing, the second time from a read taken before the first change. Server 1.31.2 answers
    // that second request with success without checking its conflict token ("no change": the identity made
    // the last change). It changed nothing, so it is a stale preview like any other: not recorded as applied
    // (which would claim a change from the stale read's routing), and the first change is not counted twice.
    // Found by tst_concurrency.
    void sameIdentityFromAStaleReadIsStale()
    {
        QFETCH(QString, change);
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("same-id")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        auto first = rig(QStringLiteral("same@versionscope"), false);
        auto second = rig(QStringLiteral("same@versionscope"), true);
        QVERIFY(second->history);
        const DeploymentOperation op =
            change == QLatin1String("ramp") ? DeploymentOperation::setRamping(name, QStringLiteral("v3"), 20)
            : change == QLatin1String("stop") ? DeploymentOperation::stopRamping(name)
                                              : DeploymentOperation::setCurrent(name, QStringLiteral("v2"));
        if (change == QLatin1String("stop")) {
            // A ramp to stop, set by the same identity.
            const Result<DeploymentSnapshot> before = read(*first->engine, name);
            QVERIFY(before);
            auto ramped =
                apply(*first->engine,
                      first->engine->previewDeployment(
                          before.value(), DeploymentOperation::setRamping(name, QStringLiteral("v3"), 20)));
            QCOMPARE(ramped.outcome.status, DeploymentApplyOutcome::Status::Applied);
        }

        const Result<DeploymentSnapshot> firstRead = read(*first->engine, name);
        const Result<DeploymentSnapshot> secondRead = read(*second->engine, name);
        QVERIFY(firstRead && secondRead);
        auto won = apply(*first->engine, first->engine->previewDeployment(firstRead.value(), op));
        QCOMPARE(won.outcome.status, DeploymentApplyOutcome::Status::Applied);
        const qint64 revision = won.outcome.after->routing.revisionNumber;

        auto lost = apply(*second->engine, second->engine->previewDeployment(secondRead.value(), op));
        QCOMPARE(lost.outcome.status, DeploymentApplyOutcome::Status::Stale);
        QVERIFY2(lost.outcome.error.message.contains(QStringLiteral("changed nothing")),
                 qPrintable(lost.outcome.error.message));
        QVERIFY(lost.outcome.after);
        QCOMPARE(lost.outcome.after->routing.revisionNumber, revision);
        QVERIFY(lost.outcome.after->routing.sameRouting(won.outcome.after->routing));

        drain(*second);
        const QList<HistoryEntry> history = entries(*second, name);
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.at(0).kind, HistoryEntry::Kind::Observed); // first seen
        QCOMPARE(history.at(1).kind, HistoryEntry::Kind::Observed); // the first engine's change
        QCOMPARE(history.at(1).deploymentAfter->routing.revisionNumber, revision);
        QCOMPARE(history.at(2).outcome, HistoryEntry::Outcome::Stale);
    }

    // What only the server knows is refused in its own words: deleting a version whose workers still poll,
    // previewed from a read that did not ask for pollers.
    void refusalInTheServersWords()
    {
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("refuse")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        auto r = rig(QStringLiteral("bob@versionscope"), false);
        DeploymentReader::Options noPollers;
        noPollers.pollers = false;
        const Result<DeploymentSnapshot> snapshot = read(*r->engine, workers.name(), noPollers);
        QVERIFY(snapshot);
        const DeploymentPreview preview = r->engine->previewDeployment(
            snapshot.value(),
            DeploymentOperation::deleteVersion(workers.name(), QStringLiteral("v3"), false));
        QVERIFY2(!preview.isBlocked(), qPrintable(preview.toText()));
        QVERIFY(preview.hasWarning(DeploymentWarning::Kind::PollersUnknown));
        auto refused = apply(*r->engine, preview);
        QCOMPARE(refused.outcome.status, DeploymentApplyOutcome::Status::Rejected);
        QCOMPARE(refused.outcome.error.code, ErrorCode::FailedPrecondition);
        QVERIFY2(refused.outcome.error.message.contains(
                     QStringLiteral("cannot be deleted since it has active pollers")),
                 qPrintable(refused.outcome.error.message));
    }

    // A preview Versionscope is sure the server refuses is never sent.
    void blockedPreviewIsNotSent()
    {
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("blocked")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        auto r = rig(QStringLiteral("carol@versionscope"), false);
        const Result<DeploymentSnapshot> snapshot = read(*r->engine, workers.name());
        QVERIFY(snapshot);
        const DeploymentPreview preview = r->engine->previewDeployment(
            snapshot.value(), DeploymentOperation::setRamping(workers.name(), QStringLiteral("v1"), 10));
        QVERIFY(preview.isBlocked());
        const int before = r->client->totalCalls();
        auto result = apply(*r->engine, preview);
        QCOMPARE(result.outcome.status, DeploymentApplyOutcome::Status::NotSent);
        QCOMPARE(r->client->totalCalls(), before);
    }

    void metadataIsWrittenAndReadBack()
    {
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("meta")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        auto r = rig(QStringLiteral("dave@versionscope"), false);
        DeploymentOperation op;
        op.kind = DeploymentOperation::Kind::UpdateMetadata;
        op.deploymentName = workers.name();
        op.buildId = QStringLiteral("v2");
        op.upsertMetadata.insert(QStringLiteral("owner"), QStringLiteral("payments"));
        op.upsertMetadata.insert(QStringLiteral("replicas"), 3);
        auto written = change(*r->engine, op);
        QCOMPARE(written.outcome.status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY2(written.outcome.matchesPreview, qPrintable(written.outcome.summary()));
        const Result<DeploymentSnapshot> snapshot = read(*r->engine, workers.name());
        QVERIFY(snapshot);
        QCOMPARE(snapshot.value().details.value(QStringLiteral("v2")).metadata.value(QStringLiteral("owner")),
                 QJsonValue(QStringLiteral("payments")));
    }

    // Another manager identity: the preview says so and does not send a routing change; unsetting it is
    // applied, and then the change goes through.
    void managerIdentityIsRespected()
    {
        DeploymentWorkers workers(m_address, stateDir(), threeVersions(QStringLiteral("manager")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        auto r = rig(QStringLiteral("erin@versionscope"), false);
        DeploymentOperation manager;
        manager.kind = DeploymentOperation::Kind::SetManager;
        manager.deploymentName = name;
        manager.managerIdentity = QStringLiteral("controller@k8s");
        auto set = change(*r->engine, manager);
        QCOMPARE(set.outcome.status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY(set.outcome.matchesPreview);
        QCOMPARE(set.outcome.after->managerIdentity, QStringLiteral("controller@k8s"));

        const Result<DeploymentSnapshot> snapshot = read(*r->engine, name);
        QVERIFY(snapshot);
        const DeploymentPreview preview = r->engine->previewDeployment(
            snapshot.value(), DeploymentOperation::setCurrent(name, QStringLiteral("v2")));
        // The server refuses routing changes by anyone but the manager: the preview says so, in its words,
        // and does not send it.
        QVERIFY(preview.isBlocked());
        QVERIFY2(preview.toText().contains(QStringLiteral("ManagerIdentity 'controller@k8s' is set")),
                 qPrintable(preview.toText()));
        const int before = r->client->totalCalls();
        QCOMPARE(apply(*r->engine, preview).outcome.status, DeploymentApplyOutcome::Status::NotSent);
        QCOMPARE(r->client->totalCalls(), before);

        DeploymentOperation unset = manager;
        unset.managerIdentity.clear();
        auto cleared = change(*r->engine, unset);
        QCOMPARE(cleared.outcome.status, DeploymentApplyOutcome::Status::Applied);
        QVERIFY(cleared.outcome.after->managerIdentity.isEmpty());
        // The server's own bookkeeping after a manager change can move the conflict token a moment after the
        // read (seen once under load): that attempt rightly ends Stale and sends nothing; a fresh read then
        // goes.
        auto current = change(*r->engine, DeploymentOperation::setCurrent(name, QStringLiteral("v2")));
        for (int retry = 0; retry < 2 && current.outcome.status == DeploymentApplyOutcome::Status::Stale;
             ++retry)
            current = change(*r->engine, DeploymentOperation::setCurrent(name, QStringLiteral("v2")));
        QCOMPARE(current.outcome.status, DeploymentApplyOutcome::Status::Applied);
    }
};

QTEST_GUILESS_MAIN(TestDeploymentRollout)
#include "tst_deploymentrollout.moc"
