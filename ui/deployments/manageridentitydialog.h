#pragma once

#include "deployments/deploymentoperation.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;

// Shows a deployment's manager identity and, unless read-only, sets it: to an identity typed here, to the
// identity Versionscope sends (self), or unset (anyone may change routing). The result is one SetManager
// operation (operation()) for the owner's preview; OK is enabled only for a choice that changes something.
// Opened with open(); the owner reads operation() on accepted(). Lives on the GUI thread.
class ManagerIdentityDialog : public QDialog
{
    Q_OBJECT

public:
    // ownIdentity: the identity Versionscope sends, shown for "self" (may be empty when unknown).
    ManagerIdentityDialog(const QString &deploymentName, const QString &currentManager,
                          const QString &ownIdentity, bool readOnly, QWidget *parent = nullptr);

    DeploymentOperation operation() const;
    // Why OK is disabled, empty when it is enabled.
    QString problem() const;

    QRadioButton *identityChoice() const { return m_identity; }
    QRadioButton *selfChoice() const { return m_self; }
    QRadioButton *unsetChoice() const { return m_unset; }
    QLineEdit *identityEdit() const { return m_edit; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void validate();

    QString m_deploymentName;
    QString m_current;
    QString m_own;
    bool m_readOnly;
    QRadioButton *m_identity;
    QRadioButton *m_self;
    QRadioButton *m_unset;
    QLineEdit *m_edit;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};
