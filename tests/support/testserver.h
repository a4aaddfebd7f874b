#pragma once

#include "common/result.h"
#include "temporal/connectionsettings.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>

#include <optional>

// The real Temporal dev servers that the ctest fixtures start (scripts/temporal-dev-server). Their state
// folders are passed in the environment; a test that needs one and cannot find it fails, it never skips.
namespace TestServer {

// The server with version sets on, limits lowered to these values so limit errors are reachable.
inline constexpr int kSetLimit = 3;
inline constexpr int kBuildIdLimit = 8;

// One line the fixture wrote into the state folder named by the environment variable, or empty.
inline QString stateFileIn(const char *variable, const QString &name)
{
    const QString dir = QProcessEnvironment::systemEnvironment().value(QLatin1String(variable));
    QFile file(dir + QLatin1Char('/') + name);
    if (dir.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

inline QString addressIn(const char *variable)
{
    return stateFileIn(variable, QStringLiteral("address"));
}

// The official Temporal CLI binary that runs the fixture's server (scripts/temporal-dev-server writes its
// path), so a test comparing with or preparing through the official CLI uses the same version as the server
// under test.
inline QString temporalCliIn(const char *variable)
{
    return stateFileIn(variable, QStringLiteral("temporal"));
}

// Address of the server with version sets enabled, or empty when the fixture did not start it.
inline QString versioningAddress()
{
    return addressIn("VERSIONSCOPE_TEST_SERVER_DIR");
}
// Address of a server with version sets on and frontend.namespaceRPS=10, frontend.namespaceBurstRatio=1.
inline QString limitedAddress()
{
    return addressIn("VERSIONSCOPE_TEST_LIMITED_SERVER_DIR");
}
// Address of a server started without frontend.workerVersioningDataAPIs.
inline QString plainAddress()
{
    return addressIn("VERSIONSCOPE_TEST_PLAIN_SERVER_DIR");
}

// Address of the plain dev server the Worker Deployments fixture started (deployments need no setting).
inline QString deploymentsAddress()
{
    return addressIn("VERSIONSCOPE_TEST_DEPLOYMENTS_SERVER_DIR");
}

inline ConnectionSettings settingsFor(const QString &address)
{
    ConnectionSettings settings;
    settings.address = address;
    settings.namespaceName = QStringLiteral("default");
    settings.limits.maxSets = kSetLimit;
    settings.limits.maxBuildIds = kBuildIdLimit;
    settings.callTimeoutMs = 10000;
    return settings;
}

// Starts an asynchronous call and processes events until its callback ran or the time is up.
template <typename T, typename Start> std::optional<Result<T>> await(Start start, int timeoutMs = 20000)
{
    std::optional<Result<T>> result;
    QObject context;
    start(&context, [&result](const Result<T> &value) { result = value; });
    QDeadlineTimer deadline(timeoutMs);
    while (!result && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    return result;
}

} // namespace TestServer
