#pragma once

#include "common/result.h"
#include "temporal/connectionsettings.h"

#include <QProcessEnvironment>

#include <optional>

// Connection options given explicitly (command-line flags, or the connection dialog). Unset means "not
// given", so that lower-precedence sources apply.
struct ConnectionOverrides
{
    std::optional<QString> address;
    std::optional<QString> namespaceName;
    std::optional<QString> apiKey;
    // --api-key-from-keychain: the API key is the profile's entry in the system keychain (ApiKeyKeychain).
    std::optional<bool> apiKeyFromKeychain;
    std::optional<bool> tls;
    std::optional<QString> tlsCertPath;
    std::optional<QString> tlsKeyPath;
    std::optional<QString> tlsCaPath;
    std::optional<QString> tlsServerName;
    std::optional<bool> tlsDisableHostVerification;
    QList<QPair<QString, QString>> grpcMeta;
    std::optional<QString> profile;
    std::optional<QString> configFile;
    std::optional<int> maxSets;
    std::optional<int> maxBuildIds;
    std::optional<int> maxBuildIdLength;
    std::optional<int> callTimeoutMs;
    // --allow-insecure-api-key: an API key may go over plaintext (with a warning).
    std::optional<bool> allowInsecureApiKey;
    // --read-only: nothing may be changed (ChangeSafety). Only ever turns it on.
    std::optional<bool> readOnly;

    bool operator==(const ConnectionOverrides &) const = default;
};

// Resolves ConnectionSettings the way the Temporal CLI does, so a user's existing setup just works:
// flags win over the environment (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*,
// TEMPORAL_GRPC_META_*), which wins over the chosen profile of Temporal's environment-config TOML file
// (TEMPORAL_CONFIG_FILE, else <config dir>/temporalio/temporal.toml; profile from --profile,
// TEMPORAL_PROFILE, else "default"), which wins over the defaults (127.0.0.1:7233, namespace "default").
//
// Versionscope's own per-profile settings (the server's version-set limits, allow_insecure_api_key) live in a
// file of its own, VERSIONSCOPE_CONFIG_FILE or <config dir>/versionscope/versionscope.toml, under
// [profile.NAME], so that Temporal's file stays exactly as Temporal's tools expect it.
//
// The API key, from the first of: --api-key; --api-key-from-keychain (the profile's entry in the system
// keychain); TEMPORAL_API_KEY; the system keychain when the profile's section of versionscope.toml says
// api_key_source = "keychain"; api_key in Temporal's file. (--api-key with --api-key-from-keychain is an
// error.) A key from the keychain is not read here: the settings say so (apiKeyOrigin Keychain, apiKey
// empty) and the front end reads it with ApiKeyKeychain, the window without blocking its event loop, the
// command line synchronously, before it connects. Resolving stays a quick synchronous function of files
// and the environment, which the connection dialog calls on every keystroke.
//
// Nothing questionable gets through: a value of the wrong type in a TOML file (named with its file and
// line), an address without a host or with a port outside 1–65535, a timeout that is not positive, or an
// API key that would go over plaintext without --allow-insecure-api-key (VERSIONSCOPE_ALLOW_INSECURE_API_KEY,
// or allow_insecure_api_key in versionscope.toml). Messages name the value (escaped) and where it came from.
//
// Read-only mode (ChangeSafety) is on when any source says so: --read-only, VERSIONSCOPE_READ_ONLY=1 or the
// profile's read_only = true in versionscope.toml. Unlike the other settings a higher source cannot turn it
// off again (VERSIONSCOPE_READ_ONLY=0 leaves a read-only profile read-only): a profile marked read-only is
// changed by editing it, never by a stray variable. The origin named is the most explicit source. The
// protected names (protected_namespaces, protected_task_queues, protected_deployments: arrays of strings)
// come from the profile only.
class ConnectionSettingsResolver
{
public:
    static Result<ConnectionSettings> resolve(const ConnectionOverrides &overrides,
                                              const QProcessEnvironment &environment);

    static QString temporalConfigFile(const QProcessEnvironment &environment,
                                      const std::optional<QString> &explicitFile = {});
    static QString versionscopeConfigFile(const QProcessEnvironment &environment);
    // What is wrong with a Temporal address (HOST:PORT, [IPv6]:PORT, or a gRPC target such as
    // dns:///HOST:PORT or unix:PATH), in words that name it; nothing when it is fine.
    static std::optional<QString> addressProblem(const QString &address);
    // Profile names in Temporal's config file, or an error when it exists but cannot be read.
    static Result<QStringList> profileNames(const QString &configFile);
};
