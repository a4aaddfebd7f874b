#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// One UpdateWorkerBuildIdCompatibility operation, as the user asked for it. A plain value.
struct BuildIdOperation
{
    enum class Kind {
        // Append a new set holding only buildId; it becomes the queue default.
        AddNewDefault,
        // Append buildId to the set holding existingBuildId as that set's default; with makeSetDefault the
        // set also becomes the queue default.
        AddNewCompatible,
        // Make the set holding buildId the queue default.
        PromoteSet,
        // Make buildId the default of its set.
        PromoteIdInSet,
        // Merge the set holding secondaryBuildId into the set holding buildId (the primary).
        MergeSets,
    };

    Kind kind = Kind::AddNewDefault;
    // The build ID the operation targets: the new one, the one promoted, or the merge's primary.
    QString buildId;
    // AddNewCompatible only: a build ID already in the set to join.
    QString existingBuildId;
    // MergeSets only: a build ID of the set that is merged away.
    QString secondaryBuildId;
    // AddNewCompatible only.
    bool makeSetDefault = false;

    static BuildIdOperation addNewDefault(const QString &buildId);
    static BuildIdOperation addNewCompatible(const QString &buildId, const QString &existingBuildId,
                                             bool makeSetDefault);
    static BuildIdOperation promoteSet(const QString &buildId);
    static BuildIdOperation promoteIdInSet(const QString &buildId);
    static BuildIdOperation mergeSets(const QString &primaryBuildId, const QString &secondaryBuildId);

    // Every build ID the request carries, in request order.
    QStringList buildIds() const;

    // The command name used by versionscope-cli and the Temporal CLI ("add-new-default", …, "merge-sets").
    QString commandName() const;
    // Kind from commandName(); false when the name is unknown.
    static bool kindFromCommandName(const QString &name, Kind *kind);
    // A short sentence: "add 2.1 as compatible with 2.0 and make its set the queue default".
    QString summary() const;
    // The equivalent versionscope-cli invocation, shell-quoted.
    QString cliCommand(const QString &taskQueue, const QString &namespaceName) const;
    // The same with the connection's own flags (ConnectionSettings::commandLineArguments(): address,
    // namespace, profile, TLS, secrets by variable), so that run as printed it reaches the same server.
    // Words already shell-quoted; empty means cliCommand(taskQueue, {}).
    QString cliCommand(const QString &taskQueue, const QStringList &connectionArguments) const;
    // The UpdateWorkerBuildIdCompatibilityRequest in proto3 JSON form (camelCase field names).
    QJsonObject requestJson(const QString &namespaceName, const QString &taskQueue) const;

    bool operator==(const BuildIdOperation &) const = default;
};

// Quote a word for a POSIX shell when it needs it.
QString shellQuote(const QString &word);
