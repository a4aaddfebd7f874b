#include "windowdeployments.h"

#include "common/displaytext.h"
#include "common/namerules.h"
#include "deployments/deploymentdiff.h"
#include "deployments/deploymentnamecheck.h"
#include "deployments/deploymentpage.h"
#include "dialogs/deploymentpreviewdialog.h"
#include "history/historyservice.h"
#include "models/deploymentlistmodel.h"
#include "models/taskqueuelistmodel.h"
#include "session/namespacesession.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QTreeView>
#include <QVBoxLayout>

namespace {
// Deployments whose task queues are looked up for the queue list: each costs a describe per version.
constexpr int kMaxMappedDeployments = 20;

// The versions (build IDs, "" for the unversioned workers) whose routing or status differs between two reads.
QStringList touchedVersions(const WorkerDeployment &before, const WorkerDeployment &after)
{
    QStringList keys;
    auto add = [&keys](const QString &key) {
        if (!keys.contains(key))
            keys << key;
    };
    if (before.routing.currentBuildId != after.routing.currentBuildId) {
        add(before.routing.currentBuildId);
        add(after.routing.currentBuildId);
    }
    if (before.routing.hasRamp != after.routing.hasRamp ||
        before.routing.rampingBuildId != after.routing.rampingBuildId ||
        before.routing.rampingPercentage != after.routing.rampingPercentage) {
        if (before.routing.hasRamp)
            add(before.routing.rampingBuildId);
        if (after.routing.hasRamp)
            add(after.routing.rampingBuildId);
    }
    for (const DeploymentVersionSummary &version : after.versions) {
        const DeploymentVersionSummary *old = before.version(version.buildId);
        if (!old || old->status != version.status)
            add(version.buildId);
    }
    return keys;
}
} // namespace

WindowDeployments::WindowDeployments(TaskQueueListModel *queues, HistoryService *history, QWidget *window)
    : QObject(window)
    , m_queues(queues)
    , m_history(history)
    , m_window(window)
    , m_listPane(new QWidget(window))
    , m_caption(new QLabel(m_listPane))
    , m_listView(new QTreeView(m_listPane))
    , m_listModel(new DeploymentListModel(this))
    , m_pageWidget(new QWidget(window))
    , m_banner(new QLabel(m_pageWidget))
    , m_page(new DeploymentPage(m_pageWidget))
{
    auto *listLayout = new QVBoxLayout(m_listPane);
    listLayout->setContentsMargins(4, 0, 4, 4);
    m_caption->setObjectName(QStringLiteral("deploymentCaption"));
    m_caption->setWordWrap(true);
    m_caption->setText(tr("Worker deployments: not read yet"));
    listLayout->addWidget(m_caption);
    m_listView->setObjectName(QStringLiteral("deploymentList"));
    m_listView->setAccessibleName(tr("Worker deployments"));
    m_listView->setModel(m_listModel);
    m_listView->setRootIsDecorated(false);
    m_listView->setUniformRowHeights(true);
    m_listView->header()->setStretchLastSection(false);
    m_listView->header()->setSectionResizeMode(DeploymentListModel::NameColumn, QHeaderView::Stretch);
    // The left pane is narrow: the routing columns take what their text needs and the name the rest.
    m_listView->header()->setSectionResizeMode(DeploymentListModel::CurrentColumn,
                                               QHeaderView::ResizeToContents);
    m_listView->header()->setSectionResizeMode(DeploymentListModel::RampingColumn,
                                               QHeaderView::ResizeToContents);
    listLayout->addWidget(m_listView, 1);
    connect(m_listView, &QTreeView::activated, this, &WindowDeployments::onActivated);
    connect(m_listView, &QTreeView::clicked, this, &WindowDeployments::onActivated);

    auto *pageLayout = new QVBoxLayout(m_pageWidget);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    m_banner->setObjectName(QStringLiteral("deploymentBanner"));
    m_banner->setWordWrap(true);
    m_banner->setMargin(6);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::ToolTipBase);
    m_banner->setForegroundRole(QPalette::ToolTipText);
    m_banner->hide();
    pageLayout->addWidget(m_banner);
    m_page->setObjectName(QStringLiteral("deploymentPage"));
    pageLayout->addWidget(m_page, 1);
    connect(m_page, &DeploymentPage::operationRequested, this,
            [this](const DeploymentOperation &operation) { requestOperation(operation); });
    connect(m_page, &DeploymentPage::messagePosted, this, &WindowDeployments::messagePosted);
}

DeploymentPreviewDialog *WindowDeployments::previewDialog() const
{
    return m_preview;
}

QString WindowDeployments::captionText() const
{
    return m_caption->text();
}

QString WindowDeployments::bannerText() const
{
    return m_banner->isVisible() ? m_banner->text() : QString();
}

void WindowDeployments::setSession(NamespaceSession *session)
{
    m_session = session;
    m_listModel->clear();
    m_mappedDeployments.clear();
    m_banner->hide();
    m_reopenAfterRead.reset();
    m_restore.reset();
    m_highlighted.clear();
    m_page->setHighlighted({});
    if (!session) {
        m_caption->setText(tr("Worker deployments: not connected"));
        return;
    }
    m_page->setOwnIdentity(session->settings().identity);
    connect(session, &NamespaceSession::deploymentsListed, this, &WindowDeployments::onListed);
    connect(session, &NamespaceSession::deploymentRead, this, &WindowDeployments::onRead);
    connect(session, &NamespaceSession::deploymentChangedElsewhere, this,
            &WindowDeployments::onChangedElsewhere);
    connect(session, &NamespaceSession::deploymentApplyFinished, this, &WindowDeployments::onApplyFinished);
    listDeployments(); // also judges m_deploymentToJudge
    // Asked for before there was a session (the API key was still being read from the keychain).
    if (!m_deploymentWaitingForSession.isEmpty())
        openDeployment(std::exchange(m_deploymentWaitingForSession, QString()));
}

void WindowDeployments::listDeployments()
{
    if (!m_session)
        return;
    m_caption->setText(tr("Worker deployments: reading\u2026"));
    m_session->listDeployments();
}

void WindowDeployments::onListed(const Result<QList<WorkerDeploymentSummary>> &deployments)
{
    if (const QString name = std::exchange(m_deploymentToJudge, QString()); !name.isEmpty()) {
        // Without the list nobody can tell whether the odd name is new: nothing is opened (as the CLI does).
        const std::optional<Error> refused =
            deployments
                ? unlistedDeploymentNameError(name, deployments.value())
                : std::optional<Error>(Error(deployments.error().code,
                                             tr("not opened: %1 may be a new deployment name, and the "
                                                "list of deployments cannot be read: %2")
                                                 .arg(quotedForDisplay(name), deployments.error().message),
                                             deployments.error().detail));
        if (refused) {
            QString text = refused->toString();
            text[0] = text.at(0).toUpper();
            Q_EMIT messagePosted(text);
            Q_EMIT deploymentReadFailed(name, refused->toString());
        } else {
            openDeployment(name);
        }
    }
    if (!deployments) {
        // Said plainly: a namespace (or server) may serve version sets, deployments, both or neither.
        m_caption->setText(tr("Worker deployments: this namespace does not answer for them (%1)")
                               .arg(deployments.error().message));
        m_caption->setToolTip(deployments.error().toString());
        return;
    }
    m_listModel->setDeployments(deployments.value());
    m_caption->setToolTip(QString());
    m_caption->setText(deployments.value().isEmpty()
                           ? tr("Worker deployments: none in this namespace")
                           : tr("Worker deployments: %n", nullptr, int(deployments.value().size())));
    QStringList names;
    for (const WorkerDeploymentSummary &d : deployments.value())
        names << d.name;
    mapTaskQueues(names.mid(0, kMaxMappedDeployments));
}

void WindowDeployments::mapTaskQueues(const QStringList &names)
{
    if (!m_session)
        return;
    DeploymentReader::Options light;
    light.pollers = false;
    light.workflowCounts = false;
    for (const QString &name : names) {
        // Once per deployment and connection: every list read (each refresh) would otherwise describe every
        // version again. A deployment shown in full keeps it current through its own reads.
        if (m_mappedDeployments.contains(name))
            continue;
        m_mappedDeployments.insert(name);
        m_session->engine()->readDeployment(this, name, light,
                                            [this, name](const Result<DeploymentSnapshot> &snapshot) {
                                                if (snapshot)
                                                    noteTaskQueues(snapshot.value());
                                                else
                                                    m_mappedDeployments.remove(name);
                                            });
    }
}

void WindowDeployments::noteTaskQueues(const DeploymentSnapshot &snapshot)
{
    // Drained versions' queues may have moved to another deployment since; the live ones say where work goes.
    for (const DeploymentVersionSummary &version : snapshot.deployment.versions) {
        if (version.status == DeploymentVersionStatus::Drained)
            continue;
        for (const VersionTaskQueue &queue : snapshot.taskQueues(version.buildId))
            m_queues->setDeployment(queue.name, snapshot.deployment.name);
    }
}

void WindowDeployments::onActivated(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QString name = index.data(DeploymentListModel::NameRole).toString();
    if (m_session && name != m_session->currentDeployment())
        openDeployment(name);
}

void WindowDeployments::openDeployment(const QString &name)
{
    if (!m_session) {
        m_deploymentWaitingForSession = name;
        return;
    }
    if (name.isEmpty())
        return;
    const int row = m_listModel->rowOf(name);
    if (row >= 0)
        m_listView->setCurrentIndex(m_listModel->index(row, 0));
    if (name != m_session->currentDeployment()) {
        // Also after a task queue was shown (the session then has no current deployment): a restore never
        // resumes on a deployment the operator left.
        m_banner->hide();
        m_highlighted.clear();
        m_page->setHighlighted({});
        m_restore.reset();
    }
    Q_EMIT messagePosted(tr("Reading worker deployment %1\u2026").arg(name));
    m_session->selectDeployment(name);
    Q_EMIT busyChanged();
}

void WindowDeployments::openDeploymentByName(const QString &name)
{
    if (!nameProblem(NameKind::DeploymentName, name)) {
        openDeployment(name);
        return;
    }
    // Read afresh rather than from the list shown: it may be older than the deployment.
    m_deploymentToJudge = name;
    listDeployments();
}

void WindowDeployments::onRead(const QString &name, const Result<DeploymentSnapshot> &snapshot)
{
    Q_EMIT busyChanged();
    if (!snapshot) {
        Q_EMIT messagePosted(
            tr("Reading worker deployment %1 failed: %2").arg(name, snapshot.error().toString()));
        Q_EMIT deploymentReadFailed(name, snapshot.error().toString());
        return;
    }
    const DeploymentSnapshot &s = snapshot.value();
    m_page->setSnapshot(s);
    // Our own change read back with nothing else changed: what was highlighted is no longer the news.
    const bool changedElsewhere = std::exchange(m_changedThisRead, false);
    if (std::exchange(m_appliedSinceRead, false) && !changedElsewhere) {
        m_highlighted.clear();
        m_banner->hide();
    }
    m_page->setHighlighted(m_highlighted);
    m_listModel->updateDeployment(s.deployment);
    noteTaskQueues(s);
    Q_EMIT pageWanted();
    QStringList missing;
    if (s.pollersError)
        missing << tr("pollers unknown: %1").arg(s.pollersError->message);
    if (s.workflowCountsError)
        missing << tr("open workflows unknown: %1").arg(s.workflowCountsError->message);
    Q_EMIT messagePosted(
        tr("Read worker deployment %1 at %2%3")
            .arg(name, s.readAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                 missing.isEmpty() ? QString() : QStringLiteral("; ") + missing.join(QStringLiteral("; "))));
    if (m_reopenAfterRead && m_preview) {
        // The apply was stale: the same change, previewed on the deployment as it is now.
        const DeploymentOperation operation = *std::exchange(m_reopenAfterRead, std::nullopt);
        m_preview->showStale(m_session->previewDeployment(operation), m_staleChanges);
    }
    if (m_restore && (m_restore->entry.context.deploymentName != name))
        m_restore.reset();
    if (m_restore && m_restore->awaitingRead)
        continueRestore(s);
    Q_EMIT deploymentShown(name);
}

void WindowDeployments::onChangedElsewhere(const QString &name, const WorkerDeployment &before,
                                           const WorkerDeployment &after)
{
    const QStringList lines = deploymentDifferences(before, after);
    if (lines.isEmpty())
        return;
    m_banner->setText(tr("\u26a0 Worker deployment %1 changed outside this window (seen %2): %3")
                          .arg(name, QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")),
                               lines.join(QStringLiteral("; "))));
    m_banner->show();
    m_changedThisRead = true;
    // The page's new snapshot arrives with onRead right after this, which applies the highlight.
    m_highlighted = touchedVersions(before, after);
}

void WindowDeployments::requestOperation(const DeploymentOperation &operation, const QString &note,
                                         const QString &reason)
{
    // An operation chosen by hand ends a restore that was under way.
    m_restore.reset();
    openPreview(operation, note, reason);
}

void WindowDeployments::setChangesRefused(const QString &why)
{
    m_changesRefused = why;
    m_page->setChangesRefused(why);
}

void WindowDeployments::openPreview(const DeploymentOperation &operation, const QString &note,
                                    const QString &reason)
{
    if (!m_session || !m_session->deploymentSnapshot()) {
        Q_EMIT messagePosted(tr("Open a worker deployment first"));
        return;
    }
    if (!m_changesRefused.isEmpty()) {
        // The page's menus and drags say so already; this is for any other way in (a restore, a test).
        m_restore.reset();
        Q_EMIT messagePosted(m_changesRefused);
        return;
    }
    if (m_session->isApplying()) {
        Q_EMIT messagePosted(tr("Another change is being applied"));
        return;
    }
    if (!m_preview) {
        m_preview = new DeploymentPreviewDialog(m_window);
        m_preview->setObjectName(QStringLiteral("deploymentPreviewDialog"));
        connect(m_preview, &DeploymentPreviewDialog::applyRequested, this,
                [this](const DeploymentPreview &preview, const QString &typedReason) {
                    m_preview->showApplying();
                    RolloutEngine::ApplyOptions options;
                    options.reason = typedReason;
                    options.source = m_previewSource;
                    options.confirmedName = m_preview->confirmedName();
                    m_session->applyDeployment(preview, options);
                    Q_EMIT busyChanged();
                });
        // Closing the dialog ends a restore, unless its next step is about to be shown.
        connect(m_preview, &QDialog::rejected, this, [this] {
            if (m_restore && !m_restore->awaitingRead) {
                Q_EMIT messagePosted(tr("Restore stopped after %n step(s)", nullptr, m_restore->applied));
                m_restore.reset();
            }
        });
    }
    m_previewSource = m_restore ? HistoryContext::Source::Restore : HistoryContext::Source::Window;
    m_preview->setPreviewBuilder(
        [session = m_session](const DeploymentOperation &op) { return session->previewDeployment(op); });
    m_preview->setPreview(m_session->previewDeployment(operation));
    const QString protection = m_session->settings().safety.deploymentProtection(m_session->namespaceName(),
                                                                                 operation.deploymentName);
    m_preview->requireName(protection.isEmpty() ? QString() : operation.deploymentName, protection);
    m_preview->setContextNote(note);
    m_preview->setReason(reason);
    const QString problem = m_history->isOpen() || !m_historyProblem.isEmpty()
                                ? m_historyProblem
                                : tr("the history is still being opened");
    m_preview->setHistoryStatus(m_history->location().describe(), problem);
    m_preview->open();
}

void WindowDeployments::onApplyFinished(const QString &name,
                                        const RolloutEngine::DeploymentApplyResult &result)
{
    const DeploymentApplyOutcome &outcome = result.outcome;
    Q_EMIT busyChanged();
    Q_EMIT messagePosted(result.historyId ? tr("%1: %2; recorded in the history as entry #%3")
                                                .arg(outcome.operation.summary(), outcome.summary())
                                                .arg(*result.historyId)
                                          : tr("%1: %2").arg(outcome.operation.summary(), outcome.summary()));
    Q_EMIT attemptFinished(name, outcome, result.historyId.value_or(0));
    m_appliedSinceRead = outcome.status == DeploymentApplyOutcome::Status::Applied;
    if (m_restore) {
        if (outcome.status == DeploymentApplyOutcome::Status::Applied) {
            ++m_restore->applied;
            m_restore->awaitingRead = true;
        } else {
            m_restore.reset();
        }
    }
    if (!m_preview)
        return;
    m_preview->showOutcome(outcome);
    if (outcome.status == DeploymentApplyOutcome::Status::Stale) {
        // The session reads the deployment again after every apply; the preview reopens on that read.
        m_reopenAfterRead = outcome.operation;
        m_staleChanges =
            outcome.after ? deploymentDifferences(outcome.before, *outcome.after) : QStringList();
    }
}

QString WindowDeployments::restoreNote(const DeploymentRestorePlan &plan) const
{
    const RestoreRun &run = *m_restore;
    QString note =
        tr("Restoring deployment %1 to its routing after history entry #%2 (%3): step %4 of %5.\n"
           "When done it will route: %6")
            .arg(run.entry.context.deploymentName)
            .arg(run.entry.id)
            .arg(run.entry.recordedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
            .arg(run.applied + 1)
            .arg(run.applied + plan.operations.size())
            .arg(plan.closest.summary());
    for (const DeploymentRestorePlan::Limitation &limitation : plan.limitations)
        note += QStringLiteral("\n\u26a0 ") + limitation.text;
    return note;
}

void WindowDeployments::restoreRouting(const HistoryEntry &entry, const DeploymentRestorePlan &plan)
{
    if (!m_session || !m_session->deploymentSnapshot() ||
        entry.context.deploymentName != m_session->currentDeployment()) {
        Q_EMIT messagePosted(
            tr("Open worker deployment %1 first to restore its routing").arg(entry.context.deploymentName));
        return;
    }
    if (plan.operations.isEmpty()) {
        QStringList lines{plan.reachesTarget()
                              ? tr("%1 already routes as it did after entry #%2.")
                                    .arg(entry.context.deploymentName)
                                    .arg(entry.id)
                              : tr("No operation brings %1 closer to its routing after entry #%2.")
                                    .arg(entry.context.deploymentName)
                                    .arg(entry.id)};
        for (const DeploymentRestorePlan::Limitation &limitation : plan.limitations)
            lines << limitation.text;
        QMessageBox::information(m_window, tr("Restore this state"), lines.join(QStringLiteral("\n\n")));
        return;
    }
    m_restore = RestoreRun{entry, plan.target, 0, false};
    // Planned again from the deployment as last read: the panel's plan may be from an older read.
    const DeploymentRestorePlan fresh =
        planDeploymentRestore(m_session->deploymentSnapshot()->deployment, plan.target);
    if (fresh.operations.isEmpty()) {
        continueRestore(*m_session->deploymentSnapshot());
        return;
    }
    openPreview(fresh.operations.first(), restoreNote(fresh),
                tr("Restore to history entry #%1").arg(entry.id));
}

void WindowDeployments::continueRestore(const DeploymentSnapshot &snapshot)
{
    m_restore->awaitingRead = false;
    // Planned again from the deployment as it is now: whatever happened meanwhile is taken into account.
    const DeploymentRestorePlan plan = planDeploymentRestore(snapshot.deployment, m_restore->target);
    if (plan.operations.isEmpty()) {
        QString done =
            (plan.reachesTarget()
                 ? tr("Restore finished in %n step(s): %1 routes again as after history entry #%2.", nullptr,
                      m_restore->applied)
                 : tr("Restore finished in %n step(s): %1 routes as close as possible to how it "
                      "did after history entry #%2.",
                      nullptr, m_restore->applied))
                .arg(m_restore->entry.context.deploymentName)
                .arg(m_restore->entry.id);
        for (const DeploymentRestorePlan::Limitation &limitation : plan.limitations)
            done += QStringLiteral("\n\u26a0 ") + limitation.text;
        m_restore.reset();
        Q_EMIT messagePosted(done.section(QLatin1Char('\n'), 0, 0));
        if (m_preview && m_preview->isVisible())
            m_preview->setContextNote(done);
        return;
    }
    openPreview(plan.operations.first(), restoreNote(plan), m_preview ? m_preview->reason() : QString());
}
