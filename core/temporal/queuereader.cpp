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
    const QString queue = m_snapshot.taskQueue;
    if (m_options.pollers) {
        m_snapshot.pollers = QueuePollers();
        for (TaskQueueKind kind : {TaskQueueKind::Workflow, TaskQueueKind::Activity}) {
            for (int partition = 0; partition < std::max(1, m_options.partitions); ++partition) {
                const QString name =
                    partition == 0 ? queue : QStringLiteral("/_sys/%1/%2").arg(queue).arg(partition);
                ++m_pending;
                m_client->describeTaskQueuePollers(this, name, kind,
                                                   [this, run](const Result<QList<PollerInfo>> &found) {
                                                       if (run != m_run)
                                                           return;
                                                       if (found) {
                                                           if (m_snapshot.pollers)
                                                               m_snapshot.pollers->merge(found.value());
                                                       } else if (!m_snapshot.pollersError) {
                                                           m_snapshot.pollersError = found.error();
                                                           m_snapshot.pollers.reset();
                                                       }
                                                       settle();
                                                   });
            }
        }
    }
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

void QueueReader::settle()
{
    if (--m_pending == 0)
        Q_EMIT finished(m_snapshot);
}
