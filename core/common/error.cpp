#include "error.h"

namespace {
constexpr ErrorCode kCodes[] = {ErrorCode::Ok,
                                ErrorCode::Cancelled,
                                ErrorCode::Unknown,
                                ErrorCode::InvalidArgument,
                                ErrorCode::DeadlineExceeded,
                                ErrorCode::NotFound,
                                ErrorCode::AlreadyExists,
                                ErrorCode::PermissionDenied,
                                ErrorCode::ResourceExhausted,
                                ErrorCode::FailedPrecondition,
                                ErrorCode::Aborted,
                                ErrorCode::OutOfRange,
                                ErrorCode::Unimplemented,
                                ErrorCode::Internal,
                                ErrorCode::Unavailable,
                                ErrorCode::DataLoss,
                                ErrorCode::Unauthenticated};
} // namespace

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok:
        return QStringLiteral("OK");
    case ErrorCode::Cancelled:
        return QStringLiteral("CANCELLED");
    case ErrorCode::Unknown:
        return QStringLiteral("UNKNOWN");
    case ErrorCode::InvalidArgument:
        return QStringLiteral("INVALID_ARGUMENT");
    case ErrorCode::DeadlineExceeded:
        return QStringLiteral("DEADLINE_EXCEEDED");
    case ErrorCode::NotFound:
        return QStringLiteral("NOT_FOUND");
    case ErrorCode::AlreadyExists:
        return QStringLiteral("ALREADY_EXISTS");
    case ErrorCode::PermissionDenied:
        return QStringLiteral("PERMISSION_DENIED");
    case ErrorCode::ResourceExhausted:
        return QStringLiteral("RESOURCE_EXHAUSTED");
    case ErrorCode::FailedPrecondition:
        return QStringLiteral("FAILED_PRECONDITION");
    case ErrorCode::Aborted:
        return QStringLiteral("ABORTED");
    case ErrorCode::OutOfRange:
        return QStringLiteral("OUT_OF_RANGE");
    case ErrorCode::Unimplemented:
        return QStringLiteral("UNIMPLEMENTED");
    case ErrorCode::Internal:
        return QStringLiteral("INTERNAL");
    case ErrorCode::Unavailable:
        return QStringLiteral("UNAVAILABLE");
    case ErrorCode::DataLoss:
        return QStringLiteral("DATA_LOSS");
    case ErrorCode::Unauthenticated:
        return QStringLiteral("UNAUTHENTICATED");
    }
    // A value from the wire that gRPC does not define.
    return QStringLiteral("UNKNOWN");
}

ErrorCode errorCodeFromName(const QString &name)
{
    for (ErrorCode code : kCodes) {
        if (errorCodeName(code) == name)
            return code;
    }
    return ErrorCode::Unknown;
}

QString Error::toString() const
{
    if (detail.isEmpty())
        return message;
    return message + QStringLiteral(" (") + detail + QLatin1Char(')');
}
