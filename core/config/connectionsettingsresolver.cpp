#include "connectionsettingsresolver.h"

#include "common/osaccount.h"

#include "tomlparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QSysInfo>

namespace {

QString configHome(const QProcessEnvironment &environment)
{
    const QString xdg = environment.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (!xdg.isEmpty())
        return xdg;
    const QString home = environment.value(QStringLiteral("HOME"), QDir::homePath());
    return home + QStringLiteral("/.config");
}

// Reads a TOML file into a map; a missing file is an empty map.
Result<QVariantMap> readToml(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QVariantMap();
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("cannot read %1: %2").arg(path, file.errorString()),
                     {},
                     QStringLiteral("local-validation")};
    }
    Result<QVariantMap> parsed = TomlParser::parse(file.readAll());
    if (!parsed) {
        return Error{ErrorCode::InvalidArgument,
                     QStringLiteral("%1: %2").arg(path, parsed.error().message),
                     {},
                     QStringLiteral("local-validation")};
    }
    return parsed;
}

std::optional<bool> parseBool(const QString &text)
{
    const QString lower = text.trimmed().toLower();
    if (lower == QLatin1String("true") || lower == QLatin1String("1") || lower == QLatin1String("yes"))
        return true;
    if (lower == QLatin1String("false") || lower == QLatin1String("0") || lower == QLatin1String("no"))
        return false;
    return std::nullopt;
}

Error badSetting(const QString &what)
{
    return Error{ErrorCode::InvalidArgument, what, {}, QStringLiteral("local-validation")};
}

} // namespace

QString ConnectionSettingsResolver::temporalConfigFile(const QProcessEnvironment &environment,
                                                       const std::optional<QString> &explicitFile)
{
    if (explicitFile && !explicitFile->isEmpty())
        return *explicitFile;
    const QString fromEnvironment = environment.value(QStringLiteral("TEMPORAL_CONFIG_FILE"));
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return configHome(environment) + QStringLiteral("/temporalio/temporal.toml");
}

QString ConnectionSettingsResolver::versionscopeConfigFile(const QProcessEnvironment &environment)
{
    const QString fromEnvironment = environment.value(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"));
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return configHome(environment) + QStringLiteral("/versionscope/versionscope.toml");
}

Result<QStringList> ConnectionSettingsResolver::profileNames(const QString &configFile)
{
    const Result<QVariantMap> document = readToml(configFile);
    if (!document)
        return document.error();
    return document.value().value(QStringLiteral("profile")).toMap().keys();
}

Result<ConnectionSettings> ConnectionSettingsResolver::resolve(const ConnectionOverrides &overrides,
                                                               const QProcessEnvironment &environment)
{
    ConnectionSettings settings;
    const auto env = [&](const char *name) { return environment.value(QLatin1String(name)); };

    // 1. The profile.
    const QString configFile = temporalConfigFile(environment, overrides.configFile);
    const bool profileNamed = overrides.profile.has_value() || !env("TEMPORAL_PROFILE").isEmpty();
    const QString profileName = overrides.profile.value_or(
        env("TEMPORAL_PROFILE").isEmpty() ? QStringLiteral("default") : env("TEMPORAL_PROFILE"));
    settings.profile = profileName;
    const Result<QVariantMap> document = readToml(configFile);
    if (!document)
        return document.error();
    const QVariantMap profiles = document.value().value(QStringLiteral("profile")).toMap();
    if (profileNamed && !profiles.contains(profileName)) {
        return badSetting(QStringLiteral("profile \"%1\" not found in %2%3")
                              .arg(profileName, configFile,
                                   profiles.isEmpty()
                                       ? QString()
                                       : QStringLiteral(" (it has: %1)")
                                             .arg(QStringList(profiles.keys()).join(QStringLiteral(", ")))));
    }
    const QVariantMap profile = profiles.value(profileName).toMap();
    const QVariantMap tls = profile.value(QStringLiteral("tls")).toMap();
    const auto text = [](const QVariantMap &map, const char *key) {
        return map.value(QLatin1String(key)).toString();
    };

    if (!text(profile, "address").isEmpty())
        settings.address = text(profile, "address");
    if (!text(profile, "namespace").isEmpty())
        settings.namespaceName = text(profile, "namespace");
    settings.apiKey = text(profile, "api_key");
    std::optional<bool> tlsDisabled;
    if (tls.contains(QStringLiteral("disabled")))
        tlsDisabled = tls.value(QStringLiteral("disabled")).toBool();
    const bool profileHasTls = !tls.isEmpty();
    settings.tls.clientCertPath = text(tls, "client_cert_path");
    settings.tls.clientKeyPath = text(tls, "client_key_path");
    settings.tls.serverCaCertPath = text(tls, "server_ca_cert_path");
    settings.tls.clientCertData = text(tls, "client_cert_data").toUtf8();
    settings.tls.clientKeyData = text(tls, "client_key_data").toUtf8();
    settings.tls.serverCaCertData = text(tls, "server_ca_cert_data").toUtf8();
    settings.tls.serverName = text(tls, "server_name");
    settings.tls.disableHostVerification = tls.value(QStringLiteral("disable_host_verification")).toBool();
    const QVariantMap meta = profile.value(QStringLiteral("grpc_meta")).toMap();
    for (auto it = meta.cbegin(); it != meta.cend(); ++it)
        settings.grpcMeta << qMakePair(it.key(), it.value().toString());

    // 2. The environment.
    if (!env("TEMPORAL_ADDRESS").isEmpty())
        settings.address = env("TEMPORAL_ADDRESS");
    if (!env("TEMPORAL_NAMESPACE").isEmpty())
        settings.namespaceName = env("TEMPORAL_NAMESPACE");
    if (!env("TEMPORAL_API_KEY").isEmpty())
        settings.apiKey = env("TEMPORAL_API_KEY");
    std::optional<bool> tlsFlag;
    if (!env("TEMPORAL_TLS").isEmpty()) {
        tlsFlag = parseBool(env("TEMPORAL_TLS"));
        if (!tlsFlag)
            return badSetting(
                QStringLiteral("TEMPORAL_TLS must be true or false, not \"%1\"").arg(env("TEMPORAL_TLS")));
    }
    const struct
    {
        const char *name;
        QString *path;
    } tlsPaths[] = {{"TEMPORAL_TLS_CLIENT_CERT_PATH", &settings.tls.clientCertPath},
                    {"TEMPORAL_TLS_CLIENT_KEY_PATH", &settings.tls.clientKeyPath},
                    {"TEMPORAL_TLS_SERVER_CA_CERT_PATH", &settings.tls.serverCaCertPath},
                    {"TEMPORAL_TLS_SERVER_NAME", &settings.tls.serverName}};
    for (const auto &entry : tlsPaths) {
        if (!env(entry.name).isEmpty())
            *entry.path = env(entry.name);
    }
    const struct
    {
        const char *name;
        QByteArray *data;
    } tlsData[] = {{"TEMPORAL_TLS_CLIENT_CERT_DATA", &settings.tls.clientCertData},
                   {"TEMPORAL_TLS_CLIENT_KEY_DATA", &settings.tls.clientKeyData},
                   {"TEMPORAL_TLS_SERVER_CA_CERT_DATA", &settings.tls.serverCaCertData}};
    for (const auto &entry : tlsData) {
        if (!env(entry.name).isEmpty())
            *entry.data = env(entry.name).toUtf8();
    }
    if (!env("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION").isEmpty())
        settings.tls.disableHostVerification =
            parseBool(env("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION")).value_or(false);
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        static const QLatin1String prefix("TEMPORAL_GRPC_META_");
        if (key.startsWith(prefix) && key.size() > prefix.size()) {
            const QString header =
                key.mid(prefix.size()).toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
            settings.grpcMeta << qMakePair(header, environment.value(key));
        }
    }

    // 3. Flags.
    if (overrides.address)
        settings.address = *overrides.address;
    if (overrides.namespaceName)
        settings.namespaceName = *overrides.namespaceName;
    if (overrides.apiKey)
        settings.apiKey = *overrides.apiKey;
    if (overrides.tls)
        tlsFlag = overrides.tls;
    if (overrides.tlsCertPath)
        settings.tls.clientCertPath = *overrides.tlsCertPath;
    if (overrides.tlsKeyPath)
        settings.tls.clientKeyPath = *overrides.tlsKeyPath;
    if (overrides.tlsCaPath)
        settings.tls.serverCaCertPath = *overrides.tlsCaPath;
    if (overrides.tlsServerName)
        settings.tls.serverName = *overrides.tlsServerName;
    if (overrides.tlsDisableHostVerification)
        settings.tls.disableHostVerification = *overrides.tlsDisableHostVerification;
    settings.grpcMeta += overrides.grpcMeta;
    if (overrides.callTimeoutMs)
        settings.callTimeoutMs = *overrides.callTimeoutMs;

    // TLS is on when asked for, or when anything TLS-specific or an API key is configured, unless the
    // profile or a flag turns it off explicitly.
    const TlsSettings &t = settings.tls;
    const bool tlsImplied = profileHasTls || !settings.apiKey.isEmpty() || !t.clientCertPath.isEmpty() ||
                            !t.clientKeyPath.isEmpty() || !t.serverCaCertPath.isEmpty() ||
                            !t.clientCertData.isEmpty() || !t.clientKeyData.isEmpty() ||
                            !t.serverCaCertData.isEmpty() || !t.serverName.isEmpty();
    if (tlsFlag)
        settings.tls.enabled = *tlsFlag;
    else if (tlsDisabled)
        settings.tls.enabled = !*tlsDisabled;
    else
        settings.tls.enabled = tlsImplied;

    // Versionscope's own per-profile settings.
    const Result<QVariantMap> own = readToml(versionscopeConfigFile(environment));
    if (!own)
        return own.error();
    const QVariantMap ownProfile =
        own.value().value(QStringLiteral("profile")).toMap().value(profileName).toMap();
    const auto limit = [&](const char *key, int fallback) {
        return ownProfile.contains(QLatin1String(key)) ? ownProfile.value(QLatin1String(key)).toInt()
                                                       : fallback;
    };
    settings.limits.maxSets = limit("version_set_limit", settings.limits.maxSets);
    settings.limits.maxBuildIds = limit("build_id_limit", settings.limits.maxBuildIds);
    settings.limits.maxBuildIdLength = limit("build_id_max_length", settings.limits.maxBuildIdLength);
    if (overrides.maxSets)
        settings.limits.maxSets = *overrides.maxSets;
    if (overrides.maxBuildIds)
        settings.limits.maxBuildIds = *overrides.maxBuildIds;
    if (overrides.maxBuildIdLength)
        settings.limits.maxBuildIdLength = *overrides.maxBuildIdLength;
    if (settings.limits.maxSets < 0 || settings.limits.maxBuildIds < 0 ||
        settings.limits.maxBuildIdLength < 0)
        return badSetting(QStringLiteral("limits cannot be negative (0 means unlimited)"));

    if (settings.address.isEmpty())
        return badSetting(QStringLiteral("the address is empty"));
    if (settings.namespaceName.isEmpty())
        return badSetting(QStringLiteral("the namespace is empty"));

    // As Temporal's CLI: $USER first; the account itself when the environment does not say.
    QString user = environment.value(QStringLiteral("USER"), environment.value(QStringLiteral("USERNAME")));
    if (user.isEmpty())
        user = osAccountName();
    settings.identity = (user.isEmpty() ? QStringLiteral("unknown") : user) + QLatin1Char('@') +
                        QSysInfo::machineHostName() + QStringLiteral(" (versionscope)");
    return settings;
}
