#pragma once

#include "deployments/deploymentapplyoutcome.h"
#include "deployments/deploymentpreview.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QDoubleSpinBox;
class NameConfirmation;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class RoutingShareBar;

// The confirmation preview of a Worker Deployment change, the twin of PreviewDialog: routing before and
// after as shares of new workflows, the changes in words, the warnings, the exact request as JSON, the
// equivalent versionscope-cli and `temporal worker deployment` commands and a reason. The choices a preview
// offers (the ramp's percentage, lifting the server's poller and task-queue protections) rebuild the
// preview from the same read through the builder the owner gives, so what is shown is always what will be
// sent. Cancel is the default button; Apply only asks the owner (applyRequested), who reports back through
// showApplying/showStale/showOutcome. Lives on the GUI thread.
class DeploymentPreviewDialog : public QDialog
{
    Q_OBJECT

public:
    using PreviewBuilder = std::function<DeploymentPreview(const DeploymentOperation &)>;

    explicit DeploymentPreviewDialog(QWidget *parent = nullptr);

    // Rebuilds the preview when the user changes a choice; without one the choices are hidden.
    void setPreviewBuilder(PreviewBuilder builder);
    void setPreview(const DeploymentPreview &preview);
    // Nothing was changed: the deployment changed since the preview (whatChanged in sentences); shows the
    // preview on the new state with a banner saying so.
    void showStale(const DeploymentPreview &preview, const QStringList &whatChanged);
    void showApplying();
    void showOutcome(const DeploymentApplyOutcome &outcome);

    const DeploymentPreview &preview() const { return m_preview; }
    QString reason() const;
    void setReason(const QString &reason);
    void setContextNote(const QString &text);
    // As PreviewDialog::setHistoryStatus.
    void setHistoryStatus(const QString &location, const QString &problem);

    // A protected task queue or deployment (ChangeSafety): Apply stays disabled until name is typed exactly;
    // protection says why. An empty name requires nothing. Kept across setPreview until set again.
    void requireName(const QString &name, const QString &protection);
    // What was typed to confirm (empty when nothing is required), for RolloutEngine::ApplyOptions.
    QString confirmedName() const;
    NameConfirmation *nameConfirmation() const { return m_nameConfirmation; }

    // For tests and accessibility tools.
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *cancelButton() const { return m_cancel; }
    QDoubleSpinBox *percentageBox() const { return m_percentage; }
    QCheckBox *allowNoPollersBox() const { return m_allowNoPollers; }
    QCheckBox *ignoreMissingTaskQueuesBox() const { return m_ignoreMissingTaskQueues; }
    RoutingShareBar *beforeBar() const { return m_beforeBar; }
    RoutingShareBar *afterBar() const { return m_afterBar; }
    QString bannerText() const;
    QString changesText() const;
    QString warningsText() const;
    QString requestText() const;
    QString commandText() const;
    QString temporalCommandText() const;

Q_SIGNALS:
    // The user confirmed; emitted at most once per shown preview.
    void applyRequested(const DeploymentPreview &preview, const QString &reason);

private:
    void fill();
    void rebuild();
    void setBanner(const QString &text, bool alarming);

    DeploymentPreview m_preview;
    PreviewBuilder m_builder;
    QLabel *m_title;
    QLabel *m_banner;
    QLabel *m_contextNote;
    QLabel *m_beforeText;
    QLabel *m_afterText;
    RoutingShareBar *m_beforeBar;
    RoutingShareBar *m_afterBar;
    QWidget *m_choices;
    QLabel *m_percentageLabel;
    QDoubleSpinBox *m_percentage;
    QCheckBox *m_allowNoPollers;
    QCheckBox *m_ignoreMissingTaskQueues;
    QLabel *m_changes;
    QLabel *m_warnings;
    QPlainTextEdit *m_request;
    QLineEdit *m_command;
    QLineEdit *m_temporalCommand;
    QLineEdit *m_reason;
    QLabel *m_historyStatus;
    QProgressBar *m_progress;
    QPushButton *m_apply;
    QPushButton *m_cancel;
    bool m_requested = false;
    NameConfirmation *m_nameConfirmation;
    // Apply: enabled when the preview can be sent and the name (if required) is typed.
    void updateApplyEnabled();
    // The banner says the preview is a new one after a stale apply: kept while the user adjusts choices.
    bool m_staleShown = false;
    // Set while fill() sets the choices from the preview, so that doing so does not rebuild it.
    bool m_filling = false;
};
