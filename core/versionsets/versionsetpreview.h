#pragma once

#include "versioninglimits.h"
#include "versionsetchange.h"
#include "versionsetplan.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

// Something the operator should weigh before applying. A plain value.
struct PlanWarning
{
    enum class Kind {
        // The request would fail: the error says why.
        WillFail,
        // Accepted but changes nothing.
        NoChange,
        // The queue default build ID after the change has no pollers: new workflows would wait.
        NoPollersOnQueueDefault,
        // A set's new default has no pollers: that set's tasks would wait.
        NoPollersOnSetDefault,
        // Pollers could not be read, so nothing is known about them.
        PollersUnknown,
        // A merge moves the queue default to another build ID.
        MergeMovesQueueDefault,
        // Build IDs that stop receiving new tasks.
        StopsReceivingWork,
        // The result uses most of a limit.
        NearLimit,
        // Part of the prediction cannot be known in advance.
        UncertainOrder,
        // A name the change involves breaks Versionscope's name rules but already exists on the server (made
        // by another tool): it is used as it is.
        ExistingNameBreaksRules,
    };
    Kind kind;
    QString text;
    QStringList buildIds;

    bool operator==(const PlanWarning &) const = default;
};

// Everything a confirmation preview shows: the plan, the changes in words, the warnings, the exact
// request and the equivalent command. Built from pure inputs; shared by the CLI and the window.
class VersionSetPreview
{
public:
    // pollerCounts: pollers per build ID (workflow and activity together), or nothing when unknown.
    // connectionArguments: ConnectionSettings::commandLineArguments() of the connection the change goes
    // to, so that the equivalent command reaches the same server; without them it names the namespace only.
    // pollerCountsComplete: false when the counts come from some partitions only (QueueSnapshot::
    // pollersComplete), so that positive counts are lower bounds and the text says "at least".
    static VersionSetPreview build(const VersionSetPlan &plan, const QString &namespaceName,
                                   const QString &taskQueue, const VersioningLimits &limits,
                                   const std::optional<QHash<QString, int>> &pollerCounts,
                                   const QStringList &connectionArguments = {},
                                   bool pollerCountsComplete = true);

    const VersionSetPlan &plan() const { return m_plan; }
    const QString &namespaceName() const { return m_namespace; }
    const QString &taskQueue() const { return m_taskQueue; }
    const QList<VersionSetChange> &changes() const { return m_changes; }
    const QList<PlanWarning> &warnings() const { return m_warnings; }
    bool hasWarning(PlanWarning::Kind kind) const;
    // Versionscope's own refusal, whatever the server would say: the change would introduce a new name that
    // breaks the name rules (newVersionSetNameError). A refused preview is never sent.
    const std::optional<Error> &refusal() const { return m_refusal; }
    // Whether the request must not be sent: the server would refuse it, or Versionscope does (refusal()).
    bool isBlocked() const { return !m_plan.isAccepted() || m_refusal.has_value(); }
    QJsonObject requestJson() const;
    QString cliCommand() const;

    // {"before","after","changes","warnings","request","error","command","exact","uncertainty"}.
    QJsonObject toJson() const;
    // The preview as a person reads it in a terminal.
    QString toText() const;

private:
    VersionSetPlan m_plan;
    QString m_namespace;
    QString m_taskQueue;
    QStringList m_connectionArguments;
    QList<VersionSetChange> m_changes;
    QList<PlanWarning> m_warnings;
    std::optional<Error> m_refusal;
};

// Sets as indented lines, queue default marked; with poller counts when known. Used by previews and
// `get-build-ids -o text`.
QString versionSetsToText(const VersionSets &sets,
                          const std::optional<QHash<QString, int>> &pollerCounts = {},
                          const QString &indent = QStringLiteral("  "));
