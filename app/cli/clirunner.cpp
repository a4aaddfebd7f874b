#include "clirunner.h"

#include "common/displaytext.h"
#include "common/namerules.h"
#include "config/apikeykeychain.h"
#include "deployments/deploymentjson.h"
#include "deployments/deploymentnamecheck.h"
#include "deployments/temporalclijson.h"
#include "history/historyexport.h"
#include "history/historyservice.h"
#include "rollout/rolloutengine.h"
#include "temporal/queuereader.h"
#include "temporal/taskqueuediscovery.h"
#include "temporal/temporalclient.h"
#include "versionsets/buildidvalidation.h"
#include "versionsets/versionsetjson.h"
#include "versionsets/versionsetplanner.h"
#include "versionsets/versionsetpreview.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <unistd.h>

namespace {

QString json(const QJsonValue &value)
{
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QStringLiteral("-");
}

} // namespace

CliRunner::CliRunner(const CliInvocation &invocation, QObject *parent)
    : QObject(parent)
    , m_invocation(invocation)
{}

void CliRunner::out(const QString &text)
{
    QTextStream stream(stdout);
    stream << text;
    stream.flush();
}

void CliRunner::fail(const QString &message, const QString &detail, int exitCode)
{
    QTextStream stream(stderr);
    stream << "error: " << message << '\n';
    if (!detail.isEmpty())
        stream << "  " << detail << '\n';
    stream.flush();
    done(exitCode);
}

void CliRunner::done(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    // Let the current callback unwind before the owner tears things down.
    QTimer::singleShot(0, this, [this, exitCode] { Q_EMIT finished(exitCode); });
}

void CliRunner::start()
{
    // The history needs no connection to Temporal.
    if (m_invocation.command == CliInvocation::Command::History) {
        listHistory();
        return;
    }
    if (m_invocation.command == CliInvocation::Command::HistoryShow) {
        showHistoryEntry();
        return;
    }
    const Result<ConnectionSettings> settings = ConnectionSettingsResolver::resolve(
        m_invocation.connection, QProcessEnvironment::systemEnvironment());
    if (!settings) {
        fail(settings.error().message, settings.error().detail);
        return;
    }
    m_settings = settings.value();
    // The resolver only says the key is in the keychain; the command line can wait for it.
    if (m_settings.apiKeyOrigin == SettingOrigin::Keychain) {
        const Result<QString> key = ApiKeyKeychain::readNow(m_settings.profile);
        if (!key) {
            fail(key.error().message, key.error().detail);
            return;
        }
        m_settings.apiKey = key.value();
    }
    for (const QString &warning : m_settings.warnings)
        QTextStream(stderr) << "warning: " << warning << '\n';
    if (!changeAllowed())
        return;
    m_client = new TemporalClient(m_settings, this);
    m_engine = new RolloutEngine(m_client, nullptr, this);
    m_engine->setReadSource(HistoryContext::Source::Cli);
    // Said once per run on stderr; the output itself stays what was asked for.
    connect(m_engine, &RolloutEngine::historyProblemChanged, this, [](const QString &problem) {
        if (!problem.isEmpty())
            QTextStream(stderr) << "warning: the history cannot record this: " << problem << '\n';
    });
    switch (m_invocation.command) {
    case CliInvocation::Command::GetBuildIds:
        openHistoryThen(false, [this] { getBuildIds(); });
        break;
    case CliInvocation::Command::DescribeBuildIds:
        openHistoryThen(false, [this] { describeBuildIds(); });
        break;
    case CliInvocation::Command::ListTaskQueues:
        listTaskQueues();
        break;
    case CliInvocation::Command::UpdateBuildIds:
        updateBuildIds();
        break;
    case CliInvocation::Command::DeploymentList:
        listDeployments();
        break;
    case CliInvocation::Command::DeploymentDescribe:
        checkDeploymentNamesThen(false, [this] { openHistoryThen(false, [this] { describeDeployment(); }); });
        break;
    case CliInvocation::Command::DeploymentDescribeVersion:
        checkDeploymentNamesThen(true, [this] { describeDeploymentVersion(); });
        break;
    case CliInvocation::Command::DeploymentChange:
        // The build ID is judged by the preview, against the deployment's read (DeploymentPreview).
        checkDeploymentNamesThen(false, [this] { changeDeployment(); });
        break;
    case CliInvocation::Command::Help:
    case CliInvocation::Command::Version:
    case CliInvocation::Command::KeychainSet:
    case CliInvocation::Command::KeychainDelete:
    case CliInvocation::Command::KeychainStatus:
    case CliInvocation::Command::History:
    case CliInvocation::Command::HistoryShow:
        done(0);
        break;
    }
}

void CliRunner::openHistoryThen(bool forWriting, const std::function<void()> &next)
{
    if (m_invocation.noHistory) {
        next();
        return;
    }
    const auto unavailable = [this, next](const Error &error) {
        m_historyError = error;
        // A read answers all the same; an update decides in confirmAndApply.
        if (m_invocation.command != CliInvocation::Command::UpdateBuildIds &&
            m_invocation.command != CliInvocation::Command::DeploymentChange)
            QTextStream(stderr) << "warning: the history cannot record this: " << error.toString() << '\n';
        next();
    };
    const Result<HistoryLocation> location = HistoryLocation::resolve(
        m_invocation.history, m_invocation.connection.profile, QProcessEnvironment::systemEnvironment());
    if (!location) {
        unavailable(location.error());
        return;
    }
    m_historyService = new HistoryService(this);
    connect(m_historyService, &HistoryService::openFailed, this, unavailable);
    connect(m_historyService, &HistoryService::opened, this, [this, forWriting, next, unavailable] {
        const auto use = [this, next] {
            m_engine->setHistory(m_historyService);
            next();
        };
        if (!forWriting) {
            use();
            return;
        }
        m_historyService->checkWritable(this, [use, unavailable](const Result<Done> &writable) {
            if (writable)
                use();
            else
                unavailable(writable.error());
        });
    });
    m_historyService->open(location.value());
}

void CliRunner::getBuildIds()
{
    QueueReader::Options options;
    options.pollers = false;
    m_engine->read(this, m_invocation.taskQueue, options, [this](const Result<QueueSnapshot> &snapshot) {
        if (!snapshot) {
            fail(snapshot.error().message, snapshot.error().detail);
            return;
        }
        const VersionSets &sets = snapshot.value().sets;
        if (refusedNewTaskQueue(sets))
            return;
        if (m_invocation.output == CliInvocation::Output::Json)
            out(json(versionSetsToJson(sets)));
        else
            out(QStringLiteral("Task queue %1 (namespace %2)\n")
                    .arg(nameForDisplay(m_invocation.taskQueue), m_settings.namespaceName) +
                versionSetsToText(sets));
        done(0);
    });
}

void CliRunner::describeBuildIds()
{
    QueueReader::Options options;
    options.reachability = m_invocation.reachability;
    options.partitions = m_invocation.partitions;
    m_engine->read(this, m_invocation.taskQueue, options, [this](const Result<QueueSnapshot> &result) {
        if (!result) {
            fail(result.error().message, result.error().detail);
            return;
        }
        const QueueSnapshot &snapshot = result.value();
        const VersionSets &sets = snapshot.sets;
        if (refusedNewTaskQueue(sets))
            return;
        QJsonArray rows;
        QString text = QStringLiteral("Task queue %1 (namespace %2)\n")
                           .arg(nameForDisplay(snapshot.taskQueue), m_settings.namespaceName);
        if (sets.isEmpty())
            text += QStringLiteral("  (no version sets: the queue uses unversioned workers)\n");
        for (int s = 0; s < sets.setCount(); ++s) {
            for (const QString &id : sets.set(s)) {
                const bool setDefault = VersionSets::setDefault(sets.set(s)) == id;
                const bool queueDefault = id == sets.queueDefault();
                QJsonArray pollers;
                QStringList pollerLines;
                if (snapshot.pollers) {
                    for (const PollerInfo &poller : snapshot.pollers->forBuildId(id)) {
                        const QString kind = poller.kind == TaskQueueKind::Workflow
                                                 ? QStringLiteral("workflow")
                                                 : QStringLiteral("activity");
                        pollers.append(
                            QJsonObject{{QStringLiteral("identity"), poller.identity},
                                        {QStringLiteral("taskQueueType"), kind},
                                        {QStringLiteral("lastAccessTime"), timeText(poller.lastAccessTime)},
                                        {QStringLiteral("ratePerSecond"), poller.ratePerSecond}});
                        pollerLines << QStringLiteral("      %1 poller %2, last seen %3")
                                           .arg(kind, poller.identity, timeText(poller.lastAccessTime));
                    }
                }
                const auto reach = snapshot.reachability.constFind(id);
                QJsonValue reachability = QJsonValue::Null;
                if (reach != snapshot.reachability.cend()) {
                    QJsonArray values;
                    for (TaskReachability r : reach->reachability)
                        values.append(taskReachabilityName(r));
                    reachability =
                        reach->skipped ? QJsonValue(QStringLiteral("not computed")) : QJsonValue(values);
                }
                rows.append(QJsonObject{
                    {QStringLiteral("buildId"), id},
                    {QStringLiteral("set"), s + 1},
                    {QStringLiteral("isSetDefault"), setDefault},
                    {QStringLiteral("isQueueDefault"), queueDefault},
                    {QStringLiteral("pollerCount"),
                     snapshot.pollers ? QJsonValue(int(pollers.size())) : QJsonValue()},
                    {QStringLiteral("workflowPollers"),
                     snapshot.pollers ? QJsonValue(snapshot.pollers->count(id, TaskQueueKind::Workflow))
                                      : QJsonValue()},
                    {QStringLiteral("activityPollers"),
                     snapshot.pollers ? QJsonValue(snapshot.pollers->count(id, TaskQueueKind::Activity))
                                      : QJsonValue()},
                    {QStringLiteral("pollers"), pollers},
                    {QStringLiteral("reachability"), reachability},
                });
                QStringList roles;
                if (queueDefault)
                    roles << QStringLiteral("queue default");
                else if (setDefault)
                    roles << QStringLiteral("set default");
                text += QStringLiteral("  %1  (set %2%3)\n")
                            .arg(nameForDisplay(id))
                            .arg(s + 1)
                            .arg(roles.isEmpty() ? QString()
                                                 : QStringLiteral(", ") + roles.join(QStringLiteral(", ")));
                if (snapshot.pollers) {
                    text += QStringLiteral("    pollers: %1 workflow, %2 activity%3\n")
                                .arg(snapshot.pollers->count(id, TaskQueueKind::Workflow))
                                .arg(snapshot.pollers->count(id, TaskQueueKind::Activity))
                                .arg(setDefault && pollers.isEmpty()
                                         ? QStringLiteral("  <- no pollers on a default!")
                                         : QString());
                    for (const QString &line : pollerLines)
                        text += line + QLatin1Char('\n');
                }
                if (reach != snapshot.reachability.cend())
                    text += QStringLiteral("    reachability: %1\n").arg(reach->toDisplayString());
            }
        }
        QJsonObject document{{QStringLiteral("taskQueue"), snapshot.taskQueue},
                             {QStringLiteral("namespace"), m_settings.namespaceName},
                             {QStringLiteral("sets"), versionSetsToJson(sets)},
                             {QStringLiteral("buildIds"), rows}};
        if (snapshot.pollersError) {
            document.insert(QStringLiteral("pollersError"), snapshot.pollersError->toString());
            text +=
                QStringLiteral("  pollers could not be read: %1\n").arg(snapshot.pollersError->toString());
        }
        if (snapshot.reachabilityError) {
            document.insert(QStringLiteral("reachabilityError"), snapshot.reachabilityError->toString());
            text += QStringLiteral("  reachability could not be read: %1\n")
                        .arg(snapshot.reachabilityError->toString());
        }
        out(m_invocation.output == CliInvocation::Output::Json ? json(document) : text);
        done(0);
    });
}

bool CliRunner::refusedNewTaskQueue(const VersionSets &sets)
{
    const std::optional<QString> problem = taskQueueNameProblem(m_invocation.taskQueue);
    if (!problem)
        return false;
    if (sets.isEmpty()) {
        fail(QStringLiteral("refused: new task queue: %1").arg(*problem),
             QStringLiteral("the queue has no version sets, so the name is not one the server knows; check "
                            "for a typing mistake"));
        return true;
    }
    QTextStream(stderr) << "warning: " << *nameRuleWarning(NameKind::TaskQueue, m_invocation.taskQueue)
                        << '\n';
    return false;
}

void CliRunner::listTaskQueues()
{
    auto *discovery = new TaskQueueDiscovery(m_client, this);
    connect(discovery, &TaskQueueDiscovery::finished, this,
            [this](const Result<QList<DiscoveredTaskQueue>> &found) {
                if (!found) {
                    fail(found.error().message, found.error().detail);
                    return;
                }
                if (m_invocation.output == CliInvocation::Output::Json) {
                    QJsonArray queues;
                    for (const DiscoveredTaskQueue &queue : found.value()) {
                        queues.append(QJsonObject{{QStringLiteral("name"), queue.name},
                                                  {QStringLiteral("lastSeen"), timeText(queue.lastSeen)},
                                                  {QStringLiteral("executionsSeen"), queue.executionsSeen}});
                    }
                    out(json(queues));
                } else {
                    QString text;
                    if (found.value().isEmpty())
                        text = QStringLiteral(
                                   "no task queues found in recent workflow executions of namespace %1\n")
                                   .arg(m_settings.namespaceName);
                    for (const DiscoveredTaskQueue &queue : found.value())
                        text += QStringLiteral("%1\tlast workflow started %2\t(%3 seen)\n")
                                    .arg(queue.name, timeText(queue.lastSeen))
                                    .arg(queue.executionsSeen);
                    out(text);
                }
                done(0);
            });
    discovery->start(m_invocation.pageSize, m_invocation.maxPages);
}

void CliRunner::updateBuildIds()
{
    // Odd names are judged once the queue is read (VersionSetPreview::refusal): a new odd build ID or task
    // queue is refused before the update is sent, an existing one is used and the preview warns about it.
    // The history is opened before anything is sent, so that a change is never made unrecorded by surprise.
    openHistoryThen(!m_invocation.dryRun, [this] {
        if (m_historyError && m_invocation.yes && !m_invocation.dryRun) {
            fail(QStringLiteral("not sent: the history cannot be written: ") + m_historyError->toString(),
                 QStringLiteral("fix it, or pass --no-history to apply without recording the change"));
            return;
        }
        QueueReader::Options options;
        options.partitions = m_invocation.partitions;
        // The preview warns when nobody polls a build ID that is about to receive work: those are the
        // pollers that must be known for sure; the rest of the counts may come from the root partitions.
        options.concernedBuildIds = [operation = m_invocation.operation,
                                     limits = m_settings.limits](const VersionSets &sets) {
            return planVersionSetOperation(sets, operation, limits).newDefaults();
        };
        m_engine->read(this, m_invocation.taskQueue, options, [this](const Result<QueueSnapshot> &snapshot) {
            if (!snapshot) {
                fail(snapshot.error().message, snapshot.error().detail);
                return;
            }
            confirmAndApply(snapshot.value());
        });
    });
}

void CliRunner::confirmAndApply(const QueueSnapshot &snapshot)
{
    const VersionSetPreview preview = m_engine->preview(snapshot, m_invocation.operation);
    const VersionSetPlan &plan = preview.plan();
    const bool asJson = m_invocation.output == CliInvocation::Output::Json;
    m_previewJson = preview.toJson();
    if (!asJson)
        out(preview.toText());

    const auto finishJson = [this](const QJsonObject &extra) { printPreviewJson(extra); };
    if (preview.refusal()) {
        finishJson({});
        fail(preview.refusal()->message, preview.refusal()->detail);
        return;
    }
    if (!plan.isAccepted()) {
        finishJson({});
        fail(QStringLiteral("not sent: the server would refuse this with %1: %2")
                 .arg(errorCodeName(plan.error->code), plan.error->message),
             plan.error->detail);
        return;
    }
    if (m_invocation.dryRun) {
        finishJson({});
        done(0);
        return;
    }
    if (!confirmed(QStringLiteral("task queue ") + m_invocation.taskQueue))
        return;
    RolloutEngine::ApplyOptions options;
    options.reason = m_invocation.reason;
    options.source = HistoryContext::Source::Cli;
    options.confirmedName = m_confirmedName;
    // Without a prompt nobody decided anything between the read and now: that read is the stale check.
    options.previewReadIsFresh = m_invocation.yes;
    m_engine->apply(this, m_invocation.taskQueue, plan, options,
                    [this](const RolloutEngine::ApplyResult &result) { reportOutcome(result); });
}

void CliRunner::reportOutcome(const RolloutEngine::ApplyResult &applied)
{
    const ApplyOutcome &outcome = applied.outcome;
    const bool asJson = m_invocation.output == CliInvocation::Output::Json;
    // Recorded by the engine whatever the outcome: an attempt that failed is part of the rollout's story too.
    const std::optional<qint64> recorded = applied.historyId;
    warnIfUnrecorded(outcome.summary(), applied.historyError);
    if (asJson) {
        QJsonObject result{{QStringLiteral("status"), ApplyOutcome::statusName(outcome.status)},
                           {QStringLiteral("matchesPreview"), outcome.matchesPreview},
                           {QStringLiteral("actual"), versionSetsToJson(outcome.actual)},
                           {QStringLiteral("message"), outcome.summary()}};
        printOutcomeJson(result, outcome.status != ApplyOutcome::Status::Applied || outcome.verifyFailed,
                         outcome.error, recorded);
    }
    const QString recordedText = recordedLine(recorded);
    if (outcome.status == ApplyOutcome::Status::Applied) {
        if (!asJson) {
            out(QStringLiteral("\n%1\n").arg(outcome.summary()));
            if (!outcome.matchesPreview && !outcome.verifyFailed)
                out(QStringLiteral(
                        "!! the queue is not what the preview said:\n   expected %1\n   actual   %2\n")
                        .arg(outcome.plan.after.toDisplayString(), outcome.actual.toDisplayString()));
            out(recordedText);
        }
        done(0);
        return;
    }
    if (!asJson)
        out(recordedText);
    fail(outcome.summary(), outcome.error.detail);
}

void CliRunner::warnIfUnrecorded(const QString &summary, const std::optional<Error> &historyError)
{
    if (historyError)
        QTextStream(stderr) << "warning: " << summary
                            << ", but the history could not record it: " << historyError->toString() << '\n';
}

void CliRunner::printOutcomeJson(QJsonObject result, bool failed, const Error &error,
                                 const std::optional<qint64> &historyId)
{
    if (failed)
        result.insert(QStringLiteral("error"),
                      QJsonObject{{QStringLiteral("code"), errorCodeName(error.code)},
                                  {QStringLiteral("message"), error.message}});
    result.insert(QStringLiteral("historyId"), historyId ? QJsonValue(*historyId) : QJsonValue());
    m_previewJson.insert(QStringLiteral("outcome"), result);
    out(json(m_previewJson));
}

QString CliRunner::recordedLine(const std::optional<qint64> &historyId) const
{
    return historyId ? QStringLiteral("recorded in the history as entry %1 (%2)\n")
                           .arg(*historyId)
                           .arg(m_historyService->location().describe())
                     : QString();
}

void CliRunner::printPreviewJson(const QJsonObject &extra)
{
    if (m_invocation.output != CliInvocation::Output::Json)
        return;
    for (auto it = extra.begin(); it != extra.end(); ++it)
        m_previewJson.insert(it.key(), it.value());
    out(json(m_previewJson));
}

bool CliRunner::confirmed(const QString &target)
{
    if (m_invocation.yes) {
        // changeAllowed() made sure a protected target came with its name.
        m_confirmedName = m_invocation.confirmName.value_or(QString());
        return true;
    }
    const QString protection = targetProtection();
    switch (askToApply(target, changeTarget(), protection)) {
    case Answer::Yes:
        return true;
    case Answer::NoTerminal:
        printPreviewJson({});
        fail(QStringLiteral("not applied: no terminal to confirm on"),
             protection.isEmpty() ? QStringLiteral("pass --yes to apply without a prompt")
                                  : QStringLiteral("pass --yes --confirm-name %1 to apply without a prompt")
                                        .arg(shellQuote(changeTarget())));
        return false;
    case Answer::No:
        printPreviewJson({{QStringLiteral("outcome"),
                           QJsonObject{{QStringLiteral("status"), QStringLiteral("cancelled")}}}});
        QTextStream(stderr) << (protection.isEmpty()
                                    ? QStringLiteral("cancelled: nothing was sent\n")
                                    : QStringLiteral("cancelled: that is not %1; nothing was sent\n")
                                          .arg(quotedForDisplay(changeTarget())));
        done(1);
        return false;
    }
    return false;
}

CliRunner::Answer CliRunner::askToApply(const QString &target, const QString &name, const QString &protection)
{
    if (!isatty(STDIN_FILENO))
        return Answer::NoTerminal;
    QTextStream err(stderr);
    if (m_historyError)
        err << "\nThe history cannot be written: " << m_historyError->toString() << '\n';
    if (!protection.isEmpty()) {
        err << '\n'
            << protection << ".\nType " << name << " to apply this change to " << target
            << (m_historyError ? QStringLiteral(" without recording it") : QString()) << ": ";
    } else if (m_historyError) {
        err << "Apply this change to " << target << " without recording it? [y/N] ";
    } else {
        err << "\nApply this change to " << target << "? [y/N] ";
    }
    err.flush();
    // A blocking read is fine here: this is a command-line tool waiting for its user, nothing else runs.
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (!protection.isEmpty()) {
        // The name exactly as it is: a protected target is confirmed by knowing which one it is.
        if (line != name)
            return Answer::No;
        m_confirmedName = line;
        return Answer::Yes;
    }
    const QString answer = line.trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes") ? Answer::Yes : Answer::No;
}

QString CliRunner::changeTarget() const
{
    return m_invocation.command == CliInvocation::Command::DeploymentChange ? m_invocation.deploymentName
                                                                            : m_invocation.taskQueue;
}

QString CliRunner::targetProtection() const
{
    const ChangeSafety &safety = m_settings.safety;
    return m_invocation.command == CliInvocation::Command::DeploymentChange
               ? safety.deploymentProtection(m_settings.namespaceName, m_invocation.deploymentName)
               : safety.taskQueueProtection(m_settings.namespaceName, m_invocation.taskQueue);
}

bool CliRunner::changeAllowed()
{
    if (m_invocation.command != CliInvocation::Command::UpdateBuildIds &&
        m_invocation.command != CliInvocation::Command::DeploymentChange)
        return true;
    const ChangeSafety &safety = m_settings.safety;
    const QString target = changeTarget();
    const QString what = m_invocation.command == CliInvocation::Command::DeploymentChange
                             ? QStringLiteral("worker deployment")
                             : QStringLiteral("task queue");
    if (safety.readOnly && !m_invocation.dryRun) {
        fail(QStringLiteral("not sent: ") + safety.readOnlyReason(),
             QStringLiteral("nothing was read or sent; --dry-run prints the preview"), 2);
        return false;
    }
    if (m_invocation.confirmName && *m_invocation.confirmName != target) {
        fail(QStringLiteral("not sent: --confirm-name %1 does not name the %2 %3")
                 .arg(quotedForDisplay(*m_invocation.confirmName), what, quotedForDisplay(target)),
             {}, 2);
        return false;
    }
    const QString protection = targetProtection();
    if (!protection.isEmpty() && m_invocation.yes && !m_invocation.confirmName) {
        fail(QStringLiteral("not sent: %1").arg(protection),
             QStringLiteral("with --yes, confirm with --confirm-name %1").arg(shellQuote(target)), 2);
        return false;
    }
    return true;
}

Result<std::unique_ptr<HistoryStore>> CliRunner::openHistory(bool forWriting)
{
    const Result<HistoryLocation> location = HistoryLocation::resolve(
        m_invocation.history, m_invocation.connection.profile, QProcessEnvironment::systemEnvironment());
    if (!location)
        return location.error();
    Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location.value());
    if (!store || !forWriting)
        return store;
    if (Result<Done> writable = store.value()->checkWritable(); !writable)
        return writable.error();
    return store;
}

void CliRunner::listHistory()
{
    Result<std::unique_ptr<HistoryStore>> store = openHistory(false);
    if (!store) {
        fail(store.error().message, store.error().detail);
        return;
    }
    HistoryFilter filter;
    filter.taskQueue = m_invocation.taskQueue;
    filter.namespaceName = m_invocation.connection.namespaceName.value_or(QString());
    filter.serverAddress = m_invocation.connection.address.value_or(QString());
    filter.model = m_invocation.historyModel;
    filter.deploymentName = m_invocation.historyDeployment;
    filter.since = m_invocation.since;
    filter.limit = m_invocation.limit;
    const Result<QList<HistoryEntry>> entries = store.value()->query(filter);
    if (!entries) {
        fail(entries.error().message, entries.error().detail);
        return;
    }
    switch (m_invocation.output) {
    case CliInvocation::Output::Json:
        out(json(historyToJson(entries.value())));
        break;
    case CliInvocation::Output::Csv:
        out(historyToCsv(entries.value()));
        break;
    case CliInvocation::Output::Text:
        out(entries.value().isEmpty()
                ? QStringLiteral("no entries in the history %1\n").arg(store.value()->location().describe())
                : historyToText(entries.value()));
        break;
    }
    done(0);
}

void CliRunner::showHistoryEntry()
{
    Result<std::unique_ptr<HistoryStore>> store = openHistory(false);
    if (!store) {
        fail(store.error().message, store.error().detail);
        return;
    }
    const Result<HistoryEntry> entry = store.value()->entry(m_invocation.historyId);
    if (!entry) {
        fail(entry.error().message, entry.error().detail);
        return;
    }
    out(m_invocation.output == CliInvocation::Output::Json ? json(historyEntryToJson(entry.value()))
                                                           : historyEntryToText(entry.value()));
    done(0);
}

// ---- worker deployment ----

namespace {

QString versionLabel(const QString &buildId)
{
    return buildId.isEmpty() ? QStringLiteral("(unversioned)") : nameForDisplay(buildId);
}

QString countText(const std::optional<qint64> &count)
{
    return count ? QString::number(*count) : QStringLiteral("unknown");
}

// `describe` as a person reads it: routing, then each version with what the operator weighs.
QString deploymentText(const DeploymentSnapshot &snapshot, const QString &namespaceName)
{
    const WorkerDeployment &d = snapshot.deployment;
    QString text =
        QStringLiteral("Worker deployment %1 (namespace %2)\n").arg(nameForDisplay(d.name), namespaceName);
    text += QStringLiteral("  routing: %1 (revision %2)\n")
                .arg(d.routing.summary())
                .arg(d.routing.revisionNumber);
    const QMap<QString, double> shares = d.routing.sharesOfNewWorkflows();
    for (auto it = shares.cbegin(); it != shares.cend(); ++it)
        text +=
            QStringLiteral("    %1 gets %2% of new workflows\n").arg(versionLabel(it.key())).arg(it.value());
    text += QStringLiteral("  manager identity: %1\n")
                .arg(d.managerIdentity.isEmpty() ? QStringLiteral("(none)") : d.managerIdentity);
    text += QStringLiteral("  last modified by: %1\n")
                .arg(d.lastModifierIdentity.isEmpty() ? QStringLiteral("(unknown)") : d.lastModifierIdentity);
    if (d.routingUpdateState == WorkerDeployment::RoutingUpdateState::InProgress)
        text += QStringLiteral("  the last routing change is still reaching the task queues\n");
    text += QStringLiteral("  versions:\n");
    if (d.versions.isEmpty())
        text += QStringLiteral("    (none)\n");
    for (const DeploymentVersionSummary &v : d.versions) {
        QString line = QStringLiteral("    %1  %2")
                           .arg(nameForDisplay(v.buildId), deploymentVersionStatusName(v.status));
        // The status already says draining or drained; the drainage's own status matters when it disagrees
        // (it lags by the server's refresh interval).
        if (v.drainage.status != DrainageStatus::Unspecified &&
            drainageStatusName(v.drainage.status) != deploymentVersionStatusName(v.status))
            line += QStringLiteral(" (drainage: %1)").arg(drainageStatusName(v.drainage.status));
        if (snapshot.pollers) {
            const int pollers = snapshot.pollerCount(v.buildId).value_or(0);
            line += QStringLiteral(", %1 worker(s) polling").arg(pollers);
        } else {
            line += QStringLiteral(", pollers unknown");
        }
        const VersionWorkflowCounts counts = snapshot.workflowCounts.value(v.buildId);
        line += QStringLiteral(", open workflows: %1 pinned, %2 auto-upgrade")
                    .arg(countText(counts.pinned), countText(counts.autoUpgrade));
        QStringList queues;
        QList<VersionTaskQueue> versionQueues = snapshot.taskQueues(v.buildId);
        // The server lists them in a different order on every call.
        std::sort(versionQueues.begin(), versionQueues.end(),
                  [](const VersionTaskQueue &a, const VersionTaskQueue &b) {
                      return std::tie(a.name, a.type) < std::tie(b.name, b.type);
                  });
        for (const VersionTaskQueue &queue : versionQueues)
            queues << QStringLiteral("%1 (%2)").arg(queue.name, queue.type == 2 ? QStringLiteral("activity")
                                                                : queue.type == 3
                                                                    ? QStringLiteral("nexus")
                                                                    : QStringLiteral("workflow"));
        if (!queues.isEmpty())
            line += QStringLiteral("\n        task queues: ") + queues.join(QStringLiteral(", "));
        text += line + QLatin1Char('\n');
    }
    for (const auto &[error, what] :
         {std::pair{snapshot.detailsError, QStringLiteral("version details")},
          std::pair{snapshot.pollersError, QStringLiteral("pollers")},
          std::pair{snapshot.workflowCountsError, QStringLiteral("open workflow counts")}}) {
        if (error)
            text += QStringLiteral("  (%1 could not be read: %2)\n").arg(what, error->toString());
    }
    return text;
}

} // namespace

void CliRunner::checkDeploymentNamesThen(bool checkBuildId, const std::function<void()> &next)
{
    const QString &name = m_invocation.deploymentName;
    const QString &buildId = m_invocation.deploymentBuildId;
    const auto checkBuildIdThen = [this, name, buildId, checkBuildId, next] {
        const std::optional<QString> problem = checkBuildId && !buildId.isEmpty()
                                                   ? nameProblem(NameKind::DeploymentBuildId, buildId)
                                                   : std::nullopt;
        if (!problem) {
            next();
            return;
        }
        m_engine->readDeployment(
            this, name, DeploymentReader::Options(),
            [this, buildId, problem, next](const Result<DeploymentSnapshot> &snapshot) {
                if (!snapshot) {
                    fail(snapshot.error().message, snapshot.error().detail);
                    return;
                }
                if (!snapshot.value().deployment.version(buildId)) {
                    fail(QStringLiteral("not sent: new build ID: %1").arg(*problem),
                         QStringLiteral("the deployment has no such version; check for a "
                                        "typing mistake"));
                    return;
                }
                QTextStream(stderr) << "warning: " << *nameRuleWarning(NameKind::DeploymentBuildId, buildId)
                                    << '\n';
                next();
            });
    };
    const std::optional<QString> problem = nameProblem(NameKind::DeploymentName, name);
    if (!problem) {
        checkBuildIdThen();
        return;
    }
    m_engine->listDeployments(
        this, [this, name, problem, checkBuildIdThen](const Result<QList<WorkerDeploymentSummary>> &list) {
            if (!list) {
                fail(list.error().message, list.error().detail);
                return;
            }
            const bool exists = std::any_of(list.value().cbegin(), list.value().cend(),
                                            [&](const WorkerDeploymentSummary &d) { return d.name == name; });
            if (!exists) {
                fail(QStringLiteral("not sent: new deployment name: %1").arg(*problem),
                     QStringLiteral("the namespace has no such deployment; check for a typing mistake"));
                return;
            }
            QTextStream(stderr) << "warning: " << *nameRuleWarning(NameKind::DeploymentName, name) << '\n';
            checkBuildIdThen();
        });
}

void CliRunner::listDeployments()
{
    m_engine->listDeployments(this, [this](const Result<QList<WorkerDeploymentSummary>> &list) {
        if (!list) {
            fail(list.error().message, list.error().detail);
            return;
        }
        if (m_invocation.output == CliInvocation::Output::Json) {
            out(QString::fromUtf8(temporalCliListJson(list.value())));
        } else if (list.value().isEmpty()) {
            out(QStringLiteral("no worker deployments in namespace %1\n").arg(m_settings.namespaceName));
        } else {
            QString text;
            for (const WorkerDeploymentSummary &d : list.value())
                text += QStringLiteral("%1  %2  created %3\n")
                            .arg(nameForDisplay(d.name), d.routing.summary(), timeText(d.createTime));
            out(text);
        }
        done(0);
    });
}

void CliRunner::describeDeployment()
{
    m_engine->readDeployment(
        this, m_invocation.deploymentName, DeploymentReader::Options(),
        [this](const Result<DeploymentSnapshot> &snapshot) {
            if (!snapshot) {
                fail(snapshot.error().message, snapshot.error().detail);
                return;
            }
            if (m_invocation.output == CliInvocation::Output::Json)
                out(QString::fromUtf8(temporalCliDescribeJson(snapshot.value().deployment)));
            else
                out(deploymentText(snapshot.value(), m_settings.namespaceName));
            done(0);
        });
}

void CliRunner::describeDeploymentVersion()
{
    const DeploymentVersionRef version{m_invocation.deploymentName, m_invocation.deploymentBuildId};
    m_client->describeWorkerDeploymentVersion(
        this, version, [this](const Result<DeploymentVersionDetails> &details) {
            if (!details) {
                fail(details.error().message, details.error().detail);
                return;
            }
            const DeploymentVersionDetails &v = details.value();
            if (m_invocation.output == CliInvocation::Output::Json) {
                out(QString::fromUtf8(temporalCliDescribeVersionJson(v)));
                done(0);
                return;
            }
            QString text =
                QStringLiteral("Version %1 of worker deployment %2\n")
                    .arg(nameForDisplay(v.version.buildId), nameForDisplay(v.version.deploymentName));
            text += QStringLiteral("  status: %1\n").arg(deploymentVersionStatusName(v.status));
            if (v.drainage.status != DrainageStatus::Unspecified)
                text += QStringLiteral("  drainage: %1 (checked %2)\n")
                            .arg(drainageStatusName(v.drainage.status), timeText(v.drainage.lastCheckedTime));
            text += QStringLiteral("  created: %1\n").arg(timeText(v.createTime));
            if (v.currentSinceTime.isValid())
                text += QStringLiteral("  current since: %1\n").arg(timeText(v.currentSinceTime));
            if (v.rampingSinceTime.isValid())
                text += QStringLiteral("  ramping since: %1 (%2%)\n")
                            .arg(timeText(v.rampingSinceTime))
                            .arg(v.rampPercentage);
            for (const VersionTaskQueue &queue : v.taskQueues)
                text += QStringLiteral("  task queue: %1 (%2)\n")
                            .arg(queue.name, queue.type == 2   ? QStringLiteral("activity")
                                             : queue.type == 3 ? QStringLiteral("nexus")
                                                               : QStringLiteral("workflow"));
            for (auto it = v.metadata.cbegin(); it != v.metadata.cend(); ++it)
                text += QStringLiteral("  metadata %1 = %2\n")
                            .arg(it.key(),
                                 QString::fromUtf8(
                                     QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact))
                                     .mid(1)
                                     .chopped(1));
            out(text);
            done(0);
        });
}

void CliRunner::changeDeployment()
{
    // The history is opened before anything is sent, so that a change is never made unrecorded by surprise.
    openHistoryThen(!m_invocation.dryRun, [this] {
        if (m_historyError && m_invocation.yes && !m_invocation.dryRun) {
            fail(QStringLiteral("not sent: the history cannot be written: ") + m_historyError->toString(),
                 QStringLiteral("fix it, or pass --no-history to apply without recording the change"));
            return;
        }
        // The full read: the preview's warnings weigh pollers, task queues and open workflows.
        m_engine->readDeployment(this, m_invocation.deploymentName, DeploymentReader::Options(),
                                 [this](const Result<DeploymentSnapshot> &snapshot) {
                                     if (!snapshot) {
                                         fail(snapshot.error().message, snapshot.error().detail);
                                         return;
                                     }
                                     confirmAndApplyDeployment(snapshot.value());
                                 });
    });
}

void CliRunner::confirmAndApplyDeployment(const DeploymentSnapshot &snapshot)
{
    const DeploymentPreview preview = m_engine->previewDeployment(snapshot, m_invocation.deploymentOperation);
    const bool asJson = m_invocation.output == CliInvocation::Output::Json;
    m_previewJson = preview.toJson();
    if (!asJson)
        out(preview.toText());
    const auto finishJson = [this](const QJsonObject &extra) { printPreviewJson(extra); };
    if (const std::optional<Error> refused =
            newDeploymentNameError(snapshot.deployment, m_invocation.deploymentOperation)) {
        finishJson({});
        fail(refused->message, refused->detail);
        return;
    }
    if (preview.isBlocked()) {
        finishJson({});
        QStringList reasons;
        for (const DeploymentWarning &warning : preview.warnings()) {
            if (warning.kind == DeploymentWarning::Kind::WillFail)
                reasons << warning.text;
        }
        fail(QStringLiteral("not sent: ") + reasons.join(QStringLiteral("; ")));
        return;
    }
    if (m_invocation.dryRun) {
        finishJson({});
        done(0);
        return;
    }
    if (!confirmed(QStringLiteral("deployment ") + m_invocation.deploymentName))
        return;
    RolloutEngine::ApplyOptions options;
    options.reason = m_invocation.reason;
    options.source = HistoryContext::Source::Cli;
    options.confirmedName = m_confirmedName;
    m_engine->applyDeployment(
        this, preview, options,
        [this](const RolloutEngine::DeploymentApplyResult &result) { reportDeploymentOutcome(result); });
}

void CliRunner::reportDeploymentOutcome(const RolloutEngine::DeploymentApplyResult &applied)
{
    const DeploymentApplyOutcome &outcome = applied.outcome;
    const bool asJson = m_invocation.output == CliInvocation::Output::Json;
    const std::optional<qint64> recorded = applied.historyId;
    warnIfUnrecorded(outcome.summary(), applied.historyError);
    if (asJson) {
        QJsonObject result{{QStringLiteral("status"), ApplyOutcome::statusName(outcome.status)},
                           {QStringLiteral("matchesPreview"), outcome.matchesPreview},
                           {QStringLiteral("message"), outcome.summary()}};
        if (outcome.after) {
            // The token is only good for the next write; a report has no use for it.
            WorkerDeployment actual = *outcome.after;
            actual.conflictToken.clear();
            result.insert(QStringLiteral("actual"), workerDeploymentToJson(actual));
        }
        printOutcomeJson(result,
                         outcome.status != DeploymentApplyOutcome::Status::Applied || outcome.verifyFailed,
                         outcome.error, recorded);
    }
    const QString recordedText = recordedLine(recorded);
    if (outcome.status == DeploymentApplyOutcome::Status::Applied) {
        if (!asJson) {
            out(QStringLiteral("\n%1\n").arg(outcome.summary()));
            if (!outcome.matchesPreview && !outcome.verifyFailed && outcome.after)
                out(QStringLiteral(
                        "!! the deployment is not what the preview said:\n   expected %1\n   actual   %2\n")
                        .arg(outcome.predictedRouting.summary(), outcome.after->routing.summary()));
            out(recordedText);
        }
        done(0);
        return;
    }
    if (!asJson) {
        if (outcome.status == DeploymentApplyOutcome::Status::Stale && outcome.after)
            out(QStringLiteral(
                    "\nThe deployment changed meanwhile: it is now %1 (last modified by %2). Nothing "
                    "was overwritten; run the command again to preview the change on the new state.\n")
                    .arg(outcome.after->routing.summary(), outcome.after->lastModifierIdentity.isEmpty()
                                                               ? QStringLiteral("unknown")
                                                               : outcome.after->lastModifierIdentity));
        out(recordedText);
    }
    fail(outcome.summary(), outcome.error.detail);
}
