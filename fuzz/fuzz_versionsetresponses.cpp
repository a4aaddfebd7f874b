// Arbitrary bytes as the WorkflowService responses versionscope reads for version sets, converted to the
// project's values the way TemporalClient converts them (core/temporal/responseconversion), then through
// the pure code that consumes those values. Input: one byte choosing the response, then its wire bytes.
#include "fuzzinput.h"

#include "temporal/pollerinfo.h"
#include "temporal/reachability.h"
#include "temporal/responseconversion.h"
#include "versionsets/versionsetjson.h"
#include "versionsets/versionsetplanner.h"

namespace wf = temporal::api::workflowservice::v1;

namespace {

enum Response : uint8_t {
    BuildIdCompatibility,
    WorkflowPollers,
    ActivityPollers,
    TaskReachability_,
    WorkflowExecutions,
    SystemInfo_,
    Namespaces,
    Namespace,
    ResponseCount
};

void useVersionSets(const VersionSets &sets)
{
    (void)sets.toDisplayString();
    (void)sets.queueDefault();
    (void)sets.setDefaults();
    (void)sets.buildIdCount();
    const QStringList ids = sets.allBuildIds();
    for (const QString &id : ids) {
        const VersionSets::Location where = sets.find(id);
        fuzzinput::require(where.isValid() && sets.set(where.set).contains(id),
                           "find() locates a listed build ID", id);
        (void)sets.isSetDefault(id);
    }
    // What the history and `-o json` keep must read back as the same sets whenever it reads back at all (a
    // server may send an empty set, which the reader refuses).
    const Result<VersionSets> again = versionSetsFromJson(versionSetsToJson(sets));
    if (again)
        fuzzinput::require(again.value() == sets, "versionSetsFromJson(versionSetsToJson(s)) == s",
                           sets.toDisplayString());
    // The planner over server-shaped sets, with operations naming what is there and what is not.
    const QString first = ids.value(0, QStringLiteral("x"));
    const QString last = ids.value(ids.size() - 1, QStringLiteral("y"));
    for (const BuildIdOperation &operation :
         {BuildIdOperation::addNewDefault(first),
          BuildIdOperation::addNewCompatible(QStringLiteral("new"), last, true),
          BuildIdOperation::promoteSet(first), BuildIdOperation::promoteIdInSet(first),
          BuildIdOperation::mergeSets(last, first)}) {
        const VersionSetPlan plan = planVersionSetOperation(sets, operation);
        (void)plan.uncertaintyNote();
        fuzzinput::require(plan.before == sets, "a plan keeps the sets it started from");
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
    case BuildIdCompatibility: {
        wf::GetWorkerBuildIdCompatibilityResponse response;
        if (response.ParseFromArray(wire, wireSize))
            useVersionSets(versionSetsFromResponse(response));
        break;
    }
    case WorkflowPollers:
    case ActivityPollers: {
        wf::DescribeTaskQueueResponse response;
        if (!response.ParseFromArray(wire, wireSize))
            break;
        const TaskQueueKind kind =
            which == WorkflowPollers ? TaskQueueKind::Workflow : TaskQueueKind::Activity;
        const QList<PollerInfo> found = pollersFromResponse(response, kind);
        fuzzinput::require(found.size() == response.pollers_size(), "one PollerInfo per poller");
        QueuePollers pollers(found);
        pollers.merge(found);
        int total = 0;
        const QHash<QString, int> counts = pollers.countsByBuildId();
        for (auto count = counts.cbegin(); count != counts.cend(); ++count) {
            fuzzinput::require(count.value() == pollers.count(count.key()),
                               "countsByBuildId agrees with count");
            total += count.value();
        }
        fuzzinput::require(total == pollers.all().size(), "every merged poller is counted once");
        for (const PollerInfo &poller : pollers.all()) {
            (void)poller.toDisplayString();
            fuzzinput::require(poller.kind == kind, "pollers keep the kind asked for");
        }
        break;
    }
    case TaskReachability_: {
        wf::GetWorkerTaskReachabilityResponse response;
        if (!response.ParseFromArray(wire, wireSize))
            break;
        for (const BuildIdReachability &entry : reachabilityFromResponse(response)) {
            (void)entry.toDisplayString();
            for (TaskReachability reachability : entry.reachability)
                (void)taskReachabilityName(reachability);
        }
        break;
    }
    case WorkflowExecutions: {
        wf::ListWorkflowExecutionsResponse response;
        if (response.ParseFromArray(wire, wireSize))
            (void)workflowExecutionPageFromResponse(response);
        break;
    }
    case SystemInfo_: {
        wf::GetSystemInfoResponse response;
        if (response.ParseFromArray(wire, wireSize))
            (void)systemInfoFromResponse(response);
        break;
    }
    case Namespaces: {
        wf::ListNamespacesResponse response;
        if (response.ParseFromArray(wire, wireSize))
            (void)namespacePageFromResponse(response);
        break;
    }
    case Namespace: {
        wf::DescribeNamespaceResponse response;
        if (response.ParseFromArray(wire, wireSize))
            (void)namespaceInfoFromResponse(response);
        break;
    }
    case ResponseCount:
        break;
    }
    return 0;
}
