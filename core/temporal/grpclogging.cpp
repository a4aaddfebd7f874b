#include "grpclogging.h"

#include <grpc/support/log.h>

#include <QLoggingCategory>
#include <QMutex>
#include <QRegularExpression>
#include <QStringList>

#include <mutex>

Q_LOGGING_CATEGORY(lcGrpc, "versionscope.grpc", QtCriticalMsg)

namespace {

QMutex g_secretsMutex;
QStringList g_secrets;

// gRPC 1.51 dumps a metadata value as lower-case hex bytes separated by spaces ("42 65 61 ...").
QString hexDump(const QString &secret)
{
    return QString::fromLatin1(secret.toUtf8().toHex(' '));
}

// Runs on whichever thread gRPC logs from; Qt's logging is thread-safe.
void logToQt(gpr_log_func_args *args)
{
    const QString text = redactedGrpcLogLine(QString::fromUtf8(args->message));
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

void redactInGrpcLogging(const QString &secret)
{
    if (secret.isEmpty())
        return;
    const QMutexLocker lock(&g_secretsMutex);
    if (!g_secrets.contains(secret))
        g_secrets << secret;
}

QString redactedGrpcLogLine(const QString &line)
{
    // "authorization: Bearer KEY, next: …" and "key=authorization value=42 65 … 'Bearer KEY'".
    static const QRegularExpression authorization(
        QStringLiteral("(authorization)(:\\s*|\\s+value=)[^,}\\n]*"),
        QRegularExpression::CaseInsensitiveOption);
    QString cleaned = line;
    cleaned.replace(authorization, QStringLiteral("\\1\\2[redacted]"));
    const QMutexLocker lock(&g_secretsMutex);
    for (const QString &secret : std::as_const(g_secrets)) {
        cleaned.replace(secret, QStringLiteral("[redacted]"));
        cleaned.replace(hexDump(secret), QStringLiteral("[redacted]"), Qt::CaseInsensitive);
    }
    return cleaned;
}

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
