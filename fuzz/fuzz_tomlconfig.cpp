// Temporal's environment-config TOML and Versionscope's versionscope.toml (core/config/tomldocument), and the
// resolution of a connection from them, the environment and the connection flags
// (ConnectionSettingsResolver::resolve). Input, cut at NUL bytes: temporal.toml, versionscope.toml,
// KEY=VALUE lines of environment, connection flags one per line.
#include "fuzzinput.h"

#include "config/connectionoptions.h"
#include "config/connectionsettingsresolver.h"
#include "config/tomldocument.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTemporaryDir>

namespace {

// Every key of every table once: its line, its value and each typed read, which must either give a value
// or an error naming the key, never crash.
void walk(const TomlDocument &document, const QStringList &tablePath, int depth)
{
    if (depth > 8)
        return;
    for (const QString &key : document.keys(tablePath)) {
        const QStringList path = tablePath + QStringList{key};
        fuzzinput::require(document.contains(path), "a listed key is contained",
                           TomlDocument::dottedKey(path));
        fuzzinput::require(document.value(path).isValid(), "a listed key has a value",
                           TomlDocument::dottedKey(path));
        (void)document.line(path);
        (void)document.string(path);
        (void)document.boolean(path);
        (void)document.integer(path);
        if (document.tableKeys(path))
            walk(document, path, depth + 1);
        (void)document.typeError(path, QStringLiteral("a string"));
    }
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    fuzzinput::require(file.open(QIODevice::WriteOnly | QIODevice::Truncate), "the scratch file opens", path);
    file.write(content);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzinput::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<QByteArray> parts = fuzzinput::parts(data, size, 4);
    const QByteArray &temporalToml = parts.at(0);
    const QByteArray &versionscopeToml = parts.at(1);

    for (const QByteArray &text : {temporalToml, versionscopeToml}) {
        const Result<TomlDocument> document = TomlDocument::parse(text, QStringLiteral("fuzz.toml"));
        if (document)
            walk(document.value(), {}, 0);
    }

    // The files the resolver reads: always these two, whatever the fuzzed environment or flags name (a
    // fuzzed path could be /dev/zero).
    static QTemporaryDir scratch;
    const QString temporalFile = scratch.filePath(QStringLiteral("temporal.toml"));
    const QString versionscopeFile = scratch.filePath(QStringLiteral("versionscope.toml"));
    writeFile(temporalFile, temporalToml);
    writeFile(versionscopeFile, versionscopeToml);

    QProcessEnvironment environment = fuzzinput::environment(parts.at(2));
    environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"), temporalFile);
    environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"), versionscopeFile);

    ConnectionOptions options;
    QCommandLineParser parser;
    options.addTo(parser);
    if (!parser.parse(QStringList{QStringLiteral("versionscope-cli")} +
                      options.prepareArguments(fuzzinput::lines(parts.at(3)))))
        return 0;
    Result<ConnectionOverrides> overrides = options.read(parser);
    if (!overrides)
        return 0;
    if (overrides.value().configFile)
        overrides.value().configFile = temporalFile;

    const Result<ConnectionSettings> settings =
        ConnectionSettingsResolver::resolve(overrides.value(), environment);
    if (!settings)
        return 0;
    // "Nothing questionable gets through" (connectionsettingsresolver.h).
    const std::optional<QString> problem =
        ConnectionSettingsResolver::addressProblem(settings.value().address);
    fuzzinput::require(!problem, "a resolved address has no problem", problem.value_or(QString()));
    fuzzinput::require(settings.value().callTimeoutMs > 0, "a resolved timeout is positive");
    (void)settings.value().describe();
    (void)settings.value().commandLineArguments();
    return 0;
}
