#include "error.h"

#include <array>

namespace {
constexpr std::array<const char *, 17> kCodeNames = {
    "OK",        "CANCELLED",       "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS",  "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",    "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED",
};
} // namespace

QString errorCodeName(ErrorCode code)
{
    const auto index = static_cast<std::size_t>(code);
    return index < kCodeNames.size() ? QString::fromLatin1(kCodeNames[index]) : QStringLiteral("UNKNOWN");
}

ErrorCode errorCodeFromName(const QString &name)
{
    for (std::size_t i = 0; i < kCodeNames.size(); ++i) {
        if (name == QLatin1String(kCodeNames[i]))
            return static_cast<ErrorCode>(i);
    }
    return ErrorCode::Unknown;
}

QString Error::toString() const
{
    if (detail.isEmpty())
        return message;
    return message + QStringLiteral(" (") + detail + QLatin1Char(')');
}
