#include "connectiondialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
std::optional<QString> nonEmpty(const QLineEdit *edit)
{
    const QString text = edit->text().trimmed();
    return text.isEmpty() ? std::nullopt : std::optional<QString>(text);
}
} // namespace

ConnectionDialog::ConnectionDialog(const ConnectionOverrides &current, const QProcessEnvironment &environment,
                                   QWidget *parent)
    : QDialog(parent)
    , m_base(current)
    , m_environment(environment)
    , m_profile(new QComboBox(this))
    , m_address(new QLineEdit(current.address.value_or(QString()), this))
    , m_namespace(new QLineEdit(current.namespaceName.value_or(QString()), this))
    , m_apiKey(new QLineEdit(current.apiKey.value_or(QString()), this))
    , m_keepKeyInKeychain(new QCheckBox(tr("Keep the API key in the system &keychain"), this))
    , m_tls(new QCheckBox(QStringLiteral("Use &TLS"), this))
    , m_caPath(new QLineEdit(current.tlsCaPath.value_or(QString()), this))
    , m_certPath(new QLineEdit(current.tlsCertPath.value_or(QString()), this))
    , m_keyPath(new QLineEdit(current.tlsKeyPath.value_or(QString()), this))
    , m_serverName(new QLineEdit(current.tlsServerName.value_or(QString()), this))
    , m_noHostVerification(new QCheckBox(QStringLiteral("Do not verify the server's host name"), this))
    , m_resolved(new QLabel(this))
{
    setWindowTitle(QStringLiteral("Connect to Temporal"));
    setWindowModality(Qt::WindowModal);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;

    const QString configFile =
        ConnectionSettingsResolver::temporalConfigFile(environment, current.configFile);
    m_profile->setObjectName(QStringLiteral("profile"));
    m_profile->addItem(QStringLiteral("(environment and defaults)"), QString());
    if (const auto names = ConnectionSettingsResolver::profileNames(configFile); names) {
        for (const QString &name : names.value())
            m_profile->addItem(name, name);
    }
    if (current.profile) {
        const int at = m_profile->findData(*current.profile);
        m_profile->setCurrentIndex(at >= 0 ? at : 0);
    }
    form->addRow(QStringLiteral("&Profile:"), m_profile);
    auto *profileNote = new QLabel(QStringLiteral("Profiles come from %1").arg(configFile), this);
    profileNote->setWordWrap(true);
    profileNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), profileNote);

    m_address->setObjectName(QStringLiteral("address"));
    m_address->setPlaceholderText(QStringLiteral("from the profile, else 127.0.0.1:7233"));
    form->addRow(QStringLiteral("&Address:"), m_address);
    m_namespace->setObjectName(QStringLiteral("namespace"));
    m_namespace->setPlaceholderText(QStringLiteral("from the profile, else default"));
    form->addRow(QStringLiteral("&Namespace:"), m_namespace);
    m_apiKey->setObjectName(QStringLiteral("apiKey"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setPlaceholderText(
        QStringLiteral("from the profile or TEMPORAL_API_KEY; never saved to a file"));
    form->addRow(QStringLiteral("API &key:"), m_apiKey);
    m_keepKeyInKeychain->setObjectName(QStringLiteral("keepKeyInKeychain"));
    m_keepKeyInKeychain->setChecked(current.apiKeyFromKeychain.value_or(false));
    m_keepKeyInKeychain->setToolTip(
        tr("A key typed above is stored in the system keychain under the profile's "
           "name when you connect; empty uses the one stored there "
           "(versionscope-cli keychain set)."));
    form->addRow(QString(), m_keepKeyInKeychain);

    m_caPath->setObjectName(QStringLiteral("caPath"));
    m_certPath->setObjectName(QStringLiteral("certPath"));
    m_keyPath->setObjectName(QStringLiteral("keyPath"));
    m_serverName->setObjectName(QStringLiteral("serverName"));
    m_tls->setChecked(current.tls.value_or(false));
    form->addRow(QString(), m_tls);
    auto fileRow = [this, form](const QString &label, QLineEdit *edit, const QString &title) {
        auto *row = new QHBoxLayout;
        row->addWidget(edit, 1);
        auto *button = new QToolButton(this);
        button->setText(QStringLiteral("\u2026"));
        button->setToolTip(title);
        connect(button, &QToolButton::clicked, this, [this, edit, title] { browse(edit, title); });
        row->addWidget(button);
        form->addRow(label, row);
    };
    fileRow(QStringLiteral("Server &CA certificate:"), m_caPath,
            QStringLiteral("Choose the server CA certificate"));
    fileRow(QStringLiteral("Client ce&rtificate:"), m_certPath,
            QStringLiteral("Choose the client certificate"));
    fileRow(QStringLiteral("Client key &file:"), m_keyPath, QStringLiteral("Choose the client key"));
    form->addRow(QStringLiteral("TLS &server name:"), m_serverName);
    m_noHostVerification->setChecked(current.tlsDisableHostVerification.value_or(false));
    form->addRow(QString(), m_noHostVerification);
    layout->addLayout(form);

    m_resolved->setObjectName(QStringLiteral("resolved"));
    m_resolved->setWordWrap(true);
    m_resolved->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_resolved);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("&Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    for (QLineEdit *edit : {m_address, m_namespace, m_apiKey, m_caPath, m_certPath, m_keyPath, m_serverName})
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::updateResolved);
    connect(m_profile, &QComboBox::currentIndexChanged, this, &ConnectionDialog::updateResolved);
    connect(m_tls, &QCheckBox::toggled, this, &ConnectionDialog::updateResolved);
    connect(m_keepKeyInKeychain, &QCheckBox::toggled, this, &ConnectionDialog::updateResolved);
    connect(m_noHostVerification, &QCheckBox::toggled, this, &ConnectionDialog::updateResolved);
    updateResolved();
    // OK only for a connection that resolves.
    auto enableOk = [this, buttons] { buttons->button(QDialogButtonBox::Ok)->setEnabled(resolved().isOk()); };
    for (QLineEdit *edit : {m_address, m_namespace, m_caPath, m_certPath, m_keyPath})
        connect(edit, &QLineEdit::textChanged, this, enableOk);
    connect(m_profile, &QComboBox::currentIndexChanged, this, enableOk);
    connect(m_keepKeyInKeychain, &QCheckBox::toggled, this, enableOk);
    enableOk();
}

ConnectionOverrides ConnectionDialog::overrides() const
{
    ConnectionOverrides overrides = m_base;
    const QString profile = m_profile->currentData().toString();
    overrides.profile = profile.isEmpty() ? std::nullopt : std::optional<QString>(profile);
    overrides.address = nonEmpty(m_address);
    overrides.namespaceName = nonEmpty(m_namespace);
    overrides.apiKey = nonEmpty(m_apiKey);
    // A key for the keychain goes there (keyForKeychain()), never into the overrides the window keeps.
    overrides.apiKeyFromKeychain =
        m_keepKeyInKeychain->isChecked() ? std::optional<bool>(true) : std::nullopt;
    if (m_keepKeyInKeychain->isChecked())
        overrides.apiKey.reset();
    // Unchecked means "as the profile says", not "off": a profile with TLS settings keeps its TLS.
    overrides.tls = m_tls->isChecked() ? std::optional<bool>(true) : std::nullopt;
    overrides.tlsCaPath = nonEmpty(m_caPath);
    overrides.tlsCertPath = nonEmpty(m_certPath);
    overrides.tlsKeyPath = nonEmpty(m_keyPath);
    overrides.tlsServerName = nonEmpty(m_serverName);
    overrides.tlsDisableHostVerification =
        m_noHostVerification->isChecked() ? std::optional<bool>(true) : std::nullopt;
    return overrides;
}

std::optional<QString> ConnectionDialog::keyForKeychain() const
{
    return m_keepKeyInKeychain->isChecked() ? nonEmpty(m_apiKey) : std::nullopt;
}

Result<ConnectionSettings> ConnectionDialog::resolved() const
{
    return ConnectionSettingsResolver::resolve(overrides(), m_environment);
}

void ConnectionDialog::updateResolved()
{
    const Result<ConnectionSettings> settings = resolved();
    m_resolved->setText(settings ? QStringLiteral("Will connect to %1").arg(settings.value().describe())
                                 : QStringLiteral("\u26a0 %1").arg(settings.error().toString()));
}

void ConnectionDialog::browse(QLineEdit *target, const QString &title)
{
    auto *dialog = new QFileDialog(this, title, target->text());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, target, &QLineEdit::setText);
    dialog->open();
}
