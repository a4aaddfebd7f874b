#include "pollerinfo.h"

QueuePollers::QueuePollers(QList<PollerInfo> pollers)
{
    merge(pollers);
}

QList<PollerInfo> QueuePollers::forBuildId(const QString &buildId) const
{
    QList<PollerInfo> found;
    for (const PollerInfo &poller : m_pollers) {
        if (poller.buildId == buildId)
            found << poller;
    }
    return found;
}

int QueuePollers::count(const QString &buildId) const
{
    return int(forBuildId(buildId).size());
}

int QueuePollers::count(const QString &buildId, TaskQueueKind kind) const
{
    return int(std::count_if(m_pollers.cbegin(), m_pollers.cend(), [&](const PollerInfo &poller) {
        return poller.buildId == buildId && poller.kind == kind;
    }));
}

QHash<QString, int> QueuePollers::countsByBuildId() const
{
    QHash<QString, int> counts;
    for (const PollerInfo &poller : m_pollers)
        ++counts[poller.buildId];
    return counts;
}

void QueuePollers::merge(const QList<PollerInfo> &pollers)
{
    for (const PollerInfo &poller : pollers) {
        auto same = std::find_if(m_pollers.begin(), m_pollers.end(), [&](const PollerInfo &known) {
            return known.identity == poller.identity && known.buildId == poller.buildId &&
                   known.kind == poller.kind;
        });
        if (same == m_pollers.end()) {
            m_pollers << poller;
        } else if (poller.lastAccessTime > same->lastAccessTime) {
            *same = poller;
        }
    }
}

QString PollerInfo::toDisplayString() const
{
    return QStringLiteral("%1 (%2), last polled %3")
        .arg(identity,
             kind == TaskQueueKind::Workflow ? QStringLiteral("workflow") : QStringLiteral("activity"),
             lastAccessTime.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
}
