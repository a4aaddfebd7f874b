#pragma once

#include "config/changesafety.h"
#include "versionsets/versioninglimits.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// TLS for the connection. Paths and inline PEM data are alternatives; data wins when both are set.
struct TlsSettings
{
    bool enabled = false;
    QString clientCertPath;
    QString clientKeyPath;
    QString serverCaCertPath;
    QByteArray clientCertData;
    QByteArray clientKeyData;
    QByteArray serverCaCertData;
    // Name to verify the server's certificate against, when it differs from the address's host.
    QString serverName;
    bool disableHostVerification = false;

    bool operator==(const TlsSettings &) const = default;
};

// Where a connection setting came from, so that the equivalent command can say it again without repeating a
// secret.
enum class SettingOrigin { Default, Profile, Environment, Flag, Keychain };

// Everything needed to talk to one Temporal namespace. Resolved from flags, environment and Temporal's
// environment-config profiles (see ConnectionSettingsResolver). Holds the API key: never log it.
struct ConnectionSettings
{
    QString address = QStringLiteral("127.0.0.1:7233");
    QString namespaceName = QStringLiteral("default");
    QString apiKey;
    TlsSettings tls;
    // Extra gRPC metadata sent with every call (--grpc-meta KEY=VALUE).
    QList<QPair<QString, QString>> grpcMeta;
    // The profile the settings came from, for display ("default" unless another was chosen).
    QString profile;
    // The server's version-set limits, for previews; defaults are the server's defaults.
    VersioningLimits limits;
    // Deadline of each call.
    int callTimeoutMs = 15000;
    // Identity sent to Temporal with updates (user@host by default).
    QString identity;
    // The user said an API key may go over plaintext (--allow-insecure-api-key); see warnings.
    bool allowInsecureApiKey = false;
    // Things the front ends show before connecting (the CLI on stderr), e.g. an API key sent without TLS.
    QStringList warnings;

    // Where the values came from (for commandLineArguments()).
    SettingOrigin apiKeyOrigin = SettingOrigin::Default;
    // With apiKeyOrigin Keychain: --api-key-from-keychain asked for it (else the profile's api_key_source).
    bool apiKeyFromKeychainFlag = false;
    // Per grpcMeta key (lower case).
    QHash<QString, SettingOrigin> grpcMetaOrigins;
    // The profile was named (--profile or TEMPORAL_PROFILE), the config file given (--config-file or
    // TEMPORAL_CONFIG_FILE; else configFile is the default one).
    bool profileNamed = false;
    QString configFile;
    bool configFileNamed = false;
    // Read-only mode and protected names, with where they came from (issue 11).
    ChangeSafety safety;

    // An API key is sent: one was given, or it is to be read from the system keychain (apiKeyOrigin
    // Keychain, apiKey still empty until the front end has read it).
    bool hasApiKey() const { return !apiKey.isEmpty() || apiKeyOrigin == SettingOrigin::Keychain; }
    // "127.0.0.1:7233 / default (TLS, API key)": for status lines; never shows secrets.
    QString describe() const;
    // The versionscope-cli connection flags that reach this same server and namespace, each one shell
    // word: address, namespace, profile and config file when chosen, TLS files, server name, host
    // verification, gRPC metadata keys. Secrets are never written out: an API key or a metadata value not
    // carried by the profile is named by its variable (--api-key "$TEMPORAL_API_KEY"). Inline TLS data
    // (…_DATA variables) has no flag; it reaches the command through the profile or the environment.
    QStringList commandLineArguments() const;
    bool operator==(const ConnectionSettings &) const = default;
};
