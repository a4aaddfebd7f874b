#include "connectionsettings.h"

#include "versionsets/buildidoperation.h"

namespace {

// The variable a metadata value is read from: TEMPORAL_GRPC_META_X_TEAM for x-team, the name the
// resolver reads it back under.
QString metadataVariable(const QString &key)
{
    QString name = QStringLiteral("TEMPORAL_GRPC_META_");
    for (const QChar c : key.toUpper())
        name += (c.isLetterOrNumber() && c.unicode() < 128) ? c : QLatin1Char('_');
    return name;
}

// Text for inside a double-quoted shell word: $, `, " and \ lose their meaning.
QString escapedForDoubleQuotes(const QString &text)
{
    QString escaped;
    for (const QChar c : text) {
        if (c == QLatin1Char('$') || c == QLatin1Char('`') || c == QLatin1Char('"') || c == QLatin1Char('\\'))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    return escaped;
}

} // namespace

QString ConnectionSettings::describe() const
{
    QStringList traits;
    if (tls.enabled)
        traits << (tls.clientCertPath.isEmpty() && tls.clientCertData.isEmpty() ? QStringLiteral("TLS")
                                                                                : QStringLiteral("mTLS"));
    if (apiKeyOrigin == SettingOrigin::Keychain)
        traits << QStringLiteral("API key from the keychain");
    else if (!apiKey.isEmpty())
        traits << QStringLiteral("API key");
    QString text = address + QStringLiteral(" / ") + namespaceName;
    if (!traits.isEmpty())
        text += QStringLiteral(" (") + traits.join(QStringLiteral(", ")) + QLatin1Char(')');
    return text;
}

QStringList ConnectionSettings::commandLineArguments() const
{
    QStringList words{QStringLiteral("--address"), shellQuote(address), QStringLiteral("--namespace"),
                      shellQuote(namespaceName)};
    // The profile carries what it holds (its API key, metadata and inline TLS data included); the default
    // one is read again without being named.
    if (configFileNamed)
        words << QStringLiteral("--config-file") << shellQuote(configFile);
    if (profileNamed && !profile.isEmpty())
        words << QStringLiteral("--profile") << shellQuote(profile);
    const bool anyTlsSetting = !tls.clientCertPath.isEmpty() || !tls.clientKeyPath.isEmpty() ||
                               !tls.serverCaCertPath.isEmpty() || !tls.serverName.isEmpty() ||
                               !tls.clientCertData.isEmpty() || !tls.clientKeyData.isEmpty() ||
                               !tls.serverCaCertData.isEmpty() || tls.disableHostVerification;
    if (tls.enabled)
        words << QStringLiteral("--tls");
    else if (anyTlsSetting || hasApiKey())
        words << QStringLiteral("--tls=false");
    if (!tls.clientCertPath.isEmpty())
        words << QStringLiteral("--tls-cert-path") << shellQuote(tls.clientCertPath);
    if (!tls.clientKeyPath.isEmpty())
        words << QStringLiteral("--tls-key-path") << shellQuote(tls.clientKeyPath);
    if (!tls.serverCaCertPath.isEmpty())
        words << QStringLiteral("--tls-ca-path") << shellQuote(tls.serverCaCertPath);
    if (!tls.serverName.isEmpty())
        words << QStringLiteral("--tls-server-name") << shellQuote(tls.serverName);
    if (tls.disableHostVerification)
        words << QStringLiteral("--tls-disable-host-verification");
    if (hasApiKey()) {
        // A key from the profile comes back with it (a named one, or the default one read again); an
        // empty --api-key would even hide it. So does the profile's api_key_source = "keychain".
        if (apiKeyOrigin == SettingOrigin::Keychain) {
            if (apiKeyFromKeychainFlag)
                words << QStringLiteral("--api-key-from-keychain");
        } else if (apiKeyOrigin != SettingOrigin::Profile)
            words << QStringLiteral("--api-key") << QStringLiteral("\"$TEMPORAL_API_KEY\"");
        if (!tls.enabled && allowInsecureApiKey)
            words << QStringLiteral("--allow-insecure-api-key");
    }
    for (const auto &[key, value] : grpcMeta) {
        Q_UNUSED(value)
        if (grpcMetaOrigins.value(key.toLower()) == SettingOrigin::Profile)
            continue;
        words << QStringLiteral("--grpc-meta")
              << QLatin1Char('"') + escapedForDoubleQuotes(key) + QStringLiteral("=$") +
                     metadataVariable(key) + QLatin1Char('"');
    }
    return words;
}
