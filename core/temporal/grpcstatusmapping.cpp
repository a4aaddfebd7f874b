#include "grpcstatusmapping.h"

// ErrorCode takes gRPC's numbering, so a status code converts with a cast.
static_assert(int(ErrorCode::Ok) == grpc::StatusCode::OK &&
              int(ErrorCode::Cancelled) == grpc::StatusCode::CANCELLED &&
              int(ErrorCode::Unknown) == grpc::StatusCode::UNKNOWN &&
              int(ErrorCode::InvalidArgument) == grpc::StatusCode::INVALID_ARGUMENT &&
              int(ErrorCode::DeadlineExceeded) == grpc::StatusCode::DEADLINE_EXCEEDED &&
              int(ErrorCode::NotFound) == grpc::StatusCode::NOT_FOUND &&
              int(ErrorCode::AlreadyExists) == grpc::StatusCode::ALREADY_EXISTS &&
              int(ErrorCode::PermissionDenied) == grpc::StatusCode::PERMISSION_DENIED &&
              int(ErrorCode::ResourceExhausted) == grpc::StatusCode::RESOURCE_EXHAUSTED &&
              int(ErrorCode::FailedPrecondition) == grpc::StatusCode::FAILED_PRECONDITION &&
              int(ErrorCode::Aborted) == grpc::StatusCode::ABORTED &&
              int(ErrorCode::OutOfRange) == grpc::StatusCode::OUT_OF_RANGE &&
              int(ErrorCode::Unimplemented) == grpc::StatusCode::UNIMPLEMENTED &&
              int(ErrorCode::Internal) == grpc::StatusCode::INTERNAL &&
              int(ErrorCode::Unavailable) == grpc::StatusCode::UNAVAILABLE &&
              int(ErrorCode::DataLoss) == grpc::StatusCode::DATA_LOSS &&
              int(ErrorCode::Unauthenticated) == grpc::StatusCode::UNAUTHENTICATED);

Error errorFromStatus(const grpc::Status &status, const CallDescription &call)
{
    Error error;
    error.code = static_cast<ErrorCode>(status.error_code());
    error.message = QString::fromStdString(status.error_message());
    if (error.message.isEmpty())
        error.message = QStringLiteral("%1 failed with %2").arg(call.rpc, errorCodeName(error.code));

    switch (error.code) {
    case ErrorCode::PermissionDenied:
    case ErrorCode::Unimplemented:
        if (call.versionSetApi &&
            (error.code == ErrorCode::Unimplemented || error.message.contains(QLatin1String("ersioning")))) {
            const QString serverWords = error.message;
            error.reason = QStringLiteral("version-sets-unavailable");
            error.message = QStringLiteral("Version sets are not available on namespace %1 at %2.")
                                .arg(call.namespaceName, call.address);
            error.detail =
                QStringLiteral(
                    "The server said: \"%1\". Worker versioning with version sets is switched off unless "
                    "the namespace dynamic config frontend.workerVersioningDataAPIs is true (for a dev "
                    "server: temporal server start-dev --dynamic-config-value "
                    "frontend.workerVersioningDataAPIs=true). Servers that removed version sets answer "
                    "Unimplemented.")
                    .arg(serverWords);
        } else if (error.code == ErrorCode::PermissionDenied &&
                   error.message.contains(QLatin1String("Worker Deployment"))) {
            // Server 1.31.2: "Worker Deployment Versions are disabled on this namespace." Not a credential
            // problem, so it must not be explained as one.
            const QString serverWords = error.message;
            error.reason = QStringLiteral("deployments-unavailable");
            error.message = QStringLiteral("Worker Deployments are not available on namespace %1 at %2.")
                                .arg(call.namespaceName, call.address);
            error.detail = QStringLiteral("The server said: \"%1\". They are on unless the namespace dynamic "
                                          "config system.enableDeploymentVersions is false.")
                               .arg(serverWords);
        } else if (error.code == ErrorCode::PermissionDenied) {
            error.detail =
                QStringLiteral("the server refused %1: check the API key or client certificate and the "
                               "namespace's permissions")
                    .arg(call.rpc);
        } else {
            error.detail = QStringLiteral("the server at %1 does not offer %2").arg(call.address, call.rpc);
        }
        break;
    case ErrorCode::Unavailable:
        error.reason = QStringLiteral("unreachable");
        error.detail =
            QStringLiteral("could not reach Temporal at %1: is the server running, and are the address and "
                           "TLS settings right?")
                .arg(call.address);
        break;
    case ErrorCode::DeadlineExceeded:
        error.reason = QStringLiteral("unreachable");
        error.detail =
            QStringLiteral("no answer from %1 within %2 s").arg(call.address).arg(call.timeoutMs / 1000.0);
        break;
    case ErrorCode::Unauthenticated:
        error.detail =
            QStringLiteral("the server did not accept the credentials: check the API key or TLS client "
                           "certificate");
        break;
    case ErrorCode::ResourceExhausted: {
        // The client already waited and tried again (retrypolicy.h): the limit holds.
        const QString serverWords = error.message;
        error.reason = QStringLiteral("rate-limited");
        error.message = QStringLiteral("Temporal at %1 is rate limiting namespace %2 (%3 refused %4 times "
                                       "within %5 s)")
                            .arg(call.address, call.namespaceName, call.rpc)
                            .arg(call.attempts)
                            .arg(call.timeoutMs / 1000.0);
        error.detail =
            QStringLiteral("The server said: \"%1\". Try again in a moment, or raise the namespace's "
                           "rate limit: the dynamic config frontend.namespaceRPS (and "
                           "frontend.namespaceBurstRatio; updates of version sets also count against "
                           "frontend.namespaceRPS.namespaceReplicationInducingAPIs).")
                .arg(serverWords);
        break;
    }
    case ErrorCode::FailedPrecondition:
        if (error.message.contains(QLatin1String("task queues allowed to be mapped"))) {
            error.detail =
                QStringLiteral("the server's limit.taskQueuesPerBuildId lets one build ID serve only so many "
                               "task queues of a namespace; give this queue's workers their own build ID");
        }
        break;
    case ErrorCode::NotFound:
        if (error.message.contains(QLatin1String("amespace")))
            error.detail = QStringLiteral("is the namespace name right? (--namespace)");
        break;
    default:
        break;
    }
    return error;
}
