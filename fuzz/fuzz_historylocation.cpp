// The --history location parser (core/history/historylocation): arbitrary text as a file path or a
// PostgreSQL URL, and the resolution of a location from the flag, VERSIONSCOPE_HISTORY and
// versionscope.toml. Input, cut at NUL bytes: the location text, versionscope.toml, KEY=VALUE lines of
// environment (with the second and third part absent, only the parser runs).
#include "fuzzinput.h"

#include "history/historylocation.h"

#include <QFile>
#include <QTemporaryDir>
#include <QUrl>

namespace {

// Whether the password appears in text where nothing else that is shown could have put it. The user
// information ("USER:***@") is checked on its own: searched as part of the whole, a user name that ends like
// the password begins makes "USER:***" contain it ("a_x=e:***" holds the password "_x=e:***").
bool showsPassword(const HistoryLocation &location, const QString &described)
{
    const QString &password = location.password();
    QString text = described;
    const qsizetype authority = text.indexOf(QLatin1String("://"));
    const qsizetype at = authority < 0 ? -1 : text.indexOf(QLatin1Char('@'), authority + 3);
    if (at >= 0) {
        const QString userInformation = text.mid(authority + 3, at - authority - 3);
        if (!password.isEmpty() && !userInformation.endsWith(QLatin1String(":***")))
            return true; // the password is not masked
        text.remove(authority + 3, at - authority - 2);
    }
    if (password.size() < 3 || password == QLatin1String("***") || !text.contains(password))
        return false;
    QStringList shown{location.host(), location.userName(), location.databaseName(),
                      QStringLiteral("postgresql")};
    for (const auto &[key, value] : location.options())
        shown << key << value;
    for (const QString &part : shown) {
        if (part.contains(password) || QString::fromUtf8(QUrl::toPercentEncoding(part)).contains(password))
            return false;
    }
    return true;
}

void checkParsed(const HistoryLocation &location)
{
    const QString described = location.describe();
    (void)location.connectTimeoutSeconds();
    if (!location.isPostgresql()) {
        fuzzinput::require(!location.filePath().isEmpty(), "a file location has a path");
        return;
    }
    fuzzinput::require(!location.host().isEmpty(), "a PostgreSQL location has a host");
    fuzzinput::require(!showsPassword(location, described), "describe() leaves the password out", described);
    // What describe() shows names the same database (with the password masked).
    const Result<HistoryLocation> again = HistoryLocation::parse(described);
    fuzzinput::require(bool(again), "describe() of a PostgreSQL location parses",
                       described + (again ? QString() : QStringLiteral("\n") + again.error().message));
    fuzzinput::require(again.value().host() == location.host() && again.value().port() == location.port() &&
                           again.value().userName() == location.userName() &&
                           again.value().databaseName() == location.databaseName() &&
                           again.value().options() == location.options(),
                       "describe() of a PostgreSQL location names the same database", described);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzinput::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<QByteArray> parts = fuzzinput::parts(data, size, 3);
    const QString text = QString::fromUtf8(parts.at(0));
    const Result<HistoryLocation> parsed = HistoryLocation::parse(text);
    if (parsed)
        checkParsed(parsed.value());

    static QTemporaryDir scratch;
    const QString configFile = scratch.filePath(QStringLiteral("versionscope.toml"));
    {
        QFile file(configFile);
        fuzzinput::require(file.open(QIODevice::WriteOnly | QIODevice::Truncate), "the scratch file opens");
        file.write(parts.at(1));
    }
    QProcessEnvironment environment = fuzzinput::environment(parts.at(2));
    environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"), configFile);
    const std::optional<QString> explicitLocation =
        text.isEmpty() ? std::nullopt : std::optional<QString>(text);
    const Result<HistoryLocation> resolved =
        HistoryLocation::resolve(explicitLocation, std::nullopt, environment);
    if (resolved) {
        checkParsed(resolved.value());
        fuzzinput::require(!resolved.value().originText().isEmpty(),
                           "a resolved location says where it came from");
    }
    return 0;
}
