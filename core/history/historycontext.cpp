#include "historycontext.h"

#include "temporal/connectionsettings.h"

#include <QByteArray>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

HistoryContext HistoryContext::forConnection(const ConnectionSettings &settings, const QString &taskQueue,
                                             Source source)
{
    HistoryContext context;
    context.osUser = currentOsUser();
    context.identity = settings.identity;
    context.serverAddress = settings.address;
    context.namespaceName = settings.namespaceName;
    context.taskQueue = taskQueue;
    context.source = source;
    return context;
}

QString HistoryContext::currentOsUser()
{
#ifdef Q_OS_UNIX
    // The account that runs the process, not $USER, which anyone can set: this is an audit trail.
    if (const passwd *entry = getpwuid(geteuid()); entry && entry->pw_name && *entry->pw_name)
        return QString::fromLocal8Bit(entry->pw_name);
#endif
    for (const char *variable : {"USER", "USERNAME"}) {
        const QString name = qEnvironmentVariable(variable);
        if (!name.isEmpty())
            return name;
    }
    return QStringLiteral("unknown");
}

QString HistoryContext::sourceName(Source source)
{
    switch (source) {
    case Source::Window:
        return QStringLiteral("window");
    case Source::Cli:
        return QStringLiteral("cli");
    case Source::Restore:
        return QStringLiteral("restore");
    }
    return {};
}

std::optional<HistoryContext::Source> HistoryContext::sourceFromName(const QString &name)
{
    for (Source source : {Source::Window, Source::Cli, Source::Restore}) {
        if (sourceName(source) == name)
            return source;
    }
    return std::nullopt;
}
