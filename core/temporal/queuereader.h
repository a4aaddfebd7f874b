#pragma once

#include "common/result.h"
#include "queuesnapshot.h"

#include <QObject>
#include <QPointer>

class TemporalClient;

// Reads a QueueSnapshot: version sets, then pollers of every partition of both task-queue types
// (legacy DescribeTaskQueue reports one partition at a time; the others are "/_sys/<queue>/<n>"), and
// optionally reachability of every build ID in batches of the server's per-request limit.
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
    };

    explicit QueueReader(TemporalClient *client, QObject *parent = nullptr);

    void read(const QString &taskQueue, const Options &options);
    void read(const QString &taskQueue) { read(taskQueue, Options()); }
    bool isBusy() const { return m_pending > 0; }

Q_SIGNALS:
    void finished(const Result<QueueSnapshot> &snapshot);

private:
    void readExtras();
    void settle();

    QPointer<TemporalClient> m_client;
    quint64 m_run = 0;
    int m_pending = 0;
    Options m_options;
    QueueSnapshot m_snapshot;
};
