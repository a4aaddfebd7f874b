#include "nameconfirmation.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

NameConfirmation::NameConfirmation(QWidget *parent)
    : QWidget(parent)
    , m_explanation(new QLabel(this))
    , m_prompt(new QLabel(this))
    , m_edit(new QLineEdit(this))
{
    setObjectName(QStringLiteral("nameConfirmation"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_explanation->setObjectName(QStringLiteral("protectionExplanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_explanation);
    auto *row = new QFormLayout;
    m_edit->setObjectName(QStringLiteral("confirmName"));
    m_prompt->setBuddy(m_edit);
    row->addRow(m_prompt, m_edit);
    layout->addLayout(row);
    connect(m_edit, &QLineEdit::textChanged, this, [this] { Q_EMIT confirmationChanged(isConfirmed()); });
    hide();
}

void NameConfirmation::require(const QString &name, const QString &protection)
{
    if (name != m_name)
        m_edit->clear();
    m_name = name;
    m_explanation->setText(tr("\u26a0 %1: applying needs its name typed.").arg(protection));
    // A name with '&' must not turn into a mnemonic.
    m_prompt->setText(
        tr("&Type %1 to confirm:").arg(QString(name).replace(QLatin1Char('&'), QStringLiteral("&&"))));
    m_edit->setAccessibleName(tr("Type %1 to confirm").arg(name));
    setVisible(!name.isEmpty());
    Q_EMIT confirmationChanged(isConfirmed());
}

bool NameConfirmation::isConfirmed() const
{
    return m_name.isEmpty() || m_edit->text() == m_name;
}

QString NameConfirmation::typedName() const
{
    return m_edit->text();
}

QString NameConfirmation::text() const
{
    return isRequired() ? m_explanation->text() + QLatin1Char('\n') + m_prompt->text() : QString();
}

void NameConfirmation::gateApply(QPushButton *apply, bool sendable) const
{
    const bool confirmed = isConfirmed();
    apply->setEnabled(sendable && confirmed);
    apply->setToolTip(sendable && !confirmed ? tr("Type %1 above to confirm first").arg(requiredName())
                                             : QString());
}
