#include "historypanel.h"

#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "history/historyexport.h"
#include "history/historyservice.h"
#include "historyentrymodel.h"
#include "versionsets/versionsetchange.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace {
// More than a person scrolls through; the status line says when the list was cut.
constexpr int kListLimit = 2000;
// Operation filter value for observed changes (the operation kinds are 0…4).
constexpr int kObservedOperation = 100;

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

QString bulletList(const QStringList &lines)
{
    QString html = QStringLiteral("<ul style=\"margin-left:-20px\">");
    for (const QString &line : lines)
        html += QStringLiteral("<li>") + line.toHtmlEscaped() + QStringLiteral("</li>");
    return html + QStringLiteral("</ul>");
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
    m_scope->addItem(QStringLiteral("All queues"), 1);
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
    auto *exportCsvButton = new QPushButton(QStringLiteral("Export CS&V\u2026"), this);
    auto *exportJsonButton = new QPushButton(QStringLiteral("Export JSO&N\u2026"), this);
    filters->addWidget(m_scope);
    filters->addWidget(m_person, 1);
    filters->addWidget(m_operation);
    filters->addWidget(m_outcome);
    filters->addWidget(m_period);
    filters->addStretch();
    filters->addWidget(exportCsvButton);
    filters->addWidget(exportJsonButton);
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
    for (auto [caption, view] :
         {std::pair{m_beforeCaption, m_beforeView}, std::pair{m_afterCaption, m_afterView}}) {
        caption->setWordWrap(true);
        scrolledLayout->addWidget(caption);
        scrolledLayout->addWidget(view, 1);
    }
    m_detail->setObjectName(QStringLiteral("historyDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::RichText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_detail->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    scrolledLayout->addWidget(m_detail);
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
    connect(m_person, &QLineEdit::textChanged, this, &HistoryPanel::reload);
    connect(m_operation, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_period, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_timeline->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HistoryPanel::updateDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryPanel::updateDetail);
    connect(m_restore, &QPushButton::clicked, this, [this] {
        const QList<HistoryEntry> selected = selectedEntries();
        if (selected.size() == 1)
            Q_EMIT restoreRequested(selected.first());
    });
    connect(exportCsvButton, &QPushButton::clicked, this, [this] {
        exportTo(QStringLiteral("Export history as CSV"), QStringLiteral("CSV (*.csv)"),
                 QStringLiteral("csv"), true);
    });
    connect(exportJsonButton, &QPushButton::clicked, this, [this] {
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
    if (serverAddress == m_serverAddress && namespaceName == m_namespaceName && taskQueue == m_taskQueue)
        return;
    m_serverAddress = serverAddress;
    m_namespaceName = namespaceName;
    m_taskQueue = taskQueue;
    reload();
}

HistoryFilter HistoryPanel::filter() const
{
    HistoryFilter filter;
    filter.serverAddress = m_serverAddress;
    filter.namespaceName = m_namespaceName;
    if (m_scope->currentData().toInt() == 0)
        filter.taskQueue = m_taskQueue;
    filter.person = m_person->text().trimmed();
    const int operation = m_operation->currentData().toInt();
    if (operation == kObservedOperation)
        filter.kind = HistoryEntry::Kind::Observed;
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
    if (m_scope->currentData().toInt() == 0 && m_taskQueue.isEmpty()) {
        // "This queue" with no queue shown: an empty filter would list every queue under that label.
        m_model->setEntries({});
        m_status->setText(tr("No task queue is shown: open one to see its history, or choose \"All "
                             "queues\"."));
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
    const QString scope =
        shown.taskQueue.isEmpty()
            ? (m_namespaceName.isEmpty() ? QStringLiteral("all queues")
                                         : QStringLiteral("all queues of %1").arg(m_namespaceName))
            : shown.taskQueue;
    if (entries.isEmpty()) {
        const bool filtered = !shown.person.isEmpty() || shown.operation || shown.kind || shown.outcome ||
                              shown.since.isValid();
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

void HistoryPanel::updateDetail()
{
    const QList<HistoryEntry> selected = selectedEntries();
    QStringList lines;
    if (selected.size() == 1) {
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
                          bulletList(lines));
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
                          bulletList(lines));
    } else {
        m_caption->setText(
            selected.isEmpty()
                ? QStringLiteral("Select an entry to see the queue as it was; select two to compare them.")
                : QStringLiteral("Select one entry, or two to compare them."));
        m_beforeCaption->clear();
        m_afterCaption->clear();
        m_beforeScene->setSets({});
        m_afterScene->setSets({});
        m_detail->clear();
    }
    const QString placeholder = selected.isEmpty() || selected.size() > 2
                                    ? tr("Select an entry to see the queue as it was")
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

void HistoryPanel::updateRestoreButton()
{
    const QList<HistoryEntry> selected = selectedEntries();
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
