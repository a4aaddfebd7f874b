#pragma once

#include "common/result.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

class QObject;

// API keys kept in the system keychain instead of a file or the environment: the Secret Service on Linux
// (gnome-keyring, KWallet's Secret Service, KeePassXC), the Keychain on macOS, the Credential Manager on
// Windows, all through qtkeychain. One entry per profile of Temporal's config file: service "versionscope",
// key the profile's name (entryName()); the secret is the key itself, as text.
//
// qtkeychain's jobs are asynchronous (the Secret Service may have to ask the user to unlock it), so the
// primary functions here are too: the window reads a key without blocking its event loop. The command line
// has nothing else to do meanwhile and uses the ...Now() forms, which run a local event loop until the job
// ends; never call those on the GUI thread.
//
// Errors say what is wrong, with a reason callers can branch on, and never contain the key:
//   "keychain-unavailable"  no Secret Service on the session bus (or no session bus at all)
//   "keychain-no-entry"     nothing stored for this profile
//   "keychain-locked"       the keychain is locked, or the user refused access
//   "keychain-failed"       anything else, with the keychain's own words
// Nothing ever falls back to a plain-text file (qtkeychain's insecure fallback stays off).
class ApiKeyKeychain
{
    Q_DECLARE_TR_FUNCTIONS(ApiKeyKeychain)

public:
    static QString serviceName();
    // The entry's key for a profile ("default" when none was named).
    static QString entryName(const QString &profile);

    // Each calls done exactly once, on context's thread, from its event loop (never from inside the call),
    // unless context is destroyed first. Read: the key, or an error ("keychain-no-entry" when there is
    // none). Store replaces an existing entry. Remove of an entry that does not exist succeeds.
    static void read(const QString &profile, QObject *context,
                     std::function<void(const Result<QString> &)> done);
    static void store(const QString &profile, const QString &apiKey, QObject *context,
                      std::function<void(const Result<Done> &)> done);
    static void remove(const QString &profile, QObject *context,
                       std::function<void(const Result<Done> &)> done);

    // Blocking forms for the command line (see above); give up after timeoutMs with "keychain-failed".
    static Result<QString> readNow(const QString &profile, int timeoutMs = kDefaultTimeoutMs);
    static Result<Done> storeNow(const QString &profile, const QString &apiKey,
                                 int timeoutMs = kDefaultTimeoutMs);
    static Result<Done> removeNow(const QString &profile, int timeoutMs = kDefaultTimeoutMs);

    // The Secret Service may show an unlock prompt: leave the user time to answer it.
    static constexpr int kDefaultTimeoutMs = 60000;
};
