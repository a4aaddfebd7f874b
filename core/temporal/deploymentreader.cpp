#include "deploymentreader.h"

#include "temporalclient.h"

#include <QMetaObject>

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <utility>

namespace {

// Calls of one read in flight at once. The server limits deployment reads per namespace
// (frontend.globalNamespaceWorkerDeploymentReadRPS, 50 by default) and other readers share that budget;
// a few at a time keep a deployment with many versions from spending it in one burst.
constexpr int kMaxCallsInFlight = 4;
// A page token that never ends (a server bug) must not keep a read going forever.
constexpr int kMaxListPages = 1000;

// The calls of one read that have not started yet, started at most kMaxCallsInFlight at a time.
struct CallQueue
{
    std::deque<std::function<void()>> waiting;
    int running = 0;

    void add(std::function<void()> start)
    {
        waiting.push_back(std::move(start));
        pump();
    }
    // One call ended.
    void release()
    {
        --running;
        pump();
    }
    bool idle() const { return running == 0 && waiting.empty(); }

private:
    void pump()
    {
        while (running < kMaxCallsInFlight && !waiting.empty()) {
            auto start = std::move(waiting.front());
            waiting.pop_front();
            ++running;
            start();
        }
    }
};

struct ReadJob
{
    QPointer<QObject> context;
    DeploymentReader::Callback<DeploymentSnapshot> done;
    DeploymentReader::Options options;
    DeploymentSnapshot snapshot;
    CallQueue calls;
    int detailsLeft = 0;
    bool delivered = false;
    // Set when a call of this read found the server unreachable or silent: the calls still waiting are not
    // sent (each would wait for the same deadline, 4 at a time: half a minute for a few versions when the
    // server hangs) and report this error instead.
    std::optional<Error> serverGone;

    // Notes a failed call; true when the server is unreachable or silent.
    void noteFailure(const Error &error)
    {
        if (!serverGone &&
            (error.code == ErrorCode::Unavailable || error.code == ErrorCode::DeadlineExceeded))
            serverGone = error;
    }
};

// Visibility's query language takes strings in single quotes with backslash escapes.
QString quoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

// TemporalWorkflowVersioningBehavior holds "Pinned" or "AutoUpgrade" (checked on server 1.31.2 with Python
// SDK workers); TemporalWorkerDeploymentVersion "<deployment>:<build ID>".
QString openWorkflowsQuery(const QString &deploymentName, const QString &buildId, const char *behavior)
{
    return QStringLiteral("TemporalWorkerDeploymentVersion = %1 AND ExecutionStatus = 'Running' AND "
                          "TemporalWorkflowVersioningBehavior = %2")
        .arg(quoted(deploymentName + QLatin1Char(':') + buildId), quoted(QLatin1String(behavior)));
}

// Whether candidate is a newer row of the same deployment than known: the list comes from visibility,
// which may still hold an older row next to the new one for a moment.
bool newerThan(const WorkerDeploymentSummary &candidate, const WorkerDeploymentSummary &known)
{
    if (candidate.createTime != known.createTime)
        return candidate.createTime > known.createTime;
    return candidate.routing.revisionNumber > known.routing.revisionNumber;
}

void deliver(const std::shared_ptr<ReadJob> &job)
{
    if (job->delivered)
        return;
    job->delivered = true;
    if (job->context)
        job->done(job->snapshot);
}

void settle(const std::shared_ptr<ReadJob> &job)
{
    job->calls.release();
    if (job->calls.idle() && job->detailsLeft == 0)
        deliver(job);
}

void readPollers(DeploymentReader *reader, TemporalClient *client, const std::shared_ptr<ReadJob> &job,
                 const QList<DeploymentVersionDetails> &versions)
{
    // Each task queue and type once, however many versions poll it.
    std::set<std::pair<QString, int>> queues;
    for (const DeploymentVersionDetails &version : versions) {
        for (const VersionTaskQueue &queue : version.taskQueues) {
            // Nexus queues (type 3) have no pollers that the legacy DescribeTaskQueue reports.
            if (queue.type == int(TaskQueueKind::Workflow) || queue.type == int(TaskQueueKind::Activity))
                queues.emplace(queue.name, queue.type);
        }
    }
    job->snapshot.pollers = QList<DeploymentPoller>();
    for (const auto &[name, type] : queues) {
        job->calls.add([reader, client, job, name = name, type = type] {
            if (job->serverGone) {
                if (!job->snapshot.pollersError)
                    job->snapshot.pollersError = *job->serverGone;
                job->snapshot.pollers.reset();
                settle(job);
                return;
            }
            client->describeTaskQueuePollers(reader, name, static_cast<TaskQueueKind>(type),
                                             [job, name, type](const Result<QList<PollerInfo>> &found) {
                                                 if (found && job->snapshot.pollers) {
                                                     for (const PollerInfo &info : found.value()) {
                                                         DeploymentPoller poller;
                                                         poller.identity = info.identity;
                                                         poller.lastAccessTime = info.lastAccessTime;
                                                         poller.ratePerSecond = info.ratePerSecond;
                                                         poller.deploymentName = info.deploymentName;
                                                         // A worker of a deployment that polls unversioned
                                                         // still names its build ID.
                                                         if (!info.deploymentName.isEmpty() &&
                                                             info.useVersioning)
                                                             poller.buildId = info.buildId;
                                                         poller.taskQueue = name;
                                                         poller.taskQueueType = type;
                                                         *job->snapshot.pollers << poller;
                                                     }
                                                 } else if (!found && !job->snapshot.pollersError) {
                                                     job->noteFailure(found.error());
                                                     job->snapshot.pollersError = found.error();
                                                     job->snapshot.pollers.reset();
                                                 }
                                                 settle(job);
                                             });
        });
    }
}

void readVersions(DeploymentReader *reader, TemporalClient *client, const std::shared_ptr<ReadJob> &job)
{
    const WorkerDeployment &deployment = job->snapshot.deployment;
    // Details are needed for pollers too: the task queues come from them.
    const bool describeVersions = job->options.versionDetails || job->options.pollers;
    auto described = std::make_shared<QList<DeploymentVersionDetails>>();
    if (describeVersions)
        job->detailsLeft = int(deployment.versions.size());
    for (const DeploymentVersionSummary &summary : deployment.versions) {
        const DeploymentVersionRef version{deployment.name, summary.buildId};
        if (describeVersions) {
            job->calls.add([reader, client, job, version, described] {
                if (job->serverGone) {
                    if (!job->snapshot.detailsError)
                        job->snapshot.detailsError = *job->serverGone;
                    if (--job->detailsLeft == 0 && job->options.pollers)
                        readPollers(reader, client, job, *described);
                    settle(job);
                    return;
                }
                client->describeWorkerDeploymentVersion(
                    reader, version,
                    [reader, client, job, version, described](const Result<DeploymentVersionDetails> &found) {
                        if (found) {
                            *described << found.value();
                            if (job->options.versionDetails)
                                job->snapshot.details.insert(version.buildId, found.value());
                        } else {
                            job->noteFailure(found.error());
                            if (!job->snapshot.detailsError)
                                job->snapshot.detailsError = found.error();
                        }
                        if (--job->detailsLeft == 0 && job->options.pollers)
                            readPollers(reader, client, job, *described);
                        settle(job);
                    });
            });
        }
        if (job->options.workflowCounts) {
            for (const bool pinned : {true, false}) {
                const QString query = openWorkflowsQuery(version.deploymentName, version.buildId,
                                                         pinned ? "Pinned" : "AutoUpgrade");
                job->calls.add([reader, client, job, version, query, pinned] {
                    if (job->serverGone) {
                        job->snapshot.workflowCounts[version.buildId];
                        if (!job->snapshot.workflowCountsError)
                            job->snapshot.workflowCountsError = *job->serverGone;
                        settle(job);
                        return;
                    }
                    client->countWorkflowExecutions(
                        reader, query, [job, version, pinned](const Result<qint64> &count) {
                            // Created on the first answer, so a version whose counts all failed still shows
                            // as unknown rather than missing.
                            VersionWorkflowCounts &counts = job->snapshot.workflowCounts[version.buildId];
                            if (count) {
                                (pinned ? counts.pinned : counts.autoUpgrade) = count.value();
                            } else {
                                job->noteFailure(count.error());
                                if (!job->snapshot.workflowCountsError)
                                    job->snapshot.workflowCountsError = count.error();
                            }
                            settle(job);
                        });
                });
            }
        }
    }
    // No versions: nothing polls as one of them, which is known, not unknown.
    if (describeVersions && deployment.versions.isEmpty() && job->options.pollers)
        job->snapshot.pollers = QList<DeploymentPoller>();
    if (job->calls.idle() && job->detailsLeft == 0)
        deliver(job);
}

struct ListJob
{
    QPointer<QObject> context;
    DeploymentReader::Callback<QList<WorkerDeploymentSummary>> done;
    QList<WorkerDeploymentSummary> deployments;
    int pages = 0;
};

void listPage(DeploymentReader *reader, TemporalClient *client, const std::shared_ptr<ListJob> &job,
              const QByteArray &pageToken)
{
    client->listWorkerDeployments(
        reader, pageToken, [reader, client, job](const Result<WorkerDeploymentPage> &page) {
            if (!page) {
                if (job->context)
                    job->done(page.error());
                return;
            }
            for (const WorkerDeploymentSummary &summary : page.value().deployments) {
                auto known = std::find_if(
                    job->deployments.begin(), job->deployments.end(),
                    [&](const WorkerDeploymentSummary &seen) { return seen.name == summary.name; });
                if (known == job->deployments.end())
                    job->deployments << summary;
                else if (newerThan(summary, *known))
                    *known = summary;
            }
            if (!job->context)
                return;
            if (!page.value().nextPageToken.isEmpty() && ++job->pages < kMaxListPages) {
                listPage(reader, client, job, page.value().nextPageToken);
                return;
            }
            if (job->context)
                job->done(job->deployments);
        });
}

Error noConnection()
{
    return Error{ErrorCode::Cancelled, QStringLiteral("there is no connection"), {}, {}};
}

} // namespace

DeploymentReader::DeploymentReader(TemporalClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

void DeploymentReader::list(QObject *context, Callback<QList<WorkerDeploymentSummary>> done)
{
    Q_ASSERT(context);
    auto job = std::make_shared<ListJob>();
    job->context = context;
    job->done = std::move(done);
    if (!m_client) {
        // Later all the same, so that callers see one behaviour.
        QMetaObject::invokeMethod(
            this,
            [job] {
                if (job->context)
                    job->done(noConnection());
            },
            Qt::QueuedConnection);
        return;
    }
    listPage(this, m_client.data(), job, {});
}

void DeploymentReader::read(QObject *context, const QString &deploymentName, const Options &options,
                            Callback<DeploymentSnapshot> done)
{
    Q_ASSERT(context);
    auto job = std::make_shared<ReadJob>();
    job->context = context;
    job->done = std::move(done);
    job->options = options;
    if (!m_client) {
        QMetaObject::invokeMethod(
            this,
            [job] {
                if (job->context)
                    job->done(noConnection());
            },
            Qt::QueuedConnection);
        return;
    }
    TemporalClient *client = m_client.data();
    client->describeWorkerDeployment(
        this, deploymentName, [this, client, job](const Result<WorkerDeployment> &found) {
            if (!found) {
                job->delivered = true;
                if (job->context)
                    job->done(found.error());
                return;
            }
            job->snapshot.readAt = QDateTime::currentDateTimeUtc();
            job->snapshot.deployment = found.value();
            const DeploymentReader::Options &o = job->options;
            if (!found.value().versions.isEmpty() && (o.versionDetails || o.pollers || o.workflowCounts))
                Q_EMIT extrasStarted(found.value().name);
            readVersions(this, client, job);
        });
}
