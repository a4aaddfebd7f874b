#include "keychaincommand.h"

#include "common/displaytext.h"
#include "config/apikeykeychain.h"
#include "config/connectionsettingsresolver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <termios.h>
#include <unistd.h>

namespace {

// Reads one line from standard input; on a terminal, asks for it on stderr and keeps it off the screen.
QString readSecretLine(const QString &prompt)
{
    const bool terminal = isatty(STDIN_FILENO);
    termios saved{};
    if (terminal) {
        QTextStream(stderr) << prompt << Qt::flush;
        if (tcgetattr(STDIN_FILENO, &saved) == 0) {
            termios silent = saved;
            silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
        }
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        QTextStream(stderr) << '\n' << Qt::flush;
    }
    return line;
}

} // namespace

KeychainCommand::KeychainCommand(const CliInvocation &invocation, const QProcessEnvironment &environment)
    : m_invocation(invocation)
    , m_environment(environment)
{
    // The same profile the connection would use (see ConnectionSettingsResolver).
    const QString fromEnvironment = environment.value(QStringLiteral("TEMPORAL_PROFILE"));
    m_profile = invocation.connection.profile.value_or(fromEnvironment.isEmpty() ? QStringLiteral("default")
                                                                                 : fromEnvironment);
}

int KeychainCommand::run()
{
    switch (m_invocation.command) {
    case CliInvocation::Command::KeychainSet:
        return set();
    case CliInvocation::Command::KeychainDelete:
        return remove();
    case CliInvocation::Command::KeychainStatus:
        return status();
    default:
        Q_ASSERT(false);
        return 2;
    }
}

int KeychainCommand::fail(const Error &error)
{
    QTextStream stream(stderr);
    stream << "error: " << error.message << '\n';
    if (!error.detail.isEmpty())
        stream << "  " << error.detail << '\n';
    return 1;
}

void KeychainCommand::report(const QString &text, bool present)
{
    if (m_invocation.output == CliInvocation::Output::Json) {
        const QJsonObject object{{QStringLiteral("profile"), m_profile},
                                 {QStringLiteral("service"), ApiKeyKeychain::serviceName()},
                                 {QStringLiteral("entry"), ApiKeyKeychain::entryName(m_profile)},
                                 {QStringLiteral("present"), present}};
        QTextStream(stdout) << QJsonDocument(object).toJson(QJsonDocument::Indented);
        return;
    }
    QTextStream(stdout) << text << '\n';
}

int KeychainCommand::set()
{
    const QString shown = quotedForDisplay(m_profile);
    // Keys have no spaces; a pasted one often ends with a newline or a space.
    const QString key = readSecretLine(QStringLiteral("API key for profile %1: ").arg(shown)).trimmed();
    if (key.isEmpty())
        return fail(Error{ErrorCode::InvalidArgument,
                          QStringLiteral("no API key on standard input; nothing was stored"),
                          QStringLiteral("e.g. versionscope-cli keychain set --profile NAME < keyfile")});
    const Result<Done> stored = ApiKeyKeychain::storeNow(m_profile, key);
    if (!stored)
        return fail(stored.error());
    report(QStringLiteral("stored the API key of profile %1 in the system keychain (service %2, entry %3); "
                          "use it with --api-key-from-keychain, or api_key_source = \"keychain\" under "
                          "[profile.%4] in %5")
               .arg(shown, ApiKeyKeychain::serviceName(),
                    quotedForDisplay(ApiKeyKeychain::entryName(m_profile)), m_profile,
                    ConnectionSettingsResolver::versionscopeConfigFile(m_environment)),
           true);
    return 0;
}

int KeychainCommand::remove()
{
    const QString shown = quotedForDisplay(m_profile);
    const Result<QString> existing = ApiKeyKeychain::readNow(m_profile);
    if (!existing && existing.error().reason != QLatin1String("keychain-no-entry"))
        return fail(existing.error());
    if (!existing) {
        report(
            QStringLiteral("the system keychain has no API key for profile %1; nothing to delete").arg(shown),
            false);
        return 0;
    }
    const Result<Done> removed = ApiKeyKeychain::removeNow(m_profile);
    if (!removed)
        return fail(removed.error());
    report(QStringLiteral("deleted the API key of profile %1 from the system keychain").arg(shown), false);
    return 0;
}

int KeychainCommand::status()
{
    const QString shown = quotedForDisplay(m_profile);
    const Result<QString> existing = ApiKeyKeychain::readNow(m_profile);
    if (!existing && existing.error().reason != QLatin1String("keychain-no-entry"))
        return fail(existing.error());
    if (!existing) {
        report(QStringLiteral("the system keychain has no API key for profile %1 (service %2, entry %3)")
                   .arg(shown, ApiKeyKeychain::serviceName(),
                        quotedForDisplay(ApiKeyKeychain::entryName(m_profile))),
               false);
        // As test(1): a script can ask whether there is one.
        return 1;
    }
    report(
        QStringLiteral(
            "the system keychain has an API key for profile %1 (service %2, entry %3, %4 characters "
            "long)")
            .arg(shown, ApiKeyKeychain::serviceName(), quotedForDisplay(ApiKeyKeychain::entryName(m_profile)))
            .arg(existing.value().size()),
        true);
    return 0;
}
