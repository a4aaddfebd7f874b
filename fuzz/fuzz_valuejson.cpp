// Versionscope's own JSON for its values (core/deployments/deploymentjson, core/versionsets/versionsetjson):
// what the history store keeps and exports carry, read from files people may have edited. Arbitrary text is
// read as each shape; whatever a reader accepts must be written and read back as the same value.
// Input: one byte choosing the shape, then the JSON text.
#include "fuzzinput.h"

#include "deployments/deploymentjson.h"
#include "versionsets/versionsetjson.h"

#include <QJsonDocument>

namespace {

enum Shape : uint8_t { Deployment, Routing, VersionSummary, VersionDetails, Operation, Sets, ShapeCount };

template <typename T, typename ToJson, typename FromJson>
void readAndRoundTrip(const QJsonObject &json, ToJson toJson, FromJson fromJson, const char *what)
{
    const Result<T> read = fromJson(json);
    if (!read)
        return;
    const QJsonObject written = toJson(read.value());
    const Result<T> again = fromJson(written);
    fuzzinput::require(bool(again), what,
                       QString::fromUtf8(QJsonDocument(written).toJson(QJsonDocument::Compact)) +
                           (again ? QString() : QStringLiteral("\n") + again.error().message));
    fuzzinput::require(again.value() == read.value(), what,
                       QString::fromUtf8(QJsonDocument(written).toJson(QJsonDocument::Compact)));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzinput::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const auto shape = Shape(data[0] % ShapeCount);
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)));
    if (shape == Sets) {
        const Result<VersionSets> read = versionSetsFromJson(document.array());
        if (read) {
            const Result<VersionSets> again = versionSetsFromJson(versionSetsToJson(read.value()));
            fuzzinput::require(again && again.value() == read.value(), "version sets read back as read",
                               read.value().toDisplayString());
        }
        return 0;
    }
    const QJsonObject json = document.object();
    switch (shape) {
    case Deployment:
        readAndRoundTrip<WorkerDeployment>(json, workerDeploymentToJson, workerDeploymentFromJson,
                                           "a deployment read from JSON reads back as read");
        break;
    case Routing:
        readAndRoundTrip<DeploymentRouting>(json, deploymentRoutingToJson, deploymentRoutingFromJson,
                                            "a routing read from JSON reads back as read");
        break;
    case VersionSummary:
        readAndRoundTrip<DeploymentVersionSummary>(json, deploymentVersionSummaryToJson,
                                                   deploymentVersionSummaryFromJson,
                                                   "a version summary read from JSON reads back as read");
        break;
    case VersionDetails:
        readAndRoundTrip<DeploymentVersionDetails>(json, deploymentVersionDetailsToJson,
                                                   deploymentVersionDetailsFromJson,
                                                   "version details read from JSON read back as read");
        break;
    case Operation:
        readAndRoundTrip<DeploymentOperation>(json, deploymentOperationToJson, deploymentOperationFromJson,
                                              "an operation read from JSON reads back as read");
        break;
    case Sets:
    case ShapeCount:
        break;
    }
    return 0;
}
