#include "buildidinputdialog.h"

#include "versionsets/buildidvalidation.h"
#include "versionsets/versionsetchange.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

BuildIdInputDialog::BuildIdInputDialog(const VersionSets &sets, const VersioningLimits &limits,
                                       const QString &compatibleWith, QWidget *parent)
    : QDialog(parent)
    , m_sets(sets)
    , m_limits(limits)
    , m_compatibleWith(compatibleWith)
    , m_edit(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowModality(Qt::WindowModal);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(this);
    intro->setWordWrap(true);
    if (compatibleWith.isEmpty()) {
        setWindowTitle(QStringLiteral("Add new default build ID"));
        intro->setText(QStringLiteral("The new build ID becomes a set of its own and the queue default: new "
                                      "workflows will start on it."));
    } else {
        setWindowTitle(QStringLiteral("Add compatible build ID"));
        const VersionSets::Location at = sets.find(compatibleWith);
        intro->setText(
            QStringLiteral("The new build ID joins %1 as its set default: that set's workflows move to it.")
                .arg(at.isValid() ? setLabel(sets.set(at.set)) : compatibleWith));
    }
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_edit->setObjectName(QStringLiteral("buildIdEdit"));
    m_edit->setPlaceholderText(QStringLiteral("e.g. 2.4.0 or a commit hash"));
    form->addRow(QStringLiteral("&Build ID:"), m_edit);
    layout->addLayout(form);
    if (!compatibleWith.isEmpty()) {
        m_makeDefault = new QCheckBox(QStringLiteral("&Make this set the queue default"), this);
        m_makeDefault->setObjectName(QStringLiteral("makeSetDefault"));
        layout->addWidget(m_makeDefault);
    }
    m_problem->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("problem"));
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Preview\u2026"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QLineEdit::textChanged, this, &BuildIdInputDialog::validate);
    validate();
}

QString BuildIdInputDialog::buildId() const
{
    return m_edit->text();
}

bool BuildIdInputDialog::makeSetDefault() const
{
    return m_makeDefault && m_makeDefault->isChecked();
}

void BuildIdInputDialog::validate()
{
    QString problem;
    if (!m_edit->text().isEmpty()) {
        if (const auto found = buildIdProblem(m_edit->text(), m_limits))
            problem = *found;
        else if (m_sets.contains(m_edit->text()))
            problem =
                QStringLiteral("This build ID is already in the queue (the preview will say what adding it "
                               "again does).");
    }
    m_problem->setText(problem.isEmpty() ? QString() : QStringLiteral("\u26a0 ") + problem);
    // An existing ID is allowed through: the server may take it as a no-op or refuse it, and the preview
    // says which. Only what the server can never accept is stopped here.
    const bool acceptable =
        !m_edit->text().isEmpty() && !buildIdProblem(m_edit->text(), m_limits).has_value();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(acceptable);
}
