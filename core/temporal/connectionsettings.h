#pragma once

#include "versionsets/versioninglimits.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

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

    // "127.0.0.1:7233 / default (TLS, API key)": for status lines; never shows secrets.
    QString describe() const;
    bool operator==(const ConnectionSettings &) const = default;
};
