#include "manageridentitydialog.h"

#include "deploymentrequests.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

ManagerIdentityDialog::ManagerIdentityDialog(const QString &deploymentName, const QString &currentManager,
                                             const QString &ownIdentity, bool readOnly, QWidget *parent)
    : QDialog(parent)
    , m_deploymentName(deploymentName)
    , m_current(currentManager)
    , m_own(ownIdentity)
    , m_readOnly(readOnly)
    , m_identity(new QRadioButton(tr("Set to this identity:"), this))
    , m_self(new QRadioButton(this))
    , m_unset(new QRadioButton(tr("Unset (anyone may change routing)"), this))
    , m_edit(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setWindowTitle(tr("Manager identity of %1").arg(deploymentName));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        currentManager.isEmpty()
            ? tr("No manager identity is set: anyone may change the routing of %1.").arg(deploymentName)
            : tr("The manager identity of %1 is <b>%2</b>: a controller with that identity may change "
                 "routing "
                 "back after others change it.")
                  .arg(deploymentName.toHtmlEscaped(), currentManager.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_self->setText(ownIdentity.isEmpty() ? tr("Set to Versionscope's own identity")
                                          : tr("Set to Versionscope's own identity (%1)").arg(ownIdentity));
    auto *group = new QButtonGroup(this);
    for (QRadioButton *choice : {m_identity, m_self, m_unset}) {
        group->addButton(choice);
        choice->setEnabled(!readOnly);
    }
    m_edit->setText(currentManager);
    m_edit->setReadOnly(readOnly);
    m_edit->setAccessibleName(tr("Manager identity"));
    layout->addWidget(m_identity);
    layout->addWidget(m_edit);
    layout->addWidget(m_self);
    layout->addWidget(m_unset);
    (currentManager.isEmpty() ? m_unset : m_identity)->setChecked(true);
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    if (readOnly) {
        m_buttons->setStandardButtons(QDialogButtonBox::Close);
    } else {
        m_buttons->setStandardButtons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Preview\u2026"));
    }
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    connect(group, &QButtonGroup::buttonToggled, this, &ManagerIdentityDialog::validate);
    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        if (!m_readOnly)
            m_identity->setChecked(true);
        validate();
    });
    validate();
}

DeploymentOperation ManagerIdentityDialog::operation() const
{
    if (m_self->isChecked())
        return DeploymentRequests::setManager(m_deploymentName, QString(), true);
    if (m_identity->isChecked())
        return DeploymentRequests::setManager(m_deploymentName, m_edit->text().trimmed(), false);
    return DeploymentRequests::setManager(m_deploymentName, QString(), false);
}

QString ManagerIdentityDialog::problem() const
{
    if (m_readOnly)
        return {};
    if (m_identity->isChecked() && m_edit->text().trimmed().isEmpty())
        return tr("Type an identity, or choose unset");
    if (m_identity->isChecked() && m_edit->text().trimmed() == m_current)
        return tr("%1 is already the manager identity").arg(m_current);
    if (m_self->isChecked() && !m_own.isEmpty() && m_own == m_current)
        return tr("Versionscope's identity is already the manager identity");
    if (m_unset->isChecked() && m_current.isEmpty())
        return tr("No manager identity is set");
    return {};
}

void ManagerIdentityDialog::validate()
{
    if (m_readOnly)
        return;
    const QString why = problem();
    m_problem->setText(why);
    if (QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok))
        ok->setEnabled(why.isEmpty());
}
