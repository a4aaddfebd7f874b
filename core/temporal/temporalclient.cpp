#include "temporalclient.h"

#include "config/tlsmaterial.h"
#include "grpclogging.h"
#include "grpcstatusmapping.h"
#include "responseconversion.h"
#include "retrypolicy.h"

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <vector>

Q_LOGGING_CATEGORY(lcTemporalClient, "versionscope.temporal.client", QtInfoMsg)

namespace wf = temporal::api::workflowservice::v1;

namespace {

std::string toStd(const QString &text)
{
    return text.toStdString();
}

namespace dep = temporal::api::deployment::v1;

const std::string kJsonPlain = "json/plain";

temporal::api::common::v1::Payload toPayload(const QJsonValue &value)
{
    temporal::api::common::v1::Payload payload;
    (*payload.mutable_metadata())["encoding"] = kJsonPlain;
    QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    // "[value]" → "value".
    payload.set_data(json.mid(1, json.size() - 2).toStdString());
    return payload;
}

dep::WorkerDeploymentVersion toProto(const QString &deploymentName, const QString &buildId)
{
    dep::WorkerDeploymentVersion version;
    version.set_deployment_name(toStd(deploymentName));
    version.set_build_id(toStd(buildId));
    return version;
}

} // namespace

class TemporalClientPrivate
{
public:
    struct Pending
    {
        grpc::ClientContext *context = nullptr;
        std::shared_ptr<std::atomic_bool> cancelled;
    };

    ConnectionSettings settings;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<wf::WorkflowService::Stub> stub;
    // Set when the channel could not be built (an unreadable certificate): every call then fails with it.
    std::optional<Error> setupError;

    mutable std::mutex mutex;
    std::condition_variable allFinished;
    std::unordered_map<TemporalClient::CallId, Pending> inFlight;
    TemporalClient::CallId nextId = 1;
    QHash<QString, int> callCounts;
    QHash<QString, int> attemptCounts;
    RetryPolicy retryPolicy;

    void buildChannel();
    void addMetadata(grpc::ClientContext &context, std::chrono::system_clock::time_point deadline) const;
    // Attempts that gRPC has not handed back yet (a call waiting to be retried has none).
    int liveAttemptsLocked() const
    {
        return int(std::count_if(inFlight.cbegin(), inFlight.cend(),
                                 [](const auto &entry) { return entry.second.context != nullptr; }));
    }
    void finish(TemporalClient::CallId id)
    {
        std::lock_guard lock(mutex);
        inFlight.erase(id);
        if (liveAttemptsLocked() == 0)
            allFinished.notify_all();
    }
    // An attempt ended and another will follow later: the call no longer has gRPC's attention.
    void pause(TemporalClient::CallId id)
    {
        std::lock_guard lock(mutex);
        if (auto found = inFlight.find(id); found != inFlight.end())
            found->second.context = nullptr;
        if (liveAttemptsLocked() == 0)
            allFinished.notify_all();
    }

    template <typename Request, typename Response, typename Value> struct Call
    {
        TemporalClient::CallId id = 0;
        std::unique_ptr<grpc::ClientContext> context;
        std::chrono::system_clock::time_point deadline;
        int attempt = 0;
        Request request;
        Response response;
        std::shared_ptr<std::atomic_bool> cancelled = std::make_shared<std::atomic_bool>(false);
        QPointer<QObject> receiver;
        TemporalClient::Callback<Value> done;
        CallDescription description;
    };
    // Sends one attempt of call; on a retryable failure schedules the next on the owner's thread.
    template <typename Request, typename Response, typename Value, typename Invoke, typename Convert>
    void attempt(TemporalClient *q, std::shared_ptr<Call<Request, Response, Value>> call, Invoke invoke,
                 Convert convert);

    // Starts one unary call. `invoke` calls the stub's async method; `convert` turns the response into the
    // value handed to `done` (it runs on a gRPC thread and must touch no QObject).
    template <typename Request, typename Response, typename Value, typename Invoke, typename Convert>
    TemporalClient::CallId start(TemporalClient *q, QObject *context, const char *rpc, bool versionSetApi,
                                 Request request, Invoke invoke, Convert convert,
                                 TemporalClient::Callback<Value> done);
};

void TemporalClientPrivate::buildChannel()
{
    std::shared_ptr<grpc::ChannelCredentials> credentials;
    grpc::ChannelArguments arguments;
    arguments.SetMaxReceiveMessageSize(64 * 1024 * 1024);
    // After a connection failed gRPC waits before it connects again (1 s, growing to 2 min by default) and
    // meanwhile fails every call at once with UNAVAILABLE: a window whose server came back, or whose
    // connection was cut, said "unreachable" on refresh after refresh (seen in tst_faultmatrix). A desktop
    // holds a handful of channels, so trying again soon costs nothing; attempt() also resets the wait when a
    // call starts.
    arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
    arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
    if (settings.tls.enabled) {
        const TlsSettings &tls = settings.tls;
        // Checked before any connection: a file that is not PEM or a key that does not fit its certificate
        // is one clear message, not a handshake failure from deep inside gRPC.
        const Result<TlsMaterial> material = loadTlsMaterial(tls);
        if (!material) {
            setupError = material.error();
            return;
        }
        const std::string rootCerts = material.value().serverCaCerts.toStdString();
        const std::string certChain = material.value().clientCertChain.toStdString();
        const std::string privateKey = material.value().clientKey.toStdString();
        if (tls.disableHostVerification) {
            // Only the experimental TLS options can skip verification; keep the rest (CA, client pair) as
            // given.
            grpc::experimental::TlsChannelCredentialsOptions options;
            std::vector<grpc::experimental::IdentityKeyCertPair> pairs;
            if (!certChain.empty())
                pairs.push_back({privateKey, certChain});
            // gRPC's static provider aborts when given nothing at all: only install it with a CA or a pair.
            if (!rootCerts.empty() || !pairs.empty()) {
                options.set_certificate_provider(
                    std::make_shared<grpc::experimental::StaticDataCertificateProvider>(rootCerts, pairs));
            }
            if (!rootCerts.empty())
                options.watch_root_certs();
            if (!pairs.empty())
                options.watch_identity_key_cert_pairs();
            options.set_verify_server_certs(false);
            options.set_check_call_host(false);
            // Without this gRPC still runs its default host-name check.
            options.set_certificate_verifier(std::make_shared<grpc::experimental::NoOpCertificateVerifier>());
            credentials = grpc::experimental::TlsCredentials(options);
        } else {
            grpc::SslCredentialsOptions options;
            options.pem_root_certs = rootCerts;
            options.pem_cert_chain = certChain;
            options.pem_private_key = privateKey;
            credentials = grpc::SslCredentials(options);
        }
        if (!tls.serverName.isEmpty())
            arguments.SetSslTargetNameOverride(toStd(tls.serverName));
    } else {
        credentials = grpc::InsecureChannelCredentials();
    }
    channel = grpc::CreateCustomChannel(toStd(settings.address), credentials, arguments);
    stub = wf::WorkflowService::NewStub(channel);
    // gRPC 1.51 (Debian 12) shuts its shared callback completion queue down when the last channel that used
    // it goes, and a channel created meanwhile on another thread can race with that shutdown and abort the
    // process in grpc_cq_internal_unref ("nexting_thread"; seen in tst_clientplumbing, one run in three).
    // Channels are therefore kept for the life of the process: one per connection the user opened, idle
    // when unused.
    static std::mutex keptMutex;
    static std::vector<std::shared_ptr<grpc::Channel>> kept;
    std::lock_guard lock(keptMutex);
    kept.push_back(channel);
}

void TemporalClientPrivate::addMetadata(grpc::ClientContext &context,
                                        std::chrono::system_clock::time_point deadline) const
{
    context.set_deadline(deadline);
    context.AddMetadata("temporal-namespace", toStd(settings.namespaceName));
    context.AddMetadata("client-name", "versionscope");
    context.AddMetadata("client-version", VERSIONSCOPE_VERSION);
    if (!settings.apiKey.isEmpty())
        context.AddMetadata("authorization", "Bearer " + toStd(settings.apiKey));
    for (const auto &[key, value] : settings.grpcMeta)
        context.AddMetadata(toStd(key.toLower()), toStd(value));
}

template <typename Request, typename Response, typename Value, typename Invoke, typename Convert>
TemporalClient::CallId TemporalClientPrivate::start(TemporalClient *q, QObject *context, const char *rpc,
                                                    bool versionSetApi, Request request, Invoke invoke,
                                                    Convert convert, TemporalClient::Callback<Value> done)
{
    Q_ASSERT(context);
    auto call = std::make_shared<Call<Request, Response, Value>>();
    call->request = std::move(request);
    call->receiver = context;
    call->done = std::move(done);
    call->description = CallDescription{QLatin1String(rpc), settings.address, settings.namespaceName,
                                        settings.callTimeoutMs, versionSetApi};

    if (setupError) {
        // No channel: answer asynchronously all the same, so callers see one behaviour.
        const Error error = *setupError;
        QMetaObject::invokeMethod(
            q,
            [call, error] {
                if (call->receiver)
                    call->done(Result<Value>(error));
            },
            Qt::QueuedConnection);
        return 0;
    }

    // One deadline for the call, retries included.
    call->deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(settings.callTimeoutMs);
    {
        std::lock_guard lock(mutex);
        call->id = nextId++;
        inFlight.emplace(call->id, Pending{nullptr, call->cancelled});
        ++callCounts[QLatin1String(rpc)];
    }
    qCDebug(lcTemporalClient) << "call" << call->id << rpc;
    attempt(q, call, invoke, convert);
    return call->id;
}

template <typename Request, typename Response, typename Value, typename Invoke, typename Convert>
void TemporalClientPrivate::attempt(TemporalClient *q, std::shared_ptr<Call<Request, Response, Value>> call,
                                    Invoke invoke, Convert convert)
{
    // A call is the moment to try the connection again (the person refreshed, a change is being checked):
    // without this it would fail at once while the channel waits out its reconnect backoff.
    if (channel->GetState(false) == GRPC_CHANNEL_TRANSIENT_FAILURE)
        grpc::experimental::ChannelResetConnectionBackoff(channel.get());
    call->context = std::make_unique<grpc::ClientContext>();
    addMetadata(*call->context, call->deadline);
    ++call->attempt;
    {
        std::lock_guard lock(mutex);
        auto found = inFlight.find(call->id);
        if (found == inFlight.end() || call->cancelled->load()) {
            // Cancelled while waiting to be retried: its callback must not run.
            if (found != inFlight.end())
                inFlight.erase(found);
            return;
        }
        found->second.context = call->context.get();
        ++attemptCounts[call->description.rpc];
    }
    invoke(stub->async(), call->context.get(), &call->request, &call->response,
           [this, q, call, invoke, convert](grpc::Status status) {
               // On a gRPC thread: convert to plain values, then hop to the owner's thread.
               const TemporalClient::CallId id = call->id;
               const int delay =
                   retryPolicy.delayMs(call->attempt, QRandomGenerator::global()->generateDouble());
               const qint64 msLeft = std::chrono::duration_cast<std::chrono::milliseconds>(
                                         call->deadline - std::chrono::system_clock::now())
                                         .count();
               if (!status.ok() && !call->cancelled->load()) {
                   if (retryPolicy.retriesAfter(call->attempt, static_cast<ErrorCode>(status.error_code()),
                                                call->description.rpc, delay, msLeft)) {
                       qCDebug(lcTemporalClient) << "retry" << id << call->description.rpc << "in" << delay
                                                 << "ms after" << status.error_code();
                       // Posted before the call is paused, so a destructor waiting for live attempts never
                       // races with this thread touching the client.
                       QMetaObject::invokeMethod(
                           q,
                           [this, q, call, invoke, convert, delay] {
                               QTimer::singleShot(delay, q, [this, q, call, invoke, convert] {
                                   attempt(q, call, invoke, convert);
                               });
                           },
                           Qt::QueuedConnection);
                       pause(id);
                       return;
                   }
               }
               CallDescription description = call->description;
               description.attempts = call->attempt;
               Result<Value> result = status.ok() ? Result<Value>(convert(call->response))
                                                  : Result<Value>(errorFromStatus(status, description));
               if (!call->cancelled->load()) {
                   QMetaObject::invokeMethod(
                       q,
                       [call, result = std::move(result)] {
                           if (call->receiver && !call->cancelled->load())
                               call->done(result);
                       },
                       Qt::QueuedConnection);
               }
               finish(id);
           });
}

namespace {

// The last line under the RolloutEngine's own check: a read-only client sends no change, whoever asks.
// Answered asynchronously, as every call is.
template <typename Value>
TemporalClient::CallId refuseChange(TemporalClient *client, QObject *context, const Error &error,
                                    TemporalClient::Callback<Value> done)
{
    QPointer<QObject> receiver(context);
    QMetaObject::invokeMethod(
        client,
        [receiver, error, done = std::move(done)] {
            if (receiver)
                done(Result<Value>(error));
        },
        Qt::QueuedConnection);
    return 0;
}

} // namespace

TemporalClient::TemporalClient(const ConnectionSettings &settings, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<TemporalClientPrivate>())
{
    routeGrpcLoggingToQt();
    // Before the first call: a trace of its metadata must not show the key.
    redactInGrpcLogging(settings.apiKey);
    d->settings = settings;
    d->buildChannel();
}

TemporalClient::~TemporalClient()
{
    cancelAll();
    std::unique_lock lock(d->mutex);
    d->allFinished.wait(lock, [this] { return d->liveAttemptsLocked() == 0; });
}

const ConnectionSettings &TemporalClient::settings() const
{
    return d->settings;
}

void TemporalClient::cancel(CallId id)
{
    std::lock_guard lock(d->mutex);
    auto found = d->inFlight.find(id);
    if (found == d->inFlight.end())
        return;
    found->second.cancelled->store(true);
    if (found->second.context)
        found->second.context->TryCancel();
}

void TemporalClient::cancelAll()
{
    std::lock_guard lock(d->mutex);
    for (auto &[id, pending] : d->inFlight) {
        pending.cancelled->store(true);
        if (pending.context)
            pending.context->TryCancel();
    }
}

int TemporalClient::callsInFlight() const
{
    std::lock_guard lock(d->mutex);
    return d->liveAttemptsLocked();
}

QHash<QString, int> TemporalClient::callCounts() const
{
    std::lock_guard lock(d->mutex);
    return d->callCounts;
}

QHash<QString, int> TemporalClient::attemptCounts() const
{
    std::lock_guard lock(d->mutex);
    return d->attemptCounts;
}

int TemporalClient::totalCalls() const
{
    std::lock_guard lock(d->mutex);
    int total = 0;
    for (int count : d->callCounts)
        total += count;
    return total;
}

TemporalClient::CallId TemporalClient::getSystemInfo(QObject *context, Callback<SystemInfo> done)
{
    return d->start<wf::GetSystemInfoRequest, wf::GetSystemInfoResponse, SystemInfo>(
        this, context, "GetSystemInfo", false, wf::GetSystemInfoRequest(),
        [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
            async->GetSystemInfo(ctx, req, resp, std::move(cb));
        },
        systemInfoFromResponse, std::move(done));
}

TemporalClient::CallId TemporalClient::listNamespaces(QObject *context, const QByteArray &pageToken,
                                                      Callback<NamespacePage> done)
{
    wf::ListNamespacesRequest request;
    request.set_page_size(100);
    request.set_next_page_token(pageToken.toStdString());
    return d->start<wf::ListNamespacesRequest, wf::ListNamespacesResponse, NamespacePage>(
        this, context, "ListNamespaces", false, std::move(request),
        [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
            async->ListNamespaces(ctx, req, resp, std::move(cb));
        },
        namespacePageFromResponse, std::move(done));
}

TemporalClient::CallId TemporalClient::describeNamespace(QObject *context, Callback<NamespaceInfo> done)
{
    wf::DescribeNamespaceRequest request;
    request.set_namespace_(toStd(d->settings.namespaceName));
    return d->start<wf::DescribeNamespaceRequest, wf::DescribeNamespaceResponse, NamespaceInfo>(
        this, context, "DescribeNamespace", false, std::move(request),
        [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
            async->DescribeNamespace(ctx, req, resp, std::move(cb));
        },
        namespaceInfoFromResponse, std::move(done));
}

TemporalClient::CallId TemporalClient::getVersionSets(QObject *context, const QString &taskQueue,
                                                      Callback<VersionSets> done)
{
    wf::GetWorkerBuildIdCompatibilityRequest request;
    request.set_namespace_(toStd(d->settings.namespaceName));
    request.set_task_queue(toStd(taskQueue));
    return d->start<wf::GetWorkerBuildIdCompatibilityRequest, wf::GetWorkerBuildIdCompatibilityResponse,
                    VersionSets>(
        this, context, "GetWorkerBuildIdCompatibility", true, std::move(request),
        [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
            async->GetWorkerBuildIdCompatibility(ctx, req, resp, std::move(cb));
        },
        versionSetsFromResponse, std::move(done));
}

TemporalClient::CallId TemporalClient::updateVersionSets(QObject *context, const QString &taskQueue,
                                                         const BuildIdOperation &operation,
                                                         Callback<Done> done)
{
    if (d->settings.safety.readOnly)
        return refuseChange(this, context, d->settings.safety.readOnlyError(), std::move(done));
    wf::UpdateWorkerBuildIdCompatibilityRequest request;
    request.set_namespace_(toStd(d->settings.namespaceName));
    request.set_task_queue(toStd(taskQueue));
    switch (operation.kind) {
    case BuildIdOperation::Kind::AddNewDefault:
        request.set_add_new_build_id_in_new_default_set(toStd(operation.buildId));
        break;
    case BuildIdOperation::Kind::AddNewCompatible: {
        auto *add = request.mutable_add_new_compatible_build_id();
        add->set_new_build_id(toStd(operation.buildId));
        add->set_existing_compatible_build_id(toStd(operation.existingBuildId));
        add->set_make_set_default(operation.makeSetDefault);
        break;
    }
    case BuildIdOperation::Kind::PromoteSet:
        request.set_promote_set_by_build_id(toStd(operation.buildId));
        break;
    case BuildIdOperation::Kind::PromoteIdInSet:
        request.set_promote_build_id_within_set(toStd(operation.buildId));
        break;
    case BuildIdOperation::Kind::MergeSets: {
        auto *merge = request.mutable_merge_sets();
        merge->set_primary_set_build_id(toStd(operation.buildId));
        merge->set_secondary_set_build_id(toStd(operation.secondaryBuildId));
        break;
    }
    }
    return d->start<wf::UpdateWorkerBuildIdCompatibilityRequest, wf::UpdateWorkerBuildIdCompatibilityResponse,
                    Done>(
        this, context, "UpdateWorkerBuildIdCompatibility", true, std::move(request),
        [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
            async->UpdateWorkerBuildIdCompatibility(ctx, req, resp, std::move(cb));
        },
        [](const wf::UpdateWorkerBuildIdCompatibilityResponse &) { return Done{}; }, std::move(done));
}

TemporalClient::CallId TemporalClient::describeTaskQueuePollers(QObject *context,
                                                                const QString &partitionName,
                                                                TaskQueueKind kind,
                                                                Callback<QList<PollerInfo>> done)
{
    wf::DescribeTaskQueueRequest request;
    request.set_namespace_(toStd(d->settings.namespaceName));
    request.mutable_task_queue()->set_name(toStd(partitionName));
    request.mutable_task_queue()->set_kind(temporal::api::enums::v1::TASK_QUEUE_KIND_NORMAL);
    request.set_task_queue_type(kind == TaskQueueKind::Workflow
                                    ? temporal::api::enums::v1::TASK_QUEUE_TYPE_WORKFLOW
                                    : temporal::api::enums::v1::TASK_QUEUE_TYPE_ACTIVITY);
    return d->start<wf::DescribeTaskQueueRequest, wf::DescribeTaskQueueResponse, QList<PollerInfo>>(
        this, context, "DescribeTaskQueue", false, std::move(request),
        [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
            async->DescribeTaskQueue(ctx, req, resp, std::move(cb));
        },
        [kind](const wf::DescribeTaskQueueResponse &response) { return pollersFromResponse(response, kind); },
        std::move(done));
}

TemporalClient::CallId TemporalClient::getTaskReachability(QObject *context, const QStringList &buildIds,
                                                           const QStringList &taskQueues,
                                                           Callback<QList<BuildIdReachability>> done)
{
    wf::GetWorkerTaskReachabilityRequest request;
    request.set_namespace_(toStd(d->settings.namespaceName));
    for (const QString &id : buildIds)
        request.add_build_ids(toStd(id));
    for (const QString &queue : taskQueues)
        request.add_task_queues(toStd(queue));
    return d->start<wf::GetWorkerTaskReachabilityRequest, wf::GetWorkerTaskReachabilityResponse,
                    QList<BuildIdReachability>>(
        this, context, "GetWorkerTaskReachability", true, std::move(request),
        [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
            async->GetWorkerTaskReachability(ctx, req, resp, std::move(cb));
        },
        reachabilityFromResponse, std::move(done));
}

TemporalClient::CallId TemporalClient::listWorkflowExecutions(QObject *context, const QString &query,
                                                              int pageSize, const QByteArray &pageToken,
                                                              Callback<WorkflowExecutionPage> done)
{
    wf::ListWorkflowExecutionsRequest request;
    request.set_namespace_(toStd(d->settings.namespaceName));
    request.set_page_size(pageSize);
    request.set_next_page_token(pageToken.toStdString());
    request.set_query(toStd(query));
    return d
        ->start<wf::ListWorkflowExecutionsRequest, wf::ListWorkflowExecutionsResponse, WorkflowExecutionPage>(
            this, context, "ListWorkflowExecutions", false, std::move(request),
            [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
                async->ListWorkflowExecutions(ctx, req, resp, std::move(cb));
            },
            workflowExecutionPageFromResponse, std::move(done));
}

TemporalClient::CallId TemporalClient::countWorkflowExecutions(QObject *context, const QString &query,
                                                               Callback<qint64> done)
{
    wf::CountWorkflowExecutionsRequest request;
    request.set_namespace_(toStd(d->settings.namespaceName));
    request.set_query(toStd(query));
    return d->start<wf::CountWorkflowExecutionsRequest, wf::CountWorkflowExecutionsResponse, qint64>(
        this, context, "CountWorkflowExecutions", false, std::move(request),
        [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
            async->CountWorkflowExecutions(ctx, req, resp, std::move(cb));
        },
        workflowCountFromResponse, std::move(done));
}

TemporalClient::CallId TemporalClient::listWorkerDeployments(QObject *context, const QByteArray &pageToken,
                                                             Callback<WorkerDeploymentPage> done)
{
    wf::ListWorkerDeploymentsRequest request;
    request.set_namespace_(toStd(d->settings.namespaceName));
    request.set_page_size(100);
    request.set_next_page_token(pageToken.toStdString());
    return d
        ->start<wf::ListWorkerDeploymentsRequest, wf::ListWorkerDeploymentsResponse, WorkerDeploymentPage>(
            this, context, "ListWorkerDeployments", false, std::move(request),
            [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
                async->ListWorkerDeployments(ctx, req, resp, std::move(cb));
            },
            workerDeploymentPageFromResponse, std::move(done));
}

TemporalClient::CallId TemporalClient::describeWorkerDeployment(QObject *context,
                                                                const QString &deploymentName,
                                                                Callback<WorkerDeployment> done)
{
    wf::DescribeWorkerDeploymentRequest request;
    request.set_namespace_(toStd(d->settings.namespaceName));
    request.set_deployment_name(toStd(deploymentName));
    return d
        ->start<wf::DescribeWorkerDeploymentRequest, wf::DescribeWorkerDeploymentResponse, WorkerDeployment>(
            this, context, "DescribeWorkerDeployment", false, std::move(request),
            [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
                async->DescribeWorkerDeployment(ctx, req, resp, std::move(cb));
            },
            workerDeploymentFromResponse, std::move(done));
}

TemporalClient::CallId
TemporalClient::describeWorkerDeploymentVersion(QObject *context, const DeploymentVersionRef &version,
                                                Callback<DeploymentVersionDetails> done)
{
    wf::DescribeWorkerDeploymentVersionRequest request;
    request.set_namespace_(toStd(d->settings.namespaceName));
    *request.mutable_deployment_version() = toProto(version.deploymentName, version.buildId);
    return d->start<wf::DescribeWorkerDeploymentVersionRequest, wf::DescribeWorkerDeploymentVersionResponse,
                    DeploymentVersionDetails>(
        this, context, "DescribeWorkerDeploymentVersion", false, std::move(request),
        [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
            async->DescribeWorkerDeploymentVersion(ctx, req, resp, std::move(cb));
        },
        deploymentVersionDetailsFromResponse, std::move(done));
}

TemporalClient::CallId TemporalClient::changeWorkerDeployment(QObject *context,
                                                              const DeploymentOperation &operation,
                                                              const QByteArray &conflictToken,
                                                              Callback<DeploymentChangeReply> done)
{
    if (d->settings.safety.readOnly)
        return refuseChange(this, context, d->settings.safety.readOnlyError(), std::move(done));
    const std::string ns = toStd(d->settings.namespaceName);
    const std::string identity = toStd(d->settings.identity);
    const std::string token = conflictToken.toStdString();
    const auto tokenOf = [](const auto &response) {
        DeploymentChangeReply reply;
        reply.conflictToken = QByteArray::fromStdString(response.conflict_token());
        return reply;
    };
    // The version the routing had before the call, when the server names one (none: the unversioned workers
    // or no ramp). Server 1.31.2 answers a request for what the deployment already has with success, names
    // the requested version as the previous one and checks no conflict token then: the rollout engine needs
    // this to tell that answer from a change.
    const auto previousOf = [](const auto &response) -> std::optional<QString> {
        if (!response.has_previous_deployment_version())
            return std::nullopt;
        return QString::fromStdString(response.previous_deployment_version().build_id());
    };
    switch (operation.kind) {
    case DeploymentOperation::Kind::SetCurrent: {
        wf::SetWorkerDeploymentCurrentVersionRequest request;
        request.set_namespace_(ns);
        request.set_deployment_name(toStd(operation.deploymentName));
        // Empty: the unversioned workers become current.
        request.set_build_id(toStd(operation.buildId));
        request.set_conflict_token(token);
        request.set_identity(identity);
        request.set_ignore_missing_task_queues(operation.ignoreMissingTaskQueues);
        request.set_allow_no_pollers(operation.allowNoPollers);
        return d->start<wf::SetWorkerDeploymentCurrentVersionRequest,
                        wf::SetWorkerDeploymentCurrentVersionResponse, DeploymentChangeReply>(
            this, context, "SetWorkerDeploymentCurrentVersion", false, std::move(request),
            [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
                async->SetWorkerDeploymentCurrentVersion(ctx, req, resp, std::move(cb));
            },
            [tokenOf, previousOf](const wf::SetWorkerDeploymentCurrentVersionResponse &response) {
                DeploymentChangeReply reply = tokenOf(response);
                reply.previousBuildId = previousOf(response);
                return reply;
            },
            std::move(done));
    }
    case DeploymentOperation::Kind::SetRamping:
    case DeploymentOperation::Kind::StopRamping: {
        const bool stop = operation.kind == DeploymentOperation::Kind::StopRamping;
        wf::SetWorkerDeploymentRampingVersionRequest request;
        request.set_namespace_(ns);
        request.set_deployment_name(toStd(operation.deploymentName));
        // The server reads an empty build ID as the unversioned workers when the percentage is above 0 and
        // as "no ramp" at 0 % (server 1.31.2, frontend SetWorkerDeploymentRampingVersion): a ramp to the
        // unversioned workers at 0 % cannot be expressed with the structured fields and ends the ramp.
        request.set_build_id(stop ? std::string() : toStd(operation.buildId));
        request.set_percentage(stop ? 0.0f : float(operation.percentage));
        request.set_conflict_token(token);
        request.set_identity(identity);
        request.set_ignore_missing_task_queues(operation.ignoreMissingTaskQueues);
        request.set_allow_no_pollers(operation.allowNoPollers);
        return d->start<wf::SetWorkerDeploymentRampingVersionRequest,
                        wf::SetWorkerDeploymentRampingVersionResponse, DeploymentChangeReply>(
            this, context, "SetWorkerDeploymentRampingVersion", false, std::move(request),
            [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
                async->SetWorkerDeploymentRampingVersion(ctx, req, resp, std::move(cb));
            },
            [tokenOf, previousOf](const wf::SetWorkerDeploymentRampingVersionResponse &response) {
                DeploymentChangeReply reply = tokenOf(response);
                reply.previousBuildId = previousOf(response);
                reply.previousPercentage = double(response.previous_percentage());
                return reply;
            },
            std::move(done));
    }
    case DeploymentOperation::Kind::DeleteVersion: {
        // Takes no conflict token: the server refuses to delete a current or ramping version itself.
        wf::DeleteWorkerDeploymentVersionRequest request;
        request.set_namespace_(ns);
        *request.mutable_deployment_version() = toProto(operation.deploymentName, operation.buildId);
        request.set_skip_drainage(operation.skipDrainage);
        request.set_identity(identity);
        return d->start<wf::DeleteWorkerDeploymentVersionRequest, wf::DeleteWorkerDeploymentVersionResponse,
                        DeploymentChangeReply>(
            this, context, "DeleteWorkerDeploymentVersion", false, std::move(request),
            [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
                async->DeleteWorkerDeploymentVersion(ctx, req, resp, std::move(cb));
            },
            [](const wf::DeleteWorkerDeploymentVersionResponse &) { return DeploymentChangeReply(); },
            std::move(done));
    }
    case DeploymentOperation::Kind::UpdateMetadata: {
        wf::UpdateWorkerDeploymentVersionMetadataRequest request;
        request.set_namespace_(ns);
        *request.mutable_deployment_version() = toProto(operation.deploymentName, operation.buildId);
        for (auto entry = operation.upsertMetadata.cbegin(); entry != operation.upsertMetadata.cend();
             ++entry)
            (*request.mutable_upsert_entries())[toStd(entry.key())] = toPayload(entry.value());
        for (const QString &key : operation.removeMetadata)
            request.add_remove_entries(toStd(key));
        request.set_identity(identity);
        return d->start<wf::UpdateWorkerDeploymentVersionMetadataRequest,
                        wf::UpdateWorkerDeploymentVersionMetadataResponse, DeploymentChangeReply>(
            this, context, "UpdateWorkerDeploymentVersionMetadata", false, std::move(request),
            [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
                async->UpdateWorkerDeploymentVersionMetadata(ctx, req, resp, std::move(cb));
            },
            [](const wf::UpdateWorkerDeploymentVersionMetadataResponse &) { return DeploymentChangeReply(); },
            std::move(done));
    }
    case DeploymentOperation::Kind::SetManager: {
        wf::SetWorkerDeploymentManagerRequest request;
        request.set_namespace_(ns);
        request.set_deployment_name(toStd(operation.deploymentName));
        // Exactly one of the oneof is sent: self, or an identity (empty = no manager, as Temporal's CLI
        // `manager-identity unset` sends it).
        if (operation.managerSelf)
            request.set_self(true);
        else
            request.set_manager_identity(toStd(operation.managerIdentity));
        request.set_conflict_token(token);
        request.set_identity(identity);
        return d->start<wf::SetWorkerDeploymentManagerRequest, wf::SetWorkerDeploymentManagerResponse,
                        DeploymentChangeReply>(
            this, context, "SetWorkerDeploymentManager", false, std::move(request),
            [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
                async->SetWorkerDeploymentManager(ctx, req, resp, std::move(cb));
            },
            tokenOf, std::move(done));
    }
    }
    Q_UNREACHABLE();
    return 0;
}
