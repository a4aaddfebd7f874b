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

HistoryContext HistoryContext::forDeployment(const ConnectionSettings &settings,
                                             const QString &deploymentName, Source source)
{
    HistoryContext context = forConnection(settings, QString(), source);
    context.model = Model::Deployment;
    context.deploymentName = deploymentName;
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

QString HistoryContext::modelName(Model model)
{
    switch (model) {
    case Model::VersionSets:
        return QStringLiteral("version-sets");
    case Model::Deployment:
        return QStringLiteral("deployment");
    }
    return {};
}

std::optional<HistoryContext::Model> HistoryContext::modelFromName(const QString &name)
{
    for (Model model : {Model::VersionSets, Model::Deployment}) {
        if (modelName(model) == name)
            return model;
    }
    return std::nullopt;
}
