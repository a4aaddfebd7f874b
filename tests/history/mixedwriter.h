#pragma once

#include "durabilityentry.h"
#include "history/historystore.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <cstdio>

// What the writers of tst_historyconcurrency record, shared by the writer processes (historywriter --mixed)
// and the test that checks the result.
namespace MixedWriter {

inline HistoryContext context(const QString &queue, const QString &writer)
{
    HistoryContext context;
    context.osUser = QStringLiteral("writer-") + writer;
    context.identity = context.osUser + QStringLiteral("@concurrency");
    context.serverAddress = QStringLiteral("127.0.0.1:7233");
    context.namespaceName = QStringLiteral("concurrency");
    context.taskQueue = queue;
    context.source =
        writer.endsWith(QLatin1Char('c')) ? HistoryContext::Source::Cli : HistoryContext::Source::Window;
    return context;
}

// The queue every writer reads, always with these sets.
inline QString sharedQueue()
{
    return QStringLiteral("shared");
}
inline VersionSets sharedSets()
{
    return VersionSets({{QStringLiteral("1.0"), QStringLiteral("1.1")}, {QStringLiteral("2.0")}});
}

// The deployment every writer reads, always in this state.
inline HistoryContext deploymentContext(const QString &writer)
{
    HistoryContext c = context(QString(), writer);
    c.model = HistoryContext::Model::Deployment;
    c.deploymentName = QStringLiteral("shared-svc");
    return c;
}
inline WorkerDeployment sharedDeployment()
{
    WorkerDeployment deployment;
    deployment.name = QStringLiteral("shared-svc");
    deployment.routing.currentBuildId = QStringLiteral("v1");
    deployment.routing.hasRamp = true;
    deployment.routing.rampingBuildId = QStringLiteral("v2");
    deployment.routing.rampingPercentage = 25;
    deployment.routing.revisionNumber = 7;
    DeploymentVersionSummary v1;
    v1.buildId = QStringLiteral("v1");
    v1.status = DeploymentVersionStatus::Current;
    DeploymentVersionSummary v2;
    v2.buildId = QStringLiteral("v2");
    v2.status = DeploymentVersionStatus::Ramping;
    deployment.versions = {v1, v2};
    deployment.lastModifierIdentity = QStringLiteral("someone@elsewhere");
    return deployment;
}

// The writer's own queue and what a read of it shows in round seq: one build ID more each round.
inline QString ownQueue(const QString &writer)
{
    return QStringLiteral("own-") + writer;
}
inline VersionSets ownSets(const QString &writer, int seq)
{
    QStringList ids;
    for (int i = 0; i <= seq; ++i)
        ids << QStringLiteral("%1.%2").arg(writer).arg(i);
    return VersionSets({ids});
}

// An update of the own queue whose answer was lost, sent in round seq from ownSets(seq - 1): the read of
// round seq shows exactly its effect, so it settles as applied.
inline HistoryEntry unknownUpdate(const QString &writer, int seq)
{
    ApplyOutcome outcome;
    outcome.status = ApplyOutcome::Status::Unknown;
    outcome.plan.operation =
        BuildIdOperation::addNewCompatible(QStringLiteral("%1.%2").arg(writer).arg(seq),
                                           QStringLiteral("%1.%2").arg(writer).arg(seq - 1), false);
    outcome.plan.before = ownSets(writer, seq - 1);
    outcome.plan.after = ownSets(writer, seq);
    outcome.error = Error{ErrorCode::Unavailable, QStringLiteral("connection lost")};
    return HistoryEntry::fromApplyOutcome(outcome, context(ownQueue(writer), writer),
                                          QStringLiteral("round %1").arg(seq),
                                          QDateTime::currentDateTimeUtc());
}

inline int run(const QString &locationText, const QString &writer, int count)
{
    const Result<HistoryLocation> location = HistoryLocation::parse(locationText);
    if (!location) {
        std::fprintf(stderr, "%s\n", qPrintable(location.error().toString()));
        return 2;
    }
    Result<std::unique_ptr<HistoryStore>> opened = HistoryStore::open(location.value());
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
        return 2;
    }
    HistoryStore &store = *opened.value();
    const auto print = [&](char what, const std::optional<qint64> &id, int seq) {
        std::printf("%c %s %s %d\n", what, id ? qPrintable(QString::number(*id)) : "-", qPrintable(writer),
                    seq);
        std::fflush(stdout);
    };
    for (int seq = 0; seq < count; ++seq) {
        const Result<qint64> appended = store.append(durabilityEntry(writer, seq));
        if (!appended) {
            std::fprintf(stderr, "append: %s\n", qPrintable(appended.error().toString()));
            return 3;
        }
        print('A', appended.value(), seq);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const Result<std::optional<qint64>> shared =
            store.recordObservation(context(sharedQueue(), writer), sharedSets(), now);
        if (!shared) {
            std::fprintf(stderr, "shared observation: %s\n", qPrintable(shared.error().toString()));
            return 3;
        }
        print('S', shared.value(), seq);
        const Result<std::optional<qint64>> deployment =
            store.recordDeploymentObservation(deploymentContext(writer), sharedDeployment(), now);
        if (!deployment) {
            std::fprintf(stderr, "deployment observation: %s\n", qPrintable(deployment.error().toString()));
            return 3;
        }
        print('D', deployment.value(), seq);
        if (seq > 0 && seq % 5 == 0) {
            const Result<qint64> unknown = store.append(unknownUpdate(writer, seq));
            if (!unknown) {
                std::fprintf(stderr, "unknown update: %s\n", qPrintable(unknown.error().toString()));
                return 3;
            }
            print('U', unknown.value(), seq);
        }
        const Result<std::optional<qint64>> own =
            store.recordObservation(context(ownQueue(writer), writer), ownSets(writer, seq), now);
        if (!own) {
            std::fprintf(stderr, "own observation: %s\n", qPrintable(own.error().toString()));
            return 3;
        }
        print('O', own.value(), seq);
    }
    return 0;
}

} // namespace MixedWriter
