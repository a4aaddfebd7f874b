#include "historypanel.h"

#include "dialogs/previewparts.h"

#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "history/historyexport.h"
#include "history/historyservice.h"
#include "historyentrymodel.h"
#include "versionsets/versionsetchange.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {
// More than a person scrolls through; the status line says when the list was cut.
constexpr int kListLimit = 2000;
// Operation filter value for observed changes (the operation kinds are 0…4).
constexpr int kObservedOperation = 100;
// Operation filter values for deployment operations: this plus DeploymentOperation::Kind.
constexpr int kDeploymentOperation = 200;
// Model filter values (the models are HistoryContext::Model).
constexpr int kBothModels = -1;

QString versionText(const QString &buildId)
{
    return buildId.isEmpty() ? QCoreApplication::translate("HistoryPanel", "the unversioned worker pool")
                             : buildId;
}

// A share of new workflows as a bar a screen reader can skip and a person reads at a glance.
QString shareBar(double percentage)
{
    constexpr int kWidth = 20;
    const int filled = int(std::lround(std::clamp(percentage, 0.0, 100.0) * kWidth / 100));
    return QString(filled, QChar(0x2588)) + QString(kWidth - filled, QChar(0x2591));
}

QString routingHtml(const WorkerDeployment &deployment)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("HistoryPanel", text); };
    const DeploymentRouting &routing = deployment.routing;
    QStringList lines;
    lines << QStringLiteral("<b>%1</b> %2")
                 .arg(tr("Current:"), versionText(routing.currentBuildId).toHtmlEscaped());
    lines << QStringLiteral("<b>%1</b> %2")
                 .arg(tr("Ramping:"), routing.hasRamp
                                          ? tr("%1 at %2%")
                                                .arg(versionText(routing.rampingBuildId).toHtmlEscaped(),
                                                     percentageText(routing.rampingPercentage))
                                          : tr("none"));
    const QMap<QString, double> shares = routing.sharesOfNewWorkflows();
    QStringList bars;
    for (auto it = shares.cbegin(); it != shares.cend(); ++it)
        bars << QStringLiteral("%1 %2 %3%")
                    .arg(shareBar(it.value()), versionText(it.key()).toHtmlEscaped(),
                         percentageText(it.value()));
    lines << QStringLiteral("<b>%1</b><br><tt>%2</tt>")
                 .arg(tr("New workflows:"), bars.join(QStringLiteral("<br>")));
    QStringList versions;
    for (const DeploymentVersionSummary &version : deployment.versions)
        versions << QStringLiteral("%1 %2").arg(version.buildId.toHtmlEscaped(),
                                                deploymentVersionStatusName(version.status));
    lines << QStringLiteral("<b>%1</b> %2")
                 .arg(tr("Versions:"), versions.isEmpty() ? tr("none") : versions.join(QStringLiteral(", ")));
    if (!deployment.managerIdentity.isEmpty())
        lines
            << QStringLiteral("<b>%1</b> %2").arg(tr("Manager:"), deployment.managerIdentity.toHtmlEscaped());
    lines << QStringLiteral("<b>%1</b> %2 (%3)")
                 .arg(tr("Last changed by:"),
                      deployment.lastModifierIdentity.isEmpty()
                          ? tr("unknown")
                          : deployment.lastModifierIdentity.toHtmlEscaped(),
                      tr("routing revision %1").arg(routing.revisionNumber));
    return lines.join(QStringLiteral("<br>"));
}

// What differs between two states of a deployment, in sentences; "first seen" when there is no before.
QStringList deploymentChanges(const std::optional<WorkerDeployment> &before, const WorkerDeployment &after,
                              QStringList *changedVersions)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("HistoryPanel", text); };
    QStringList lines;
    if (!before) {
        lines << tr("First seen: %1.").arg(after.routing.summary());
        return lines;
    }
    const DeploymentRouting &a = before->routing;
    const DeploymentRouting &b = after.routing;
    if (a.currentBuildId != b.currentBuildId) {
        lines << tr("Current version: %1 → %2.")
                     .arg(versionText(a.currentBuildId), versionText(b.currentBuildId));
        *changedVersions << a.currentBuildId << b.currentBuildId;
    }
    DeploymentRouting rampA = a;
    DeploymentRouting rampB = b;
    rampA.currentBuildId = rampB.currentBuildId;
    if (!rampA.sameRouting(rampB)) {
        const auto ramp = [&tr](const DeploymentRouting &r) {
            return r.hasRamp ? tr("%1 at %2%")
                                   .arg(versionText(r.rampingBuildId), percentageText(r.rampingPercentage))
                             : tr("none");
        };
        lines << tr("Ramp: %1 → %2.").arg(ramp(a), ramp(b));
        if (a.hasRamp)
            *changedVersions << a.rampingBuildId;
        if (b.hasRamp)
            *changedVersions << b.rampingBuildId;
    }
    for (const DeploymentVersionSummary &version : after.versions) {
        const DeploymentVersionSummary *was = before->version(version.buildId);
        if (!was)
            lines << tr("Version %1 appeared (%2).")
                         .arg(version.buildId, deploymentVersionStatusName(version.status));
        else if (was->status != version.status)
            lines << tr("Version %1: %2 → %3.")
                         .arg(version.buildId, deploymentVersionStatusName(was->status),
                              deploymentVersionStatusName(version.status));
        else
            continue;
        *changedVersions << version.buildId;
    }
    for (const DeploymentVersionSummary &version : before->versions) {
        if (!after.version(version.buildId)) {
            lines << tr("Version %1 is gone (deleted).").arg(version.buildId);
            *changedVersions << version.buildId;
        }
    }
    if (before->managerIdentity != after.managerIdentity)
        lines << tr("Manager identity: %1 → %2.")
                     .arg(before->managerIdentity.isEmpty() ? tr("none") : before->managerIdentity,
                          after.managerIdentity.isEmpty() ? tr("none") : after.managerIdentity);
    if (a.revisionNumber != b.revisionNumber)
        lines << tr("Routing revision %1 → %2.").arg(a.revisionNumber).arg(b.revisionNumber);
    changedVersions->removeDuplicates();
    return lines;
}

QString localTime(const QDateTime &time)
{
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QStringList changedIds(const VersionSets &before, const VersionSets &after, QStringList *lines)
{
    QStringList ids;
    for (const VersionSetChange &change : diffVersionSets(before, after)) {
        ids << change.buildIds;
        if (lines)
            *lines << change.text;
    }
    ids.removeDuplicates();
    return ids;
}

VersionSetGraphView *readOnlyView(VersionSetGraphScene *scene, const QString &name, QWidget *parent)
{
    auto *view = new VersionSetGraphView(scene, parent);
    view->setReadOnly(true);
    view->setMinimumSize(200, 90);
    view->setAccessibleName(name);
    return view;
}

Result<Done> writeAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error{ErrorCode::Internal,
                     QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    return Done{};
}
} // namespace

HistoryPanel::HistoryPanel(HistoryService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_scope(new QComboBox(this))
    , m_person(new QLineEdit(this))
    , m_operation(new QComboBox(this))
    , m_outcome(new QComboBox(this))
    , m_period(new QComboBox(this))
    , m_modelBox(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_model(new HistoryEntryModel(this))
    , m_timeline(new QTreeView(this))
    , m_caption(new QLabel(this))
    , m_beforeCaption(new QLabel(this))
    , m_afterCaption(new QLabel(this))
    , m_beforeScene(new VersionSetGraphScene(this))
    , m_afterScene(new VersionSetGraphScene(this))
    , m_beforeView(readOnlyView(m_beforeScene, QStringLiteral("History: before"), this))
    , m_afterView(readOnlyView(m_afterScene, QStringLiteral("History: after"), this))
    , m_beforeRouting(new QLabel(this))
    , m_afterRouting(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_restore(new QPushButton(QStringLiteral("&Restore this state\u2026"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    // Filters and export.
    auto *filters = new QHBoxLayout;
    m_scope->setObjectName(QStringLiteral("historyScope"));
    m_scope->setAccessibleName(QStringLiteral("History of"));
    m_scope->addItem(QStringLiteral("This queue"), 0);
    m_scope->addItem(tr("All queues and deployments"), 1);
    m_modelBox->setObjectName(QStringLiteral("historyModel"));
    m_modelBox->setAccessibleName(tr("Filter by model"));
    m_modelBox->addItem(tr("Both models"), kBothModels);
    m_modelBox->addItem(tr("Version sets"), int(HistoryContext::Model::VersionSets));
    m_modelBox->addItem(tr("Deployments"), int(HistoryContext::Model::Deployment));
    m_person->setObjectName(QStringLiteral("historyPerson"));
    m_person->setPlaceholderText(QStringLiteral("Person (OS user or identity)"));
    m_person->setAccessibleName(QStringLiteral("Filter by person"));
    m_person->setClearButtonEnabled(true);
    m_operation->setObjectName(QStringLiteral("historyOperation"));
    m_operation->setAccessibleName(QStringLiteral("Filter by operation"));
    m_operation->addItem(QStringLiteral("Any change"), -1);
    for (BuildIdOperation::Kind kind :
         {BuildIdOperation::Kind::AddNewDefault, BuildIdOperation::Kind::AddNewCompatible,
          BuildIdOperation::Kind::PromoteSet, BuildIdOperation::Kind::PromoteIdInSet,
          BuildIdOperation::Kind::MergeSets}) {
        BuildIdOperation probe;
        probe.kind = kind;
        m_operation->addItem(probe.commandName(), int(kind));
    }
    for (DeploymentOperation::Kind kind :
         {DeploymentOperation::Kind::SetCurrent, DeploymentOperation::Kind::SetRamping,
          DeploymentOperation::Kind::StopRamping, DeploymentOperation::Kind::DeleteVersion,
          DeploymentOperation::Kind::UpdateMetadata, DeploymentOperation::Kind::SetManager})
        m_operation->addItem(DeploymentOperation::kindName(kind), kDeploymentOperation + int(kind));
    m_operation->addItem(QStringLiteral("changed elsewhere"), kObservedOperation);
    m_outcome->setObjectName(QStringLiteral("historyOutcome"));
    m_outcome->setAccessibleName(QStringLiteral("Filter by outcome"));
    m_outcome->addItem(QStringLiteral("Any outcome"), -1);
    for (HistoryEntry::Outcome outcome :
         {HistoryEntry::Outcome::Applied, HistoryEntry::Outcome::Rejected, HistoryEntry::Outcome::Unknown,
          HistoryEntry::Outcome::Stale, HistoryEntry::Outcome::NotSent, HistoryEntry::Outcome::Observed})
        m_outcome->addItem(HistoryEntry::outcomeName(outcome), int(outcome));
    m_period->setObjectName(QStringLiteral("historyPeriod"));
    m_period->setAccessibleName(QStringLiteral("Filter by time"));
    m_period->addItem(QStringLiteral("Any time"), 0);
    m_period->addItem(QStringLiteral("Last hour"), 3600);
    m_period->addItem(QStringLiteral("Last 24 hours"), 86400);
    m_period->addItem(QStringLiteral("Last 7 days"), 7 * 86400);
    m_period->addItem(QStringLiteral("Last 30 days"), 30 * 86400);
    // One Export button with a menu, and combo boxes that may elide their longest items: the row used to set
    // the whole window's minimum width to 942 px, so it could not be made 800x600.
    auto *exportButton = new QPushButton(QStringLiteral("E&xport"), this);
    exportButton->setObjectName(QStringLiteral("historyExport"));
    auto *exportMenu = new QMenu(exportButton);
    QAction *exportCsv = exportMenu->addAction(QStringLiteral("CS&V\u2026"));
    QAction *exportJson = exportMenu->addAction(QStringLiteral("JSO&N\u2026"));
    exportButton->setMenu(exportMenu);
    for (QComboBox *box : {m_scope, m_operation, m_outcome, m_period}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(9);
    }
    filters->addWidget(m_scope);
    filters->addWidget(m_modelBox);
    filters->addWidget(m_person, 1);
    filters->addWidget(m_operation);
    filters->addWidget(m_outcome);
    filters->addWidget(m_period);
    filters->addStretch();
    filters->addWidget(exportButton);
    layout->addLayout(filters);

    m_status->setObjectName(QStringLiteral("historyStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_timeline->setObjectName(QStringLiteral("historyTimeline"));
    m_timeline->setAccessibleName(QStringLiteral("Rollout history"));
    m_timeline->setModel(m_model);
    m_timeline->setRootIsDecorated(false);
    m_timeline->setUniformRowHeights(true);
    m_timeline->setAllColumnsShowFocus(true);
    m_timeline->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_timeline->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timeline->header()->setStretchLastSection(true);
    const int digit = m_timeline->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_timeline->setColumnWidth(HistoryEntryModel::WhenColumn, 21 * digit);
    m_timeline->setColumnWidth(HistoryEntryModel::ModelColumn, 11 * digit);
    m_timeline->setColumnWidth(HistoryEntryModel::QueueColumn, 10 * digit);
    m_timeline->setColumnWidth(HistoryEntryModel::WhatColumn, 24 * digit);
    m_timeline->setColumnWidth(HistoryEntryModel::OutcomeColumn, 11 * digit);
    m_timeline->setColumnWidth(HistoryEntryModel::WhoColumn, 8 * digit);
    splitter->addWidget(m_timeline);

    auto *detailPane = new QWidget(splitter);
    auto *detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_caption->setObjectName(QStringLiteral("historyCaption"));
    m_caption->setWordWrap(true);
    QFont bold = m_caption->font();
    bold.setBold(true);
    m_caption->setFont(bold);
    detailLayout->addWidget(m_caption);
    // Graphs and facts scroll when the dock is low, so that the restore button below never has to draw
    // over whatever is under the dock (the window's status bar at 800x600).
    auto *scroll = new QScrollArea(detailPane);
    scroll->setObjectName(QStringLiteral("historyDetailScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *scrolled = new QWidget(scroll);
    auto *scrolledLayout = new QVBoxLayout(scrolled);
    scrolledLayout->setContentsMargins(0, 0, 0, 0);
    // Stacked, so that each graph gets the pane's full width.
    for (auto [caption, view, routing] : {std::tuple{m_beforeCaption, m_beforeView, m_beforeRouting},
                                          std::tuple{m_afterCaption, m_afterView, m_afterRouting}}) {
        caption->setWordWrap(true);
        scrolledLayout->addWidget(caption);
        scrolledLayout->addWidget(view, 1);
        // A deployment's routing as text, in place of the graph (shown for deployment entries only).
        routing->setWordWrap(true);
        routing->setTextFormat(Qt::RichText);
        routing->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        routing->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        routing->hide();
        scrolledLayout->addWidget(routing);
    }
    m_beforeRouting->setObjectName(QStringLiteral("historyBeforeRouting"));
    m_beforeRouting->setAccessibleName(tr("History: routing before"));
    m_afterRouting->setObjectName(QStringLiteral("historyAfterRouting"));
    m_afterRouting->setAccessibleName(tr("History: routing after"));
    m_detail->setObjectName(QStringLiteral("historyDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::RichText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_detail->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    scrolledLayout->addWidget(m_detail);
    // Takes the room the hidden graphs leave when a deployment's routing is shown as text; the graphs, with
    // their stretch, take it back when shown.
    scrolledLayout->addStretch();
    scroll->setWidget(scrolled);
    detailLayout->addWidget(scroll, 1);
    auto *restoreRow = new QHBoxLayout;
    restoreRow->addStretch();
    m_restore->setObjectName(QStringLiteral("restoreState"));
    restoreRow->addWidget(m_restore);
    detailLayout->addLayout(restoreRow);
    splitter->addWidget(detailPane);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({600, 500});
    layout->addWidget(splitter, 1);

    connect(m_scope, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_modelBox, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_person, &QLineEdit::textChanged, this, &HistoryPanel::reload);
    connect(m_operation, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_period, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_timeline->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HistoryPanel::updateDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryPanel::updateDetail);
    connect(m_restore, &QPushButton::clicked, this, [this] {
        const QList<HistoryEntry> selected = selectedEntries();
        if (selected.size() != 1)
            return;
        if (!selected.first().isDeployment()) {
            Q_EMIT restoreRequested(selected.first());
            return;
        }
        if (const std::optional<DeploymentRestorePlan> plan = deploymentRestorePlan();
            plan && !plan->operations.isEmpty())
            Q_EMIT deploymentRestoreRequested(selected.first(), *plan);
    });
    connect(exportCsv, &QAction::triggered, this, [this] {
        exportTo(QStringLiteral("Export history as CSV"), QStringLiteral("CSV (*.csv)"),
                 QStringLiteral("csv"), true);
    });
    connect(exportJson, &QAction::triggered, this, [this] {
        exportTo(QStringLiteral("Export history as JSON"), QStringLiteral("JSON (*.json)"),
                 QStringLiteral("json"), false);
    });
    connect(m_service, &HistoryService::opened, this, &HistoryPanel::reload);
    connect(m_service, &HistoryService::written, this, &HistoryPanel::reload);
    connect(m_service, &HistoryService::openFailed, this, [this](const Error &error) {
        ++m_generation;
        m_model->setEntries({});
        m_status->setText(
            QStringLiteral("\u26a0 The rollout history cannot be read: %1").arg(error.toString()));
        Q_EMIT loaded(0);
    });
    m_beforeView->installEventFilter(this);
    m_afterView->installEventFilter(this);
    m_status->setText(QStringLiteral("Opening the rollout history\u2026"));
    updateDetail();
}

QAbstractButton *HistoryPanel::restoreButton() const
{
    return m_restore;
}

void HistoryPanel::setCurrentQueue(const QString &serverAddress, const QString &namespaceName,
                                   const QString &taskQueue)
{
    if (serverAddress == m_serverAddress && namespaceName == m_namespaceName && taskQueue == m_taskQueue &&
        m_deploymentName.isEmpty())
        return;
    m_serverAddress = serverAddress;
    m_namespaceName = namespaceName;
    m_taskQueue = taskQueue;
    m_deploymentName.clear();
    m_currentDeployment.reset();
    m_scope->setItemText(0, tr("This queue"));
    reload();
}

void HistoryPanel::setCurrentDeployment(const QString &serverAddress, const QString &namespaceName,
                                        const QString &deploymentName,
                                        const std::optional<WorkerDeployment> &current)
{
    m_currentDeployment = current;
    m_scope->setItemText(0, tr("This deployment"));
    if (serverAddress == m_serverAddress && namespaceName == m_namespaceName &&
        deploymentName == m_deploymentName && m_taskQueue.isEmpty()) {
        // Same deployment, newer state: only what restore would plan changes.
        updateRestoreButton();
        return;
    }
    m_serverAddress = serverAddress;
    m_namespaceName = namespaceName;
    m_deploymentName = deploymentName;
    m_taskQueue.clear();
    reload();
}

HistoryFilter HistoryPanel::filter() const
{
    HistoryFilter filter;
    filter.serverAddress = m_serverAddress;
    filter.namespaceName = m_namespaceName;
    if (m_scope->currentData().toInt() == 0) {
        filter.taskQueue = m_taskQueue;
        filter.deploymentName = m_deploymentName;
    }
    if (const int model = m_modelBox->currentData().toInt(); model != kBothModels)
        filter.model = HistoryContext::Model(model);
    filter.person = m_person->text().trimmed();
    const int operation = m_operation->currentData().toInt();
    if (operation == kObservedOperation)
        filter.kind = HistoryEntry::Kind::Observed;
    else if (operation >= kDeploymentOperation)
        filter.deploymentOperation = DeploymentOperation::Kind(operation - kDeploymentOperation);
    else if (operation >= 0)
        filter.operation = BuildIdOperation::Kind(operation);
    const int outcome = m_outcome->currentData().toInt();
    if (outcome >= 0)
        filter.outcome = HistoryEntry::Outcome(outcome);
    const int seconds = m_period->currentData().toInt();
    if (seconds > 0)
        filter.since = QDateTime::currentDateTimeUtc().addSecs(-seconds);
    filter.limit = kListLimit;
    return filter;
}

void HistoryPanel::reload()
{
    const quint64 generation = ++m_generation;
    if (!m_service->isOpen())
        return; // opened() or openFailed() follows.
    const HistoryFilter query = filter();
    if (m_scope->currentData().toInt() == 0 && m_taskQueue.isEmpty() && m_deploymentName.isEmpty()) {
        // "This queue" with no queue shown: an empty filter would list every queue under that label.
        m_model->setEntries({});
        m_status->setText(tr("No task queue or deployment is shown: open one to see its history, or choose "
                             "\"All queues and deployments\"."));
        Q_EMIT loaded(0);
        return;
    }
    m_service->query(this, query, [this, generation](const Result<QList<HistoryEntry>> &entries) {
        if (generation != m_generation)
            return; // A newer query is under way.
        if (!entries) {
            m_model->setEntries({});
            m_status->setText(QStringLiteral("\u26a0 The rollout history cannot be read: %1")
                                  .arg(entries.error().toString()));
            Q_EMIT loaded(0);
            return;
        }
        showEntries(entries.value());
        Q_EMIT loaded(int(entries.value().size()));
    });
}

void HistoryPanel::showEntries(const QList<HistoryEntry> &entries)
{
    // Keep the selection across reloads (a write elsewhere must not lose the reviewer's place).
    QList<qint64> selected;
    for (const HistoryEntry &entry : selectedEntries())
        selected << entry.id;
    const qint64 current =
        m_timeline->currentIndex().isValid() ? m_model->entry(m_timeline->currentIndex().row()).id : 0;
    m_model->setEntries(entries);
    for (qint64 id : selected) {
        const int row = m_model->rowOf(id);
        if (row >= 0)
            m_timeline->selectionModel()->select(m_model->index(row, 0),
                                                 QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    if (const int row = m_model->rowOf(current); row >= 0)
        m_timeline->selectionModel()->setCurrentIndex(m_model->index(row, 0), QItemSelectionModel::NoUpdate);

    const HistoryFilter shown = filter();
    QString scope;
    if (!shown.taskQueue.isEmpty()) {
        scope = shown.taskQueue;
    } else if (!shown.deploymentName.isEmpty()) {
        scope = tr("deployment %1").arg(shown.deploymentName);
    } else {
        const QString all = !shown.model ? tr("all queues and deployments")
                            : *shown.model == HistoryContext::Model::Deployment ? tr("all deployments")
                                                                                : tr("all queues");
        scope = m_namespaceName.isEmpty() ? all : tr("%1 of %2").arg(all, m_namespaceName);
    }
    if (entries.isEmpty()) {
        const bool filtered = !shown.person.isEmpty() || shown.operation || shown.kind || shown.outcome ||
                              shown.since.isValid() || shown.model || shown.deploymentOperation;
        m_status->setText(filtered
                              ? QStringLiteral("No entries for %1 match the filters.").arg(scope)
                              : QStringLiteral("No history for %1 yet: changes applied here or with "
                                               "versionscope-cli, and changes seen on refresh, appear here.")
                                    .arg(scope));
        return;
    }
    m_status->setText(
        entries.size() >= kListLimit
            ? QStringLiteral("The newest %1 entries of %2 (narrow the filters to see older ones)")
                  .arg(entries.size())
                  .arg(scope)
            : QStringLiteral("%1 %2 of %3 in %4")
                  .arg(entries.size())
                  .arg(entries.size() == 1 ? QStringLiteral("entry") : QStringLiteral("entries"), scope,
                       m_service->location().describe()));
}

QList<HistoryEntry> HistoryPanel::selectedEntries() const
{
    QList<HistoryEntry> entries;
    for (const QModelIndex &index : m_timeline->selectionModel()->selectedRows())
        entries << m_model->entry(index.row());
    std::sort(entries.begin(), entries.end(), [](const HistoryEntry &a, const HistoryEntry &b) {
        return a.recordedAt != b.recordedAt ? a.recordedAt < b.recordedAt : a.id < b.id;
    });
    return entries;
}

void HistoryPanel::showRoutingPanes(bool routing)
{
    m_beforeView->setVisible(!routing);
    m_afterView->setVisible(!routing);
    m_beforeRouting->setVisible(routing);
    m_afterRouting->setVisible(routing);
    if (!routing) {
        m_beforeRouting->clear();
        m_afterRouting->clear();
    }
}

void HistoryPanel::showDeploymentEntry(const HistoryEntry &entry)
{
    showRoutingPanes(true);
    m_beforeScene->setSets({});
    m_afterScene->setSets({});
    const std::optional<WorkerDeployment> after = entry.knownDeployment();
    m_caption->setText(
        tr("#%1 %2 on deployment %3, %4")
            .arg(entry.id)
            .arg(historyWhatText(entry), entry.context.deploymentName, localTime(entry.recordedAt)));
    m_beforeCaption->setText(entry.kind == HistoryEntry::Kind::Observed ? tr("Before (the state last known)")
                                                                        : tr("Before"));
    m_afterCaption->setText(after ? tr("As it was right after")
                                  : tr("After: unknown (no read has settled it yet)"));
    m_beforeRouting->setText(entry.deploymentBefore ? routingHtml(*entry.deploymentBefore)
                                                    : tr("Not seen before: this is the first sight of it."));
    m_afterRouting->setText(after ? routingHtml(*after) : QString());

    QStringList facts;
    const auto fact = [&facts](const QString &label, const QString &value) {
        facts << QStringLiteral("<b>%1</b> %2").arg(label, value.toHtmlEscaped());
    };
    if (entry.kind == HistoryEntry::Kind::Observed)
        fact(tr("Who:"),
             tr("%1 (the deployment's last modifier identity); seen by a refresh of %2")
                 .arg(entry.changedBy().isEmpty() ? tr("unknown") : entry.changedBy(), entry.context.osUser));
    else
        fact(tr("Who:"), entry.context.identity.isEmpty()
                             ? entry.context.osUser
                             : tr("%1 (identity %2)").arg(entry.context.osUser, entry.context.identity));
    fact(tr("Where:"), tr("%1, namespace %2, via %3")
                           .arg(entry.context.serverAddress, entry.context.namespaceName,
                                HistoryContext::sourceName(entry.context.source)));
    if (entry.deploymentOperation)
        fact(tr("Operation:"), entry.deploymentOperation->summary());
    if (!entry.reason.isEmpty())
        fact(tr("Reason:"), entry.reason);
    QString outcome = historyOutcomeText(entry);
    if (entry.matchedPreview)
        outcome += *entry.matchedPreview ? tr("; the deployment matched the preview")
                                         : tr("; the deployment did NOT match the preview");
    if (entry.settledAt.isValid())
        outcome += tr("; settled by a read at %1").arg(localTime(entry.settledAt));
    fact(tr("Outcome:"), outcome);
    if (!entry.errorCode.isEmpty() || !entry.errorMessage.isEmpty())
        fact(tr("Error:"), entry.errorCode + QStringLiteral(": ") + entry.errorMessage);
    QStringList changed;
    QStringList lines = after ? deploymentChanges(entry.deploymentBefore, *after, &changed) : QStringList();
    if (lines.isEmpty())
        lines << (after ? tr("Nothing changed.") : tr("Not known yet."));
    m_detail->setText(facts.join(QStringLiteral("<br>")) +
                      QStringLiteral("<br><b>%1</b>").arg(tr("Changes")) + PreviewParts::bulletList(lines));
}

void HistoryPanel::compareDeploymentEntries(const HistoryEntry &older, const HistoryEntry &newer)
{
    showRoutingPanes(true);
    m_beforeScene->setSets({});
    m_afterScene->setSets({});
    const std::optional<WorkerDeployment> before =
        older.knownDeployment() ? older.knownDeployment() : older.deploymentBefore;
    const std::optional<WorkerDeployment> after =
        newer.knownDeployment() ? newer.knownDeployment() : newer.deploymentBefore;
    m_caption->setText(tr("Comparing #%1 (%2) with #%3 (%4)")
                           .arg(older.id)
                           .arg(localTime(older.recordedAt))
                           .arg(newer.id)
                           .arg(localTime(newer.recordedAt)));
    m_beforeCaption->setText(tr("After #%1 (deployment %2)").arg(older.id).arg(older.context.deploymentName));
    m_afterCaption->setText(tr("After #%1 (deployment %2)").arg(newer.id).arg(newer.context.deploymentName));
    m_beforeRouting->setText(before ? routingHtml(*before) : tr("Not known."));
    m_afterRouting->setText(after ? routingHtml(*after) : tr("Not known."));
    QStringList changed;
    QStringList lines = before && after ? deploymentChanges(before, *after, &changed) : QStringList();
    if (lines.isEmpty())
        lines << (before && after ? tr("The two states are the same.")
                                  : tr("One of the states is not known."));
    m_detail->setText(
        (older.context.deploymentName != newer.context.deploymentName
             ? tr("\u26a0 These entries are about different deployments.") + QStringLiteral("<br>")
             : QString()) +
        QStringLiteral("<b>%1</b>").arg(tr("From #%1 to #%2").arg(older.id).arg(newer.id)) +
        PreviewParts::bulletList(lines));
}

QString HistoryPanel::beforeRoutingText() const
{
    return m_beforeRouting->text();
}

QString HistoryPanel::afterRoutingText() const
{
    return m_afterRouting->text();
}

void HistoryPanel::updateDetail()
{
    const QList<HistoryEntry> selected = selectedEntries();
    QStringList lines;
    const bool deployments = !selected.isEmpty() && selected.size() <= 2 &&
                             std::all_of(selected.cbegin(), selected.cend(),
                                         [](const HistoryEntry &entry) { return entry.isDeployment(); });
    const bool mixed = selected.size() == 2 && selected.at(0).isDeployment() != selected.at(1).isDeployment();
    showRoutingPanes(deployments);
    if (deployments && selected.size() == 1) {
        showDeploymentEntry(selected.first());
    } else if (deployments) {
        compareDeploymentEntries(selected.at(0), selected.at(1));
    } else if (mixed) {
        m_caption->setText(tr("A queue's version sets and a deployment cannot be compared: select entries of "
                              "one model."));
        m_beforeCaption->clear();
        m_afterCaption->clear();
        m_beforeScene->setSets({});
        m_afterScene->setSets({});
        m_detail->clear();
    } else if (selected.size() == 1) {
        const HistoryEntry &entry = selected.first();
        const std::optional<VersionSets> after = entry.knownState();
        const QStringList ids = changedIds(entry.before, after.value_or(entry.before), &lines);
        m_caption->setText(
            QStringLiteral("#%1 %2 on %3, %4")
                .arg(entry.id)
                .arg(historyWhatText(entry), entry.context.taskQueue, localTime(entry.recordedAt)));
        m_beforeCaption->setText(entry.kind == HistoryEntry::Kind::Observed
                                     ? QStringLiteral("Before (the state last known)")
                                     : QStringLiteral("Before"));
        m_afterCaption->setText(after ? QStringLiteral("As it was right after")
                                      : QStringLiteral("After: unknown (no read has settled it yet)"));
        m_beforeScene->setSets(entry.before);
        m_afterScene->setSets(after.value_or(VersionSets()));
        m_beforeScene->setHighlighted(ids);
        m_afterScene->setHighlighted(ids);

        QStringList facts;
        const auto fact = [&facts](const QString &label, const QString &value) {
            facts << QStringLiteral("<b>%1</b> %2").arg(label, value.toHtmlEscaped());
        };
        fact(QStringLiteral("Who:"),
             entry.context.identity.isEmpty()
                 ? entry.context.osUser
                 : QStringLiteral("%1 (identity %2)").arg(entry.context.osUser, entry.context.identity));
        fact(QStringLiteral("Where:"), QStringLiteral("%1, namespace %2, via %3")
                                           .arg(entry.context.serverAddress, entry.context.namespaceName,
                                                HistoryContext::sourceName(entry.context.source)));
        if (entry.operation)
            fact(QStringLiteral("Operation:"), entry.operation->summary());
        if (!entry.reason.isEmpty())
            fact(QStringLiteral("Reason:"), entry.reason);
        QString outcome = historyOutcomeText(entry);
        if (entry.matchedPreview)
            outcome += *entry.matchedPreview ? QStringLiteral("; the queue matched the preview")
                                             : QStringLiteral("; the queue did NOT match the preview");
        if (entry.settledAt.isValid())
            outcome += QStringLiteral("; settled by a read at %1").arg(localTime(entry.settledAt));
        fact(QStringLiteral("Outcome:"), outcome);
        if (!entry.errorCode.isEmpty() || !entry.errorMessage.isEmpty())
            fact(QStringLiteral("Error:"), entry.errorCode + QStringLiteral(": ") + entry.errorMessage);
        if (lines.isEmpty())
            lines << QStringLiteral("Nothing changed.");
        m_detail->setText(facts.join(QStringLiteral("<br>")) + QStringLiteral("<br><b>Changes</b>") +
                          PreviewParts::bulletList(lines));
    } else if (selected.size() == 2) {
        const HistoryEntry &older = selected.at(0);
        const HistoryEntry &newer = selected.at(1);
        const VersionSets before = older.knownState().value_or(older.before);
        const VersionSets after = newer.knownState().value_or(newer.before);
        const QStringList ids = changedIds(before, after, &lines);
        m_caption->setText(QStringLiteral("Comparing #%1 (%2) with #%3 (%4)")
                               .arg(older.id)
                               .arg(localTime(older.recordedAt))
                               .arg(newer.id)
                               .arg(localTime(newer.recordedAt)));
        m_beforeCaption->setText(QStringLiteral("After #%1 (%2)").arg(older.id).arg(older.context.taskQueue));
        m_afterCaption->setText(QStringLiteral("After #%1 (%2)").arg(newer.id).arg(newer.context.taskQueue));
        m_beforeScene->setSets(before);
        m_afterScene->setSets(after);
        m_beforeScene->setHighlighted(ids);
        m_afterScene->setHighlighted(ids);
        if (lines.isEmpty())
            lines << QStringLiteral("The two states are the same.");
        m_detail->setText((older.context.taskQueue != newer.context.taskQueue
                               ? QStringLiteral("\u26a0 These entries are about different queues.<br>")
                               : QString()) +
                          QStringLiteral("<b>From #%1 to #%2</b>").arg(older.id).arg(newer.id) +
                          PreviewParts::bulletList(lines));
    } else {
        m_caption->setText(
            selected.isEmpty()
                ? (m_currentDeployment
                       ? tr("Select an entry to see the deployment as it was; select two to compare them.")
                       : tr("Select an entry to see the queue as it was; select two to compare them."))
                : QStringLiteral("Select one entry, or two to compare them."));
        m_beforeCaption->clear();
        m_afterCaption->clear();
        m_beforeScene->setSets({});
        m_afterScene->setSets({});
        m_detail->clear();
    }
    const QString placeholder =
        selected.isEmpty() || selected.size() > 2 || mixed
            ? (m_currentDeployment ? tr("Select an entry to see the deployment as it was")
                                   : tr("Select an entry to see the queue as it was"))
            : tr("No version sets");
    m_beforeScene->setPlaceholderText(placeholder);
    m_afterScene->setPlaceholderText(placeholder);
    fitGraphs();
    updateRestoreButton();
}

void HistoryPanel::fitGraphs()
{
    // One scale for both, so that the two states compare at a glance.
    const double scale = std::min(m_beforeView->fitScale(), m_afterView->fitScale());
    for (VersionSetGraphView *view : {m_beforeView, m_afterView})
        view->showAtScale(scale);
}

bool HistoryPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && (watched == m_beforeView || watched == m_afterView))
        QTimer::singleShot(0, this, &HistoryPanel::fitGraphs);
    return QWidget::eventFilter(watched, event);
}

std::optional<DeploymentRestorePlan> HistoryPanel::deploymentRestorePlan() const
{
    const QList<HistoryEntry> selected = selectedEntries();
    if (selected.size() != 1 || !selected.first().isDeployment() || !m_currentDeployment)
        return std::nullopt;
    const HistoryEntry &entry = selected.first();
    const std::optional<WorkerDeployment> target = entry.knownDeployment();
    if (!target || m_deploymentName.isEmpty() || entry.context.deploymentName != m_deploymentName ||
        entry.context.namespaceName != m_namespaceName || entry.context.serverAddress != m_serverAddress)
        return std::nullopt;
    return planDeploymentRestore(*m_currentDeployment, *target);
}

void HistoryPanel::setChangesRefused(const QString &why)
{
    m_changesRefused = why;
    updateRestoreButton();
}

void HistoryPanel::updateRestoreButton()
{
    if (!m_changesRefused.isEmpty()) {
        m_restore->setEnabled(false);
        m_restore->setToolTip(m_changesRefused);
        return;
    }
    const QList<HistoryEntry> selected = selectedEntries();
    if (selected.size() == 1 && selected.first().isDeployment()) {
        const HistoryEntry &entry = selected.first();
        const std::optional<DeploymentRestorePlan> plan = deploymentRestorePlan();
        QString why;
        if (m_deploymentName.isEmpty() || entry.context.deploymentName != m_deploymentName ||
            entry.context.namespaceName != m_namespaceName || entry.context.serverAddress != m_serverAddress)
            why = tr("Open deployment %1 (%2, %3) to restore its routing.")
                      .arg(entry.context.deploymentName, entry.context.namespaceName,
                           entry.context.serverAddress);
        else if (!entry.knownDeployment())
            why = tr("The deployment's state after this entry is not known.");
        else if (!m_currentDeployment)
            why = tr("The deployment's current state is not read yet.");
        else if (plan && plan->operations.isEmpty())
            why =
                plan->reachesTarget()
                    ? tr("%1 already routes new workflows as it did after this entry.").arg(m_deploymentName)
                    : tr("No operation brings %1's routing closer to this state.").arg(m_deploymentName);
        QStringList notes;
        if (plan) {
            for (const DeploymentRestorePlan::Limitation &limitation : plan->limitations)
                notes << limitation.text;
        }
        m_restore->setEnabled(why.isEmpty());
        QStringList steps;
        if (plan && why.isEmpty()) {
            for (const DeploymentOperation &operation : plan->operations)
                steps << operation.summary();
        }
        m_restore->setToolTip(
            (why.isEmpty() ? tr("Bring %1's routing back to this state, each step through the preview: %2.")
                                 .arg(m_deploymentName, steps.join(QStringLiteral("; ")))
                           : why) +
            (notes.isEmpty() ? QString()
                             : QStringLiteral("\n\u26a0 ") + notes.join(QStringLiteral("\n\u26a0 "))));
        return;
    }
    QString why;
    if (selected.size() != 1)
        why = QStringLiteral("Select one entry to restore the queue's state after it.");
    else if (m_taskQueue.isEmpty() || selected.first().context.taskQueue != m_taskQueue ||
             selected.first().context.namespaceName != m_namespaceName ||
             selected.first().context.serverAddress != m_serverAddress)
        why = QStringLiteral("Open task queue %1 (%2, %3) to restore its state.")
                  .arg(selected.first().context.taskQueue, selected.first().context.namespaceName,
                       selected.first().context.serverAddress);
    else if (!selected.first().knownState())
        why = QStringLiteral("The queue's state after this entry is not known.");
    m_restore->setEnabled(why.isEmpty());
    m_restore->setToolTip(why.isEmpty()
                              ? QStringLiteral("Bring %1 back to this state, through the preview, as far "
                                               "as the API allows (build IDs cannot be removed)")
                                    .arg(m_taskQueue)
                              : why);
}

QString HistoryPanel::statusText() const
{
    return m_status->text();
}

QString HistoryPanel::captionText() const
{
    return m_caption->text();
}

QString HistoryPanel::detailText() const
{
    return m_detail->text();
}

Result<Done> HistoryPanel::exportCsv(const QString &path) const
{
    return writeAtomically(path, historyToCsv(m_model->entries()).toUtf8());
}

Result<Done> HistoryPanel::exportJson(const QString &path) const
{
    return writeAtomically(path,
                           QJsonDocument(historyToJson(m_model->entries())).toJson(QJsonDocument::Indented));
}

void HistoryPanel::exportTo(const QString &title, const QString &filter, const QString &suffix, bool csv)
{
    QString path =
        QFileDialog::getSaveFileName(this, title, QStringLiteral("history.%1").arg(suffix), filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1Char('.') + suffix))
        path += QLatin1Char('.') + suffix;
    const Result<Done> written = csv ? exportCsv(path) : exportJson(path);
    if (!written)
        QMessageBox::warning(this, title, written.error().toString());
}
