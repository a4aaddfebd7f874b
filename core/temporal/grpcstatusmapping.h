#pragma once

#include "common/error.h"

#include <grpcpp/support/status.h>

#include <QString>

// The one place where grpc::Status becomes the project's Error. Internal to versionscope_core: nothing
// outside core includes gRPC headers.
struct CallDescription
{
    // The RPC's name, for messages ("GetWorkerBuildIdCompatibility").
    QString rpc;
    QString address;
    QString namespaceName;
    int timeoutMs = 0;
    // The call belongs to the version-set API, so PermissionDenied/Unimplemented mean it is switched off.
    bool versionSetApi = false;
    // How many times the call was sent (retries included).
    int attempts = 1;
};

Error errorFromStatus(const grpc::Status &status, const CallDescription &call);
