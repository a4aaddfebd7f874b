#pragma once

#include <QWidget>

class QPushButton;

class QLabel;
class QLineEdit;

// The typed confirmation both previews show for a protected task queue or Worker Deployment (ChangeSafety):
// why it is protected, and "Type NAME to confirm" with a line edit. Confirmed only when the text is the
// name exactly (no trimming, case-sensitive, as Temporal compares names). Hidden, and always confirmed, when
// no name is required. The owner keeps Apply disabled until isConfirmed(). Lives on the GUI thread.
class NameConfirmation : public QWidget
{
    Q_OBJECT

public:
    explicit NameConfirmation(QWidget *parent = nullptr);

    // Requires name to be typed (protection says why); an empty name requires nothing and hides the widget.
    // Clears what was typed when the name changes.
    void require(const QString &name, const QString &protection);
    QString requiredName() const { return m_name; }
    bool isRequired() const { return !m_name.isEmpty(); }
    bool isConfirmed() const;
    // Enables apply when the change can be sent (sendable) and the name is confirmed; its tooltip says what
    // is still to type. Both preview dialogs gate their Apply button with it.
    void gateApply(QPushButton *apply, bool sendable) const;
    // What was typed, for the engine's own check (RolloutEngine::ApplyOptions::confirmedName).
    QString typedName() const;

    // For tests and accessibility tools.
    QLineEdit *edit() const { return m_edit; }
    QString text() const;

Q_SIGNALS:
    // isConfirmed() may have changed (emitted on every edit and on require()).
    void confirmationChanged(bool confirmed);

private:
    QString m_name;
    QLabel *m_explanation;
    QLabel *m_prompt;
    QLineEdit *m_edit;
};
