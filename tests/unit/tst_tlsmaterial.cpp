#include "config/tlsmaterial.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// TLS files are checked before anything connects; each problem is one message naming the file.
class TestTlsMaterial : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString &name) const { return name.isEmpty() ? QString() : m_dir.filePath(name); }

    bool openssl(const QStringList &arguments)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start("openssl", arguments);
        return process.waitForFinished(60000) && process.exitCode() == 0;
    }

    void write(const QString &name, const QByteArray &bytes)
    {
        QFile file(path(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

    QByteArray read(const QString &name)
    {
        QFile file(path(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QStringList ec{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"};
        QVERIFY(openssl(
            QStringList{"req", "-x509"} + ec +
            QStringList{"-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test CA"}));
        QVERIFY(openssl(QStringList{"req", "-x509"} + ec +
                        QStringList{"-keyout", "client.key", "-out", "client.pem", "-days", "2", "-subj",
                                    "/CN=operator"}));
        QVERIFY(openssl(
            QStringList{"req", "-x509"} + ec +
            QStringList{"-keyout", "other.key", "-out", "other.pem", "-days", "2", "-subj", "/CN=other"}));
        QVERIFY(openssl({"x509", "-in", "client.pem", "-outform", "der", "-out", "client.der"}));
        QVERIFY(openssl(
            {"pkey", "-in", "client.key", "-aes256", "-passout", "pass:secret", "-out", "encrypted.key"}));
        write("empty.pem", "\n");
        QByteArray broken = read("client.pem");
        broken.replace(40, 20, "!!!!not base64!!!!!!");
        write("broken.pem", broken);
        // A chain: the client's own certificate first, then another.
        write("chain.pem", read("client.pem") + read("other.pem"));
    }

    void check_data()
    {
        QTest::addColumn<QString>("ca");
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");

        QTest::newRow("ca only") << "ca.pem"
                                 << ""
                                 << ""
                                 << "";
        QTest::newRow("mtls") << "ca.pem"
                              << "client.pem"
                              << "client.key"
                              << "";
        QTest::newRow("chain") << ""
                               << "chain.pem"
                               << "client.key"
                               << "";
        QTest::newRow("missing ca") << "missing.pem"
                                    << ""
                                    << ""
                                    << "cannot read the server CA certificate \"DIR/missing.pem\"";
        QTest::newRow("empty ca") << "empty.pem"
                                  << ""
                                  << ""
                                  << "the server CA certificate \"DIR/empty.pem\" is empty";
        QTest::newRow("der certificate")
            << ""
            << "client.der"
            << "client.key"
            << "the client certificate \"DIR/client.der\" is not PEM (no -----BEGIN CERTIFICATE----- line)";
        QTest::newRow("key given as ca")
            << "ca.key"
            << ""
            << ""
            << "the server CA certificate \"DIR/ca.key\" holds no certificate (it holds "
               "PRIVATE KEY)";
        QTest::newRow("certificate given as key")
            << ""
            << "client.pem"
            << "client.pem"
            << "the client key \"DIR/client.pem\" holds no private key (it holds CERTIFICATE)";
        QTest::newRow("broken certificate")
            << ""
            << "broken.pem"
            << "client.key"
            << "the client certificate \"DIR/broken.pem\" has a certificate that "
               "does not parse";
        QTest::newRow("key of another certificate")
            << ""
            << "client.pem"
            << "other.key"
            << "the client key \"DIR/other.key\" does not match the client certificate \"DIR/client.pem\"";
        QTest::newRow("encrypted key") << ""
                                       << "client.pem"
                                       << "encrypted.key"
                                       << "the client key \"DIR/encrypted.key\" is encrypted";
        QTest::newRow("certificate without key")
            << ""
            << "client.pem"
            << ""
            << "a TLS client certificate needs its key and the key its certificate";
    }

    void check()
    {
        QFETCH(QString, ca);
        QFETCH(QString, cert);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        TlsSettings tls;
        tls.enabled = true;
        tls.serverCaCertPath = path(ca);
        tls.clientCertPath = path(cert);
        tls.clientKeyPath = path(key);
        const Result<TlsMaterial> material = loadTlsMaterial(tls);
        if (expected.isEmpty()) {
            QVERIFY2(material.isOk(), qPrintable(material.isOk() ? QString() : material.error().message));
            QCOMPARE(material.value().serverCaCerts, read(ca));
            QCOMPARE(material.value().clientCertChain, read(cert));
            QCOMPARE(material.value().clientKey, read(key));
            return;
        }
        QVERIFY(!material.isOk());
        expected.replace("DIR", m_dir.path());
        QVERIFY2(material.error().message.startsWith(expected), qPrintable(material.error().message));
    }

    void inlineDataIsCheckedToo()
    {
        TlsSettings tls;
        tls.clientCertData = read("client.pem");
        tls.clientKeyData = read("other.key");
        const Result<TlsMaterial> material = loadTlsMaterial(tls);
        QVERIFY(!material.isOk());
        QCOMPARE(material.error().message,
                 QString("the client key (inline data) does not match the client certificate (inline data)"));
        // The key itself never appears in a message.
        QVERIFY(!material.error().toString().contains("PRIVATE"));
    }
};

QTEST_GUILESS_MAIN(TestTlsMaterial)
#include "tst_tlsmaterial.moc"
