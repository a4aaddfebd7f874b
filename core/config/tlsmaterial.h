#pragma once

#include "common/result.h"
#include "temporal/connectionsettings.h"

#include <QByteArray>

// The PEM blocks a TLS connection needs, read from TlsSettings' files or inline data and checked before
// anything connects: each file readable, PEM, holding what it should (certificates, or one private key that
// needs no passphrase), and the client key matching the client certificate. A plain value.
struct TlsMaterial
{
    QByteArray serverCaCerts;
    QByteArray clientCertChain;
    QByteArray clientKey;
};

// One message per problem, naming the file (or the inline data) and what is wrong with it: "the client key
// /etc/temporal/client.key does not match the client certificate /etc/temporal/client.pem". Uses OpenSSL's
// libcrypto (which gRPC already links) to parse; nothing is logged.
Result<TlsMaterial> loadTlsMaterial(const TlsSettings &tls);
