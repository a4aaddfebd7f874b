#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QStringList>

class TemporalClient;

// A task queue seen in recent workflow executions.
struct DiscoveredTaskQueue
{
    QString name;
    // Start time of the newest execution seen on it.
    QDateTime lastSeen;
    int executionsSeen = 0;
    bool operator==(const DiscoveredTaskQueue &) const = default;
};

// Finds a namespace's task queues. Temporal has no API that lists task queues, so this collects the
// distinct task queues of recent workflow executions (ListWorkflowExecutions, newest first), reading at
// most maxPages pages of pageSize executions.
//
// Lives on the owner's thread; start() may be called again, which supersedes the previous run (its result
// is never delivered). finished is emitted exactly once per run that is not superseded, on the owner's
// thread.
class TaskQueueDiscovery : public QObject
{
    Q_OBJECT

public:
    explicit TaskQueueDiscovery(TemporalClient *client, QObject *parent = nullptr);

    void start(int pageSize = 200, int maxPages = 10);

Q_SIGNALS:
    // Queues ordered by most recently used first.
    void finished(const Result<QList<DiscoveredTaskQueue>> &result);

private:
    void readPage(const QByteArray &token, int pageIndex);

    QPointer<TemporalClient> m_client;
    quint64 m_run = 0;
    int m_pageSize = 200;
    int m_maxPages = 10;
    QList<DiscoveredTaskQueue> m_found;
};
