#include "tlsmaterial.h"

#include "common/displaytext.h"

#include <QFile>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace {

struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct X509Free
{
    void operator()(X509 *certificate) const { X509_free(certificate); }
};
struct KeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
using BioPointer = std::unique_ptr<BIO, BioFree>;
using X509Pointer = std::unique_ptr<X509, X509Free>;
using KeyPointer = std::unique_ptr<EVP_PKEY, KeyFree>;

Error tlsError(const QString &message, const QString &detail = {})
{
    return Error{ErrorCode::InvalidArgument, message, detail, QStringLiteral("local-validation")};
}

// One TLS input: its PEM text and how to name it in a message.
struct Source
{
    QByteArray pem;
    // "the client certificate /etc/temporal/client.pem", "the client certificate (inline data)".
    QString name;
};

Result<Source> read(const QByteArray &data, const QString &path, const QString &what)
{
    if (!data.isEmpty())
        return Source{data, QStringLiteral("the %1 (inline data)").arg(what)};
    if (path.isEmpty())
        return Source{};
    const QString name = QStringLiteral("the %1 %2").arg(what, quotedForDisplay(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tlsError(QStringLiteral("cannot read %1: %2").arg(name, file.errorString()));
    Source source{file.readAll(), name};
    if (source.pem.trimmed().isEmpty())
        return tlsError(QStringLiteral("%1 is empty").arg(name));
    return source;
}

// The label of the first PEM block ("CERTIFICATE", "PRIVATE KEY"), empty when there is none.
QByteArray firstLabel(const QByteArray &pem)
{
    const qsizetype begin = pem.indexOf("-----BEGIN ");
    if (begin < 0)
        return {};
    const qsizetype end = pem.indexOf("-----", begin + 11);
    return end < 0 ? QByteArray() : pem.mid(begin + 11, end - begin - 11);
}

std::optional<Error> notPem(const Source &source, const char *expected)
{
    if (!firstLabel(source.pem).isEmpty())
        return std::nullopt;
    return tlsError(
        QStringLiteral("%1 is not PEM (no -----BEGIN %2----- line)")
            .arg(source.name, QLatin1String(expected)),
        QStringLiteral("a DER file converts with: openssl x509 -inform der -in FILE -out FILE.pem "
                       "(a key: openssl pkey -inform der …)"));
}

QString openSslReason()
{
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0)
        return QString();
    const char *reason = ERR_reason_error_string(code);
    return reason ? QStringLiteral(" (%1)").arg(QString::fromUtf8(reason)) : QString();
}

BioPointer bioOf(const QByteArray &pem)
{
    return BioPointer(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
}

// Every certificate in the text; an error when there is none or one does not parse.
Result<QList<std::shared_ptr<X509>>> certificates(const Source &source)
{
    if (auto error = notPem(source, "CERTIFICATE"))
        return *error;
    const BioPointer bio = bioOf(source.pem);
    QList<std::shared_ptr<X509>> found;
    const qsizetype blocks = source.pem.count("-----BEGIN CERTIFICATE-----");
    ERR_clear_error();
    for (qsizetype i = 0; i < blocks; ++i) {
        X509 *certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (!certificate)
            return tlsError(QStringLiteral("%1 has a certificate that does not parse%2")
                                .arg(source.name, openSslReason()));
        found << std::shared_ptr<X509>(certificate, X509Free());
    }
    ERR_clear_error();
    if (found.isEmpty())
        return tlsError(QStringLiteral("%1 holds no certificate (it holds %2)")
                            .arg(source.name, QString::fromLatin1(firstLabel(source.pem))));
    return found;
}

// No passphrase prompt on the terminal (OpenSSL's default): an encrypted key is an error instead.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

Result<std::shared_ptr<EVP_PKEY>> privateKey(const Source &source)
{
    if (auto error = notPem(source, "PRIVATE KEY"))
        return *error;
    if (source.pem.contains("ENCRYPTED"))
        return tlsError(
            QStringLiteral("%1 is encrypted; Versionscope cannot ask for its passphrase").arg(source.name),
            QStringLiteral("decrypt it into a file only you can read: openssl pkey -in KEY -out "
                           "KEY.plain"));
    if (!source.pem.contains("PRIVATE KEY-----"))
        return tlsError(QStringLiteral("%1 holds no private key (it holds %2)")
                            .arg(source.name, QString::fromLatin1(firstLabel(source.pem))));
    const BioPointer bio = bioOf(source.pem);
    ERR_clear_error();
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr);
    if (!key)
        return tlsError(
            QStringLiteral("%1 is not a valid PEM private key%2").arg(source.name, openSslReason()));
    return std::shared_ptr<EVP_PKEY>(key, KeyFree());
}

} // namespace

Result<TlsMaterial> loadTlsMaterial(const TlsSettings &tls)
{
    const Result<Source> ca =
        read(tls.serverCaCertData, tls.serverCaCertPath, QStringLiteral("server CA certificate"));
    if (!ca)
        return ca.error();
    const Result<Source> cert =
        read(tls.clientCertData, tls.clientCertPath, QStringLiteral("client certificate"));
    if (!cert)
        return cert.error();
    const Result<Source> key = read(tls.clientKeyData, tls.clientKeyPath, QStringLiteral("client key"));
    if (!key)
        return key.error();
    if (cert.value().pem.isEmpty() != key.value().pem.isEmpty())
        return tlsError(QStringLiteral("a TLS client certificate needs its key and the key its certificate"),
                        QStringLiteral("give both --tls-cert-path and --tls-key-path"));

    TlsMaterial material;
    if (!ca.value().pem.isEmpty()) {
        const auto parsed = certificates(ca.value());
        if (!parsed)
            return parsed.error();
        material.serverCaCerts = ca.value().pem;
    }
    if (!cert.value().pem.isEmpty()) {
        const auto chain = certificates(cert.value());
        if (!chain)
            return chain.error();
        const auto pkey = privateKey(key.value());
        if (!pkey)
            return pkey.error();
        // The first certificate is the client's own; the rest are intermediates.
        if (X509_check_private_key(chain.value().first().get(), pkey.value().get()) != 1) {
            ERR_clear_error();
            return tlsError(QStringLiteral("%1 does not match %2").arg(key.value().name, cert.value().name),
                            QStringLiteral("give the key the certificate was issued for"));
        }
        material.clientCertChain = cert.value().pem;
        material.clientKey = key.value().pem;
    }
    return material;
}
