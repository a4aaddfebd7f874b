#include "queuereader.h"

#include "temporalclient.h"

QueueReader::QueueReader(TemporalClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

void QueueReader::read(const QString &taskQueue, const Options &options)
{
    const quint64 run = ++m_run;
    m_options = options;
    m_snapshot = QueueSnapshot();
    m_snapshot.taskQueue = taskQueue;
    if (!m_client) {
        m_pending = 0;
        Q_EMIT finished(Error{ErrorCode::Cancelled, QStringLiteral("there is no connection"), {}, {}});
        return;
    }
    m_pending = 1;
    m_pollerCallsPending = 0;
    m_client->getVersionSets(this, taskQueue, [this, run](const Result<VersionSets> &sets) {
        if (run != m_run)
            return;
        m_pending = 0;
        if (!sets) {
            Q_EMIT finished(sets.error());
            return;
        }
        m_snapshot.sets = sets.value();
        m_snapshot.readAt = QDateTime::currentDateTimeUtc();
        readExtras();
    });
}

void QueueReader::readExtras()
{
    const quint64 run = m_run;
    if (m_options.pollers || (m_options.reachability && !m_snapshot.sets.allBuildIds().isEmpty()))
        Q_EMIT extrasStarted(m_snapshot.taskQueue);
    if (run != m_run)
        return;
    if (m_options.pollers) {
        m_snapshot.pollers = QueuePollers();
        m_snapshot.pollersComplete = true;
        if (m_options.concernedBuildIds) {
            m_concerned = m_options.concernedBuildIds(m_snapshot.sets);
            readPollers(RootPartitions);
        } else {
            readPollers(AllPartitions);
        }
    }
    const QString queue = m_snapshot.taskQueue;
    const QStringList ids = m_snapshot.sets.allBuildIds();
    if (m_options.reachability && !ids.isEmpty()) {
        const int batch = std::max(1, m_options.reachabilityBatch);
        for (qsizetype from = 0; from < ids.size(); from += batch) {
            ++m_pending;
            m_client->getTaskReachability(this, ids.mid(from, batch), {queue},
                                          [this, run](const Result<QList<BuildIdReachability>> &found) {
                                              if (run != m_run)
                                                  return;
                                              if (found) {
                                                  for (const BuildIdReachability &entry : found.value())
                                                      m_snapshot.reachability.insert(entry.buildId, entry);
                                              } else if (!m_snapshot.reachabilityError) {
                                                  m_snapshot.reachabilityError = found.error();
                                              }
                                              settle();
                                          });
        }
    }
    if (m_pending == 0)
        Q_EMIT finished(m_snapshot);
}

void QueueReader::readPollers(PartitionWave wave)
{
    const quint64 run = m_run;
    const QString queue = m_snapshot.taskQueue;
    for (TaskQueueKind kind : {TaskQueueKind::Workflow, TaskQueueKind::Activity}) {
        for (int partition = 0; partition < partitionCount(); ++partition) {
            // The first wave is the workflow root partition alone: new workflows are what a new default
            // receives, and a worker polling for them shows there first.
            const bool first = kind == TaskQueueKind::Workflow && partition == 0;
            if ((wave == RootPartitions && !first) || (wave == OtherPartitions && first))
                continue;
            const QString name =
                partition == 0 ? queue : QStringLiteral("/_sys/%1/%2").arg(queue).arg(partition);
            ++m_pending;
            ++m_pollerCallsPending;
            m_client->describeTaskQueuePollers(
                this, name, kind, [this, run, wave](const Result<QList<PollerInfo>> &found) {
                    if (run != m_run)
                        return;
                    --m_pollerCallsPending;
                    if (found) {
                        if (m_snapshot.pollers)
                            m_snapshot.pollers->merge(found.value());
                    } else if (!m_snapshot.pollersError) {
                        m_snapshot.pollersError = found.error();
                        m_snapshot.pollers.reset();
                    }
                    if (wave == RootPartitions && m_pollerCallsPending == 0 && m_snapshot.pollers)
                        afterRootPartitions();
                    settle();
                });
        }
    }
}

void QueueReader::afterRootPartitions()
{
    const bool allSeen = std::all_of(m_concerned.cbegin(), m_concerned.cend(),
                                     [this](const QString &id) { return m_snapshot.pollers->count(id) > 0; });
    if (allSeen) {
        // Everyone whose pollers matter was seen: the other partitions and the activity pollers would only
        // refine the counts, which are lower bounds from here on.
        m_snapshot.pollersComplete = false;
        return;
    }
    // Before saying that nobody polls a build ID, every partition is asked.
    readPollers(OtherPartitions);
}

int QueueReader::partitionCount() const
{
    return std::max(1, m_options.partitions);
}

void QueueReader::settle()
{
    if (--m_pending == 0)
        Q_EMIT finished(m_snapshot);
}
