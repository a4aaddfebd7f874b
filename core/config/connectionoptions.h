#pragma once

#include "common/result.h"
#include "connectionsettingsresolver.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QList>
#include <QStringList>

#include <optional>

class QCommandLineParser;

// The connection flags of both programs, defined once: versionscope and versionscope-cli take the same
// names, value names and help text, and read them with the same validation into ConnectionOverrides (which
// ConnectionSettingsResolver turns into settings). Used on one thread; a plain helper around a parser.
//
//     ConnectionOptions connection;
//     connection.addTo(parser);
//     parser.parse(connection.prepareArguments(arguments));
//     Result<ConnectionOverrides> overrides = connection.read(parser);
class ConnectionOptions
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionOptions)

public:
    ConnectionOptions();

    // Adds the options to the parser, and sets the parser's modes both programs share (options anywhere,
    // -long as --long).
    void addTo(QCommandLineParser &parser) const;
    // QCommandLineParser has no optional values: --tls=true and --tls=false are taken out of the arguments
    // here and remembered for read(). Returns the arguments to hand to the parser.
    QStringList prepareArguments(const QStringList &arguments);
    // The flags given, checked: whole numbers for the limits, a positive --command-timeout, KEY=VALUE for
    // --grpc-meta. Errors name the flag and the value (escaped).
    Result<ConnectionOverrides> read(const QCommandLineParser &parser) const;

    // The options' help, as QCommandLineParser prints it, for a help text written around it.
    QString helpText() const;
    const QList<QCommandLineOption> &options() const { return m_options; }

private:
    enum Index {
        Address,
        Namespace,
        ApiKey,
        ApiKeyFromKeychain,
        Tls,
        TlsCertPath,
        TlsKeyPath,
        TlsCaPath,
        TlsServerName,
        TlsDisableHostVerification,
        AllowInsecureApiKey,
        Profile,
        ConfigFile,
        GrpcMeta,
        CommandTimeout,
        VersionSetLimit,
        BuildIdLimit,
        BuildIdMaxLength,
        ReadOnly,
    };
    QList<QCommandLineOption> m_options;
    std::optional<bool> m_tlsValue;
};
