#pragma once

#include "versionsets/applyoutcome.h"
#include "versionsets/versionsetpreview.h"

#include <QDialog>

#include <optional>

class QGroupBox;
class NameConfirmation;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class VersionSetGraphScene;
class VersionSetGraphView;

// The confirmation preview every operation goes through: the graph before and after side by side with
// the changes highlighted, the changes in words, the warnings, the exact request as JSON, the equivalent
// versionscope-cli command and a reason. Cancel is the default button. Apply does not send anything
// itself: applyRequested asks the owner, who reports back through showApplying/showStale/showOutcome.
// Opened with open() (window-modal, no nested event loop). Lives on the GUI thread.
class PreviewDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PreviewDialog(QWidget *parent = nullptr);

    // Shows a preview; pollerCounts are drawn on the graphs.
    void setPreview(const VersionSetPreview &preview, const std::optional<QHash<QString, int>> &pollerCounts);
    // The queue changed since the preview opened and nothing was sent: shows the new preview with a banner.
    void showStale(const VersionSetPreview &preview, const std::optional<QHash<QString, int>> &pollerCounts);
    void showApplying();
    void showOutcome(const ApplyOutcome &outcome);

    const VersionSetPreview &preview() const { return m_preview; }
    QString reason() const;
    // Pre-fills the reason (a restore says which history entry it restores); the user may change it.
    void setReason(const QString &reason);
    // Why this preview was opened when it is part of something larger (a restore and its steps, with what
    // cannot be restored); empty hides it. Kept across setPreview until set again.
    void setContextNote(const QString &text);
    // Whether applying will be recorded in the rollout history: an empty problem says it will be (in
    // location); otherwise the problem is shown and Apply becomes "Apply without recording", so that
    // applying is the user's informed choice.
    void setHistoryStatus(const QString &location, const QString &problem);

    // A protected task queue or deployment (ChangeSafety): Apply stays disabled until name is typed exactly;
    // protection says why. An empty name requires nothing. Kept across setPreview until set again.
    void requireName(const QString &name, const QString &protection);
    // What was typed to confirm (empty when nothing is required), for RolloutEngine::ApplyOptions.
    QString confirmedName() const;
    NameConfirmation *nameConfirmation() const { return m_nameConfirmation; }

    // For tests and accessibility tools: what the dialog shows.
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *cancelButton() const { return m_cancel; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QString bannerText() const;
    QString contextNoteText() const;
    QString historyStatusText() const;
    QString changesText() const;
    QString warningsText() const;
    QString requestText() const;
    QString commandText() const;
    VersionSetGraphScene *beforeScene() const { return m_beforeScene; }
    VersionSetGraphScene *afterScene() const { return m_afterScene; }
    VersionSetGraphView *beforeView() const { return m_beforeView; }
    VersionSetGraphView *afterView() const { return m_afterView; }
    QString beforeTitle() const;
    QString afterTitle() const;

Q_SIGNALS:
    // The user confirmed; emitted at most once per shown preview.
    void applyRequested(const VersionSetPlan &plan, const QString &reason);

protected:
    // The graphs are fitted again whenever either view changes size (dialog, splitter, dock, scrolling).
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Fits both graphs at one scale (the smaller of the two fits), so that sizes compare.
    void fitGraphs();
    void fill(const std::optional<QHash<QString, int>> &pollerCounts);
    void setBanner(const QString &text, bool alarming);

    VersionSetPreview m_preview;
    QLabel *m_title;
    QLabel *m_banner;
    VersionSetGraphScene *m_beforeScene;
    VersionSetGraphScene *m_afterScene;
    VersionSetGraphView *m_beforeView;
    VersionSetGraphView *m_afterView;
    QGroupBox *m_beforeBox = nullptr;
    QGroupBox *m_afterBox = nullptr;
    QLabel *m_afterCaption;
    QLabel *m_changes;
    QLabel *m_warnings;
    QPlainTextEdit *m_request;
    QLineEdit *m_command;
    QLineEdit *m_reason;
    QLabel *m_contextNote;
    QLabel *m_historyStatus;
    QProgressBar *m_progress;
    QPushButton *m_apply;
    QPushButton *m_cancel;
    bool m_requested = false;
    NameConfirmation *m_nameConfirmation;
    // Apply: enabled when the preview can be sent and the name (if required) is typed.
    void updateApplyEnabled();
};
