#pragma once

#include <QString>

// The project's own error type. gRPC status codes are mapped onto ErrorCode once, at the RPC boundary
// (core/temporal); everything above that works with these values only.
enum class ErrorCode {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
};

// Upper-case name as gRPC and the Temporal CLI spell it ("INVALID_ARGUMENT"), used in JSON output.
QString errorCodeName(ErrorCode code);
// Inverse of errorCodeName; Unknown for a name it does not know.
ErrorCode errorCodeFromName(const QString &name);

struct Error
{
    Error() = default;
    Error(ErrorCode errorCode, QString errorMessage, QString errorDetail = {}, QString errorReason = {})
        : code(errorCode)
        , message(std::move(errorMessage))
        , detail(std::move(errorDetail))
        , reason(std::move(errorReason))
    {}

    ErrorCode code = ErrorCode::Unknown;
    // What went wrong, in the server's own words where the server said it.
    QString message;
    // What the user can do about it, or extra context (may be empty).
    QString detail;
    // A machine-readable reason that callers may branch on instead of gRPC codes ("" when none):
    // "version-sets-unavailable", "unreachable", "stale-preview", "local-validation".
    QString reason;

    // One line for a terminal or a status bar: message, then detail in parentheses when present.
    QString toString() const;
    bool operator==(const Error &other) const = default;
};
