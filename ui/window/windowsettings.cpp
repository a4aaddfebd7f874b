#include "windowsettings.h"

WindowSettings::WindowSettings()
    : m_settings(std::make_unique<QSettings>())
{}

WindowSettings::WindowSettings(const QString &fileName)
    : m_settings(std::make_unique<QSettings>(fileName, QSettings::IniFormat))
{}

namespace {
std::optional<QString> optionalString(const QSettings &settings, const QString &key)
{
    return settings.contains(key) ? std::optional<QString>(settings.value(key).toString()) : std::nullopt;
}
void setOptional(QSettings &settings, const QString &key, const std::optional<QString> &value)
{
    if (value)
        settings.setValue(key, *value);
    else
        settings.remove(key);
}
} // namespace

ConnectionOverrides WindowSettings::connection() const
{
    ConnectionOverrides overrides;
    const QSettings &s = *m_settings;
    overrides.profile = optionalString(s, QStringLiteral("connection/profile"));
    overrides.address = optionalString(s, QStringLiteral("connection/address"));
    overrides.namespaceName = optionalString(s, QStringLiteral("connection/namespace"));
    overrides.tlsCaPath = optionalString(s, QStringLiteral("connection/tlsCaPath"));
    overrides.tlsCertPath = optionalString(s, QStringLiteral("connection/tlsCertPath"));
    overrides.tlsKeyPath = optionalString(s, QStringLiteral("connection/tlsKeyPath"));
    overrides.tlsServerName = optionalString(s, QStringLiteral("connection/tlsServerName"));
    if (s.value(QStringLiteral("connection/tls")).toBool())
        overrides.tls = true;
    if (s.value(QStringLiteral("connection/tlsDisableHostVerification")).toBool())
        overrides.tlsDisableHostVerification = true;
    if (s.value(QStringLiteral("connection/apiKeyFromKeychain")).toBool())
        overrides.apiKeyFromKeychain = true;
    return overrides;
}

void WindowSettings::setConnection(const ConnectionOverrides &overrides)
{
    QSettings &s = *m_settings;
    setOptional(s, QStringLiteral("connection/profile"), overrides.profile);
    setOptional(s, QStringLiteral("connection/address"), overrides.address);
    setOptional(s, QStringLiteral("connection/namespace"), overrides.namespaceName);
    setOptional(s, QStringLiteral("connection/tlsCaPath"), overrides.tlsCaPath);
    setOptional(s, QStringLiteral("connection/tlsCertPath"), overrides.tlsCertPath);
    setOptional(s, QStringLiteral("connection/tlsKeyPath"), overrides.tlsKeyPath);
    setOptional(s, QStringLiteral("connection/tlsServerName"), overrides.tlsServerName);
    s.setValue(QStringLiteral("connection/tls"), overrides.tls.value_or(false));
    s.setValue(QStringLiteral("connection/tlsDisableHostVerification"),
               overrides.tlsDisableHostVerification.value_or(false));
    // Whether the key is in the system keychain, not the key.
    s.setValue(QStringLiteral("connection/apiKeyFromKeychain"), overrides.apiKeyFromKeychain.value_or(false));
    // The API key is deliberately not written: QSettings is a plain-text file.
    s.remove(QStringLiteral("connection/apiKey"));
}

QString WindowSettings::scope(const QString &address, const QString &namespaceName)
{
    // Group names may not hold '/' meaningfully; percent-encoding keeps every address and namespace distinct.
    return QStringLiteral("queues/%1/%2/")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(address)),
             QString::fromLatin1(QUrl::toPercentEncoding(namespaceName)));
}

QStringList WindowSettings::pinnedQueues(const QString &address, const QString &namespaceName) const
{
    return m_settings->value(scope(address, namespaceName) + QStringLiteral("pinned")).toStringList();
}

void WindowSettings::setPinnedQueues(const QString &address, const QString &namespaceName,
                                     const QStringList &queues)
{
    m_settings->setValue(scope(address, namespaceName) + QStringLiteral("pinned"), queues);
}

QString WindowSettings::lastQueue(const QString &address, const QString &namespaceName) const
{
    return m_settings->value(scope(address, namespaceName) + QStringLiteral("last")).toString();
}

void WindowSettings::setLastQueue(const QString &address, const QString &namespaceName, const QString &queue)
{
    m_settings->setValue(scope(address, namespaceName) + QStringLiteral("last"), queue);
}

int WindowSettings::refreshIntervalSeconds() const
{
    return m_settings->value(QStringLiteral("view/refreshSeconds"), 10).toInt();
}

void WindowSettings::setRefreshIntervalSeconds(int seconds)
{
    m_settings->setValue(QStringLiteral("view/refreshSeconds"), seconds);
}

QByteArray WindowSettings::value(const QString &key) const
{
    return m_settings->value(key).toByteArray();
}

void WindowSettings::setValue(const QString &key, const QByteArray &value)
{
    m_settings->setValue(key, value);
}
