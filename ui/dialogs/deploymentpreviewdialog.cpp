#include "deploymentpreviewdialog.h"

#include "nameconfirmation.h"
#include "previewparts.h"

#include "routingsharebar.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

QString versionName(const QString &buildId)
{
    return buildId.isEmpty() ? DeploymentPreviewDialog::tr("unversioned workers") : buildId;
}

QString routingText(const DeploymentRouting &routing)
{
    QString text = DeploymentPreviewDialog::tr("Current: %1").arg(versionName(routing.currentBuildId));
    if (routing.hasRamp)
        text += DeploymentPreviewDialog::tr("\nRamping: %1 at %2%")
                    .arg(versionName(routing.rampingBuildId))
                    .arg(routing.rampingPercentage);
    else
        text += DeploymentPreviewDialog::tr("\nRamping: none");
    return text;
}

// The build IDs whose share of new workflows differs between two routings.
QStringList shareChanges(const DeploymentRouting &before, const DeploymentRouting &after)
{
    const QMap<QString, double> a = before.sharesOfNewWorkflows();
    const QMap<QString, double> b = after.sharesOfNewWorkflows();
    QStringList ids;
    for (auto it = a.cbegin(); it != a.cend(); ++it) {
        if (b.value(it.key(), -1) != it.value())
            ids << it.key();
    }
    for (auto it = b.cbegin(); it != b.cend(); ++it) {
        if (!a.contains(it.key()))
            ids << it.key();
    }
    return ids;
}

QLineEdit *commandLine(QWidget *parent, const QString &name)
{
    auto *line = new QLineEdit(parent);
    line->setObjectName(name);
    line->setReadOnly(true);
    line->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return line;
}

} // namespace

DeploymentPreviewDialog::DeploymentPreviewDialog(QWidget *parent)
    : QDialog(parent)
    , m_title(new QLabel(this))
    , m_banner(new QLabel(this))
    , m_contextNote(new QLabel(this))
    , m_beforeText(new QLabel(this))
    , m_afterText(new QLabel(this))
    , m_beforeBar(new RoutingShareBar(this))
    , m_afterBar(new RoutingShareBar(this))
    , m_choices(new QWidget(this))
    , m_percentageLabel(new QLabel(tr("Ramp &percentage:"), this))
    , m_percentage(new QDoubleSpinBox(this))
    , m_allowNoPollers(new QCheckBox(tr("Allow a target with &no pollers"), this))
    , m_ignoreMissingTaskQueues(new QCheckBox(tr("Ignore &missing task queues"), this))
    , m_changes(new QLabel(this))
    , m_warnings(new QLabel(this))
    , m_request(new QPlainTextEdit(this))
    , m_command(commandLine(this, QStringLiteral("command")))
    , m_temporalCommand(commandLine(this, QStringLiteral("temporalCommand")))
    , m_reason(new QLineEdit(this))
    , m_historyStatus(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_apply(new QPushButton(tr("&Apply"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    setWindowTitle(tr("Preview"));
    setWindowModality(Qt::WindowModal);
    resize(900, 680);
    auto *layout = new QVBoxLayout(this);

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);

    for (QLabel *label : {m_banner, m_contextNote}) {
        label->setWordWrap(true);
        label->setFrameShape(QFrame::StyledPanel);
        label->setMargin(8);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->hide();
        layout->addWidget(label);
    }
    m_banner->setObjectName(QStringLiteral("banner"));
    m_contextNote->setObjectName(QStringLiteral("contextNote"));

    // Routing before and after, one above the other so the bars share one width and compare at a glance.
    auto *routing = new QGroupBox(tr("Share of new workflows"), this);
    auto *routingLayout = new QFormLayout(routing);
    auto *beforeBox = new QVBoxLayout;
    beforeBox->addWidget(m_beforeBar);
    beforeBox->addWidget(m_beforeText);
    auto *afterBox = new QVBoxLayout;
    afterBox->addWidget(m_afterBar);
    afterBox->addWidget(m_afterText);
    m_beforeBar->setObjectName(QStringLiteral("beforeBar"));
    m_afterBar->setObjectName(QStringLiteral("afterBar"));
    routingLayout->addRow(tr("Before (now):"), beforeBox);
    routingLayout->addRow(tr("After:"), afterBox);
    layout->addWidget(routing);

    auto *choices = new QHBoxLayout(m_choices);
    choices->setContentsMargins(0, 0, 0, 0);
    m_percentage->setObjectName(QStringLiteral("percentage"));
    m_percentage->setRange(0, 100);
    m_percentage->setDecimals(1);
    m_percentage->setSuffix(QStringLiteral(" %"));
    m_percentage->setSingleStep(5);
    m_percentageLabel->setBuddy(m_percentage);
    m_allowNoPollers->setObjectName(QStringLiteral("allowNoPollers"));
    m_allowNoPollers->setToolTip(
        tr("The server refuses a version no worker has polled recently. Allowing it routes new workflows "
           "there anyway: they wait until a worker of that version polls."));
    m_ignoreMissingTaskQueues->setObjectName(QStringLiteral("ignoreMissingTaskQueues"));
    m_ignoreMissingTaskQueues->setToolTip(
        tr("The server refuses a version that does not poll every task queue the current version polls. "
           "Ignoring it leaves work on the missing queues without a versioned worker."));
    choices->addWidget(m_percentageLabel);
    choices->addWidget(m_percentage);
    choices->addSpacing(16);
    choices->addWidget(m_allowNoPollers);
    choices->addWidget(m_ignoreMissingTaskQueues);
    choices->addStretch();
    layout->addWidget(m_choices);
    connect(m_percentage, &QDoubleSpinBox::valueChanged, this, &DeploymentPreviewDialog::rebuild);
    connect(m_allowNoPollers, &QCheckBox::toggled, this, &DeploymentPreviewDialog::rebuild);
    connect(m_ignoreMissingTaskQueues, &QCheckBox::toggled, this, &DeploymentPreviewDialog::rebuild);

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
    details->addTab(summary, tr("&Changes and warnings"));
    m_request->setObjectName(QStringLiteral("request"));
    m_request->setReadOnly(true);
    m_request->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    details->addTab(m_request, tr("&Request"));
    auto *commandPage = new QWidget(details);
    auto *commandLayout = new QFormLayout(commandPage);
    for (QLineEdit *line : {m_command, m_temporalCommand}) {
        auto *row = new QHBoxLayout;
        auto *copy = new QToolButton(commandPage);
        copy->setText(tr("Copy"));
        connect(copy, &QToolButton::clicked, this,
                [line] { QApplication::clipboard()->setText(line->text()); });
        row->addWidget(line, 1);
        row->addWidget(copy);
        commandLayout->addRow(line == m_command ? tr("versionscope-cli:") : tr("Temporal CLI:"), row);
    }
    details->addTab(commandPage, tr("C&ommands"));
    layout->addWidget(details, 1);

    auto *reasonRow = new QHBoxLayout;
    auto *reasonLabel = new QLabel(tr("&Reason:"), this);
    reasonLabel->setBuddy(m_reason);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setPlaceholderText(tr("Optional: why this change (kept in the rollout history)"));
    reasonRow->addWidget(reasonLabel);
    reasonRow->addWidget(m_reason, 1);
    layout->addLayout(reasonRow);
    m_historyStatus->setObjectName(QStringLiteral("historyStatus"));
    m_historyStatus->setWordWrap(true);
    m_historyStatus->setTextFormat(Qt::PlainText);
    m_historyStatus->hide();
    layout->addWidget(m_historyStatus);
    m_nameConfirmation = new NameConfirmation(this);
    layout->addWidget(m_nameConfirmation);
    connect(m_nameConfirmation, &NameConfirmation::confirmationChanged, this,
            &DeploymentPreviewDialog::updateApplyEnabled);

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
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (m_requested || m_preview.isBlocked() || !m_nameConfirmation->isConfirmed())
            return;
        m_requested = true;
        Q_EMIT applyRequested(m_preview, reason());
    });
}

void DeploymentPreviewDialog::setPreviewBuilder(PreviewBuilder builder)
{
    m_builder = std::move(builder);
    fill();
}

QString DeploymentPreviewDialog::reason() const
{
    return m_reason->text().trimmed();
}

void DeploymentPreviewDialog::setReason(const QString &reason)
{
    m_reason->setText(reason);
}

void DeploymentPreviewDialog::setContextNote(const QString &text)
{
    m_contextNote->setText(text);
    m_contextNote->setVisible(!text.isEmpty());
}

void DeploymentPreviewDialog::setHistoryStatus(const QString &location, const QString &problem)
{
    PreviewParts::showHistoryStatus(m_historyStatus, m_apply, location, problem);
}

void DeploymentPreviewDialog::setBanner(const QString &text, bool alarming)
{
    PreviewParts::showBanner(m_banner, text, alarming);
}

void DeploymentPreviewDialog::setPreview(const DeploymentPreview &preview)
{
    m_preview = preview;
    m_requested = false;
    m_staleShown = false;
    setBanner({}, false);
    fill();
}

void DeploymentPreviewDialog::showStale(const DeploymentPreview &preview, const QStringList &whatChanged)
{
    setPreview(preview);
    m_staleShown = true;
    QString text =
        tr("Nothing was changed: the deployment changed since this preview was opened, and the "
           "server refused the old conflict token. This is the preview on the deployment as it is now; "
           "review it and apply again if it is still what you want.");
    if (!whatChanged.isEmpty())
        text += tr("\nWhat changed: %1.").arg(whatChanged.join(QStringLiteral("; ")));
    setBanner(text, true);
}

void DeploymentPreviewDialog::rebuild()
{
    if (m_filling || !m_builder)
        return;
    DeploymentOperation op = m_preview.operation();
    if (op.kind == DeploymentOperation::Kind::SetRamping)
        op.percentage = m_percentage->value();
    op.allowNoPollers = m_allowNoPollers->isChecked();
    op.ignoreMissingTaskQueues = m_ignoreMissingTaskQueues->isChecked();
    if (op == m_preview.operation())
        return;
    m_preview = m_builder(op);
    m_requested = false;
    fill();
}

void DeploymentPreviewDialog::fill()
{
    m_filling = true;
    const DeploymentOperation &op = m_preview.operation();
    const QString deployment = op.deploymentName;
    m_title->setText(tr("%1 \u2014 worker deployment %2").arg(op.summary(), deployment));
    setWindowTitle(tr("Preview: %1").arg(op.summary()));

    const QStringList moved = shareChanges(m_preview.routingBefore(), m_preview.routingAfter());
    m_beforeBar->setRouting(m_preview.routingBefore());
    m_beforeBar->setHighlighted(moved);
    m_afterBar->setRouting(m_preview.routingAfter());
    m_afterBar->setHighlighted(moved);
    m_beforeText->setText(routingText(m_preview.routingBefore()));
    m_afterText->setText(routingText(m_preview.routingAfter()));

    const bool routingChange =
        op.kind == DeploymentOperation::Kind::SetCurrent || op.kind == DeploymentOperation::Kind::SetRamping;
    const bool ramp = op.kind == DeploymentOperation::Kind::SetRamping;
    m_choices->setVisible(m_builder && routingChange);
    m_percentageLabel->setVisible(ramp);
    m_percentage->setVisible(ramp);
    if (ramp)
        m_percentage->setValue(op.percentage);
    m_allowNoPollers->setChecked(op.allowNoPollers);
    m_ignoreMissingTaskQueues->setChecked(op.ignoreMissingTaskQueues);

    QStringList changeLines = m_preview.changes();
    if (changeLines.isEmpty())
        changeLines << tr("Nothing changes.");
    m_changes->setText(QStringLiteral("<b>%1</b>").arg(tr("Changes")) +
                       PreviewParts::bulletList(changeLines));
    QStringList warningLines;
    for (const DeploymentWarning &warning : m_preview.warnings())
        warningLines << QStringLiteral("\u26a0 ") + warning.text;
    m_warnings->setText(warningLines.isEmpty()
                            ? QStringLiteral("<b>%1</b>: %2").arg(tr("Warnings"), tr("none"))
                            : QStringLiteral("<b>%1</b>").arg(tr("Warnings")) +
                                  PreviewParts::bulletList(warningLines));
    m_request->setPlainText(
        m_preview.rpcName() + QLatin1Char('\n') +
        QString::fromUtf8(QJsonDocument(m_preview.requestJson()).toJson(QJsonDocument::Indented)));
    m_command->setText(m_preview.cliCommand());
    m_command->setCursorPosition(0);
    m_temporalCommand->setText(m_preview.temporalCommand());
    m_temporalCommand->setCursorPosition(0);

    if (m_preview.isBlocked()) {
        QStringList reasons;
        for (const DeploymentWarning &warning : m_preview.warnings()) {
            if (warning.kind == DeploymentWarning::Kind::WillFail)
                reasons << warning.text;
        }
        setBanner(tr("This will not be sent: %1").arg(reasons.join(QStringLiteral("; "))), true);
    } else if (!m_staleShown) {
        setBanner({}, false);
    }
    m_progress->hide();
    m_reason->setEnabled(true);
    m_apply->show();
    m_nameConfirmation->setEnabled(true);
    updateApplyEnabled();
    m_cancel->setText(tr("Cancel"));
    m_cancel->setEnabled(true);
    m_cancel->setDefault(true);
    m_filling = false;
}

void DeploymentPreviewDialog::showApplying()
{
    m_apply->setEnabled(false);
    m_nameConfirmation->setEnabled(false);
    m_cancel->setEnabled(false);
    m_reason->setEnabled(false);
    m_choices->setEnabled(false);
    m_progress->show();
    setBanner(
        tr("Applying: sending the change with the conflict token of this preview, reading the deployment "
           "back\u2026"),
        false);
}

void DeploymentPreviewDialog::showOutcome(const DeploymentApplyOutcome &outcome)
{
    m_progress->hide();
    m_choices->setEnabled(true);
    m_cancel->setEnabled(true);
    m_cancel->setText(tr("Close"));
    m_cancel->setDefault(true);
    m_nameConfirmation->setEnabled(false);
    m_apply->hide();
    m_reason->setEnabled(false);
    switch (outcome.status) {
    case DeploymentApplyOutcome::Status::Applied:
        if (outcome.verifyFailed) {
            setBanner(tr("Applied, but the deployment could not be read back to check it: %1")
                          .arg(outcome.error.toString()),
                      true);
        } else if (outcome.matchesPreview) {
            setBanner(tr("\u2714 Applied. The deployment now matches the preview."), false);
        } else {
            setBanner(tr("\u26a0 Applied, but the deployment DIFFERS from the preview: it is now %1.")
                          .arg(outcome.after ? outcome.after->routing.summary() : tr("unknown")),
                      true);
            if (outcome.after) {
                m_afterBar->setRouting(outcome.after->routing);
                m_afterText->setText(tr("What the server has now (not the prediction):\n") +
                                     routingText(outcome.after->routing));
            }
        }
        break;
    case DeploymentApplyOutcome::Status::Stale:
        // The owner follows up with showStale() and a new preview.
        setBanner(outcome.summary(), true);
        break;
    case DeploymentApplyOutcome::Status::Rejected:
        setBanner(tr("The server refused the change; nothing changed.\n%1%2")
                      .arg(outcome.error.message, outcome.error.detail.isEmpty()
                                                      ? QString()
                                                      : QStringLiteral("\n") + outcome.error.detail),
                  true);
        break;
    case DeploymentApplyOutcome::Status::Unknown:
        setBanner(
            tr("The change was sent but no answer came back (%1). It may or may not have been applied; the "
               "next refresh shows what the server has, and the history settles it.")
                .arg(outcome.error.toString()),
            true);
        break;
    case DeploymentApplyOutcome::Status::NotSent:
        setBanner(tr("Nothing was sent: %1").arg(outcome.error.toString()), true);
        break;
    }
}

QString DeploymentPreviewDialog::bannerText() const
{
    return m_banner->isVisible() ? m_banner->text() : QString();
}

QString DeploymentPreviewDialog::changesText() const
{
    return QTextDocumentFragment::fromHtml(m_changes->text()).toPlainText();
}

QString DeploymentPreviewDialog::warningsText() const
{
    return QTextDocumentFragment::fromHtml(m_warnings->text()).toPlainText();
}

QString DeploymentPreviewDialog::requestText() const
{
    return m_request->toPlainText();
}

QString DeploymentPreviewDialog::commandText() const
{
    return m_command->text();
}

QString DeploymentPreviewDialog::temporalCommandText() const
{
    return m_temporalCommand->text();
}

void DeploymentPreviewDialog::requireName(const QString &name, const QString &protection)
{
    m_nameConfirmation->require(name, protection);
    updateApplyEnabled();
}

QString DeploymentPreviewDialog::confirmedName() const
{
    return m_nameConfirmation->isRequired() ? m_nameConfirmation->typedName() : QString();
}

void DeploymentPreviewDialog::updateApplyEnabled()
{
    // While applying and after the outcome Apply is the outcome's to show, not the name's.
    if (m_requested)
        return;
    m_nameConfirmation->gateApply(m_apply, !m_preview.isBlocked());
}
