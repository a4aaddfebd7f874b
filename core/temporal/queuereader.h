#pragma once

#include "common/result.h"
#include "queuesnapshot.h"

#include <QObject>
#include <QPointer>

#include <functional>

class TemporalClient;

// Reads a QueueSnapshot: version sets, then pollers of both task-queue types, and optionally reachability of
// every build ID in batches of the server's per-request limit.
//
// Pollers: DescribeTaskQueue reports one partition of one type at a time (the root partition is the queue's
// name, the others "/_sys/<queue>/<n>"), so all of them cost 2 × partitions calls. Its ENHANCED mode would
// answer for every partition at once, but it reports pollers of build-ID-keyed queues only, never those of
// version sets (checked on server 1.31.2: empty for a build ID with live pollers), so it cannot be used here.
// When Options::concernedBuildIds names the build IDs whose pollers matter (a preview's new defaults), the
// workflow root partition is asked first and the other seven only when one of those build IDs was not seen
// there: 1 + 1 calls in the common case instead of 1 + 8 (the snapshot's counts are then lower bounds).
//
// Lives on the owner's thread. read() supersedes a read still running (its result is dropped);
// finished is emitted exactly once per read that is not superseded, on the owner's thread. A read fails
// only when the version sets cannot be read; missing pollers or reachability are reported inside the
// snapshot.
class QueueReader : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool pollers = true;
        bool reachability = false;
        // matching.numTaskqueueReadPartitions on the server (4 by default).
        int partitions = 4;
        // limit.reachabilityQueryBuildIds on the server (5 by default).
        int reachabilityBatch = 5;
        // The build IDs whose pollers matter, from the sets read (none set: every partition is read).
        std::function<QStringList(const VersionSets &)> concernedBuildIds;
    };

    explicit QueueReader(TemporalClient *client, QObject *parent = nullptr);

    void read(const QString &taskQueue, const Options &options);
    void read(const QString &taskQueue) { read(taskQueue, Options()); }
    bool isBusy() const { return m_pending > 0; }

Q_SIGNALS:
    // The sets were read and the fleet of extra calls (pollers, reachability) starts now; emitted right
    // before the first of them is sent, only when there is one. For status lines and for whoever must act
    // at that step (RolloutEngine::stageStarted).
    void extrasStarted(const QString &taskQueue);
    void finished(const Result<QueueSnapshot> &snapshot);

private:
    enum PartitionWave { AllPartitions, RootPartitions, OtherPartitions };
    void readExtras();
    void readPollers(PartitionWave wave);
    void afterRootPartitions();
    int partitionCount() const;
    void settle();

    QPointer<TemporalClient> m_client;
    quint64 m_run = 0;
    int m_pending = 0;
    int m_pollerCallsPending = 0;
    QStringList m_concerned;
    Options m_options;
    QueueSnapshot m_snapshot;
};
