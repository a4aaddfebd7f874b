#include "historycontext.h"

#include "temporal/connectionsettings.h"

#include "common/osaccount.h"

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
    // The account that runs the process, not $USER, which anyone can set: this is an audit trail.
    const QString name = osAccountName();
    return name.isEmpty() ? QStringLiteral("unknown") : name;
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
