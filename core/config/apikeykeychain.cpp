#include "apikeykeychain.h"

#include "common/displaytext.h"
#include "versionsets/buildidoperation.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QEventLoop>
#include <QObject>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <optional>

namespace {

const QLatin1String kSecretServiceName("org.freedesktop.secrets");

Error keychainError(const QString &reason, const QString &message, const QString &detail)
{
    return Error{ErrorCode::FailedPrecondition, message, detail, reason};
}

// qtkeychain reports a missing Secret Service as an "other" error in libsecret's words, which differ with
// how the bus is missing: asking the session bus names it the same way every time. A local round trip,
// taken only after a failure.
std::optional<QString> secretServiceProblem()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return ApiKeyKeychain::tr("there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is %1)")
            .arg(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") ? ApiKeyKeychain::tr("not set")
                                                                         : ApiKeyKeychain::tr("unreachable"));
    QDBusConnectionInterface *daemon = bus.interface();
    if (!daemon)
        return ApiKeyKeychain::tr("the D-Bus session bus does not answer");
    if (daemon->isServiceRegistered(kSecretServiceName).value())
        return std::nullopt;
    if (daemon->activatableServiceNames().value().contains(kSecretServiceName))
        return std::nullopt;
    return ApiKeyKeychain::tr("no Secret Service (%1) runs on the D-Bus session bus, and none can be started")
        .arg(kSecretServiceName);
}

// A Secret Service that cannot show an unlock prompt (no display, no prompter) answers a lookup in a locked
// collection with nothing, which libsecret and qtkeychain pass on as "not found": ask whether the default
// collection is locked before saying the entry is missing. A local round trip, only after a miss.
bool defaultCollectionLocked()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return false;
    QDBusMessage alias = QDBusMessage::createMethodCall(
        kSecretServiceName, QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("ReadAlias"));
    alias << QStringLiteral("default");
    const QDBusReply<QDBusObjectPath> collection = bus.call(alias, QDBus::Block, 5000);
    if (!collection.isValid() || collection.value().path() == QLatin1String("/"))
        return false;
    QDBusMessage get = QDBusMessage::createMethodCall(kSecretServiceName, collection.value().path(),
                                                      QStringLiteral("org.freedesktop.DBus.Properties"),
                                                      QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    const QDBusReply<QVariant> locked = bus.call(get, QDBus::Block, 5000);
    return locked.isValid() && locked.value().toBool();
}

Error lockedError(const QString &words)
{
    return keychainError(QStringLiteral("keychain-locked"),
                         ApiKeyKeychain::tr("the system keychain is locked or refused access%1").arg(words),
                         ApiKeyKeychain::tr("unlock it (log in to the desktop session, or use your keyring "
                                            "manager) and try again"));
}

Error jobError(const QKeychain::Job &job, const QString &profile)
{
    const QString shownProfile = quotedForDisplay(profile);
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        if (defaultCollectionLocked())
            return lockedError(ApiKeyKeychain::tr(" (its default collection is locked)"));
        return keychainError(
            QStringLiteral("keychain-no-entry"),
            ApiKeyKeychain::tr("the system keychain has no API key for profile %1").arg(shownProfile),
            ApiKeyKeychain::tr("store one with: versionscope-cli keychain set --profile %1 (reads the key "
                               "from standard input)")
                .arg(shellQuote(profile)));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return lockedError(QStringLiteral(" (%1)").arg(job.errorString()));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return keychainError(
            QStringLiteral("keychain-unavailable"),
            ApiKeyKeychain::tr("no system keychain is available (%1)").arg(job.errorString()),
            ApiKeyKeychain::tr("start a Secret Service such as gnome-keyring-daemon, or give "
                               "the key another way (--api-key, TEMPORAL_API_KEY)"));
    default:
        break;
    }
    if (const std::optional<QString> problem = secretServiceProblem())
        return keychainError(QStringLiteral("keychain-unavailable"),
                             ApiKeyKeychain::tr("the system keychain cannot be reached: %1").arg(*problem),
                             ApiKeyKeychain::tr("start a Secret Service such as gnome-keyring-daemon in this "
                                                "session, or give the key another way (--api-key, "
                                                "TEMPORAL_API_KEY)"));
    // libsecret's words for a locked collection when no prompt could be shown.
    if (job.errorString().contains(QLatin1String("locked"), Qt::CaseInsensitive) || defaultCollectionLocked())
        return lockedError(QStringLiteral(" (%1)").arg(job.errorString()));
    return keychainError(QStringLiteral("keychain-failed"),
                         ApiKeyKeychain::tr("the system keychain failed: %1").arg(job.errorString()),
                         QString());
}

QString profileOrDefault(const QString &profile)
{
    return profile.isEmpty() ? QStringLiteral("default") : profile;
}

// Runs job and calls finish with it when it ends, if context still exists. The job deletes itself.
template <typename Finish>
void run(QKeychain::Job *job, const QString &profile, QObject *context, Finish finish)
{
    job->setAutoDelete(true);
    // A plain-text copy in QSettings is exactly what keeping the key in the keychain avoids.
    job->setInsecureFallback(false);
    job->setKey(ApiKeyKeychain::entryName(profile));
    QObject::connect(job, &QKeychain::Job::finished, context, finish);
    job->start();
}

template <typename T>
Result<T> waitFor(const std::function<void(QObject *, std::function<void(const Result<T> &)>)> &start,
                  int timeoutMs)
{
    QEventLoop loop;
    std::optional<Result<T>> outcome;
    // The context of the callback: when the wait gives up, a late answer finds it gone and is dropped.
    QObject context;
    start(&context, [&](const Result<T> &result) {
        outcome = result;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &context, [&loop] { loop.quit(); });
    if (!outcome)
        loop.exec();
    if (!outcome)
        return keychainError(
            QStringLiteral("keychain-failed"),
            ApiKeyKeychain::tr("the system keychain did not answer within %1 s").arg(timeoutMs / 1000),
            ApiKeyKeychain::tr("is an unlock prompt waiting somewhere?"));
    return *outcome;
}

} // namespace

QString ApiKeyKeychain::serviceName()
{
    return QStringLiteral("versionscope");
}

QString ApiKeyKeychain::entryName(const QString &profile)
{
    return profileOrDefault(profile);
}

void ApiKeyKeychain::read(const QString &profile, QObject *context,
                          std::function<void(const Result<QString> &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    run(job, profile, context, [job, profile, done = std::move(done)] {
        if (job->error() != QKeychain::NoError)
            return done(jobError(*job, profileOrDefault(profile)));
        const QString key = job->textData();
        if (key.isEmpty())
            return done(keychainError(
                QStringLiteral("keychain-no-entry"),
                tr("the system keychain's entry for profile %1 is empty").arg(quotedForDisplay(profile)),
                tr("store the key again with: versionscope-cli keychain set --profile %1")
                    .arg(shellQuote(profile))));
        done(key);
    });
}

void ApiKeyKeychain::store(const QString &profile, const QString &apiKey, QObject *context,
                           std::function<void(const Result<Done> &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setTextData(apiKey);
    run(job, profile, context, [job, profile, done = std::move(done)] {
        if (job->error() != QKeychain::NoError)
            return done(jobError(*job, profileOrDefault(profile)));
        done(Done{});
    });
}

void ApiKeyKeychain::remove(const QString &profile, QObject *context,
                            std::function<void(const Result<Done> &)> done)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    run(job, profile, context, [job, profile, done = std::move(done)] {
        if (job->error() == QKeychain::EntryNotFound)
            return done(Done{});
        if (job->error() != QKeychain::NoError)
            return done(jobError(*job, profileOrDefault(profile)));
        done(Done{});
    });
}

Result<QString> ApiKeyKeychain::readNow(const QString &profile, int timeoutMs)
{
    return waitFor<QString>([&](QObject *context, auto done) { read(profile, context, std::move(done)); },
                            timeoutMs);
}

Result<Done> ApiKeyKeychain::storeNow(const QString &profile, const QString &apiKey, int timeoutMs)
{
    return waitFor<Done>(
        [&](QObject *context, auto done) { store(profile, apiKey, context, std::move(done)); }, timeoutMs);
}

Result<Done> ApiKeyKeychain::removeNow(const QString &profile, int timeoutMs)
{
    return waitFor<Done>([&](QObject *context, auto done) { remove(profile, context, std::move(done)); },
                         timeoutMs);
}
