#include "previewdialog.h"

#include "nameconfirmation.h"
#include "previewparts.h"

#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "versionsets/versionsetchange.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {
QStringList changedBuildIds(const QList<VersionSetChange> &changes)
{
    QStringList ids;
    for (const VersionSetChange &change : changes)
        ids << change.buildIds;
    ids.removeDuplicates();
    return ids;
}

VersionSetGraphView *previewView(VersionSetGraphScene *scene, QWidget *parent)
{
    auto *view = new VersionSetGraphView(scene, parent);
    view->setReadOnly(true);
    view->setMinimumSize(280, 220);
    scene->setPlaceholderText(PreviewDialog::tr("No version sets"));
    return view;
}
} // namespace

PreviewDialog::PreviewDialog(QWidget *parent)
    : QDialog(parent)
    , m_title(new QLabel(this))
    , m_banner(new QLabel(this))
    , m_beforeScene(new VersionSetGraphScene(this))
    , m_afterScene(new VersionSetGraphScene(this))
    , m_beforeView(previewView(m_beforeScene, this))
    , m_afterView(previewView(m_afterScene, this))
    , m_afterCaption(new QLabel(this))
    , m_changes(new QLabel(this))
    , m_warnings(new QLabel(this))
    , m_request(new QPlainTextEdit(this))
    , m_command(new QLineEdit(this))
    , m_reason(new QLineEdit(this))
    , m_contextNote(new QLabel(this))
    , m_historyStatus(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_apply(new QPushButton(QStringLiteral("&Apply"), this))
    , m_cancel(new QPushButton(QStringLiteral("Cancel"), this))
{
    setWindowTitle(QStringLiteral("Preview"));
    setWindowModality(Qt::WindowModal);
    resize(980, 720);
    auto *layout = new QVBoxLayout(this);

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);

    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setWordWrap(true);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setMargin(8);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->hide();
    layout->addWidget(m_banner);

    m_contextNote->setObjectName(QStringLiteral("contextNote"));
    m_contextNote->setWordWrap(true);
    m_contextNote->setTextFormat(Qt::PlainText);
    m_contextNote->setFrameShape(QFrame::StyledPanel);
    m_contextNote->setMargin(6);
    m_contextNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_contextNote->hide();
    layout->addWidget(m_contextNote);

    auto *graphs = new QSplitter(Qt::Horizontal, this);
    m_beforeBox = new QGroupBox(tr("Before (the queue now)"), graphs);
    auto *beforeLayout = new QVBoxLayout(m_beforeBox);
    beforeLayout->addWidget(m_beforeView);
    m_afterBox = new QGroupBox(tr("After (predicted)"), graphs);
    auto *afterLayout = new QVBoxLayout(m_afterBox);
    afterLayout->addWidget(m_afterView);
    m_afterCaption->setWordWrap(true);
    afterLayout->addWidget(m_afterCaption);
    m_afterCaption->hide();
    graphs->addWidget(m_beforeBox);
    graphs->addWidget(m_afterBox);
    // The graphs are what a reviewer looks at: most of the room goes to them.
    layout->addWidget(graphs, 5);

    auto *details = new QTabWidget(this);
    auto *summary = new QWidget(details);
    auto *summaryLayout = new QVBoxLayout(summary);
    m_warnings->setObjectName(QStringLiteral("warnings"));
    m_changes->setObjectName(QStringLiteral("changes"));
    for (QLabel *label : {m_warnings, m_changes}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    }
    summaryLayout->addWidget(m_warnings);
    summaryLayout->addWidget(m_changes);
    summaryLayout->addStretch();
    details->addTab(summary, QStringLiteral("&Changes and warnings"));

    m_request->setObjectName(QStringLiteral("request"));
    m_request->setReadOnly(true);
    m_request->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    details->addTab(m_request, QStringLiteral("&Request"));

    auto *commandPage = new QWidget(details);
    auto *commandLayout = new QHBoxLayout(commandPage);
    m_command->setObjectName(QStringLiteral("command"));
    m_command->setReadOnly(true);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *copy = new QToolButton(commandPage);
    copy->setText(QStringLiteral("Copy"));
    connect(copy, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_command->text()); });
    commandLayout->addWidget(m_command, 1);
    commandLayout->addWidget(copy);
    commandLayout->setAlignment(Qt::AlignTop);
    details->addTab(commandPage, QStringLiteral("C&ommand"));
    layout->addWidget(details, 2);

    auto *reasonRow = new QHBoxLayout;
    auto *reasonLabel = new QLabel(QStringLiteral("&Reason:"), this);
    reasonLabel->setBuddy(m_reason);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setPlaceholderText(QStringLiteral("Optional: why this change (kept in the rollout history)"));
    reasonRow->addWidget(reasonLabel);
    reasonRow->addWidget(m_reason, 1);
    layout->addLayout(reasonRow);
    m_historyStatus->setObjectName(QStringLiteral("historyStatus"));
    m_historyStatus->setWordWrap(true);
    m_historyStatus->setTextFormat(Qt::PlainText);
    m_historyStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_historyStatus->hide();
    layout->addWidget(m_historyStatus);
    m_nameConfirmation = new NameConfirmation(this);
    layout->addWidget(m_nameConfirmation);
    connect(m_nameConfirmation, &NameConfirmation::confirmationChanged, this,
            &PreviewDialog::updateApplyEnabled);

    auto *buttonRow = new QHBoxLayout;
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(200);
    m_progress->setTextVisible(false);
    m_progress->hide();
    buttonRow->addWidget(m_progress);
    buttonRow->addStretch();
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_apply, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);
    buttonRow->addWidget(buttons);
    layout->addLayout(buttonRow);
    // Cancel is the default: Enter never applies a change by accident.
    m_apply->setAutoDefault(false);
    m_cancel->setDefault(true);
    m_cancel->setAutoDefault(true);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    m_beforeView->installEventFilter(this);
    m_afterView->installEventFilter(this);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (m_requested || m_preview.isBlocked() || !m_nameConfirmation->isConfirmed())
            return;
        m_requested = true;
        Q_EMIT applyRequested(m_preview.plan(), reason());
    });
}

QString PreviewDialog::reason() const
{
    return m_reason->text().trimmed();
}

void PreviewDialog::setReason(const QString &reason)
{
    m_reason->setText(reason);
}

void PreviewDialog::setContextNote(const QString &text)
{
    m_contextNote->setText(text);
    m_contextNote->setVisible(!text.isEmpty());
}

QString PreviewDialog::contextNoteText() const
{
    return m_contextNote->isVisible() ? m_contextNote->text() : QString();
}

void PreviewDialog::setHistoryStatus(const QString &location, const QString &problem)
{
    PreviewParts::showHistoryStatus(m_historyStatus, m_apply, location, problem);
}

QString PreviewDialog::historyStatusText() const
{
    return m_historyStatus->isVisible() ? m_historyStatus->text() : QString();
}

void PreviewDialog::setBanner(const QString &text, bool alarming)
{
    PreviewParts::showBanner(m_banner, text, alarming);
}

void PreviewDialog::setPreview(const VersionSetPreview &preview,
                               const std::optional<QHash<QString, int>> &pollerCounts)
{
    m_preview = preview;
    m_requested = false;
    m_beforeBox->setTitle(tr("Before (the queue now)"));
    m_afterBox->setTitle(tr("After (predicted)"));
    setBanner({}, false);
    fill(pollerCounts);
}

void PreviewDialog::showStale(const VersionSetPreview &preview,
                              const std::optional<QHash<QString, int>> &pollerCounts)
{
    setPreview(preview, pollerCounts);
    setBanner(QStringLiteral("Nothing was sent: the queue changed since this preview was opened. This is the "
                             "preview on the queue as it is now; review it and apply again if it is still "
                             "what you want."),
              true);
}

void PreviewDialog::fill(const std::optional<QHash<QString, int>> &pollerCounts)
{
    const VersionSetPlan &plan = m_preview.plan();
    m_title->setText(QStringLiteral("%1 \u2014 task queue %2, namespace %3")
                         .arg(plan.operation.summary(), m_preview.taskQueue(), m_preview.namespaceName()));
    setWindowTitle(QStringLiteral("Preview: %1").arg(plan.operation.summary()));

    const QStringList changed = changedBuildIds(m_preview.changes());
    m_beforeScene->setSets(plan.before);
    m_beforeScene->setPollerCounts(pollerCounts);
    m_beforeScene->setHighlighted(changed);
    m_afterScene->setSets(plan.after);
    m_afterScene->setPollerCounts(pollerCounts);
    m_afterScene->setHighlighted(changed);
    m_afterCaption->setText(plan.isExact() ? QString() : plan.uncertaintyNote());
    m_afterCaption->setVisible(!plan.isExact());

    QStringList changeLines;
    for (const VersionSetChange &change : m_preview.changes())
        changeLines << change.text;
    if (changeLines.isEmpty())
        changeLines << (plan.isAccepted()
                            ? QStringLiteral("Nothing changes: the server treats this as already done.")
                            : QStringLiteral("Nothing changes: the server will refuse this request."));
    m_changes->setText(QStringLiteral("<b>Changes</b>") + PreviewParts::bulletList(changeLines));

    QStringList warningLines;
    for (const PlanWarning &warning : m_preview.warnings())
        warningLines << QStringLiteral("\u26a0 ") + warning.text;
    m_warnings->setText(warningLines.isEmpty()
                            ? QStringLiteral("<b>Warnings</b>: none")
                            : QStringLiteral("<b>Warnings</b>") + PreviewParts::bulletList(warningLines));

    m_request->setPlainText(
        QStringLiteral("UpdateWorkerBuildIdCompatibility\n") +
        QString::fromUtf8(QJsonDocument(m_preview.requestJson()).toJson(QJsonDocument::Indented)));
    m_command->setText(m_preview.cliCommand());
    m_command->setCursorPosition(0);

    if (m_preview.refusal()) {
        setBanner(m_preview.refusal()->toString(), true);
    } else if (!plan.isAccepted()) {
        setBanner(QStringLiteral("The server will refuse this request: %1").arg(plan.error->toString()),
                  true);
    }
    m_progress->hide();
    m_reason->setEnabled(true);
    m_apply->show();
    m_nameConfirmation->setEnabled(true);
    updateApplyEnabled();
    m_cancel->setText(QStringLiteral("Cancel"));
    m_cancel->setEnabled(true);
    m_cancel->setDefault(true);
    fitGraphs();
    // Again once the views have their final size.
    QTimer::singleShot(0, this, &PreviewDialog::fitGraphs);
}

void PreviewDialog::fitGraphs()
{
    const double scale = std::min(m_beforeView->fitScale(), m_afterView->fitScale());
    for (VersionSetGraphView *view : {m_beforeView, m_afterView})
        view->showAtScale(scale);
}

bool PreviewDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && (watched == m_beforeView || watched == m_afterView))
        QTimer::singleShot(0, this, &PreviewDialog::fitGraphs);
    return QDialog::eventFilter(watched, event);
}

QString PreviewDialog::beforeTitle() const
{
    return m_beforeBox->title();
}

QString PreviewDialog::afterTitle() const
{
    return m_afterBox->title();
}

void PreviewDialog::showApplying()
{
    m_apply->setEnabled(false);
    m_nameConfirmation->setEnabled(false);
    m_cancel->setEnabled(false);
    m_reason->setEnabled(false);
    m_progress->show();
    setBanner(QStringLiteral("Applying: re-reading the queue, sending the update, reading the result\u2026"),
              false);
}

void PreviewDialog::showOutcome(const ApplyOutcome &outcome)
{
    m_progress->hide();
    m_cancel->setEnabled(true);
    m_cancel->setText(QStringLiteral("Close"));
    m_cancel->setDefault(true);
    m_nameConfirmation->setEnabled(false);
    m_apply->hide();
    m_reason->setEnabled(false);
    // Whatever happened, the left graph is no longer "the queue now": it is what the preview started from.
    m_beforeBox->setTitle(tr("Before (when previewed)"));
    switch (outcome.status) {
    case ApplyOutcome::Status::Applied:
        if (outcome.verifyFailed) {
            setBanner(QStringLiteral("Applied, but the queue could not be read back to check it: %1")
                          .arg(outcome.error.toString()),
                      true);
        } else if (outcome.matchesPreview) {
            m_afterBox->setTitle(tr("After (the queue now)"));
            setBanner(QStringLiteral("\u2714 Applied. The queue now matches the preview."), false);
        } else {
            // Prominent on purpose: the server did something the preview did not predict.
            const QList<VersionSetChange> surprise = diffVersionSets(m_preview.plan().after, outcome.actual);
            QStringList lines;
            for (const VersionSetChange &change : surprise)
                lines << change.text;
            setBanner(
                QStringLiteral("\u26a0 Applied, but the queue DIFFERS from the preview. It is now %1.%2")
                    .arg(outcome.actual.toDisplayString(),
                         lines.isEmpty() ? QString()
                                         : QStringLiteral(" Compared with the preview: ") +
                                               lines.join(QStringLiteral("; "))),
                true);
            m_afterScene->setSets(outcome.actual);
            m_afterScene->setHighlighted(changedBuildIds(surprise));
            m_afterCaption->setText(QStringLiteral("After: what the server has now (not the prediction)."));
            m_afterCaption->show();
            fitGraphs();
        }
        break;
    case ApplyOutcome::Status::Stale:
        // The owner follows up with showStale() and a new preview.
        setBanner(outcome.summary(), true);
        break;
    case ApplyOutcome::Status::Rejected:
        setBanner(QStringLiteral("The server refused the change; nothing changed.\n%1%2")
                      .arg(outcome.error.message,
                           outcome.error.detail.isEmpty()
                               ? QString()
                               : QStringLiteral("\nWhat you can do: ") + outcome.error.detail),
                  true);
        break;
    case ApplyOutcome::Status::Unknown:
        setBanner(
            QStringLiteral("The update was sent but its outcome is unknown: %1\nThe queue is re-read as soon "
                           "as the server answers; check the graph before trying again.")
                .arg(outcome.error.toString()),
            true);
        break;
    case ApplyOutcome::Status::NotSent:
        setBanner(QStringLiteral("Nothing was sent: %1").arg(outcome.error.toString()), true);
        break;
    }
}

QString PreviewDialog::bannerText() const
{
    return m_banner->isVisibleTo(this) ? m_banner->text() : QString();
}

// What the labels show, as plain text: tests check what a person reads, not the data behind it.
QString PreviewDialog::changesText() const
{
    return QTextDocumentFragment::fromHtml(m_changes->text()).toPlainText();
}

QString PreviewDialog::warningsText() const
{
    return QTextDocumentFragment::fromHtml(m_warnings->text()).toPlainText();
}

QString PreviewDialog::requestText() const
{
    return m_request->toPlainText();
}

QString PreviewDialog::commandText() const
{
    return m_command->text();
}

void PreviewDialog::requireName(const QString &name, const QString &protection)
{
    m_nameConfirmation->require(name, protection);
    updateApplyEnabled();
}

QString PreviewDialog::confirmedName() const
{
    return m_nameConfirmation->isRequired() ? m_nameConfirmation->typedName() : QString();
}

void PreviewDialog::updateApplyEnabled()
{
    // While applying and after the outcome Apply is the outcome's to show, not the name's.
    if (m_requested)
        return;
    m_nameConfirmation->gateApply(m_apply, !m_preview.isBlocked());
}
