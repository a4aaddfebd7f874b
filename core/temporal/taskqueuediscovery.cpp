#include "taskqueuediscovery.h"

#include "temporalclient.h"

TaskQueueDiscovery::TaskQueueDiscovery(TemporalClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

void TaskQueueDiscovery::start(int pageSize, int maxPages)
{
    ++m_run;
    m_pageSize = pageSize;
    m_maxPages = maxPages;
    m_found.clear();
    readPage(QByteArray(), 0);
}

void TaskQueueDiscovery::readPage(const QByteArray &token, int pageIndex)
{
    if (!m_client) {
        Q_EMIT finished(Error{ErrorCode::Cancelled, QStringLiteral("the connection was closed"), {}, {}});
        return;
    }
    const quint64 run = m_run;
    // Visibility orders executions newest first by default; an empty query lists all of them.
    m_client->listWorkflowExecutions(
        this, QString(), m_pageSize, token,
        [this, run, pageIndex](const Result<WorkflowExecutionPage> &page) {
            if (run != m_run)
                return;
            if (!page) {
                Q_EMIT finished(page.error());
                return;
            }
            for (const WorkflowExecutionSummary &execution : page.value().executions) {
                if (execution.taskQueue.isEmpty())
                    continue;
                auto known =
                    std::find_if(m_found.begin(), m_found.end(), [&](const DiscoveredTaskQueue &queue) {
                        return queue.name == execution.taskQueue;
                    });
                if (known == m_found.end()) {
                    m_found << DiscoveredTaskQueue{execution.taskQueue, execution.startTime, 1};
                } else {
                    ++known->executionsSeen;
                    if (execution.startTime > known->lastSeen)
                        known->lastSeen = execution.startTime;
                }
            }
            if (!page.value().nextPageToken.isEmpty() && pageIndex + 1 < m_maxPages) {
                readPage(page.value().nextPageToken, pageIndex + 1);
                return;
            }
            std::stable_sort(m_found.begin(), m_found.end(),
                             [](const DiscoveredTaskQueue &a, const DiscoveredTaskQueue &b) {
                                 return a.lastSeen > b.lastSeen;
                             });
            Q_EMIT finished(m_found);
        });
}
