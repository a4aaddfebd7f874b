#include "connectionoptions.h"

#include "common/displaytext.h"

#include <QCommandLineParser>

#include <climits>

namespace {

Error usage(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message, QStringLiteral("see --help"), QStringLiteral("usage")};
}

} // namespace

ConnectionOptions::ConnectionOptions()
{
    const auto option = [](const QStringList &names, const QString &description, const QString &valueName) {
        return QCommandLineOption(names, description, valueName);
    };
    m_options = {
        option({QStringLiteral("address")},
               tr("Temporal frontend (TEMPORAL_ADDRESS; default 127.0.0.1:7233)."),
               QStringLiteral("HOST:PORT")),
        option({QStringLiteral("n"), QStringLiteral("namespace")},
               tr("Namespace (TEMPORAL_NAMESPACE; default \"default\")."), QStringLiteral("NAME")),
        option({QStringLiteral("api-key")},
               tr("API key, sent as \"authorization: Bearer\" (TEMPORAL_API_KEY); needs TLS."),
               QStringLiteral("KEY")),
        option({QStringLiteral("api-key-from-keychain")},
               tr("Read the API key from the system keychain, the profile's entry (versionscope-cli keychain "
                  "set); wins over TEMPORAL_API_KEY."),
               QString()),
        option(
            {QStringLiteral("tls")},
            tr("Use TLS (implied by any TLS option or an API key); --tls=false turns it off (TEMPORAL_TLS)."),
            QString()),
        option({QStringLiteral("tls-cert-path")},
               tr("Client certificate for mTLS (TEMPORAL_TLS_CLIENT_CERT_PATH)."), QStringLiteral("FILE")),
        option({QStringLiteral("tls-key-path")}, tr("Client key for mTLS (TEMPORAL_TLS_CLIENT_KEY_PATH)."),
               QStringLiteral("FILE")),
        option({QStringLiteral("tls-ca-path")},
               tr("CA that signed the server certificate (TEMPORAL_TLS_SERVER_CA_CERT_PATH)."),
               QStringLiteral("FILE")),
        option({QStringLiteral("tls-server-name")},
               tr("Name to verify the server certificate against (TEMPORAL_TLS_SERVER_NAME)."),
               QStringLiteral("NAME")),
        option({QStringLiteral("tls-disable-host-verification")},
               tr("Do not verify the server certificate (TEMPORAL_TLS_DISABLE_HOST_VERIFICATION)."),
               QString()),
        option({QStringLiteral("allow-insecure-api-key")},
               tr("Allow sending the API key without TLS, with a warning "
                  "(VERSIONSCOPE_ALLOW_INSECURE_API_KEY)."),
               QString()),
        option({QStringLiteral("profile")},
               tr("Profile of Temporal's config file (TEMPORAL_PROFILE; default "
                  "\"default\")."),
               QStringLiteral("NAME")),
        option(
            {QStringLiteral("config-file")},
            tr("Temporal's config file (TEMPORAL_CONFIG_FILE; default ~/.config/temporalio/temporal.toml)."),
            QStringLiteral("FILE")),
        option({QStringLiteral("grpc-meta")}, tr("Extra gRPC metadata, repeatable (TEMPORAL_GRPC_META_KEY)."),
               QStringLiteral("KEY=VALUE")),
        option({QStringLiteral("command-timeout")}, tr("Deadline of each call (default 15)."),
               QStringLiteral("SECONDS")),
        option(
            {QStringLiteral("version-set-limit")},
            tr("Server's limit.versionCompatibleSetLimitPerQueue for previews (default 10, 0 = unlimited)."),
            QStringLiteral("N")),
        option({QStringLiteral("build-id-limit")},
               tr("Server's limit.versionBuildIdLimitPerQueue for previews (default 100, 0 = unlimited)."),
               QStringLiteral("N")),
        option({QStringLiteral("build-id-max-length")},
               tr("Server's limit.workerBuildIdSize in bytes for previews (default 255)."),
               QStringLiteral("N")),
        option({QStringLiteral("read-only")},
               tr("Send no change at all; reads, previews and --dry-run still work (VERSIONSCOPE_READ_ONLY, "
                  "or read_only in versionscope.toml)."),
               QString()),
    };
}

void ConnectionOptions::addTo(QCommandLineParser &parser) const
{
    // As the Temporal CLI: global flags anywhere, and -address read like --address.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(m_options);
}

QStringList ConnectionOptions::prepareArguments(const QStringList &arguments)
{
    QStringList kept;
    m_tlsValue.reset();
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("--tls=false") || argument == QLatin1String("--tls=true"))
            m_tlsValue = argument.endsWith(QLatin1String("true"));
        else
            kept << argument;
    }
    return kept;
}

Result<ConnectionOverrides> ConnectionOptions::read(const QCommandLineParser &parser) const
{
    ConnectionOverrides c;
    const auto text = [&](Index index, std::optional<QString> &field) {
        if (parser.isSet(m_options.at(index)))
            field = parser.value(m_options.at(index));
    };
    text(Address, c.address);
    text(Namespace, c.namespaceName);
    text(ApiKey, c.apiKey);
    text(TlsCertPath, c.tlsCertPath);
    text(TlsKeyPath, c.tlsKeyPath);
    text(TlsCaPath, c.tlsCaPath);
    text(TlsServerName, c.tlsServerName);
    text(Profile, c.profile);
    text(ConfigFile, c.configFile);
    if (parser.isSet(m_options.at(Tls)))
        c.tls = true;
    if (m_tlsValue)
        c.tls = m_tlsValue;
    if (parser.isSet(m_options.at(TlsDisableHostVerification)))
        c.tlsDisableHostVerification = true;
    if (parser.isSet(m_options.at(AllowInsecureApiKey)))
        c.allowInsecureApiKey = true;
    if (parser.isSet(m_options.at(ApiKeyFromKeychain))) {
        if (c.apiKey)
            return usage(QStringLiteral("--api-key and --api-key-from-keychain contradict each other"));
        c.apiKeyFromKeychain = true;
    }
    if (parser.isSet(m_options.at(ReadOnly)))
        c.readOnly = true;
    for (const QString &pair : parser.values(m_options.at(GrpcMeta))) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return usage(QStringLiteral("--grpc-meta takes KEY=VALUE, not %1").arg(quotedForDisplay(pair)));
        c.grpcMeta << qMakePair(pair.left(equals), pair.mid(equals + 1));
    }
    struct Number
    {
        Index index;
        int minimum;
        int maximum;
        std::optional<int> *target;
    };
    std::optional<int> timeoutSeconds;
    const Number numbers[] = {{VersionSetLimit, 0, INT_MAX, &c.maxSets},
                              {BuildIdLimit, 0, INT_MAX, &c.maxBuildIds},
                              {BuildIdMaxLength, 0, INT_MAX, &c.maxBuildIdLength},
                              // In milliseconds it must still fit an int.
                              {CommandTimeout, 1, INT_MAX / 1000, &timeoutSeconds}};
    for (const Number &n : numbers) {
        const QCommandLineOption &option = m_options.at(n.index);
        if (!parser.isSet(option))
            continue;
        const QString value = parser.value(option);
        bool ok = false;
        const qlonglong parsed = value.trimmed().toLongLong(&ok);
        if (!ok || parsed < n.minimum || parsed > n.maximum)
            return usage(QStringLiteral("--%1 takes a whole number from %2 to %3, not %4")
                             .arg(option.names().constLast())
                             .arg(n.minimum)
                             .arg(n.maximum)
                             .arg(quotedForDisplay(value)));
        *n.target = static_cast<int>(parsed);
    }
    if (timeoutSeconds)
        c.callTimeoutMs = *timeoutSeconds * 1000;
    return c;
}

QString ConnectionOptions::helpText() const
{
    QCommandLineParser parser;
    parser.addOptions(m_options);
    const QString full = parser.helpText();
    // Qt's help starts with "Usage: …" and "Options:"; keep the option lines.
    const qsizetype options = full.indexOf(QLatin1String("Options:\n"));
    return options < 0 ? full : full.mid(options + 9);
}
