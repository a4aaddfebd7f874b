#pragma once

#include "cliinvocation.h"

#include <QProcessEnvironment>

// versionscope-cli keychain set | delete | status: the API key of one profile (--profile, TEMPORAL_PROFILE,
// else "default") in the system keychain, through ApiKeyKeychain. Runs synchronously, from main() with the
// application object alive and before its event loop (the keychain calls run their own); run() returns the
// exit code. The key is read from standard input (with echo off on a terminal) and never printed.
class KeychainCommand
{
public:
    KeychainCommand(const CliInvocation &invocation, const QProcessEnvironment &environment);

    int run();

private:
    int set();
    int remove();
    int status();
    int fail(const Error &error);
    void report(const QString &text, bool present);

    CliInvocation m_invocation;
    QProcessEnvironment m_environment;
    QString m_profile;
};
