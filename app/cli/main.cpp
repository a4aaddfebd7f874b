#include "cliinvocation.h"
#include "clirunner.h"
#include "keychaincommand.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("versionscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VERSIONSCOPE_VERSION));

    const Result<CliInvocation> invocation = parseCliArguments(app.arguments().mid(1));
    if (!invocation) {
        QTextStream(stderr) << "error: " << invocation.error().message << "\n  " << invocation.error().detail
                            << '\n';
        return 2;
    }
    switch (invocation.value().command) {
    case CliInvocation::Command::Help:
        QTextStream(stdout) << invocation.value().helpText;
        return 0;
    case CliInvocation::Command::Version:
        QTextStream(stdout) << "versionscope-cli " << VERSIONSCOPE_VERSION << '\n';
        return 0;
    case CliInvocation::Command::KeychainSet:
    case CliInvocation::Command::KeychainDelete:
    case CliInvocation::Command::KeychainStatus:
        return KeychainCommand(invocation.value(), QProcessEnvironment::systemEnvironment()).run();
    default:
        break;
    }
    CliRunner runner(invocation.value());
    QObject::connect(&runner, &CliRunner::finished, &app, &QCoreApplication::exit);
    runner.start();
    return app.exec();
}
