#include "deployments/deploymentjson.h"
#include "deployments/deploymentnamecheck.h"
#include "deployments/deploymentpreview.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>
#include <functional>
#include <limits>

Q_DECLARE_METATYPE(DeploymentOperation)

using Kind = DeploymentOperation::Kind;
using Tweak = std::function<void(DeploymentSnapshot &)>;
Q_DECLARE_METATYPE(Tweak)

namespace {

const QString kSvc = QStringLiteral("svc");
const QString kMe = QStringLiteral("alice@laptop via Versionscope");
const QString kOther = QStringLiteral("bob");

DeploymentVersionSummary summary(const QString &buildId, DeploymentVersionStatus status,
                                 DrainageStatus drainage = DrainageStatus::Unspecified)
{
    DeploymentVersionSummary s;
    s.buildId = buildId;
    s.status = status;
    s.drainage.status = drainage;
    return s;
}

DeploymentVersionDetails details(const QString &buildId, QList<VersionTaskQueue> queues,
                                 DrainageStatus drainage = DrainageStatus::Unspecified)
{
    DeploymentVersionDetails d;
    d.version = {kSvc, buildId};
    d.taskQueues = std::move(queues);
    d.drainage.status = drainage;
    return d;
}

DeploymentPoller poller(const QString &identity, const QString &buildId)
{
    DeploymentPoller p;
    p.identity = identity;
    p.deploymentName = buildId.isEmpty() ? QString() : kSvc;
    p.buildId = buildId;
    p.taskQueue = QStringLiteral("orders");
    return p;
}

const QList<VersionTaskQueue> kBothQueues{{QStringLiteral("orders"), 1}, {QStringLiteral("orders"), 2}};

// svc: v2 current, v3 ramping at 10 %; v1 drained but still polled; v0 draining (3 pinned workflows, no
// pollers); v4 created, never current, no pollers, lacks the activity queue; v5 drained, idle, deletable.
DeploymentSnapshot fixture()
{
    DeploymentSnapshot s;
    s.readAt = QDateTime::fromString(QStringLiteral("2026-11-29T04:00:00Z"), Qt::ISODate);
    WorkerDeployment &d = s.deployment;
    d.name = kSvc;
    d.routing.currentBuildId = QStringLiteral("v2");
    d.routing.hasRamp = true;
    d.routing.rampingBuildId = QStringLiteral("v3");
    d.routing.rampingPercentage = 10;
    d.routing.revisionNumber = 6;
    d.versions = {summary(QStringLiteral("v0"), DeploymentVersionStatus::Draining, DrainageStatus::Draining),
                  summary(QStringLiteral("v1"), DeploymentVersionStatus::Drained, DrainageStatus::Drained),
                  summary(QStringLiteral("v2"), DeploymentVersionStatus::Current),
                  summary(QStringLiteral("v3"), DeploymentVersionStatus::Ramping),
                  summary(QStringLiteral("v4"), DeploymentVersionStatus::Created),
                  summary(QStringLiteral("v5"), DeploymentVersionStatus::Drained, DrainageStatus::Drained)};
    d.lastModifierIdentity = kOther;
    d.routingUpdateState = WorkerDeployment::RoutingUpdateState::Completed;
    d.conflictToken = QByteArray("tok\x01", 4);
    s.details.insert(QStringLiteral("v1"),
                     details(QStringLiteral("v1"), kBothQueues, DrainageStatus::Drained));
    s.details.insert(QStringLiteral("v2"), details(QStringLiteral("v2"), kBothQueues));
    s.details.insert(QStringLiteral("v3"), details(QStringLiteral("v3"), kBothQueues));
    s.details.insert(QStringLiteral("v4"), details(QStringLiteral("v4"), {{QStringLiteral("orders"), 1}}));
    s.details.insert(QStringLiteral("v5"),
                     details(QStringLiteral("v5"), kBothQueues, DrainageStatus::Drained));
    s.details[QStringLiteral("v2")].metadata.insert(QStringLiteral("owner"), QStringLiteral("payments"));
    s.pollers = QList<DeploymentPoller>{poller(QStringLiteral("w1"), QStringLiteral("v1")),
                                        poller(QStringLiteral("w2"), QStringLiteral("v2")),
                                        poller(QStringLiteral("w2b"), QStringLiteral("v2")),
                                        poller(QStringLiteral("w3"), QStringLiteral("v3"))};
    s.workflowCounts.insert(QStringLiteral("v0"), {3, 0});
    s.workflowCounts.insert(QStringLiteral("v1"), {0, 0});
    s.workflowCounts.insert(QStringLiteral("v2"), {1, 5});
    s.workflowCounts.insert(QStringLiteral("v3"), {0, 2});
    s.workflowCounts.insert(QStringLiteral("v4"), {0, 0});
    s.workflowCounts.insert(QStringLiteral("v5"), {0, 0});
    return s;
}

DeploymentOperation withFlags(DeploymentOperation op, bool ignoreMissingTaskQueues, bool allowNoPollers)
{
    op.ignoreMissingTaskQueues = ignoreMissingTaskQueues;
    op.allowNoPollers = allowNoPollers;
    return op;
}

DeploymentOperation metadata(const QString &buildId, QMap<QString, QJsonValue> upsert, QStringList remove)
{
    DeploymentOperation op;
    op.kind = Kind::UpdateMetadata;
    op.deploymentName = kSvc;
    op.buildId = buildId;
    op.upsertMetadata = std::move(upsert);
    op.removeMetadata = std::move(remove);
    return op;
}

DeploymentOperation manager(const QString &identity, bool self)
{
    DeploymentOperation op;
    op.kind = Kind::SetManager;
    op.deploymentName = kSvc;
    op.managerIdentity = identity;
    op.managerSelf = self;
    return op;
}

const Tweak kAsIs = [](DeploymentSnapshot &) {};
const Tweak kLastModifiedByMe = [](DeploymentSnapshot &s) { s.deployment.lastModifierIdentity = kMe; };
const Tweak kManagedByArgo = [](DeploymentSnapshot &s) {
    s.deployment.managerIdentity = QStringLiteral("argo");
};
const Tweak kManagedByMe = [](DeploymentSnapshot &s) { s.deployment.managerIdentity = kMe; };
const Tweak kPollersUnknown = [](DeploymentSnapshot &s) {
    s.pollers.reset();
    s.pollersError = Error(ErrorCode::Unavailable, QStringLiteral("DescribeTaskQueue timed out"));
};
const Tweak kCountsUnknown = [](DeploymentSnapshot &s) {
    s.workflowCounts.clear();
    s.workflowCountsError = Error(ErrorCode::Unimplemented, QStringLiteral("visibility cannot count"));
};
const Tweak kRoutingInProgress = [](DeploymentSnapshot &s) {
    s.deployment.routingUpdateState = WorkerDeployment::RoutingUpdateState::InProgress;
};
const Tweak kNoRamp = [](DeploymentSnapshot &s) {
    s.deployment.routing.hasRamp = false;
    s.deployment.routing.rampingBuildId.clear();
    s.deployment.routing.rampingPercentage = 0;
};
const Tweak kUnversionedCurrent = [](DeploymentSnapshot &s) {
    s.deployment.routing.currentBuildId.clear();
    s.deployment.routing.hasRamp = false;
    s.deployment.routing.rampingBuildId.clear();
    s.deployment.routing.rampingPercentage = 0;
};

DeploymentPreview preview(const Tweak &tweak, const DeploymentOperation &op,
                          const QStringList &connection = {}, const QString &identity = kMe)
{
    DeploymentSnapshot snapshot = fixture();
    tweak(snapshot);
    return DeploymentPreview::build(snapshot, op, QStringLiteral("default"), identity, connection);
}

QStringList kinds(const DeploymentPreview &p)
{
    QStringList names;
    for (const DeploymentWarning &w : p.warnings())
        names << DeploymentWarning::kindName(w.kind);
    return names;
}

QJsonObject parse(const QString &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8(), &error);
    Q_ASSERT(error.error == QJsonParseError::NoError);
    return document.object();
}

} // namespace

class TestDeploymentPreview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void warnings_data()
    {
        QTest::addColumn<Tweak>("tweak");
        QTest::addColumn<DeploymentOperation>("operation");
        QTest::addColumn<QString>("identity");
        QTest::addColumn<QStringList>("warnings");
        QTest::addColumn<QString>("after");

        const QString v0 = QStringLiteral("v0"), v1 = QStringLiteral("v1"), v2 = QStringLiteral("v2"),
                      v3 = QStringLiteral("v3"), v4 = QStringLiteral("v4"), v5 = QStringLiteral("v5"),
                      v9 = QStringLiteral("v9");
        const QString unchanged = QStringLiteral("current v2, ramping v3 at 10%");
        const QStringList none;
        const QStringList fail{QStringLiteral("will-fail")};
        const QStringList noChange{QStringLiteral("no-change")};
        using Op = DeploymentOperation;

        // Set current.
        QTest::newRow("current: promote the ramping version")
            << kAsIs << Op::setCurrent(kSvc, v3) << kMe << none << "current v3, no ramp";
        QTest::newRow("current: already current, I changed it last")
            << kLastModifiedByMe << Op::setCurrent(kSvc, v2) << kMe << noChange << unchanged;
        QTest::newRow("current: already current, someone else changed it last")
            << kAsIs << Op::setCurrent(kSvc, v2) << kMe << noChange << unchanged;
        QTest::newRow("current: never-seen build ID")
            << kAsIs << Op::setCurrent(kSvc, v9) << kMe << fail << unchanged;
        QTest::newRow("current: never-seen build ID, no pollers allowed")
            << kAsIs << withFlags(Op::setCurrent(kSvc, v9), false, true) << kMe
            << QStringList{QStringLiteral("no-pollers-on-target"), QStringLiteral("missing-task-queues")}
            << "current v9, ramping v3 at 10%";
        QTest::newRow("current: no pollers and a missing task queue")
            << kAsIs << Op::setCurrent(kSvc, v4) << kMe
            << QStringList{QStringLiteral("no-pollers-on-target"), QStringLiteral("missing-task-queues")}
            << "current v4, ramping v3 at 10%";
        QTest::newRow("current: missing task queue ignored")
            << kAsIs << withFlags(Op::setCurrent(kSvc, v4), true, false) << kMe
            << QStringList{QStringLiteral("no-pollers-on-target"), QStringLiteral("missing-task-queues")}
            << "current v4, ramping v3 at 10%";
        QTest::newRow("current: pollers unknown")
            << kPollersUnknown << Op::setCurrent(kSvc, v3) << kMe
            << QStringList{QStringLiteral("pollers-unknown")} << "current v3, no ramp";
        QTest::newRow("current: another manager")
            << kManagedByArgo << Op::setCurrent(kSvc, v3) << kMe << fail << unchanged;
        QTest::newRow("current: I am the manager")
            << kManagedByMe << Op::setCurrent(kSvc, v3) << kMe << none << "current v3, no ramp";
        QTest::newRow("current: another manager, but nothing to change") << Tweak([](DeploymentSnapshot &s) {
            kManagedByArgo(s);
            kLastModifiedByMe(s);
        }) << Op::setCurrent(kSvc, v2) << kMe << noChange << unchanged;
        QTest::newRow("current: unversioned workers, none polling")
            << kAsIs << Op::setCurrent(kSvc, QString()) << kMe
            << QStringList{QStringLiteral("no-pollers-on-target")}
            << "current unversioned, ramping v3 at 10%";
        QTest::newRow("current: unversioned workers polling") << Tweak([](DeploymentSnapshot &s) {
            s.pollers->append(poller(QStringLiteral("u1"), QString()));
        }) << Op::setCurrent(kSvc, QString()) << kMe << none << "current unversioned, ramping v3 at 10%";
        QTest::newRow("current: open workflow counts unknown")
            << kCountsUnknown << Op::setCurrent(kSvc, v3) << kMe
            << QStringList{QStringLiteral("workflow-counts-unknown")} << "current v3, no ramp";
        QTest::newRow("current: from unversioned, counts unknown") << Tweak([](DeploymentSnapshot &s) {
            kUnversionedCurrent(s);
            kCountsUnknown(s);
        }) << Op::setCurrent(kSvc, v3) << kMe << none << "current v3, no ramp";
        QTest::newRow("current: routing update in progress")
            << kRoutingInProgress << Op::setCurrent(kSvc, v3) << kMe
            << QStringList{QStringLiteral("routing-update-in-progress")} << "current v3, no ramp";
        QTest::newRow("current: roll back to the drained v1")
            << kAsIs << Op::setCurrent(kSvc, v1) << kMe << none << "current v1, ramping v3 at 10%";

        // Set ramping.
        QTest::newRow("ramp: raise the percentage")
            << kAsIs << Op::setRamping(kSvc, v3, 50) << kMe << none << "current v2, ramping v3 at 50%";
        QTest::newRow("ramp: to 0 % keeps the ramp")
            << kAsIs << Op::setRamping(kSvc, v3, 0) << kMe << none << "current v2, ramping v3 at 0%";
        QTest::newRow("ramp: same, I changed it last")
            << kLastModifiedByMe << Op::setRamping(kSvc, v3, 10) << kMe << noChange << unchanged;
        QTest::newRow("ramp: same, someone else changed it last")
            << kAsIs << Op::setRamping(kSvc, v3, 10) << kMe << noChange << unchanged;
        QTest::newRow("ramp: same as the float the server keeps") << Tweak([](DeploymentSnapshot &s) {
            s.deployment.routing.rampingPercentage = double(10.1f);
            kLastModifiedByMe(s);
        }) << Op::setRamping(kSvc, v3, 10.1) << kMe << noChange << "current v2, ramping v3 at 10.1%";
        QTest::newRow("ramp: the current version")
            << kAsIs << Op::setRamping(kSvc, v2, 10) << kMe << fail << unchanged;
        QTest::newRow("ramp: above 100 %")
            << kAsIs << Op::setRamping(kSvc, v3, 100.5) << kMe << fail << unchanged;
        QTest::newRow("ramp: below 0 %") << kAsIs << Op::setRamping(kSvc, v3, -1) << kMe << fail << unchanged;
        QTest::newRow("ramp: not a number")
            << kAsIs << Op::setRamping(kSvc, v3, std::numeric_limits<double>::quiet_NaN()) << kMe << fail
            << unchanged;
        QTest::newRow("ramp: 100 % is allowed")
            << kAsIs << Op::setRamping(kSvc, v3, 100) << kMe << none << "current v2, ramping v3 at 100%";
        QTest::newRow("ramp: never-seen build ID")
            << kAsIs << Op::setRamping(kSvc, v9, 5) << kMe << fail << unchanged;
        QTest::newRow("ramp: never-seen build ID, no pollers allowed")
            << kAsIs << withFlags(Op::setRamping(kSvc, v9, 5), false, true) << kMe
            << QStringList{QStringLiteral("no-pollers-on-target"), QStringLiteral("missing-task-queues")}
            << "current v2, ramping v9 at 5%";
        QTest::newRow("ramp: a new target without pollers or a queue")
            << kAsIs << Op::setRamping(kSvc, v4, 5) << kMe
            << QStringList{QStringLiteral("no-pollers-on-target"), QStringLiteral("missing-task-queues")}
            << "current v2, ramping v4 at 5%";
        QTest::newRow("ramp: changing the percentage does not check task queues")
            << Tweak(
                   [](DeploymentSnapshot &s) { s.deployment.routing.rampingBuildId = QStringLiteral("v4"); })
            << Op::setRamping(kSvc, v4, 20) << kMe << QStringList{QStringLiteral("no-pollers-on-target")}
            << "current v2, ramping v4 at 20%";
        QTest::newRow("ramp: a drained version")
            << kAsIs << Op::setRamping(kSvc, v1, 5) << kMe
            << QStringList{QStringLiteral("ramps-draining-version")} << "current v2, ramping v1 at 5%";
        QTest::newRow("ramp: a draining version")
            << kAsIs << Op::setRamping(kSvc, v0, 5) << kMe
            << QStringList{QStringLiteral("no-pollers-on-target"), QStringLiteral("ramps-draining-version")}
            << "current v2, ramping v0 at 5%";
        QTest::newRow("ramp: the unversioned workers") << kAsIs << Op::setRamping(kSvc, QString(), 20) << kMe
                                                       << QStringList{QStringLiteral("no-pollers-on-target")}
                                                       << "current v2, ramping unversioned at 20%";
        QTest::newRow("ramp: unversioned at 0 % is stop ramping")
            << kAsIs << Op::setRamping(kSvc, QString(), 0) << kMe << none << "current v2, no ramp";
        QTest::newRow("ramp: unversioned while unversioned is current")
            << kUnversionedCurrent << Op::setRamping(kSvc, QString(), 20) << kMe << fail
            << "current unversioned, no ramp";
        QTest::newRow("ramp: a version while unversioned is current")
            << kUnversionedCurrent << Op::setRamping(kSvc, v3, 20) << kMe << none
            << "current unversioned, ramping v3 at 20%";
        QTest::newRow("ramp: another manager")
            << kManagedByArgo << Op::setRamping(kSvc, v3, 50) << kMe << fail << unchanged;
        QTest::newRow("ramp: pollers unknown")
            << kPollersUnknown << Op::setRamping(kSvc, v3, 50) << kMe
            << QStringList{QStringLiteral("pollers-unknown")} << "current v2, ramping v3 at 50%";
        QTest::newRow("ramp: routing update in progress")
            << kRoutingInProgress << Op::setRamping(kSvc, v3, 50) << kMe
            << QStringList{QStringLiteral("routing-update-in-progress")} << "current v2, ramping v3 at 50%";

        // Stop ramping.
        QTest::newRow("stop: a ramp is set")
            << kAsIs << Op::stopRamping(kSvc) << kMe << none << "current v2, no ramp";
        QTest::newRow("stop: no ramp, I changed it last") << Tweak([](DeploymentSnapshot &s) {
            kNoRamp(s);
            kLastModifiedByMe(s);
        }) << Op::stopRamping(kSvc) << kMe << noChange << "current v2, no ramp";
        QTest::newRow("stop: no ramp, someone else changed it last")
            << kNoRamp << Op::stopRamping(kSvc) << kMe << noChange << "current v2, no ramp";
        QTest::newRow("stop: the current version has no pollers") << Tweak([](DeploymentSnapshot &s) {
            s.pollers->removeIf([](const DeploymentPoller &p) { return p.buildId == QStringLiteral("v2"); });
        }) << Op::stopRamping(kSvc) << kMe << QStringList{QStringLiteral("no-pollers-on-target")}
                                                                  << "current v2, no ramp";
        QTest::newRow("stop: pollers unknown")
            << kPollersUnknown << Op::stopRamping(kSvc) << kMe
            << QStringList{QStringLiteral("pollers-unknown")} << "current v2, no ramp";
        QTest::newRow("stop: another manager")
            << kManagedByArgo << Op::stopRamping(kSvc) << kMe << fail << unchanged;
        QTest::newRow("stop: routing update in progress")
            << kRoutingInProgress << Op::stopRamping(kSvc) << kMe
            << QStringList{QStringLiteral("routing-update-in-progress")} << "current v2, no ramp";

        // Delete a version.
        QTest::newRow("delete: drained and idle")
            << kAsIs << Op::deleteVersion(kSvc, v5, false) << kMe << none << unchanged;
        QTest::newRow("delete: pinned workflows still open")
            << Tweak([](DeploymentSnapshot &s) { s.workflowCounts[QStringLiteral("v5")].pinned = 2; })
            << Op::deleteVersion(kSvc, v5, false) << kMe
            << QStringList{QStringLiteral("pinned-workflows-on-deleted-version")} << unchanged;
        QTest::newRow("delete: pinned workflows unknown")
            << kCountsUnknown << Op::deleteVersion(kSvc, v5, false) << kMe
            << QStringList{QStringLiteral("pinned-workflows-on-deleted-version")} << unchanged;
        QTest::newRow("delete: pollers unknown")
            << kPollersUnknown << Op::deleteVersion(kSvc, v5, false) << kMe
            << QStringList{QStringLiteral("pollers-unknown")} << unchanged;
        QTest::newRow("delete: skipping drainage of a drained version")
            << kAsIs << Op::deleteVersion(kSvc, v5, true) << kMe
            << QStringList{QStringLiteral("skips-drainage")} << unchanged;
        QTest::newRow("delete: the current version")
            << kAsIs << Op::deleteVersion(kSvc, v2, false) << kMe << fail << unchanged;
        QTest::newRow("delete: the ramping version")
            << kAsIs << Op::deleteVersion(kSvc, v3, true) << kMe << fail << unchanged;
        QTest::newRow("delete: never-seen build ID")
            << kAsIs << Op::deleteVersion(kSvc, v9, false) << kMe << fail << unchanged;
        QTest::newRow("delete: the unversioned workers")
            << kAsIs << Op::deleteVersion(kSvc, QString(), false) << kMe << fail << unchanged;
        QTest::newRow("delete: draining")
            << kAsIs << Op::deleteVersion(kSvc, v0, false) << kMe << fail << unchanged;
        QTest::newRow("delete: drained by the version's own word, the summary lagging")
            << Tweak([](DeploymentSnapshot &s) {
                   s.details.insert(QStringLiteral("v0"),
                                    details(QStringLiteral("v0"), kBothQueues, DrainageStatus::Drained));
                   s.workflowCounts[QStringLiteral("v0")].pinned = 0;
               })
            << Op::deleteVersion(kSvc, v0, false) << kMe << none << unchanged;
        QTest::newRow("delete: draining, drainage skipped")
            << kAsIs << Op::deleteVersion(kSvc, v0, true) << kMe
            << QStringList{QStringLiteral("skips-drainage"),
                           QStringLiteral("pinned-workflows-on-deleted-version")}
            << unchanged;
        QTest::newRow("delete: with pollers")
            << kAsIs << Op::deleteVersion(kSvc, v1, false) << kMe << fail << unchanged;
        QTest::newRow("delete: with pollers, drainage skipped")
            << kAsIs << Op::deleteVersion(kSvc, v1, true) << kMe << fail << unchanged;
        QTest::newRow("delete: another manager")
            << kManagedByArgo << Op::deleteVersion(kSvc, v5, false) << kMe << fail << unchanged;

        // Metadata.
        QTest::newRow("metadata: set and remove")
            << kAsIs
            << metadata(v2, {{QStringLiteral("owner"), QStringLiteral("billing")}}, {QStringLiteral("x")})
            << kMe << none << unchanged;
        QTest::newRow("metadata: nothing given") << kAsIs << metadata(v2, {}, {}) << kMe << fail << unchanged;
        QTest::newRow("metadata: never-seen build ID")
            << kAsIs << metadata(v9, {{QStringLiteral("a"), 1}}, {}) << kMe << fail << unchanged;
        QTest::newRow("metadata: the unversioned workers")
            << kAsIs << metadata(QString(), {{QStringLiteral("a"), 1}}, {}) << kMe << fail << unchanged;
        QTest::newRow("metadata: already so")
            << kAsIs
            << metadata(v2, {{QStringLiteral("owner"), QStringLiteral("payments")}}, {QStringLiteral("x")})
            << kMe << noChange << unchanged;
        QTest::newRow("metadata: another manager is not checked")
            << kManagedByArgo << metadata(v2, {{QStringLiteral("a"), true}}, {}) << kMe << none << unchanged;

        // Manager identity.
        QTest::newRow("manager: myself") << kAsIs << manager(QString(), true) << kMe << none << unchanged;
        QTest::newRow("manager: someone else")
            << kAsIs << manager(QStringLiteral("argo"), false) << kMe
            << QStringList{QStringLiteral("external-manager")} << unchanged;
        QTest::newRow("manager: take over from argo")
            << kManagedByArgo << manager(QString(), true) << kMe
            << QStringList{QStringLiteral("external-manager")} << unchanged;
        QTest::newRow("manager: unset argo") << kManagedByArgo << manager(QString(), false) << kMe
                                             << QStringList{QStringLiteral("external-manager")} << unchanged;
        QTest::newRow("manager: unset mine")
            << kManagedByMe << manager(QString(), false) << kMe << none << unchanged;
        QTest::newRow("manager: unset when none")
            << kAsIs << manager(QString(), false) << kMe << noChange << unchanged;
        QTest::newRow("manager: myself again")
            << kManagedByMe << manager(QString(), true) << kMe << noChange << unchanged;
        QTest::newRow("manager: without an identity")
            << kAsIs << manager(QString(), true) << QString() << fail << unchanged;

        // Whatever the kind, the operation must be for the deployment that was read.
        QTest::newRow("any: another deployment")
            << kAsIs << Op::setCurrent(QStringLiteral("other"), v3) << kMe << fail << unchanged;
        QTest::newRow("any: no deployment")
            << kAsIs << Op::stopRamping(QString()) << kMe << fail << unchanged;
    }

    void warnings()
    {
        QFETCH(Tweak, tweak);
        QFETCH(DeploymentOperation, operation);
        QFETCH(QString, identity);
        QFETCH(QStringList, warnings);
        QFETCH(QString, after);

        const DeploymentPreview p = preview(tweak, operation, {}, identity);
        QCOMPARE(kinds(p), warnings);
        QCOMPARE(p.isBlocked(), warnings.contains(QStringLiteral("will-fail")));
        QCOMPARE(p.routingAfter().summary(), after);
        for (const DeploymentWarning &w : p.warnings())
            QVERIFY2(!w.text.isEmpty(), qPrintable(DeploymentWarning::kindName(w.kind)));
        if (p.isBlocked() || warnings.contains(QStringLiteral("no-change")))
            QVERIFY(p.changes().isEmpty());
        else
            QVERIFY(!p.changes().isEmpty());
    }

    void warningTexts_data()
    {
        QTest::addColumn<Tweak>("tweak");
        QTest::addColumn<DeploymentOperation>("operation");
        QTest::addColumn<QString>("text");

        QTest::newRow("unknown build ID")
            << kAsIs << DeploymentOperation::setCurrent(kSvc, QStringLiteral("v9"))
            << "the server will refuse this: build ID 'v9' not found in Worker Deployment 'svc' (NOT_FOUND): "
               "no "
               "worker has polled as v9 yet; start one first, or allow no pollers (--allow-no-pollers) to "
               "have the "
               "server create the version now";
        QTest::newRow("manager mismatch")
            << kManagedByArgo << DeploymentOperation::stopRamping(kSvc)
            << "the server will refuse this: ManagerIdentity 'argo' is set and does not match user identity "
               "'alice@laptop via Versionscope' (FAILED_PRECONDITION): argo controls this deployment and may "
               "change "
               "routing back; ask its owner, or take over with manager-identity set --self";
        QTest::newRow("missing task queues")
            << kAsIs << DeploymentOperation::setRamping(kSvc, QStringLiteral("v4"), 5)
            << "v4 lacks task queues the current version v2 has: orders (activity). The server refuses the "
               "change "
               "(FAILED_PRECONDITION) if any of them still has a backlog or new tasks, unless missing task "
               "queues "
               "are ignored (--ignore-missing-task-queues), which leaves their work unversioned";
        QTest::newRow("missing task queues ignored")
            << kAsIs << withFlags(DeploymentOperation::setCurrent(kSvc, QStringLiteral("v4")), true, false)
            << "v4 lacks task queues the current version v2 has: orders (activity). Missing task queues are "
               "ignored (--ignore-missing-task-queues), so their new work has no worker of v4 and becomes "
               "unversioned";
        QTest::newRow("no pollers")
            << kAsIs << DeploymentOperation::setRamping(kSvc, QStringLiteral("v4"), 5)
            << "no worker polls v4 now: new workflows routed to it wait until one of its workers polls again";
        QTest::newRow("no pollers allowed on an unknown version")
            << kAsIs << withFlags(DeploymentOperation::setCurrent(kSvc, QStringLiteral("v9")), true, true)
            << "no worker has ever polled as v9: because no pollers are allowed, the server creates the "
               "version, "
               "and new workflows routed to it wait until a worker of v9 polls";
        QTest::newRow("pinned workflows")
            << kAsIs << DeploymentOperation::deleteVersion(kSvc, QStringLiteral("v0"), true)
            << "3 open workflow(s) are pinned to v0: deleting the version does not move them to another one; "
               "they "
               "wait for a worker of v0";
        QTest::newRow("draining")
            << kAsIs << DeploymentOperation::deleteVersion(kSvc, QStringLiteral("v0"), false)
            << "the server will refuse this: version 'svc:v0' cannot be deleted since it is draining "
               "(FAILED_PRECONDITION); wait until it is drained, or skip drainage (--skip-drainage)";
        QTest::newRow("pollers on a deleted version")
            << kAsIs << DeploymentOperation::deleteVersion(kSvc, QStringLiteral("v1"), true)
            << "the server will refuse this: version 'svc:v1' cannot be deleted since it has active pollers "
               "(FAILED_PRECONDITION; 1 poller); stop its workers first, the server forgets a poller a few "
               "minutes after it stops";
        QTest::newRow("pollers unknown")
            << kPollersUnknown << DeploymentOperation::setCurrent(kSvc, QStringLiteral("v3"))
            << "pollers could not be read (DescribeTaskQueue timed out): nothing is known about workers of "
               "v3";
        QTest::newRow("percentage") << kAsIs
                                    << DeploymentOperation::setRamping(kSvc, QStringLiteral("v3"), 150)
                                    << "the server will refuse this: Percentage must be between 0 and 100 "
                                       "(inclusive) (INVALID_ARGUMENT); "
                                       "150 was asked";
    }

    void warningTexts()
    {
        QFETCH(Tweak, tweak);
        QFETCH(DeploymentOperation, operation);
        QFETCH(QString, text);
        const DeploymentPreview p = preview(tweak, operation);
        QStringList texts;
        for (const DeploymentWarning &w : p.warnings())
            texts << w.text;
        QVERIFY2(texts.contains(text), qPrintable(texts.join(QLatin1Char('\n'))));
    }

    void changes_data()
    {
        QTest::addColumn<Tweak>("tweak");
        QTest::addColumn<DeploymentOperation>("operation");
        QTest::addColumn<QStringList>("changes");

        QTest::newRow("promote the ramp")
            << kAsIs << DeploymentOperation::setCurrent(kSvc, QStringLiteral("v3"))
            << QStringList{
                   QStringLiteral("v3 stops ramping and becomes current"),
                   QStringLiteral("v2 is no longer current: it gets no new workflows and drains while its "
                                  "pinned workflows finish"),
                   QStringLiteral("5 open auto-upgrade workflow(s) on v2 move to v3 at their next workflow "
                                  "task"),
                   QStringLiteral("v3: 10 % → 100 % of new workflows"),
                   QStringLiteral("v2: 90 % → 0 % of new workflows")};
        QTest::newRow("first ramp") << kNoRamp
                                    << DeploymentOperation::setRamping(kSvc, QStringLiteral("v3"), 10)
                                    << QStringList{QStringLiteral("v3 takes 10 % of new workflows from v2"),
                                                   QStringLiteral("v2: 100 % → 90 % of new workflows"),
                                                   QStringLiteral("v3: 0 % → 10 % of new workflows")};
        QTest::newRow("raise the ramp")
            << kAsIs << DeploymentOperation::setRamping(kSvc, QStringLiteral("v3"), 50)
            << QStringList{QStringLiteral("the ramp of v3 changes from 10 % to 50 % of new workflows"),
                           QStringLiteral("v2: 90 % → 50 % of new workflows"),
                           QStringLiteral("v3: 10 % → 50 % of new workflows")};
        QTest::newRow("replace the ramp")
            << kAsIs << DeploymentOperation::setRamping(kSvc, QStringLiteral("v1"), 20)
            << QStringList{
                   QStringLiteral("v1 takes 20 % of new workflows from v2"),
                   QStringLiteral("v3 stops ramping: it gets no new workflows and drains while its pinned "
                                  "workflows finish"),
                   QStringLiteral("v1: 0 % → 20 % of new workflows"),
                   QStringLiteral("v2: 90 % → 80 % of new workflows"),
                   QStringLiteral("v3: 10 % → 0 % of new workflows")};
        QTest::newRow("stop ramping")
            << kAsIs << DeploymentOperation::stopRamping(kSvc)
            << QStringList{
                   QStringLiteral("the ramp of v3 ends: v2 gets all new workflows again"),
                   QStringLiteral("v3 gets no new workflows and drains while its pinned workflows finish"),
                   QStringLiteral("v2: 90 % → 100 % of new workflows"),
                   QStringLiteral("v3: 10 % → 0 % of new workflows")};
        QTest::newRow("unversioned current")
            << kNoRamp << DeploymentOperation::setCurrent(kSvc, QString())
            << QStringList{
                   QStringLiteral("the unversioned worker pool becomes current"),
                   QStringLiteral("v2 is no longer current: it gets no new workflows and drains while its "
                                  "pinned workflows finish"),
                   QStringLiteral(
                       "5 open auto-upgrade workflow(s) on v2 move to the unversioned worker pool at "
                       "their next workflow task"),
                   QStringLiteral("the unversioned worker pool: 0 % → 100 % of new workflows"),
                   QStringLiteral("v2: 100 % → 0 % of new workflows")};
        QTest::newRow("delete")
            << kAsIs << DeploymentOperation::deleteVersion(kSvc, QStringLiteral("v5"), false)
            << QStringList{QStringLiteral(
                   "v5 is deleted from the deployment; a worker that polls as v5 again re-creates it")};
        QTest::newRow("metadata")
            << kAsIs
            << metadata(QStringLiteral("v2"),
                        {{QStringLiteral("owner"), QStringLiteral("billing")}, {QStringLiteral("jira"), 42}},
                        {QStringLiteral("owner2"), QStringLiteral("absent")})
            << QStringList{QStringLiteral("metadata jira of v2 is set to 42"),
                           QStringLiteral("metadata owner of v2: \"payments\" → \"billing\"")};
        QTest::newRow("manager") << kManagedByArgo << manager(QString(), true)
                                 << QStringList{QStringLiteral(
                                        "manager identity: argo → alice@laptop via Versionscope")};
    }

    void changes()
    {
        QFETCH(Tweak, tweak);
        QFETCH(DeploymentOperation, operation);
        QFETCH(QStringList, changes);
        QCOMPARE(preview(tweak, operation).changes(), changes);
    }

    void requestAndCommands_data()
    {
        QTest::addColumn<Tweak>("tweak");
        QTest::addColumn<DeploymentOperation>("operation");
        QTest::addColumn<QStringList>("connection");
        QTest::addColumn<QString>("rpc");
        QTest::addColumn<QString>("request");
        QTest::addColumn<QString>("cli");
        QTest::addColumn<QString>("temporal");

        const QStringList plain;
        const QStringList full{QStringLiteral("--address"),
                               QStringLiteral("temporal.prod:7233"),
                               QStringLiteral("--namespace"),
                               QStringLiteral("payments"),
                               QStringLiteral("--tls=false"),
                               QStringLiteral("--api-key"),
                               QStringLiteral("\"$TEMPORAL_API_KEY\""),
                               QStringLiteral("--allow-insecure-api-key"),
                               QStringLiteral("--history"),
                               QStringLiteral("/tmp/h.sqlite"),
                               QStringLiteral("--build-id-limit=50")};
        const QString id = QStringLiteral("'alice@laptop via Versionscope'");

        QTest::newRow("set current")
            << kAsIs << DeploymentOperation::setCurrent(kSvc, QStringLiteral("v3")) << plain
            << "SetWorkerDeploymentCurrentVersion"
            << R"({"namespace":"default","deploymentName":"svc","buildId":"v3","conflictToken":"dG9rAQ==",)"
               R"("identity":"alice@laptop via Versionscope"
    })"
            << "versionscope-cli --namespace default worker deployment set-current-version --deployment-name "
               "svc "
               "--build-id v3"
            << "temporal worker deployment set-current-version --deployment-name svc --build-id v3 "
               "--namespace "
               "default --identity " +
                   id;
        QTest::newRow("set current unversioned, both protections lifted, full connection")
            << kAsIs << withFlags(DeploymentOperation::setCurrent(kSvc, QString()), true, true) << full
            << "SetWorkerDeploymentCurrentVersion"
            << R"({"namespace":"default","deploymentName":"svc","conflictToken":"dG9rAQ==",)"
               R"("identity":"alice@laptop via Versionscope",
        "ignoreMissingTaskQueues" : true, "allowNoPollers" : true})"
            << "versionscope-cli --address temporal.prod:7233 --namespace payments --tls=false --api-key "
               "\"$TEMPORAL_API_KEY\" --allow-insecure-api-key --history /tmp/h.sqlite --build-id-limit=50 "
               "worker "
               "deployment set-current-version --deployment-name svc --unversioned "
               "--ignore-missing-task-queues "
               "--allow-no-pollers"
            << "temporal worker deployment set-current-version --deployment-name svc --unversioned "
               "--ignore-missing-task-queues --allow-no-pollers --address temporal.prod:7233 --namespace "
               "payments "
               "--tls=false --api-key \"$TEMPORAL_API_KEY\" --identity " +
                   id;
        QTest::newRow("ramp")
            << kAsIs << DeploymentOperation::setRamping(kSvc, QStringLiteral("v3"), 12.5) << plain
            << "SetWorkerDeploymentRampingVersion"
            << R"({"namespace":"default","deploymentName":"svc","buildId":"v3","percentage":12.5,)"
               R"("conflictToken":"dG9rAQ==","identity":"alice@laptop via Versionscope"
})"
            << "versionscope-cli --namespace default worker deployment set-ramping-version --deployment-name "
               "svc "
               "--build-id v3 --percentage 12.5"
            << "temporal worker deployment set-ramping-version --deployment-name svc --build-id v3 "
               "--percentage 12.5 "
               "--namespace default --identity " +
                   id;
        QTest::newRow("ramp at 0 % leaves the percentage out")
            << kAsIs << DeploymentOperation::setRamping(kSvc, QStringLiteral("v3"), 0) << plain
            << "SetWorkerDeploymentRampingVersion"
            << R"({"namespace":"default","deploymentName":"svc","buildId":"v3","conflictToken":"dG9rAQ==",)"
               R"("identity":"alice@laptop via Versionscope"
})"
            << "versionscope-cli --namespace default worker deployment set-ramping-version --deployment-name "
               "svc "
               "--build-id v3 --percentage 0"
            << "temporal worker deployment set-ramping-version --deployment-name svc --build-id v3 "
               "--percentage 0 "
               "--namespace default --identity " +
                   id;
        QTest::newRow("ramp unversioned with protections")
            << kAsIs << withFlags(DeploymentOperation::setRamping(kSvc, QString(), 5), true, true) << plain
            << "SetWorkerDeploymentRampingVersion"
            << R"({"namespace":"default","deploymentName":"svc","percentage":5,"conflictToken":"dG9rAQ==",)"
               R"("identity":"alice@laptop via Versionscope",
    "ignoreMissingTaskQueues" : true, "allowNoPollers" : true
})"
            << "versionscope-cli --namespace default worker deployment set-ramping-version --deployment-name "
               "svc "
               "--unversioned --percentage 5 --ignore-missing-task-queues --allow-no-pollers"
            << "temporal worker deployment set-ramping-version --deployment-name svc --unversioned "
               "--percentage 5 "
               "--ignore-missing-task-queues --allow-no-pollers --namespace default --identity " +
                   id;
        QTest::newRow("stop ramping")
            << kAsIs << DeploymentOperation::stopRamping(kSvc) << plain << "SetWorkerDeploymentRampingVersion"
            << R"({"namespace":"default","deploymentName":"svc","conflictToken":"dG9rAQ==",)"
               R"("identity":"alice@laptop via Versionscope"
})"
            << "versionscope-cli --namespace default worker deployment set-ramping-version --deployment-name "
               "svc "
               "--delete"
            << "temporal worker deployment set-ramping-version --deployment-name svc --delete --namespace "
               "default "
               "--identity " +
                   id;
        QTest::newRow("no conflict token, no identity")
            << Tweak([](DeploymentSnapshot &s) { s.deployment.conflictToken.clear(); })
            << DeploymentOperation::setCurrent(kSvc, QStringLiteral("v3")) << plain
            << "SetWorkerDeploymentCurrentVersion"
            << R"({"namespace":"default","deploymentName":"svc","buildId":"v3"})"
            << "versionscope-cli --namespace default worker deployment set-current-version --deployment-name "
               "svc "
               "--build-id v3"
            << "temporal worker deployment set-current-version --deployment-name svc --build-id v3 "
               "--namespace "
               "default";
        QTest::newRow("delete")
            << kAsIs << DeploymentOperation::deleteVersion(kSvc, QStringLiteral("v5"), false) << plain
            << "DeleteWorkerDeploymentVersion"
            << R"({"namespace":"default","deploymentVersion":{"deploymentName":"svc","buildId":"v5"},)"
               R"("identity":"alice@laptop via Versionscope"
})"
            << "versionscope-cli --namespace default worker deployment delete-version --deployment-name svc "
               "--build-id v5"
            << "temporal worker deployment delete-version --deployment-name svc --build-id v5 --namespace "
               "default "
               "--identity " +
                   id;
        QTest::newRow("delete skipping drainage")
            << kAsIs << DeploymentOperation::deleteVersion(kSvc, QStringLiteral("v 5"), true) << plain
            << "DeleteWorkerDeploymentVersion"
            << R"({"namespace":"default","deploymentVersion":{"deploymentName":"svc","buildId":"v 5"},)"
               R"("skipDrainage":true,"identity":"alice@laptop via Versionscope"
})"
            << "versionscope-cli --namespace default worker deployment delete-version --deployment-name svc "
               "--build-id 'v 5' --skip-drainage"
            << "temporal worker deployment delete-version --deployment-name svc --build-id 'v 5' "
               "--skip-drainage "
               "--namespace default --identity " +
                   id;
        QTest::newRow("metadata")
            << kAsIs
            << metadata(QStringLiteral("v2"),
                        {{QStringLiteral("owner"), QStringLiteral("billing")},
                         {QStringLiteral("limits"), QJsonObject{{QStringLiteral("cpu"), 2}}}},
                        {QStringLiteral("old")})
            << plain << "UpdateWorkerDeploymentVersionMetadata"
            << R"({"namespace":"default","deploymentVersion":{"deploymentName":"svc","buildId":"v2"},)"
               R"("upsertEntries":{"limits":{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"data":"eyJjcHUiOjJ9"},)"
               R"("owner":{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"data":"ImJpbGxpbmci"}},)"
               R"("removeEntries":["old"],"identity":"alice@laptop via Versionscope"
})"
            << "versionscope-cli --namespace default worker deployment update-version-metadata "
               "--deployment-name svc "
               "--build-id v2 --metadata 'limits={\"cpu\":2}' --metadata 'owner=\"billing\"' "
               "--remove-entries old"
            << "temporal worker deployment update-version-metadata --deployment-name svc --build-id v2 "
               "--metadata "
               "'limits={\"cpu\":2}' --metadata 'owner=\"billing\"' --remove-entries old --namespace default "
               "--identity " +
                   id;
        QTest::newRow("manager self")
            << kAsIs << manager(QString(), true) << plain << "SetWorkerDeploymentManager"
            << R"({"namespace":"default","deploymentName":"svc","self":true,"conflictToken":"dG9rAQ==",)"
               R"("identity":"alice@laptop via Versionscope"
})"
            << "versionscope-cli --namespace default worker deployment manager-identity set "
               "--deployment-name svc "
               "--self"
            << "temporal worker deployment manager-identity set --deployment-name svc --self --namespace "
               "default "
               "--identity " +
                   id;
        QTest::newRow("manager named")
            << kAsIs << manager(QStringLiteral("argo rollouts"), false) << plain
            << "SetWorkerDeploymentManager"
            << R"({"namespace":"default","deploymentName":"svc","managerIdentity":"argo rollouts",)"
               R"("conflictToken":"dG9rAQ==","identity":"alice@laptop via Versionscope"
})"
            << "versionscope-cli --namespace default worker deployment manager-identity set "
               "--deployment-name svc "
               "--manager-identity 'argo rollouts'"
            << "temporal worker deployment manager-identity set --deployment-name svc --manager-identity "
               "'argo "
               "rollouts' --namespace default --identity " +
                   id;
        QTest::newRow("manager unset")
            << kManagedByArgo << manager(QString(), false) << plain << "SetWorkerDeploymentManager"
            << R"({"namespace":"default","deploymentName":"svc","managerIdentity":"","conflictToken":"dG9rAQ==",)"
               R"("identity":"alice@laptop via Versionscope"
})"
            << "versionscope-cli --namespace default worker deployment manager-identity unset "
               "--deployment-name svc"
            << "temporal worker deployment manager-identity unset --deployment-name svc --namespace default "
               "--identity " +
                   id;
    }

    void requestAndCommands()
    {
        QFETCH(Tweak, tweak);
        QFETCH(DeploymentOperation, operation);
        QFETCH(QStringList, connection);
        QFETCH(QString, rpc);
        QFETCH(QString, request);
        QFETCH(QString, cli);
        QFETCH(QString, temporal);

        const bool anonymous = QByteArray(QTest::currentDataTag()).contains("no identity");
        const DeploymentPreview p = preview(tweak, operation, connection, anonymous ? QString() : kMe);
        QCOMPARE(p.rpcName(), rpc);
        QCOMPARE(p.requestJson(), parse(request));
        QCOMPARE(p.cliCommand(), cli);
        QCOMPARE(p.temporalCommand(), temporal);
    }

    void jsonHasEverything()
    {
        const DeploymentPreview p =
            preview(kAsIs, DeploymentOperation::setRamping(kSvc, QStringLiteral("v4"), 5));
        const QJsonObject json = p.toJson();
        QCOMPARE(json.value(QStringLiteral("deployment")).toString(), kSvc);
        QCOMPARE(json.value(QStringLiteral("rpc")).toString(),
                 QStringLiteral("SetWorkerDeploymentRampingVersion"));
        QCOMPARE(json.value(QStringLiteral("request")).toObject(), p.requestJson());
        QCOMPARE(json.value(QStringLiteral("command")).toString(), p.cliCommand());
        QCOMPARE(json.value(QStringLiteral("temporalCommand")).toString(), p.temporalCommand());
        QCOMPARE(json.value(QStringLiteral("blocked")).toBool(), false);
        QCOMPARE(json.value(QStringLiteral("shares")).toObject(),
                 parse(R"({"before":{"v2":90,"v3":10},"after":{"v2":95,"v4":5}})"));
        const Result<DeploymentOperation> op =
            deploymentOperationFromJson(json.value(QStringLiteral("operation")).toObject());
        QVERIFY(op.isOk());
        QCOMPARE(op.value(), p.operation());
        const Result<DeploymentRouting> after =
            deploymentRoutingFromJson(json.value(QStringLiteral("after")).toObject());
        QVERIFY(after.isOk());
        QCOMPARE(after.value(), p.routingAfter());
        QCOMPARE(json.value(QStringLiteral("changes")).toArray(), QJsonArray::fromStringList(p.changes()));
        const QJsonArray warnings = json.value(QStringLiteral("warnings")).toArray();
        QCOMPARE(warnings.size(), 2);
        QCOMPARE(warnings.at(0).toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("no-pollers-on-target"));
    }

    void textReadsTopToBottom()
    {
        const DeploymentPreview p =
            preview(kAsIs, DeploymentOperation::setRamping(kSvc, QStringLiteral("v3"), 50));
        const QString text = p.toText();
        const QStringList expectedInOrder{
            QStringLiteral("Worker Deployment svc in namespace default\n"),
            QStringLiteral("Operation: ramp v3 to 50 % of new workflows\n"),
            QStringLiteral("Before:\n  current: v2 {2 pollers} — 90 % of new workflows\n"
                           "  ramping: v3 at 10 % {1 poller} — 10 % of new workflows\n"),
            QStringLiteral("After:\n  current: v2 {2 pollers} — 50 % of new workflows\n"
                           "  ramping: v3 at 50 % {1 poller} — 50 % of new workflows\n"),
            QStringLiteral("Changes:\n  - the ramp of v3 changes from 10 % to 50 % of new workflows\n"),
            QStringLiteral("Request (SetWorkerDeploymentRampingVersion):\n{\n"),
            QStringLiteral("\"percentage\": 50"),
            QStringLiteral(
                "Equivalent commands:\n  versionscope-cli --namespace default worker deployment "
                "set-ramping-version --deployment-name svc --build-id v3 --percentage 50\n  temporal "),
        };
        qsizetype from = 0;
        for (const QString &part : expectedInOrder) {
            const qsizetype at = text.indexOf(part, from);
            QVERIFY2(at >= 0,
                     qPrintable(QStringLiteral("missing after %1: %2\n---\n%3").arg(from).arg(part, text)));
            from = at + part.size();
        }
        QVERIFY(!text.contains(QStringLiteral("Warnings:")));

        const QString blocked =
            preview(kAsIs, DeploymentOperation::deleteVersion(kSvc, QStringLiteral("v2"), false)).toText();
        QVERIFY(blocked.contains(QStringLiteral("After (unchanged: the request will fail):\n")));
        QVERIFY(blocked.contains(QStringLiteral("Changes:\n  none\n")));
        QVERIFY(
            blocked.contains(QStringLiteral("Warnings:\n  ! the server will refuse this: version 'svc:v2'")));
        QVERIFY(preview(kManagedByArgo, manager(QString(), true))
                    .toText()
                    .contains(QStringLiteral("Manager identity: argo\n")));
    }
    // A new build ID that breaks the name rules is refused (even where allowNoPollers would make the server
    // create it); an existing odd version or deployment name (made by another tool) is used and warned about.
    void oddNames()
    {
        using Op = DeploymentOperation;
        const DeploymentPreview refused =
            preview(kAsIs, withFlags(Op::setCurrent(kSvc, QStringLiteral("v9 ")), true, true));
        QVERIFY(refused.isBlocked());
        QCOMPARE(kinds(refused), QStringList{QStringLiteral("will-fail")});
        QCOMPARE(
            refused.warnings().first().text,
            QStringLiteral("not sent: new build ID: the deployment build ID \"v9 \" ends with whitespace: "
                           "U+0020 SPACE at position 3"));
        QCOMPARE(refused.routingAfter(), refused.routingBefore());
        QVERIFY(preview(kAsIs, Op::setRamping(kSvc, QString::fromUtf8("v\u202e9"), 5)).isBlocked());
        QVERIFY(preview(kAsIs, metadata(QStringLiteral("__v9"), {{QStringLiteral("a"), 1}}, {})).isBlocked());

        const Tweak oddVersion = [](DeploymentSnapshot &s) {
            s.deployment.versions << summary(QStringLiteral(" v6"), DeploymentVersionStatus::Inactive);
            s.details.insert(QStringLiteral(" v6"), details(QStringLiteral(" v6"), kBothQueues));
            s.pollers->append(poller(QStringLiteral("w6"), QStringLiteral(" v6")));
            s.workflowCounts.insert(QStringLiteral(" v6"), {0, 0});
        };
        const DeploymentPreview current = preview(oddVersion, Op::setCurrent(kSvc, QStringLiteral(" v6")));
        QVERIFY(!current.isBlocked());
        QCOMPARE(kinds(current), QStringList{QStringLiteral("existing-name-breaks-rules")});
        QVERIFY2(current.warnings().first().text.startsWith(
                     QLatin1String("the deployment build ID \" v6\" starts with whitespace: U+0020 SPACE at "
                                   "position 1; it already exists on the server (made by another tool)")),
                 qPrintable(current.warnings().first().text));
        QCOMPARE(current.routingAfter().currentBuildId, QStringLiteral(" v6"));
        QVERIFY(current.toText().contains(QLatin1String("made by another tool")));
        const DeploymentPreview tagged =
            preview(oddVersion, metadata(QStringLiteral(" v6"), {{QStringLiteral("owner"), 1}}, {}));
        QVERIFY(!tagged.isBlocked());
        QVERIFY(tagged.hasWarning(DeploymentWarning::Kind::ExistingNameBreaksRules));

        const QString oddName = QString::fromUtf8("svc\u200b");
        const Tweak oddDeployment = [oddName](DeploymentSnapshot &s) { s.deployment.name = oddName; };
        const DeploymentPreview ramp =
            preview(oddDeployment, Op::setRamping(oddName, QStringLiteral("v3"), 20));
        QVERIFY(!ramp.isBlocked());
        QVERIFY(ramp.hasWarning(DeploymentWarning::Kind::ExistingNameBreaksRules));
        QVERIFY(std::any_of(ramp.warnings().cbegin(), ramp.warnings().cend(), [](const DeploymentWarning &w) {
            return w.text.startsWith(
                QLatin1String("the deployment name \"svc\\u{200B}\" contains an invisible "
                              "character: U+200B ZERO WIDTH SPACE at position 4"));
        }));
    }

    // The window's --deployment: an odd name opens only when the namespace lists it; a new one is refused,
    // escaped, before anything else is read. A plain name opens whether listed or not (the read says).
    void unlistedOddDeploymentNamesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("refusal");
        QTest::newRow("plain") << "payments" << QString();
        QTest::newRow("listed odd") << QString::fromUtf8("svc\u200b") << QString();
        QTest::newRow("zero-width space") << QString::fromUtf8("orders\u200b")
                                          << "not opened: new deployment name: the deployment name "
                                             "\"orders\\u{200B}\" contains an invisible "
                                             "character: U+200B ZERO WIDTH SPACE at position 7 (the "
                                             "namespace has no such deployment; check "
                                             "for a typing mistake)";
        QTest::newRow("bidi override")
            << QString::fromUtf8("\u202eorders")
            << "not opened: new deployment name: the deployment name \"\\u{202E}orders\" contains a "
               "bidirectional control, which reorders the text around it: U+202E RIGHT-TO-LEFT OVERRIDE at "
               "position 1 (the namespace "
               "has no such deployment; check for a typing mistake)";
        QTest::newRow("trailing space") << "svc "
                                        << "";
    }
    void unlistedOddDeploymentNamesAreRefused()
    {
        QFETCH(QString, name);
        QFETCH(QString, refusal);
        WorkerDeploymentSummary listed;
        listed.name = QString::fromUtf8("svc\u200b");
        WorkerDeploymentSummary plain;
        plain.name = QStringLiteral("svc");
        const std::optional<Error> error = unlistedDeploymentNameError(name, {plain, listed});
        if (name == QLatin1String("svc ")) {
            QVERIFY(error); // not the same deployment as "svc"
            QVERIFY2(
                error->message.startsWith(QLatin1String(
                    "not opened: new deployment name: the deployment name \"svc \" ends with whitespace")),
                qPrintable(error->message));
            return;
        }
        QCOMPARE(error ? error->toString() : QString(), refusal);
        if (error) {
            QCOMPARE(error->code, ErrorCode::InvalidArgument);
            QCOMPARE(error->reason, QStringLiteral("local-validation"));
        }
    }
};

QTEST_GUILESS_MAIN(TestDeploymentPreview)
#include "tst_deploymentpreview.moc"
