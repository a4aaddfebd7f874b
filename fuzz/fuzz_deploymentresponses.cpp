// Arbitrary bytes as the WorkflowService responses versionscope reads for Worker Deployments, converted to
// the project's values the way TemporalClient converts them (core/temporal/responseconversion), then
// through what consumes those values: Versionscope's own JSON (history, -o json) read back, the Temporal
// CLI's -o json text, the state line and differences of the history, and previews of every kind of change.
// Input: one byte choosing the response, then its wire bytes.
#include "fuzzinput.h"

#include "deployments/deploymentdiff.h"
#include "deployments/deploymentjson.h"
#include "deployments/deploymentpreview.h"
#include "deployments/temporalclijson.h"
#include "history/historyexport.h"
#include "temporal/responseconversion.h"

#include <QJsonDocument>

namespace wf = temporal::api::workflowservice::v1;

namespace {

enum Response : uint8_t {
    ListDeployments,
    DescribeDeployment,
    DescribeVersion,
    CountWorkflows,
    ResponseCount
};

// What the history keeps must read back as the same value whenever it reads back at all: the reader refuses
// what it cannot hold (a percentage outside 0–100 a server should never send), but never changes a value.
template <typename T, typename ToJson, typename FromJson>
void roundTrip(const T &value, ToJson toJson, FromJson fromJson, const char *what)
{
    const QJsonObject json = toJson(value);
    const Result<T> again = fromJson(json);
    if (again)
        fuzzinput::require(again.value() == value, what,
                           QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
}

void useDeployment(const WorkerDeployment &deployment)
{
    roundTrip(deployment, workerDeploymentToJson, workerDeploymentFromJson,
              "workerDeploymentFromJson(workerDeploymentToJson(d)) == d");
    roundTrip(deployment.routing, deploymentRoutingToJson, deploymentRoutingFromJson,
              "deploymentRoutingFromJson(deploymentRoutingToJson(r)) == r");
    (void)temporalCliDescribeJson(deployment);
    (void)deploymentStateText(deployment);
    const QStringList selfDifferences = deploymentDifferences(deployment, deployment);
    fuzzinput::require(selfDifferences.isEmpty(), "a deployment differs not from itself",
                       selfDifferences.join(QLatin1Char('\n')));
    (void)deploymentDifferences(WorkerDeployment(), deployment);
    (void)deploymentDifferences(deployment, WorkerDeployment());

    DeploymentSnapshot snapshot;
    snapshot.deployment = deployment;
    snapshot.pollers = QList<DeploymentPoller>();
    QList<DeploymentOperation> operations{DeploymentOperation::stopRamping(deployment.name),
                                          DeploymentOperation::setCurrent(deployment.name, QString())};
    for (const DeploymentVersionSummary &version : deployment.versions) {
        operations << DeploymentOperation::setCurrent(deployment.name, version.buildId)
                   << DeploymentOperation::setRamping(deployment.name, version.buildId, 25)
                   << DeploymentOperation::deleteVersion(deployment.name, version.buildId, false);
        if (operations.size() > 12)
            break;
    }
    for (const DeploymentOperation &operation : operations) {
        const DeploymentPreview preview =
            DeploymentPreview::build(snapshot, operation, QStringLiteral("default"), QStringLiteral("fuzz"));
        (void)preview.toJson();
        (void)preview.toText();
        (void)operation.routingAfter(deployment.routing);
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzinput::quietQtMessages();
    // Parsing arbitrary bytes, protobuf complains of every string that is not UTF-8.
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const auto which = Response(data[0] % ResponseCount);
    const auto *wire = reinterpret_cast<const char *>(data + 1);
    const int wireSize = int(size - 1);
    switch (which) {
    case ListDeployments: {
        wf::ListWorkerDeploymentsResponse response;
        if (!response.ParseFromArray(wire, wireSize))
            break;
        const WorkerDeploymentPage page = workerDeploymentPageFromResponse(response);
        fuzzinput::require(page.deployments.size() == response.worker_deployments_size(),
                           "one summary per deployment listed");
        (void)temporalCliListJson(page.deployments);
        for (const WorkerDeploymentSummary &summary : page.deployments)
            roundTrip(summary.routing, deploymentRoutingToJson, deploymentRoutingFromJson,
                      "deploymentRoutingFromJson(deploymentRoutingToJson(r)) == r");
        break;
    }
    case DescribeDeployment: {
        wf::DescribeWorkerDeploymentResponse response;
        if (response.ParseFromArray(wire, wireSize))
            useDeployment(workerDeploymentFromResponse(response));
        break;
    }
    case DescribeVersion: {
        wf::DescribeWorkerDeploymentVersionResponse response;
        if (!response.ParseFromArray(wire, wireSize))
            break;
        const DeploymentVersionDetails details = deploymentVersionDetailsFromResponse(response);
        roundTrip(details, deploymentVersionDetailsToJson, deploymentVersionDetailsFromJson,
                  "deploymentVersionDetailsFromJson(deploymentVersionDetailsToJson(v)) == v");
        (void)temporalCliDescribeVersionJson(details);
        break;
    }
    case CountWorkflows: {
        wf::CountWorkflowExecutionsResponse response;
        if (response.ParseFromArray(wire, wireSize))
            (void)workflowCountFromResponse(response);
        break;
    }
    case ResponseCount:
        break;
    }
    return 0;
}
