#pragma once

#include "config/connectionsettingsresolver.h"

#include <QDialog>
#include <QProcessEnvironment>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

// Picks a Temporal environment-config profile and edits what this connection uses from it: address,
// namespace, TLS files, API key. Fields left empty fall back to the profile, the TEMPORAL_* environment and
// the defaults, exactly as versionscope-cli resolves them; the dialog shows the resolved connection as it is
// edited. The API key is only held in memory (the window never writes it to its settings); with "Keep the
// API key in the system keychain" checked, a typed key is for the keychain (keyForKeychain()) and the
// overrides read it from there (apiKeyFromKeychain). Opened with open(). Lives on the GUI thread.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectionDialog(const ConnectionOverrides &current, const QProcessEnvironment &environment,
                     QWidget *parent = nullptr);

    ConnectionOverrides overrides() const;
    // The key typed while "Keep the API key in the system keychain" is checked, for the caller to store
    // under the profile of resolved() before it connects; nothing when none was typed or the box is off.
    std::optional<QString> keyForKeychain() const;
    // The connection the overrides resolve to, or why they do not.
    Result<ConnectionSettings> resolved() const;

private:
    void updateResolved();
    void browse(QLineEdit *target, const QString &title);

    ConnectionOverrides m_base;
    QProcessEnvironment m_environment;
    QComboBox *m_profile;
    QLineEdit *m_address;
    QLineEdit *m_namespace;
    QLineEdit *m_apiKey;
    QCheckBox *m_keepKeyInKeychain;
    QCheckBox *m_tls;
    QLineEdit *m_caPath;
    QLineEdit *m_certPath;
    QLineEdit *m_keyPath;
    QLineEdit *m_serverName;
    QCheckBox *m_noHostVerification;
    QLabel *m_resolved;
};
