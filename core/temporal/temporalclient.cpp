#include "temporalclient.h"

#include "grpcstatusmapping.h"

#include "temporal/api/workflowservice/v1/service.grpc.pb.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>

#include <QFile>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QPointer>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <unordered_map>

Q_LOGGING_CATEGORY(lcTemporalClient, "versionscope.temporal.client", QtInfoMsg)

namespace wf = temporal::api::workflowservice::v1;

namespace {

std::string toStd(const QString &text)
{
    return text.toStdString();
}

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

// A state this client does not know (added to Temporal later) is Unspecified.
NamespaceInfo::State fromProto(temporal::api::enums::v1::NamespaceState state)
{
    switch (state) {
    case temporal::api::enums::v1::NAMESPACE_STATE_REGISTERED:
        return NamespaceInfo::State::Registered;
    case temporal::api::enums::v1::NAMESPACE_STATE_DEPRECATED:
        return NamespaceInfo::State::Deprecated;
    case temporal::api::enums::v1::NAMESPACE_STATE_DELETED:
        return NamespaceInfo::State::Deleted;
    default:
        return NamespaceInfo::State::Unspecified;
    }
}

QDateTime fromTimestamp(const google::protobuf::Timestamp &timestamp)
{
    if (timestamp.seconds() == 0 && timestamp.nanos() == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(timestamp.seconds() * 1000 + timestamp.nanos() / 1000000, Qt::UTC);
}

// Reads PEM data given inline or by path; empty when neither is set.
Result<std::string> pem(const QByteArray &data, const QString &path, const char *what)
{
    if (!data.isEmpty())
        return data.toStdString();
    if (path.isEmpty())
        return std::string();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{
            ErrorCode::InvalidArgument,
            QStringLiteral("cannot read the %1 %2: %3").arg(QLatin1String(what), path, file.errorString()),
            {},
            QStringLiteral("local-validation")};
    }
    return file.readAll().toStdString();
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

    void buildChannel();
    void addMetadata(grpc::ClientContext &context) const;
    void finish(TemporalClient::CallId id)
    {
        std::lock_guard lock(mutex);
        inFlight.erase(id);
        if (inFlight.empty())
            allFinished.notify_all();
    }

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
    if (settings.tls.enabled) {
        const TlsSettings &tls = settings.tls;
        auto root = pem(tls.serverCaCertData, tls.serverCaCertPath, "server CA certificate");
        auto cert = pem(tls.clientCertData, tls.clientCertPath, "client certificate");
        auto key = pem(tls.clientKeyData, tls.clientKeyPath, "client key");
        for (const auto *part : {&root, &cert, &key}) {
            if (!part->isOk()) {
                setupError = part->error();
                return;
            }
        }
        if (cert.value().empty() != key.value().empty()) {
            setupError =
                Error{ErrorCode::InvalidArgument,
                      QStringLiteral("a TLS client certificate needs its key and the key its certificate"),
                      QStringLiteral("give both --tls-cert-path and --tls-key-path"),
                      QStringLiteral("local-validation")};
            return;
        }
        if (tls.disableHostVerification) {
            // Only the experimental TLS options can skip verification; keep the rest (CA, client pair) as
            // given.
            grpc::experimental::TlsChannelCredentialsOptions options;
            std::vector<grpc::experimental::IdentityKeyCertPair> pairs;
            if (!cert.value().empty())
                pairs.push_back({key.value(), cert.value()});
            // gRPC's static provider aborts when given nothing at all: only install it with a CA or a pair.
            if (!root.value().empty() || !pairs.empty()) {
                options.set_certificate_provider(
                    std::make_shared<grpc::experimental::StaticDataCertificateProvider>(root.value(), pairs));
            }
            if (!root.value().empty())
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
            options.pem_root_certs = root.value();
            options.pem_cert_chain = cert.value();
            options.pem_private_key = key.value();
            credentials = grpc::SslCredentials(options);
        }
        if (!tls.serverName.isEmpty())
            arguments.SetSslTargetNameOverride(toStd(tls.serverName));
    } else {
        credentials = grpc::InsecureChannelCredentials();
    }
    channel = grpc::CreateCustomChannel(toStd(settings.address), credentials, arguments);
    stub = wf::WorkflowService::NewStub(channel);
}

void TemporalClientPrivate::addMetadata(grpc::ClientContext &context) const
{
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(settings.callTimeoutMs));
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
    struct Call
    {
        grpc::ClientContext context;
        Request request;
        Response response;
        std::shared_ptr<std::atomic_bool> cancelled = std::make_shared<std::atomic_bool>(false);
        QPointer<QObject> receiver;
        TemporalClient::Callback<Value> done;
        CallDescription description;
    };
    auto call = std::make_shared<Call>();
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

    addMetadata(call->context);
    TemporalClient::CallId id;
    {
        std::lock_guard lock(mutex);
        id = nextId++;
        inFlight.emplace(id, Pending{&call->context, call->cancelled});
    }
    qCDebug(lcTemporalClient) << "call" << id << rpc;
    invoke(stub->async(), &call->context, &call->request, &call->response,
           [this, q, call, id, convert](grpc::Status status) {
               // On a gRPC thread: convert to plain values, then hop to the owner's thread.
               Result<Value> result = status.ok() ? Result<Value>(convert(call->response))
                                                  : Result<Value>(errorFromStatus(status, call->description));
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
    return id;
}

TemporalClient::TemporalClient(const ConnectionSettings &settings, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<TemporalClientPrivate>())
{
    d->settings = settings;
    d->buildChannel();
}

TemporalClient::~TemporalClient()
{
    cancelAll();
    std::unique_lock lock(d->mutex);
    d->allFinished.wait(lock, [this] { return d->inFlight.empty(); });
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
    found->second.context->TryCancel();
}

void TemporalClient::cancelAll()
{
    std::lock_guard lock(d->mutex);
    for (auto &[id, pending] : d->inFlight) {
        pending.cancelled->store(true);
        pending.context->TryCancel();
    }
}

int TemporalClient::callsInFlight() const
{
    std::lock_guard lock(d->mutex);
    return int(d->inFlight.size());
}

TemporalClient::CallId TemporalClient::getSystemInfo(QObject *context, Callback<SystemInfo> done)
{
    return d->start<wf::GetSystemInfoRequest, wf::GetSystemInfoResponse, SystemInfo>(
        this, context, "GetSystemInfo", false, wf::GetSystemInfoRequest(),
        [](auto *async, auto *ctx, auto *req, auto *resp, auto cb) {
            async->GetSystemInfo(ctx, req, resp, std::move(cb));
        },
        [](const wf::GetSystemInfoResponse &response) {
            SystemInfo info;
            info.serverVersion = fromStd(response.server_version());
            info.buildIdBasedVersioning = response.capabilities().build_id_based_versioning();
            return info;
        },
        std::move(done));
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
        [](const wf::ListNamespacesResponse &response) {
            NamespacePage page;
            for (const auto &ns : response.namespaces()) {
                page.namespaces << NamespaceInfo{fromStd(ns.namespace_info().name()),
                                                 fromStd(ns.namespace_info().id()),
                                                 fromProto(ns.namespace_info().state())};
            }
            page.nextPageToken = QByteArray::fromStdString(response.next_page_token());
            return page;
        },
        std::move(done));
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
        [](const wf::DescribeNamespaceResponse &response) {
            return NamespaceInfo{fromStd(response.namespace_info().name()),
                                 fromStd(response.namespace_info().id()),
                                 fromProto(response.namespace_info().state())};
        },
        std::move(done));
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
        [](const wf::GetWorkerBuildIdCompatibilityResponse &response) {
            QList<QStringList> sets;
            for (const auto &set : response.major_version_sets()) {
                QStringList ids;
                for (const std::string &id : set.build_ids())
                    ids << fromStd(id);
                sets << ids;
            }
            return VersionSets(std::move(sets));
        },
        std::move(done));
}

TemporalClient::CallId TemporalClient::updateVersionSets(QObject *context, const QString &taskQueue,
                                                         const BuildIdOperation &operation,
                                                         Callback<Done> done)
{
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
        [kind](const wf::DescribeTaskQueueResponse &response) {
            QList<PollerInfo> pollers;
            for (const auto &poller : response.pollers()) {
                PollerInfo info;
                info.identity = fromStd(poller.identity());
                info.lastAccessTime = fromTimestamp(poller.last_access_time());
                info.ratePerSecond = poller.rate_per_second();
                info.buildId = fromStd(poller.worker_version_capabilities().build_id());
                info.useVersioning = poller.worker_version_capabilities().use_versioning();
                info.kind = kind;
                pollers << info;
            }
            return pollers;
        },
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
        [](const wf::GetWorkerTaskReachabilityResponse &response) {
            QList<BuildIdReachability> all;
            for (const auto &perBuildId : response.build_id_reachability()) {
                for (const auto &perQueue : perBuildId.task_queue_reachability()) {
                    BuildIdReachability entry;
                    entry.buildId = fromStd(perBuildId.build_id());
                    entry.taskQueue = fromStd(perQueue.task_queue());
                    for (int r : perQueue.reachability())
                        entry.reachability << static_cast<TaskReachability>(r);
                    if (entry.reachability == QList<TaskReachability>{TaskReachability::Unspecified}) {
                        entry.skipped = true;
                        entry.reachability.clear();
                    }
                    all << entry;
                }
            }
            return all;
        },
        std::move(done));
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
            [](const wf::ListWorkflowExecutionsResponse &response) {
                WorkflowExecutionPage page;
                for (const auto &execution : response.executions()) {
                    page.executions << WorkflowExecutionSummary{
                        fromStd(execution.execution().workflow_id()), fromStd(execution.execution().run_id()),
                        fromStd(execution.type().name()), fromStd(execution.task_queue()),
                        fromTimestamp(execution.start_time())};
                }
                page.nextPageToken = QByteArray::fromStdString(response.next_page_token());
                return page;
            },
            std::move(done));
}
