#include "grpclogging.h"

#include <grpc/support/log.h>

#include <QLoggingCategory>

#include <mutex>

Q_LOGGING_CATEGORY(lcGrpc, "versionscope.grpc", QtCriticalMsg)

namespace {

// Runs on whichever thread gRPC logs from; Qt's logging is thread-safe.
void logToQt(gpr_log_func_args *args)
{
    const QString text = QString::fromUtf8(args->message);
    switch (args->severity) {
    case GPR_LOG_SEVERITY_ERROR:
        qCWarning(lcGrpc).noquote() << text << '(' << args->file << ':' << args->line << ')';
        break;
    case GPR_LOG_SEVERITY_INFO:
        qCInfo(lcGrpc).noquote() << text;
        break;
    case GPR_LOG_SEVERITY_DEBUG:
        qCDebug(lcGrpc).noquote() << text;
        break;
    }
}

} // namespace

void routeGrpcLoggingToQt()
{
    static std::once_flag once;
    std::call_once(once, [] {
        gpr_set_log_function(logToQt);
        // gRPC drops lines below GRPC_VERBOSITY (ERROR) before they reach the function, and drops all of
        // them until that is read (grpc_init does it, once): read it now, then ask for more only when
        // someone turned the category's debug output on.
        gpr_log_verbosity_init();
        // Not DEBUG: gRPC 1.51's own debug lines crash it (a ref-count trace formats a bad argument in
        // gpr_log; seen with tst_clientplumbing), so the category's debug output gets gRPC's INFO lines.
        if (lcGrpc().isDebugEnabled() || lcGrpc().isInfoEnabled())
            gpr_set_log_verbosity(GPR_LOG_SEVERITY_INFO);
    });
}
