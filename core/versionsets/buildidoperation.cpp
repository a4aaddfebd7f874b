#include "buildidoperation.h"

#include "common/namerules.h"

#include <QRegularExpression>

BuildIdOperation BuildIdOperation::addNewDefault(const QString &buildId)
{
    BuildIdOperation op;
    op.kind = Kind::AddNewDefault;
    op.buildId = buildId;
    return op;
}

BuildIdOperation BuildIdOperation::addNewCompatible(const QString &buildId, const QString &existingBuildId,
                                                    bool makeSetDefault)
{
    BuildIdOperation op;
    op.kind = Kind::AddNewCompatible;
    op.buildId = buildId;
    op.existingBuildId = existingBuildId;
    op.makeSetDefault = makeSetDefault;
    return op;
}

BuildIdOperation BuildIdOperation::promoteSet(const QString &buildId)
{
    BuildIdOperation op;
    op.kind = Kind::PromoteSet;
    op.buildId = buildId;
    return op;
}

BuildIdOperation BuildIdOperation::promoteIdInSet(const QString &buildId)
{
    BuildIdOperation op;
    op.kind = Kind::PromoteIdInSet;
    op.buildId = buildId;
    return op;
}

BuildIdOperation BuildIdOperation::mergeSets(const QString &primaryBuildId, const QString &secondaryBuildId)
{
    BuildIdOperation op;
    op.kind = Kind::MergeSets;
    op.buildId = primaryBuildId;
    op.secondaryBuildId = secondaryBuildId;
    return op;
}

QStringList BuildIdOperation::buildIds() const
{
    switch (kind) {
    case Kind::AddNewCompatible:
        return {buildId, existingBuildId};
    case Kind::MergeSets:
        return {buildId, secondaryBuildId};
    case Kind::AddNewDefault:
    case Kind::PromoteSet:
    case Kind::PromoteIdInSet:
        break;
    }
    return {buildId};
}

QString BuildIdOperation::commandName() const
{
    switch (kind) {
    case Kind::AddNewDefault:
        return QStringLiteral("add-new-default");
    case Kind::AddNewCompatible:
        return QStringLiteral("add-new-compatible");
    case Kind::PromoteSet:
        return QStringLiteral("promote-set");
    case Kind::PromoteIdInSet:
        return QStringLiteral("promote-id-in-set");
    case Kind::MergeSets:
        return QStringLiteral("merge-sets");
    }
    Q_UNREACHABLE();
    return QString();
}

bool BuildIdOperation::kindFromCommandName(const QString &name, Kind *result)
{
    for (Kind candidate : {Kind::AddNewDefault, Kind::AddNewCompatible, Kind::PromoteSet,
                           Kind::PromoteIdInSet, Kind::MergeSets}) {
        BuildIdOperation probe;
        probe.kind = candidate;
        if (probe.commandName() == name) {
            *result = candidate;
            return true;
        }
    }
    return false;
}

QString BuildIdOperation::summary() const
{
    // Escaped here, once, for everyone who shows the summary (previews, history, status messages): a build
    // ID made by another tool with an invisible or bidi character must not pass for another one.
    const QString id = nameForDisplay(buildId);
    const QString existing = nameForDisplay(existingBuildId);
    const QString secondary = nameForDisplay(secondaryBuildId);
    switch (kind) {
    case Kind::AddNewDefault:
        return QStringLiteral("add %1 as the new queue default, in a new set").arg(id);
    case Kind::AddNewCompatible:
        return makeSetDefault
                   ? QStringLiteral("add %1 as compatible with %2 and make its set the queue default")
                         .arg(id, existing)
                   : QStringLiteral("add %1 as compatible with %2").arg(id, existing);
    case Kind::PromoteSet:
        return QStringLiteral("make the set of %1 the queue default").arg(id);
    case Kind::PromoteIdInSet:
        return QStringLiteral("make %1 the default of its set").arg(id);
    case Kind::MergeSets:
        return QStringLiteral("merge the set of %1 into the set of %2").arg(secondary, id);
    }
    Q_UNREACHABLE();
    return QString();
}

QString shellQuote(const QString &word)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (safe.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString BuildIdOperation::cliCommand(const QString &taskQueue, const QString &namespaceName) const
{
    QStringList connection;
    if (!namespaceName.isEmpty())
        connection << QStringLiteral("--namespace") << shellQuote(namespaceName);
    return cliCommand(taskQueue, connection);
}

QString BuildIdOperation::cliCommand(const QString &taskQueue, const QStringList &connectionArguments) const
{
    QStringList words = QStringList{QStringLiteral("versionscope-cli")} + connectionArguments;
    words << QStringLiteral("task-queue") << QStringLiteral("update-build-ids") << commandName()
          << QStringLiteral("-t") << shellQuote(taskQueue);
    switch (kind) {
    case Kind::AddNewDefault:
    case Kind::PromoteSet:
    case Kind::PromoteIdInSet:
        words << QStringLiteral("--build-id") << shellQuote(buildId);
        break;
    case Kind::AddNewCompatible:
        words << QStringLiteral("--build-id") << shellQuote(buildId)
              << QStringLiteral("--existing-compatible-build-id") << shellQuote(existingBuildId);
        if (makeSetDefault)
            words << QStringLiteral("--set-as-default");
        break;
    case Kind::MergeSets:
        words << QStringLiteral("--primary-build-id") << shellQuote(buildId)
              << QStringLiteral("--secondary-build-id") << shellQuote(secondaryBuildId);
        break;
    }
    return words.join(QLatin1Char(' '));
}

QJsonObject BuildIdOperation::requestJson(const QString &namespaceName, const QString &taskQueue) const
{
    QJsonObject request{{QStringLiteral("namespace"), namespaceName},
                        {QStringLiteral("taskQueue"), taskQueue}};
    switch (kind) {
    case Kind::AddNewDefault:
        request.insert(QStringLiteral("addNewBuildIdInNewDefaultSet"), buildId);
        break;
    case Kind::AddNewCompatible:
        request.insert(QStringLiteral("addNewCompatibleBuildId"),
                       QJsonObject{{QStringLiteral("newBuildId"), buildId},
                                   {QStringLiteral("existingCompatibleBuildId"), existingBuildId},
                                   {QStringLiteral("makeSetDefault"), makeSetDefault}});
        break;
    case Kind::PromoteSet:
        request.insert(QStringLiteral("promoteSetByBuildId"), buildId);
        break;
    case Kind::PromoteIdInSet:
        request.insert(QStringLiteral("promoteBuildIdWithinSet"), buildId);
        break;
    case Kind::MergeSets:
        request.insert(QStringLiteral("mergeSets"),
                       QJsonObject{{QStringLiteral("primarySetBuildId"), buildId},
                                   {QStringLiteral("secondarySetBuildId"), secondaryBuildId}});
        break;
    }
    return request;
}
