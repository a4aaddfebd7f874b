#include "versionsetpreview.h"

#include "buildidvalidation.h"
#include "common/namerules.h"
#include "versionsetjson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

// The preview warns when an addition leaves a queue this full (in % of the server's limit).
constexpr int kNearLimitPercent = 80;

QString changeKindName(VersionSetChange::Kind kind)
{
    switch (kind) {
    case VersionSetChange::Kind::QueueDefaultChanged:
        return QStringLiteral("queue-default-changed");
    case VersionSetChange::Kind::BuildIdAdded:
        return QStringLiteral("build-id-added");
    case VersionSetChange::Kind::SetsMerged:
        return QStringLiteral("sets-merged");
    case VersionSetChange::Kind::SetDefaultChanged:
        return QStringLiteral("set-default-changed");
    case VersionSetChange::Kind::NoLongerSetDefault:
        return QStringLiteral("no-longer-set-default");
    case VersionSetChange::Kind::BuildIdRemoved:
        return QStringLiteral("build-id-removed");
    }
    Q_UNREACHABLE();
    return QString();
}

QString warningKindName(PlanWarning::Kind kind)
{
    switch (kind) {
    case PlanWarning::Kind::WillFail:
        return QStringLiteral("will-fail");
    case PlanWarning::Kind::NoChange:
        return QStringLiteral("no-change");
    case PlanWarning::Kind::NoPollersOnQueueDefault:
        return QStringLiteral("no-pollers-on-queue-default");
    case PlanWarning::Kind::NoPollersOnSetDefault:
        return QStringLiteral("no-pollers-on-set-default");
    case PlanWarning::Kind::PollersUnknown:
        return QStringLiteral("pollers-unknown");
    case PlanWarning::Kind::MergeMovesQueueDefault:
        return QStringLiteral("merge-moves-queue-default");
    case PlanWarning::Kind::StopsReceivingWork:
        return QStringLiteral("stops-receiving-work");
    case PlanWarning::Kind::NearLimit:
        return QStringLiteral("near-limit");
    case PlanWarning::Kind::UncertainOrder:
        return QStringLiteral("uncertain-order");
    case PlanWarning::Kind::ExistingNameBreaksRules:
        return QStringLiteral("existing-name-breaks-rules");
    }
    Q_UNREACHABLE();
    return QString();
}

QList<PlanWarning> computeWarnings(const VersionSetPlan &plan, const QList<VersionSetChange> &changes,
                                   const VersioningLimits &limits,
                                   const std::optional<QHash<QString, int>> &pollerCounts,
                                   bool pollerCountsComplete)
{
    using Kind = PlanWarning::Kind;
    QList<PlanWarning> warnings;
    if (!plan.isAccepted()) {
        warnings << PlanWarning{Kind::WillFail,
                                QStringLiteral("the server will refuse this: %1 (%2)")
                                    .arg(plan.error->message, errorCodeName(plan.error->code)),
                                {}};
        return warnings;
    }
    if (plan.changesNothing()) {
        warnings << PlanWarning{
            Kind::NoChange, QStringLiteral("this changes nothing: the queue is already in that state"), {}};
        return warnings;
    }

    const QString newQueueDefault = plan.after.queueDefault();
    const auto pollersOf = [&](const QString &id) { return pollerCounts->value(id, 0); };
    if (!pollerCounts) {
        warnings << PlanWarning{
            Kind::PollersUnknown,
            QStringLiteral("pollers could not be read: nothing is known about which build IDs have "
                           "workers"),
            {}};
    } else {
        if (newQueueDefault != plan.before.queueDefault() && pollersOf(newQueueDefault) == 0) {
            warnings << PlanWarning{
                Kind::NoPollersOnQueueDefault,
                QStringLiteral("no worker polls %1: new workflows will wait until a worker with "
                               "that build ID starts")
                    .arg(newQueueDefault),
                {newQueueDefault}};
        }
        const QStringList oldDefaults = plan.before.setDefaults();
        for (const QString &id : plan.after.setDefaults()) {
            if (id == newQueueDefault || oldDefaults.contains(id) || pollersOf(id) > 0)
                continue;
            warnings << PlanWarning{Kind::NoPollersOnSetDefault,
                                    QStringLiteral("no worker polls %1, the new default of its set: tasks of "
                                                   "workflows on that set will wait")
                                        .arg(id),
                                    {id}};
        }
    }

    if (plan.operation.kind == BuildIdOperation::Kind::MergeSets &&
        newQueueDefault != plan.before.queueDefault()) {
        warnings << PlanWarning{Kind::MergeMovesQueueDefault,
                                QStringLiteral("this merge moves the queue default from %1 to %2")
                                    .arg(plan.before.queueDefault(), newQueueDefault),
                                {plan.before.queueDefault(), newQueueDefault}};
    }

    for (const VersionSetChange &change : changes) {
        if (change.kind != VersionSetChange::Kind::NoLongerSetDefault)
            continue;
        const QString id = change.buildIds.first();
        QString text = QStringLiteral("%1 stops receiving new tasks").arg(id);
        // Counts from the root partitions only are lower bounds (a poller of another partition may not
        // have shown there); the preview must not claim more precision than the read had.
        if (pollerCounts && pollersOf(id) > 0)
            text += (pollerCountsComplete ? QStringLiteral(" (%1 poller(s) will go idle)")
                                          : QStringLiteral(" (at least %1 poller(s) will go idle)"))
                        .arg(pollersOf(id));
        warnings << PlanWarning{Kind::StopsReceivingWork, text, {id}};
    }

    // Near a limit: the next additions will fail, and build IDs cannot be removed through the API.
    const auto nearLimit = [](int used, int limit) { return used * 100 >= limit * kNearLimitPercent; };
    if (limits.maxSets > 0 && plan.after.setCount() > plan.before.setCount() &&
        nearLimit(plan.after.setCount(), limits.maxSets)) {
        warnings << PlanWarning{Kind::NearLimit,
                                QStringLiteral("%1 of %2 compatible sets will be in use")
                                    .arg(plan.after.setCount())
                                    .arg(limits.maxSets),
                                {}};
    }
    if (limits.maxBuildIds > 0 && plan.after.buildIdCount() > plan.before.buildIdCount() &&
        nearLimit(plan.after.buildIdCount(), limits.maxBuildIds)) {
        warnings << PlanWarning{Kind::NearLimit,
                                QStringLiteral("%1 of %2 build IDs will be in use")
                                    .arg(plan.after.buildIdCount())
                                    .arg(limits.maxBuildIds),
                                {}};
    }
    if (!plan.isExact())
        warnings << PlanWarning{Kind::UncertainOrder, plan.uncertaintyNote(),
                                plan.after.set(plan.uncertainSet)};
    return warnings;
}

} // namespace

VersionSetPreview VersionSetPreview::build(const VersionSetPlan &plan, const QString &namespaceName,
                                           const QString &taskQueue, const VersioningLimits &limits,
                                           const std::optional<QHash<QString, int>> &pollerCounts,
                                           const QStringList &connectionArguments, bool pollerCountsComplete)
{
    VersionSetPreview preview;
    preview.m_connectionArguments = connectionArguments;
    preview.m_plan = plan;
    preview.m_namespace = namespaceName;
    preview.m_taskQueue = taskQueue;
    preview.m_changes = diffVersionSets(plan.before, plan.after);
    preview.m_refusal = newVersionSetNameError(taskQueue, plan, limits);
    if (preview.m_refusal)
        preview.m_warnings << PlanWarning{PlanWarning::Kind::WillFail, preview.m_refusal->message, {}};
    else
        preview.m_warnings =
            computeWarnings(plan, preview.m_changes, limits, pollerCounts, pollerCountsComplete);
    for (const QString &text : existingVersionSetNameWarnings(taskQueue, plan, limits))
        preview.m_warnings << PlanWarning{PlanWarning::Kind::ExistingNameBreaksRules, text, {}};
    return preview;
}

bool VersionSetPreview::hasWarning(PlanWarning::Kind kind) const
{
    return std::any_of(m_warnings.cbegin(), m_warnings.cend(),
                       [kind](const PlanWarning &w) { return w.kind == kind; });
}

QJsonObject VersionSetPreview::requestJson() const
{
    return m_plan.operation.requestJson(m_namespace, m_taskQueue);
}

QString VersionSetPreview::cliCommand() const
{
    if (m_connectionArguments.isEmpty())
        return m_plan.operation.cliCommand(m_taskQueue, m_namespace);
    return m_plan.operation.cliCommand(m_taskQueue, m_connectionArguments);
}

QJsonObject VersionSetPreview::toJson() const
{
    QJsonArray changes;
    for (const VersionSetChange &change : m_changes) {
        changes.append(
            QJsonObject{{QStringLiteral("kind"), changeKindName(change.kind)},
                        {QStringLiteral("text"), change.text},
                        {QStringLiteral("buildIds"), QJsonArray::fromStringList(change.buildIds)}});
    }
    QJsonArray warnings;
    for (const PlanWarning &warning : m_warnings) {
        warnings.append(
            QJsonObject{{QStringLiteral("kind"), warningKindName(warning.kind)},
                        {QStringLiteral("text"), warning.text},
                        {QStringLiteral("buildIds"), QJsonArray::fromStringList(warning.buildIds)}});
    }
    QJsonValue error = QJsonValue::Null;
    if (m_plan.error) {
        error = QJsonObject{{QStringLiteral("code"), errorCodeName(m_plan.error->code)},
                            {QStringLiteral("message"), m_plan.error->message}};
    } else if (m_refusal) {
        error = QJsonObject{{QStringLiteral("code"), errorCodeName(m_refusal->code)},
                            {QStringLiteral("message"), m_refusal->message},
                            {QStringLiteral("reason"), m_refusal->reason}};
    }
    return QJsonObject{
        {QStringLiteral("namespace"), m_namespace},
        {QStringLiteral("taskQueue"), m_taskQueue},
        {QStringLiteral("operation"), m_plan.operation.commandName()},
        {QStringLiteral("before"), versionSetsToJson(m_plan.before)},
        {QStringLiteral("after"), versionSetsToJson(m_plan.after)},
        {QStringLiteral("changes"), changes},
        {QStringLiteral("warnings"), warnings},
        {QStringLiteral("request"), requestJson()},
        {QStringLiteral("command"), cliCommand()},
        {QStringLiteral("error"), error},
        {QStringLiteral("exact"), m_plan.isExact()},
        {QStringLiteral("uncertainty"),
         m_plan.isExact() ? QJsonValue(QJsonValue::Null) : QJsonValue(m_plan.uncertaintyNote())},
    };
}

QString versionSetsToText(const VersionSets &sets, const std::optional<QHash<QString, int>> &pollerCounts,
                          const QString &indent)
{
    if (sets.isEmpty())
        return indent + QStringLiteral("(no version sets: the queue uses unversioned workers)\n");
    QString text;
    for (int s = 0; s < sets.setCount(); ++s) {
        QStringList ids;
        for (const QString &id : sets.set(s)) {
            // A build ID made by another tool may hold a newline or an invisible character: shown escaped.
            QString label = nameForDisplay(id);
            if (id == VersionSets::setDefault(sets.set(s)))
                label += QStringLiteral(" (set default)");
            if (pollerCounts)
                label += QStringLiteral(" {%1 poller%2}")
                             .arg(pollerCounts->value(id))
                             .arg(pollerCounts->value(id) == 1 ? QString() : QStringLiteral("s"));
            ids << label;
        }
        text += indent + QStringLiteral("set %1: ").arg(s + 1) + ids.join(QStringLiteral(", "));
        if (s == sets.defaultSetIndex())
            text += QStringLiteral("   <- queue default");
        text += QLatin1Char('\n');
    }
    return text;
}

QString VersionSetPreview::toText() const
{
    QString text;
    text += QStringLiteral("Task queue %1 in namespace %2\n").arg(m_taskQueue, m_namespace);
    text += QStringLiteral("Operation: %1\n\n").arg(m_plan.operation.summary());
    text += QStringLiteral("Before:\n") + versionSetsToText(m_plan.before);
    text +=
        QStringLiteral("After%1:\n")
            .arg(m_plan.isAccepted() && !m_refusal ? QString()
                                                   : QStringLiteral(" (unchanged: the request will fail)"));
    text += versionSetsToText(m_plan.after);
    text += QStringLiteral("\nChanges:\n");
    if (m_changes.isEmpty())
        text += QStringLiteral("  none\n");
    for (const VersionSetChange &change : m_changes)
        text += QStringLiteral("  - ") + change.text + QLatin1Char('\n');
    if (!m_warnings.isEmpty()) {
        text += QStringLiteral("\nWarnings:\n");
        for (const PlanWarning &warning : m_warnings)
            text += QStringLiteral("  ! ") + warning.text + QLatin1Char('\n');
    }
    text += QStringLiteral("\nRequest (UpdateWorkerBuildIdCompatibility):\n");
    text += QString::fromUtf8(QJsonDocument(requestJson()).toJson(QJsonDocument::Indented));
    text += QStringLiteral("Equivalent command:\n  ") + cliCommand() + QLatin1Char('\n');
    return text;
}
