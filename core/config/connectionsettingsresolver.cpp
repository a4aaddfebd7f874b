#include "connectionsettingsresolver.h"

#include "common/displaytext.h"
#include "common/osaccount.h"

#include "tomldocument.h"

#include <QDir>
#include <QSysInfo>

#include <climits>

namespace {

QString configHome(const QProcessEnvironment &environment)
{
    const QString xdg = environment.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (!xdg.isEmpty())
        return xdg;
    const QString home = environment.value(QStringLiteral("HOME"), QDir::homePath());
    return home + QStringLiteral("/.config");
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

Error badSetting(const QString &what, const QString &detail = {})
{
    return Error{ErrorCode::InvalidArgument, what, detail, QStringLiteral("local-validation")};
}

bool isAsciiDigits(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

// Reads the typed values of one profile of a TOML document into settings; the first wrong type stops it.
struct ProfileReader
{
    const TomlDocument &document;
    QStringList profilePath;
    std::optional<Error> error;

    std::optional<QString> text(const QStringList &key)
    {
        if (error)
            return std::nullopt;
        const Result<std::optional<QString>> value = document.string(profilePath + key);
        if (!value) {
            error = value.error();
            return std::nullopt;
        }
        return value.value();
    }
    std::optional<bool> flag(const QStringList &key)
    {
        if (error)
            return std::nullopt;
        const Result<std::optional<bool>> value = document.boolean(profilePath + key);
        if (!value) {
            error = value.error();
            return std::nullopt;
        }
        return value.value();
    }
    std::optional<qint64> number(const QStringList &key)
    {
        if (error)
            return std::nullopt;
        const Result<std::optional<qint64>> value = document.integer(profilePath + key);
        if (!value) {
            error = value.error();
            return std::nullopt;
        }
        return value.value();
    }
    QStringList table(const QStringList &key)
    {
        if (error)
            return {};
        const Result<QStringList> keys = document.tableKeys(profilePath + key);
        if (!keys) {
            error = keys.error();
            return {};
        }
        return keys.value();
    }
};

// Whether the profile's section of Versionscope's own file keeps the API key in the system keychain
// (api_key_source = "keychain"; "config", the default, means TEMPORAL_API_KEY or Temporal's file).
Result<bool> profileKeepsApiKeyInKeychain(const QString &ownFile, const QString &profileName)
{
    const Result<TomlDocument> own = TomlDocument::readFile(ownFile);
    if (!own)
        return own.error();
    const QStringList key{QStringLiteral("profile"), profileName, QStringLiteral("api_key_source")};
    const Result<std::optional<QString>> source = own.value().string(key);
    if (!source)
        return source.error();
    if (!source.value() || *source.value() == QLatin1String("config"))
        return false;
    if (*source.value() == QLatin1String("keychain"))
        return true;
    return own.value().valueError(
        key,
        QStringLiteral("must be \"keychain\" or \"config\", not %1").arg(quotedForDisplay(*source.value())));
}

// A file under $HOME as ~/…, as people write it.
QString shownPath(const QString &path, const QProcessEnvironment &environment)
{
    const QString home = environment.value(QStringLiteral("HOME"));
    if (!home.isEmpty() && path.startsWith(home + QLatin1Char('/')))
        return QLatin1Char('~') + path.mid(home.size());
    return path;
}

// Read-only mode and the protected names (see the header for the precedence).
std::optional<Error> resolveChangeSafety(const ConnectionOverrides &overrides,
                                         const QProcessEnvironment &environment, const TomlDocument &own,
                                         const QString &profileName, ChangeSafety &safety)
{
    const QStringList profilePath{QStringLiteral("profile"), profileName};
    const auto origin = [&](const QString &key) {
        return QStringLiteral("profile %1 in %2, line %3")
            .arg(quotedForDisplay(profileName), shownPath(own.fileName(), environment))
            .arg(own.line(profilePath + QStringList{key}));
    };
    const QString readOnlyKey = QStringLiteral("read_only");
    const Result<std::optional<bool>> fromProfile = own.boolean(profilePath + QStringList{readOnlyKey});
    if (!fromProfile)
        return fromProfile.error();
    if (fromProfile.value().value_or(false)) {
        safety.readOnly = true;
        safety.readOnlyOrigin = origin(readOnlyKey);
    }
    const QString variable = environment.value(QStringLiteral("VERSIONSCOPE_READ_ONLY"));
    if (!variable.isEmpty()) {
        const std::optional<bool> fromEnvironment = parseBool(variable);
        if (!fromEnvironment)
            return badSetting(QStringLiteral("VERSIONSCOPE_READ_ONLY must be true or false, not %1")
                                  .arg(quotedForDisplay(variable)));
        if (*fromEnvironment) {
            safety.readOnly = true;
            safety.readOnlyOrigin = QStringLiteral("VERSIONSCOPE_READ_ONLY");
        }
    }
    if (overrides.readOnly.value_or(false)) {
        safety.readOnly = true;
        safety.readOnlyOrigin = QStringLiteral("--read-only");
    }

    const struct
    {
        const char *key;
        QStringList *names;
        QString *origin;
    } lists[] = {
        {"protected_namespaces", &safety.protectedNamespaces, &safety.protectedNamespacesOrigin},
        {"protected_task_queues", &safety.protectedTaskQueues, &safety.protectedTaskQueuesOrigin},
        {"protected_deployments", &safety.protectedDeployments, &safety.protectedDeploymentsOrigin},
    };
    for (const auto &list : lists) {
        const QString key = QLatin1String(list.key);
        const QStringList keyPath = profilePath + QStringList{key};
        const QVariant value = own.value(keyPath);
        if (!value.isValid())
            continue;
        // A single name where a list was meant would otherwise protect nothing without a word.
        if (value.typeId() != QMetaType::QVariantList)
            return own.typeError(keyPath, QStringLiteral("an array of strings"));
        for (const QVariant &element : value.toList()) {
            if (element.typeId() != QMetaType::QString || element.toString().isEmpty())
                return own.valueError(keyPath, QStringLiteral("every element must be a name (a non-empty "
                                                              "string)"));
            list.names->append(element.toString());
        }
        *list.origin = origin(key);
    }
    return std::nullopt;
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
    const Result<TomlDocument> document = TomlDocument::readFile(configFile);
    if (!document)
        return document.error();
    return document.value().tableKeys({QStringLiteral("profile")});
}

std::optional<QString> ConnectionSettingsResolver::addressProblem(const QString &address)
{
    const QString shown = quotedForDisplay(address);
    if (address.trimmed().isEmpty())
        return QStringLiteral("the address is empty");
    // gRPC's own target forms: a socket path has no port to check.
    if (address.startsWith(QLatin1String("unix:")) || address.startsWith(QLatin1String("unix-abstract:"))) {
        if (address.section(QLatin1Char(':'), 1).isEmpty())
            return QStringLiteral("the address %1 names no socket").arg(shown);
        return std::nullopt;
    }
    QString hostPort = address;
    if (hostPort.startsWith(QLatin1String("dns:"))) {
        hostPort = hostPort.mid(4);
        // dns://AUTHORITY/HOST:PORT names the DNS server first.
        if (hostPort.startsWith(QLatin1String("//")))
            hostPort = hostPort.section(QLatin1Char('/'), 3);
    } else if (hostPort.startsWith(QLatin1String("ipv4:")) || hostPort.startsWith(QLatin1String("ipv6:"))) {
        hostPort = hostPort.mid(5).section(QLatin1Char(','), 0, 0);
    }
    QString host;
    QString port;
    if (hostPort.startsWith(QLatin1Char('['))) {
        const qsizetype close = hostPort.indexOf(QLatin1Char(']'));
        if (close < 0)
            return QStringLiteral("the address %1 opens an IPv6 bracket it does not close").arg(shown);
        host = hostPort.mid(1, close - 1);
        const QString rest = hostPort.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(QLatin1Char(':')))
            return QStringLiteral("the address %1 has text after its IPv6 host that is not :PORT").arg(shown);
        if (rest.isEmpty())
            return QStringLiteral("the address %1 has no port (e.g. :7233)").arg(shown);
        port = rest.mid(1);
    } else {
        const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
        if (colon < 0)
            return QStringLiteral("the address %1 has no port (e.g. %2:7233)")
                .arg(shown, escapedForDisplay(hostPort));
        host = hostPort.left(colon);
        port = hostPort.mid(colon + 1);
        if (host.contains(QLatin1Char(':')))
            return QStringLiteral("the address %1 has more than one ':'; write an IPv6 host in brackets, "
                                  "[::1]:7233")
                .arg(shown);
    }
    if (host.trimmed().isEmpty())
        return QStringLiteral("the address %1 has no host").arg(shown);
    for (const QChar c : host) {
        if (c.isSpace() || c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ||
            c == QLatin1Char('/'))
            return QStringLiteral("the address %1 has a host with spaces, control characters or '/'")
                .arg(shown);
    }
    if (port.isEmpty())
        return QStringLiteral("the address %1 has an empty port").arg(shown);
    if (!isAsciiDigits(port))
        return QStringLiteral("the address %1 has a port that is not a number: %2")
            .arg(shown, quotedForDisplay(port));
    // Whole digits only, compared as text first: 82937 must not wrap into another server's port.
    bool ok = false;
    const qlonglong number = port.size() > 6 ? -1 : port.toLongLong(&ok);
    if (!ok || number < 1 || number > 65535)
        return QStringLiteral("the address %1 has port %2, outside 1–65535")
            .arg(shown, escapedForDisplay(port));
    return std::nullopt;
}

Result<ConnectionSettings> ConnectionSettingsResolver::resolve(const ConnectionOverrides &overrides,
                                                               const QProcessEnvironment &environment)
{
    ConnectionSettings settings;
    const auto env = [&](const char *name) { return environment.value(QLatin1String(name)); };
    // Where the address came from, for messages.
    QString addressOrigin = QStringLiteral("the default");

    // 1. The profile.
    const QString configFile = temporalConfigFile(environment, overrides.configFile);
    settings.configFile = configFile;
    settings.configFileNamed =
        (overrides.configFile && !overrides.configFile->isEmpty()) || !env("TEMPORAL_CONFIG_FILE").isEmpty();
    const bool profileNamed = overrides.profile.has_value() || !env("TEMPORAL_PROFILE").isEmpty();
    const QString profileName = overrides.profile.value_or(
        env("TEMPORAL_PROFILE").isEmpty() ? QStringLiteral("default") : env("TEMPORAL_PROFILE"));
    settings.profile = profileName;
    settings.profileNamed = profileNamed;
    const Result<TomlDocument> document = TomlDocument::readFile(configFile);
    if (!document)
        return document.error();
    const Result<QStringList> profiles = document.value().tableKeys({QStringLiteral("profile")});
    if (!profiles)
        return profiles.error();
    if (profileNamed && !profiles.value().contains(profileName)) {
        return badSetting(
            QStringLiteral("profile %1 not found in %2%3")
                .arg(quotedForDisplay(profileName), configFile,
                     profiles.value().isEmpty()
                         ? QString()
                         : QStringLiteral(" (it has: %1)").arg(profiles.value().join(QStringLiteral(", ")))));
    }
    ProfileReader profile{document.value(), {QStringLiteral("profile"), profileName}, {}};
    const QString tlsKey = QStringLiteral("tls");
    const auto tlsPath = [&](const char *key) { return QStringList{tlsKey, QLatin1String(key)}; };
    if (const auto value = profile.text({QStringLiteral("address")}); value && !value->isEmpty()) {
        settings.address = *value;
        addressOrigin = QStringLiteral("profile %1 in %2, line %3")
                            .arg(profileName, configFile)
                            .arg(document.value().line(
                                {QStringLiteral("profile"), profileName, QStringLiteral("address")}));
    }
    if (const auto value = profile.text({QStringLiteral("namespace")}); value && !value->isEmpty())
        settings.namespaceName = *value;
    if (const auto value = profile.text({QStringLiteral("api_key")}); value && !value->isEmpty()) {
        settings.apiKey = *value;
        settings.apiKeyOrigin = SettingOrigin::Profile;
    }
    const QStringList tlsKeys = profile.table({tlsKey});
    const bool profileHasTls = !tlsKeys.isEmpty();
    const std::optional<bool> tlsDisabled = profile.flag(tlsPath("disabled"));
    settings.tls.clientCertPath = profile.text(tlsPath("client_cert_path")).value_or(QString());
    settings.tls.clientKeyPath = profile.text(tlsPath("client_key_path")).value_or(QString());
    settings.tls.serverCaCertPath = profile.text(tlsPath("server_ca_cert_path")).value_or(QString());
    settings.tls.clientCertData = profile.text(tlsPath("client_cert_data")).value_or(QString()).toUtf8();
    settings.tls.clientKeyData = profile.text(tlsPath("client_key_data")).value_or(QString()).toUtf8();
    settings.tls.serverCaCertData = profile.text(tlsPath("server_ca_cert_data")).value_or(QString()).toUtf8();
    settings.tls.serverName = profile.text(tlsPath("server_name")).value_or(QString());
    settings.tls.disableHostVerification = profile.flag(tlsPath("disable_host_verification")).value_or(false);
    // Later sources replace a key, rather than sending the header twice.
    const auto setMeta = [&settings](const QString &key, const QString &value, SettingOrigin origin) {
        const QString lower = key.toLower();
        settings.grpcMeta.removeIf([&lower](const auto &entry) { return entry.first.toLower() == lower; });
        settings.grpcMeta << qMakePair(key, value);
        settings.grpcMetaOrigins.insert(lower, origin);
    };
    const QString metaKey = QStringLiteral("grpc_meta");
    for (const QString &key : profile.table({metaKey})) {
        if (const auto value = profile.text({metaKey, key}))
            setMeta(key, *value, SettingOrigin::Profile);
    }
    if (profile.error)
        return *profile.error;

    // 2. The environment.
    if (!env("TEMPORAL_ADDRESS").isEmpty()) {
        settings.address = env("TEMPORAL_ADDRESS");
        addressOrigin = QStringLiteral("TEMPORAL_ADDRESS");
    }
    if (!env("TEMPORAL_NAMESPACE").isEmpty())
        settings.namespaceName = env("TEMPORAL_NAMESPACE");
    if (!env("TEMPORAL_API_KEY").isEmpty()) {
        settings.apiKey = env("TEMPORAL_API_KEY");
        settings.apiKeyOrigin = SettingOrigin::Environment;
    }
    std::optional<bool> tlsFlag;
    if (!env("TEMPORAL_TLS").isEmpty()) {
        tlsFlag = parseBool(env("TEMPORAL_TLS"));
        if (!tlsFlag)
            return badSetting(QStringLiteral("TEMPORAL_TLS must be true or false, not %1")
                                  .arg(quotedForDisplay(env("TEMPORAL_TLS"))));
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
    if (!env("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION").isEmpty()) {
        // A typo must not quietly keep (or drop) verification.
        const std::optional<bool> skip = parseBool(env("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"));
        if (!skip)
            return badSetting(
                QStringLiteral("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION must be true or false, not %1")
                    .arg(quotedForDisplay(env("TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"))));
        settings.tls.disableHostVerification = *skip;
    }
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        static const QLatin1String prefix("TEMPORAL_GRPC_META_");
        if (key.startsWith(prefix) && key.size() > prefix.size()) {
            const QString header =
                key.mid(prefix.size()).toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
            setMeta(header, environment.value(key), SettingOrigin::Environment);
        }
    }
    std::optional<bool> allowInsecure;
    QString allowInsecureOrigin;
    if (!env("VERSIONSCOPE_ALLOW_INSECURE_API_KEY").isEmpty()) {
        allowInsecure = parseBool(env("VERSIONSCOPE_ALLOW_INSECURE_API_KEY"));
        if (!allowInsecure)
            return badSetting(
                QStringLiteral("VERSIONSCOPE_ALLOW_INSECURE_API_KEY must be true or false, not %1")
                    .arg(quotedForDisplay(env("VERSIONSCOPE_ALLOW_INSECURE_API_KEY"))));
        allowInsecureOrigin = QStringLiteral("VERSIONSCOPE_ALLOW_INSECURE_API_KEY");
    }

    // 3. Flags.
    if (overrides.address) {
        settings.address = *overrides.address;
        addressOrigin = QStringLiteral("--address");
    }
    if (overrides.namespaceName)
        settings.namespaceName = *overrides.namespaceName;
    if (overrides.apiKey) {
        settings.apiKey = *overrides.apiKey;
        settings.apiKeyOrigin = SettingOrigin::Flag;
    }
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
    for (const auto &[key, value] : overrides.grpcMeta)
        setMeta(key, value, SettingOrigin::Flag);
    if (overrides.callTimeoutMs) {
        if (*overrides.callTimeoutMs <= 0)
            return badSetting(QStringLiteral("--command-timeout must be a positive number of seconds"));
        settings.callTimeoutMs = *overrides.callTimeoutMs;
    }
    if (overrides.allowInsecureApiKey) {
        allowInsecure = overrides.allowInsecureApiKey;
        allowInsecureOrigin = QStringLiteral("--allow-insecure-api-key");
    }

    // The system keychain: asked for by a flag (above TEMPORAL_API_KEY), or by the profile (below it,
    // above api_key in Temporal's file). Only noted here; the front end reads the entry (see the header).
    if (overrides.apiKeyFromKeychain.value_or(false)) {
        if (overrides.apiKey)
            return badSetting(QStringLiteral("--api-key and --api-key-from-keychain contradict each other"),
                              QStringLiteral("give the key one way"));
        settings.apiKey.clear();
        settings.apiKeyOrigin = SettingOrigin::Keychain;
        settings.apiKeyFromKeychainFlag = true;
    } else if (settings.apiKeyOrigin == SettingOrigin::Default ||
               settings.apiKeyOrigin == SettingOrigin::Profile) {
        const Result<bool> inKeychain =
            profileKeepsApiKeyInKeychain(versionscopeConfigFile(environment), profileName);
        if (!inKeychain)
            return inKeychain.error();
        if (inKeychain.value()) {
            settings.apiKey.clear();
            settings.apiKeyOrigin = SettingOrigin::Keychain;
        }
    }

    if (const auto problem = addressProblem(settings.address))
        return badSetting(*problem + QStringLiteral(" (from %1)").arg(addressOrigin),
                          QStringLiteral("give HOST:PORT, e.g. 127.0.0.1:7233 or [::1]:7233"));

    // TLS is on when asked for, or when anything TLS-specific or an API key is configured, unless the
    // profile or a flag turns it off explicitly.
    const TlsSettings &t = settings.tls;
    const bool tlsImplied = profileHasTls || settings.hasApiKey() || !t.clientCertPath.isEmpty() ||
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
    const QString ownFile = versionscopeConfigFile(environment);
    const Result<TomlDocument> own = TomlDocument::readFile(ownFile);
    if (!own)
        return own.error();
    ProfileReader ownProfile{own.value(), {QStringLiteral("profile"), profileName}, {}};
    const auto limit = [&](const char *key, int current) -> Result<int> {
        const std::optional<qint64> value = ownProfile.number({QLatin1String(key)});
        if (ownProfile.error)
            return *ownProfile.error;
        if (!value)
            return current;
        if (*value < 0 || *value > INT_MAX)
            return own.value().valueError(
                ownProfile.profilePath + QStringList{QLatin1String(key)},
                QStringLiteral("must be between 0 (unlimited) and %1").arg(INT_MAX));
        return static_cast<int>(*value);
    };
    const struct
    {
        const char *key;
        int *target;
    } limits[] = {{"version_set_limit", &settings.limits.maxSets},
                  {"build_id_limit", &settings.limits.maxBuildIds},
                  {"build_id_max_length", &settings.limits.maxBuildIdLength}};
    for (const auto &entry : limits) {
        const Result<int> value = limit(entry.key, *entry.target);
        if (!value)
            return value.error();
        *entry.target = value.value();
    }
    if (!allowInsecure) {
        allowInsecure = ownProfile.flag({QStringLiteral("allow_insecure_api_key")});
        if (ownProfile.error)
            return *ownProfile.error;
        allowInsecureOrigin = QStringLiteral("profile %1 in %2").arg(profileName, ownFile);
    }
    if (const std::optional<Error> problem =
            resolveChangeSafety(overrides, environment, own.value(), profileName, settings.safety))
        return *problem;
    // The history location (history = "…") is read by HistoryLocation; a wrong type is an error there.
    if (overrides.maxSets)
        settings.limits.maxSets = *overrides.maxSets;
    if (overrides.maxBuildIds)
        settings.limits.maxBuildIds = *overrides.maxBuildIds;
    if (overrides.maxBuildIdLength)
        settings.limits.maxBuildIdLength = *overrides.maxBuildIdLength;
    if (settings.limits.maxSets < 0 || settings.limits.maxBuildIds < 0 ||
        settings.limits.maxBuildIdLength < 0)
        return badSetting(QStringLiteral("limits cannot be negative (0 means unlimited)"));

    if (settings.namespaceName.isEmpty())
        return badSetting(QStringLiteral("the namespace is empty"));

    // An API key is a bearer credential: over plaintext anyone on the path can reuse it.
    settings.allowInsecureApiKey = allowInsecure.value_or(false);
    if (settings.hasApiKey() && !settings.tls.enabled) {
        if (!settings.allowInsecureApiKey)
            return badSetting(
                QStringLiteral("refusing to send the API key without TLS to %1")
                    .arg(quotedForDisplay(settings.address)),
                QStringLiteral(
                    "drop --tls=false (or TEMPORAL_TLS=false, or the profile's tls.disabled), or pass "
                    "--allow-insecure-api-key if this server is only reachable on a trusted network"));
        settings.warnings << QStringLiteral("the API key is sent without TLS to %1 (allowed by %2): anyone "
                                            "on the network path can read and reuse it")
                                 .arg(quotedForDisplay(settings.address), allowInsecureOrigin);
    }

    // As Temporal's CLI: $USER first; the account itself when the environment does not say.
    QString user = environment.value(QStringLiteral("USER"), environment.value(QStringLiteral("USERNAME")));
    if (user.isEmpty())
        user = osAccountName();
    settings.identity = (user.isEmpty() ? QStringLiteral("unknown") : user) + QLatin1Char('@') +
                        QSysInfo::machineHostName() + QStringLiteral(" (versionscope)");
    return settings;
}
