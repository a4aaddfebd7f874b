// The API key never leaves the place the user put it. versionscope-cli and the window run against the real
// dev server (which accepts any API key; over plaintext with --allow-insecure-api-key) with a known,
// distinctive key, given each way there is: --api-key, TEMPORAL_API_KEY, api_key in Temporal's profile, the
// system keychain (a real gnome-keyring-daemon in a private D-Bus session: tests/support/with-secret-service
// runs this test). Each way gets its own HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME, history and
// the most verbose logging there is (GRPC_TRACE=all, every versionscope.* category). Then every file written
// under those folders (PNG text chunks unpacked, QSettings files read back, SQLite files byte by byte) and
// every line printed is searched for the key as text, base64, URL-encoded, hex and UTF-16: never found.
// searchFindsEveryForm() proves the search finds each form when it is there.

#include "support/testserver.h"

#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QtEndian>

namespace {

// Distinctive, with characters that base64 and URL encoding change.
const QString kKey = QStringLiteral("vsLEAK+Zq7/Rk2=Xw9Jm4Pt6Ny");

struct Form
{
    QString name;
    QByteArray bytes;
    Qt::CaseSensitivity caseSensitivity = Qt::CaseSensitive;
};

QList<Form> formsOf(const QString &secret)
{
    const QByteArray utf8 = secret.toUtf8();
    QByteArray utf16le(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2);
    QByteArray utf16be;
    for (const QChar c : secret) {
        utf16be.append(char(c.unicode() >> 8));
        utf16be.append(char(c.unicode() & 0xff));
    }
    return {{QStringLiteral("text"), utf8},
            {QStringLiteral("base64"), utf8.toBase64(QByteArray::OmitTrailingEquals)},
            {QStringLiteral("base64url"),
             utf8.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)},
            {QStringLiteral("URL-encoded"), QUrl::toPercentEncoding(secret), Qt::CaseInsensitive},
            {QStringLiteral("URL-encoded form"), QUrl::toPercentEncoding(secret, " ").replace(' ', '+'),
             Qt::CaseInsensitive},
            {QStringLiteral("hex"), utf8.toHex(), Qt::CaseInsensitive},
            {QStringLiteral("hex bytes"), utf8.toHex(' '), Qt::CaseInsensitive},
            {QStringLiteral("UTF-16LE"), utf16le},
            {QStringLiteral("UTF-16BE"), utf16be}};
}

QStringList findIn(const QByteArray &data, const QString &where)
{
    QStringList hits;
    for (const Form &form : formsOf(kKey)) {
        const bool found = form.caseSensitivity == Qt::CaseSensitive
                               ? data.contains(form.bytes)
                               : data.toLower().contains(form.bytes.toLower());
        if (found)
            hits << QStringLiteral("%1 (%2)").arg(where, form.name);
    }
    return hits;
}

// zlib data as PNG holds it (no length prefix), unpacked.
QByteArray inflate(const QByteArray &deflated)
{
    QByteArray withSize(4, '\0');
    qToBigEndian<quint32>(quint32(deflated.size() * 20 + 4096), withSize.data());
    return qUncompress(withSize + deflated);
}

// The text of a PNG's tEXt, zTXt and iTXt chunks, unpacked; compressed text is not found by a byte search.
QList<QByteArray> pngTexts(const QByteArray &png)
{
    QList<QByteArray> texts;
    if (!png.startsWith("\x89PNG\r\n\x1a\n"))
        return texts;
    qsizetype at = 8;
    while (at + 8 <= png.size()) {
        const quint32 length = qFromBigEndian<quint32>(png.constData() + at);
        const QByteArray type = png.mid(at + 4, 4);
        const QByteArray data = png.mid(at + 8, length);
        at += 12 + qsizetype(length);
        const qsizetype keywordEnd = data.indexOf('\0');
        if (type == "tEXt") {
            texts << data;
        } else if (type == "zTXt" && keywordEnd >= 0) {
            texts << data.left(keywordEnd) + ' ' + inflate(data.mid(keywordEnd + 2));
        } else if (type == "iTXt" && keywordEnd >= 0) {
            const bool compressed = data.at(keywordEnd + 1) != 0;
            qsizetype text = data.indexOf('\0', keywordEnd + 3); // end of the language tag
            text = data.indexOf('\0', text + 1);                 // end of the translated keyword
            const QByteArray body = data.mid(text + 1);
            texts << (compressed ? inflate(body) : body);
        }
    }
    return texts;
}

// Every file under root, recursively (hidden ones too), except those under an excluded folder.
QStringList searchTree(const QString &root, const QStringList &excluded, int *filesSearched)
{
    QStringList hits;
    QDirIterator files(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        if (std::any_of(excluded.begin(), excluded.end(),
                        [&](const QString &folder) { return path.startsWith(folder + QLatin1Char('/')); }))
            continue;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            hits << path + QStringLiteral(" (cannot be read)");
            continue;
        }
        ++*filesSearched;
        const QByteArray bytes = file.readAll();
        hits << findIn(bytes, path);
        for (const QByteArray &text : pngTexts(bytes))
            hits << findIn(text, path + QStringLiteral(" PNG text chunk"));
        if (path.endsWith(QLatin1String(".conf")) || path.endsWith(QLatin1String(".ini"))) {
            // Read back as QSettings does: an escaped value is the value again.
            const QSettings settings(path, QSettings::IniFormat);
            for (const QString &key : settings.allKeys())
                hits << findIn(settings.value(key).toString().toUtf8(),
                               path + QStringLiteral(" setting ") + key);
        }
    }
    return hits;
}

struct Output
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestSecretLeak : public QObject
{
    Q_OBJECT

    QString m_address;

    Output run(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
               const QByteArray &input = {}, int timeoutMs = 120000)
    {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(program, arguments);
        if (!process.waitForStarted(10000))
            return {};
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
        }
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                process.readAllStandardOutput(), process.readAllStandardError()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_address = TestServer::versioningAddress();
        QVERIFY2(!m_address.isEmpty(), "the temporal fixture did not start a server");
        QVERIFY2(qEnvironmentVariable("XDG_DATA_HOME").contains(QLatin1String("versionscope-keyring.")),
                 "run this test through tests/support/with-secret-service (ctest does)");
    }

    // The search is only worth something if it finds the key where it is.
    void searchFindsEveryForm_data()
    {
        QTest::addColumn<QString>("plant");
        for (const Form &form : formsOf(kKey))
            QTest::newRow(qPrintable(form.name)) << form.name;
        QTest::newRow("PNG text chunk") << "png";
        QTest::newRow("SQLite row") << "sqlite";
        QTest::newRow("QSettings value") << "settings";
        QTest::newRow("stdout") << "output";
    }
    void searchFindsEveryForm()
    {
        QFETCH(QString, plant);
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkpath(QStringLiteral("deep/.hidden")));
        const QString file = root.filePath(QStringLiteral("deep/.hidden/planted"));
        if (plant == QLatin1String("png")) {
            QImage image(4, 4, QImage::Format_RGB32);
            image.fill(Qt::white);
            // Long enough for Qt to compress it (zTXt): a byte search alone would miss it.
            image.setText(QStringLiteral("Description"),
                          QStringLiteral("connected with ") + kKey + QString(200, QLatin1Char('.')));
            QVERIFY(image.save(file + QStringLiteral(".png")));
        } else if (plant == QLatin1String("sqlite")) {
            {
                QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plant"));
                db.setDatabaseName(file + QStringLiteral(".sqlite"));
                QVERIFY(db.open());
                QSqlQuery query(db);
                QVERIFY(query.exec(QStringLiteral("create table t (v text)")));
                QVERIFY(query.prepare(QStringLiteral("insert into t values (?)")));
                query.addBindValue(QStringLiteral("k=") + kKey);
                QVERIFY(query.exec());
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("plant"));
        } else if (plant == QLatin1String("settings")) {
            QSettings settings(file + QStringLiteral(".conf"), QSettings::IniFormat);
            settings.setValue(QStringLiteral("connection/apiKey"), kKey);
        } else if (plant == QLatin1String("output")) {
            QVERIFY(!findIn("error: bad key " + kKey.toUtf8() + '\n', QStringLiteral("stderr")).isEmpty());
            return;
        } else {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            for (const Form &form : formsOf(kKey)) {
                if (form.name == plant)
                    out.write("before " + form.bytes + " after");
            }
        }
        int files = 0;
        const QStringList hits = searchTree(root.path(), {}, &files);
        QVERIFY2(!hits.isEmpty(), qPrintable(plant));
        // And nothing where nothing was planted.
        QTemporaryDir clean;
        QFile other(clean.filePath(QStringLiteral("other.txt")));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("vsLEAK but not the key");
        other.close();
        QCOMPARE(searchTree(clean.path(), {}, &files), QStringList());
    }

    void keyIsNeverWrittenOrPrinted_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("flag") << "flag";
        QTest::newRow("environment") << "environment";
        QTest::newRow("profile") << "profile";
        QTest::newRow("keychain") << "keychain";
    }
    void keyIsNeverWrittenOrPrinted()
    {
        QFETCH(QString, path);
        QTemporaryDir root;
        QVERIFY(root.isValid());
        QDir dir(root.path());
        for (const char *sub : {"home", "config", "data", "cache", "runtime", "input", "out"})
            QVERIFY(dir.mkpath(QLatin1String(sub)));
        QFile::setPermissions(root.filePath(QStringLiteral("runtime")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        // The user's own files with the key in them are what the programs read, not what they write.
        const QString input = root.filePath(QStringLiteral("input"));

        QProcessEnvironment environment;
        const QProcessEnvironment outer = QProcessEnvironment::systemEnvironment();
        for (const char *kept : {"PATH", "DBUS_SESSION_BUS_ADDRESS", "LANG"})
            environment.insert(QLatin1String(kept), outer.value(QLatin1String(kept)));
        environment.insert(QStringLiteral("HOME"), root.filePath(QStringLiteral("home")));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), root.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("XDG_DATA_HOME"), root.filePath(QStringLiteral("data")));
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), root.filePath(QStringLiteral("cache")));
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), root.filePath(QStringLiteral("runtime")));
        environment.insert(QStringLiteral("USER"), QStringLiteral("leaktest"));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("VERSIONSCOPE_HISTORY"),
                           root.filePath(QStringLiteral("data/history.sqlite")));
        environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"), input + QStringLiteral("/temporal.toml"));
        environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
                           input + QStringLiteral("/versionscope.toml"));
        // Everything that logs, as loud as it goes.
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("versionscope.*=true"));
        environment.insert(QStringLiteral("GRPC_VERBOSITY"), QStringLiteral("debug"));
        environment.insert(QStringLiteral("GRPC_TRACE"), QStringLiteral("all"));

        QByteArray temporalToml = "[profile.default]\n";
        QByteArray versionscopeToml = "[profile.default]\nallow_insecure_api_key = true\n";
        QStringList connection{QStringLiteral("--address"), m_address, QStringLiteral("--tls=false")};
        if (path == QLatin1String("flag"))
            connection << QStringLiteral("--api-key") << kKey;
        else if (path == QLatin1String("environment"))
            environment.insert(QStringLiteral("TEMPORAL_API_KEY"), kKey);
        else if (path == QLatin1String("profile"))
            temporalToml += "api_key = \"" + kKey.toUtf8() + "\"\n";
        else
            versionscopeToml += "api_key_source = \"keychain\"\n";
        for (const auto &[name, text] : {std::pair{QStringLiteral("temporal.toml"), temporalToml},
                                         {QStringLiteral("versionscope.toml"), versionscopeToml}}) {
            QFile file(input + QLatin1Char('/') + name);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        }

        const QString cli = QStringLiteral(VERSIONSCOPE_CLI_PATH);
        const QString gui = QStringLiteral(VERSIONSCOPE_GUI_PATH);
        const QString queue = QStringLiteral("leak-") + path;
        const QString buildId =
            QStringLiteral("leak-%1-%2").arg(path).arg(QDateTime::currentMSecsSinceEpoch());
        QList<QPair<QString, Output>> outputs;
        const auto cliRun = [&](const QStringList &arguments, const QByteArray &stdinText = {}) {
            const Output output = run(cli, connection + arguments, environment, stdinText);
            outputs << qMakePair(QStringLiteral("versionscope-cli ") + arguments.join(QLatin1Char(' ')),
                                 output);
            return output;
        };
        const auto expectOk = [](const Output &output) {
            return output.exitCode == 0 ? QByteArray() : output.err.right(600);
        };

        if (path == QLatin1String("keychain")) {
            const Output stored = run(cli, {QStringLiteral("keychain"), QStringLiteral("set")}, environment,
                                      kKey.toUtf8() + '\n');
            outputs << qMakePair(QStringLiteral("keychain set"), stored);
            QVERIFY2(stored.exitCode == 0, stored.err.constData());
            const Output status = run(cli,
                                      {QStringLiteral("keychain"), QStringLiteral("status"),
                                       QStringLiteral("-o"), QStringLiteral("json")},
                                      environment);
            outputs << qMakePair(QStringLiteral("keychain status"), status);
            QCOMPARE(status.exitCode, 0);
            QVERIFY(status.out.contains("\"present\": true"));
        }

        // Reads, a change, the history in every format, errors.
        Output output = cliRun(
            {QStringLiteral("task-queue"), QStringLiteral("get-build-ids"), QStringLiteral("-t"), queue});
        QVERIFY2(output.exitCode == 0, expectOk(output).constData());
        // The key really went out: the trace shows the authorization header (redacted, the search below
        // checks).
        QVERIFY2(output.err.contains("authorization: "), output.err.right(2000).constData());
        QVERIFY(output.err.contains("the API key is sent without TLS"));
        output = cliRun({QStringLiteral("task-queue"), QStringLiteral("update-build-ids"),
                         QStringLiteral("add-new-default"), QStringLiteral("--build-id"), buildId,
                         QStringLiteral("-t"), queue, QStringLiteral("--reason"), QStringLiteral("leak test"),
                         QStringLiteral("-y")});
        QVERIFY2(output.exitCode == 0, expectOk(output).constData());
        output = cliRun({QStringLiteral("task-queue"), QStringLiteral("describe-build-ids"),
                         QStringLiteral("-t"), queue, QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(output.exitCode == 0, expectOk(output).constData());
        output = cliRun({QStringLiteral("task-queue"), QStringLiteral("list"), QStringLiteral("--max-pages"),
                         QStringLiteral("1")});
        QVERIFY2(output.exitCode == 0, expectOk(output).constData());
        output = cliRun({QStringLiteral("worker"), QStringLiteral("deployment"), QStringLiteral("list")});
        for (const char *format : {"text", "json", "csv"}) {
            output = cliRun({QStringLiteral("history"), QStringLiteral("-o"), QLatin1String(format)});
            QVERIFY2(output.exitCode == 0, expectOk(output).constData());
            QVERIFY2(output.out.contains(buildId.toUtf8()), output.out.constData());
        }
        output = cliRun({QStringLiteral("history"), QStringLiteral("show"), QStringLiteral("1"),
                         QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(output.exitCode == 0, expectOk(output).constData());
        if (path == QLatin1String("keychain")) {
            output = cliRun({QStringLiteral("--api-key-from-keychain"), QStringLiteral("task-queue"),
                             QStringLiteral("get-build-ids"), QStringLiteral("-t"), queue});
            QVERIFY2(output.exitCode == 0, expectOk(output).constData());
            QVERIFY(output.err.contains("authorization: "));
        }
        // Error paths: a bad address, an unreachable one (the address comes after, and wins).
        output =
            cliRun({QStringLiteral("--address"), QStringLiteral("no-port-here"), QStringLiteral("task-queue"),
                    QStringLiteral("get-build-ids"), QStringLiteral("-t"), queue});
        QVERIFY(output.exitCode != 0);
        output =
            cliRun({QStringLiteral("--address"), QStringLiteral("127.0.0.1:1"),
                    QStringLiteral("--command-timeout"), QStringLiteral("3"), QStringLiteral("task-queue"),
                    QStringLiteral("get-build-ids"), QStringLiteral("-t"), queue});
        QVERIFY(output.exitCode != 0);

        // The window: the queue, the history, a preview, each written to a PNG; its settings are its own.
        const QString out = root.filePath(QStringLiteral("out"));
        const QStringList window{QStringLiteral("-t"),
                                 queue,
                                 QStringLiteral("--screenshot"),
                                 out + QStringLiteral("/window.png"),
                                 QStringLiteral("--history-screenshot"),
                                 out + QStringLiteral("/history.png"),
                                 QStringLiteral("--preview"),
                                 QStringLiteral("promote-set=") + buildId,
                                 QStringLiteral("--preview-screenshot"),
                                 out + QStringLiteral("/preview.png"),
                                 QStringLiteral("--window-size"),
                                 QStringLiteral("900x650")};
        output = run(gui, connection + window, environment);
        outputs << qMakePair(QStringLiteral("versionscope"), output);
        QVERIFY2(output.exitCode == 0, output.err.right(2000).constData());
        QVERIFY(QFile::exists(out + QStringLiteral("/preview.png")));
        QVERIFY2(output.err.contains("authorization: "), "the window sent no API key");
        output = run(gui,
                     connection + QStringList{QStringLiteral("--address"), QStringLiteral("127.0.0.1:1"),
                                              QStringLiteral("--command-timeout"), QStringLiteral("3"),
                                              QStringLiteral("-t"), queue, QStringLiteral("--screenshot"),
                                              out + QStringLiteral("/unreachable.png")},
                     environment);
        outputs << qMakePair(QStringLiteral("versionscope (unreachable)"), output);
        QVERIFY(output.exitCode != 0);
        // The window wrote its settings where the user's would be.
        QVERIFY(QFile::exists(root.filePath(QStringLiteral("config/Versionscope/versionscope.conf"))));

        if (path == QLatin1String("keychain")) {
            const Output removed =
                run(cli, {QStringLiteral("keychain"), QStringLiteral("delete")}, environment);
            outputs << qMakePair(QStringLiteral("keychain delete"), removed);
            QCOMPARE(removed.exitCode, 0);
            // Without the entry, the connection stops before anything is sent, saying why.
            output = cliRun(
                {QStringLiteral("task-queue"), QStringLiteral("get-build-ids"), QStringLiteral("-t"), queue});
            QCOMPARE(output.exitCode, 1);
            QVERIFY2(output.err.contains("has no API key for profile \"default\""), output.err.constData());
            QVERIFY(!output.err.contains("authorization"));
        }

        QStringList hits;
        for (const auto &[what, printed] : std::as_const(outputs)) {
            hits << findIn(printed.out, what + QStringLiteral(": stdout"));
            hits << findIn(printed.err, what + QStringLiteral(": stderr"));
        }
        int files = 0;
        hits << searchTree(root.path(), {input}, &files);
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char('\n'))));
        // Something was written to search: the history, the settings, the pictures.
        QVERIFY2(files >= 5, qPrintable(QString::number(files)));
        qInfo("%s: %d files and %d runs' output searched", qPrintable(path), files, int(outputs.size()));
    }
};

QTEST_GUILESS_MAIN(TestSecretLeak)
#include "tst_secretleak.moc"
