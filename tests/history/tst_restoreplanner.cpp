#include "history/restoreplanner.h"
#include "support/opnotation.h"
#include "support/setnotation.h"
#include "versionsets/versionsetchange.h"
#include "versionsets/versionsetplanner.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPair>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <algorithm>

using Limitation = RestorePlan::Limitation;

namespace {

// The inverse of opFrom (support/opnotation.h).
QString opNotation(const BuildIdOperation &op)
{
    switch (op.kind) {
    case BuildIdOperation::Kind::AddNewDefault:
        return QStringLiteral("new:") + op.buildId;
    case BuildIdOperation::Kind::AddNewCompatible:
        return (op.makeSetDefault ? QStringLiteral("compat!:") : QStringLiteral("compat:")) + op.buildId +
               QLatin1Char('>') + op.existingBuildId;
    case BuildIdOperation::Kind::PromoteSet:
        return QStringLiteral("promote:") + op.buildId;
    case BuildIdOperation::Kind::PromoteIdInSet:
        return QStringLiteral("promoteid:") + op.buildId;
    case BuildIdOperation::Kind::MergeSets:
        return QStringLiteral("merge:") + op.buildId + QLatin1Char('<') + op.secondaryBuildId;
    }
    return QString();
}

QString opsNotation(const QList<BuildIdOperation> &ops)
{
    QStringList parts;
    for (const BuildIdOperation &op : ops)
        parts << opNotation(op);
    return parts.join(QLatin1Char(' '));
}

QString kindName(Limitation::Kind kind)
{
    switch (kind) {
    case Limitation::Kind::BuildIdsKept:
        return QStringLiteral("kept");
    case Limitation::Kind::SetsJoined:
        return QStringLiteral("joined");
    case Limitation::Kind::LimitExceeded:
        return QStringLiteral("limit");
    case Limitation::Kind::InvalidTarget:
        return QStringLiteral("invalid");
    }
    return QString();
}

// "kept:2.1,3.0 joined:1.0,2.0": kinds and build IDs, in the plan's order.
QString limitationsNotation(const QList<Limitation> &limitations)
{
    QStringList parts;
    for (const Limitation &limitation : limitations)
        parts << kindName(limitation.kind) + QLatin1Char(':') + limitation.buildIds.join(QLatin1Char(','));
    return parts.join(QLatin1Char(' '));
}

bool hasKind(const RestorePlan &plan, Limitation::Kind kind)
{
    return std::any_of(plan.limitations.cbegin(), plan.limitations.cend(),
                       [kind](const Limitation &limitation) { return limitation.kind == kind; });
}

const VersioningLimits unlimited{0, 0, 0};

// What the restore must achieve, worked out directly from the two states rather than the planner's way:
// build IDs that share a set in either state end up in one set ("components"); the target's sets keep
// their order inside their set, and the set default is that of the newest target set in it.
struct Spec
{
    VersionSets current;
    VersionSets target;
    QList<QSet<QString>> components;
    QSet<QString> kept;
    int joined = 0;

    Spec(const VersionSets &from, const VersionSets &to)
        : current(from)
        , target(to)
    {
        for (const QStringList &set : target.sets())
            components << QSet<QString>(set.cbegin(), set.cend());
        for (const QStringList &set : current.sets())
            components << QSet<QString>(set.cbegin(), set.cend());
        for (bool merged = true; merged;) {
            merged = false;
            for (qsizetype i = 0; i < components.size() && !merged; ++i) {
                for (qsizetype j = i + 1; j < components.size() && !merged; ++j) {
                    if (components.at(i).intersects(components.at(j))) {
                        components[i].unite(components.takeAt(j));
                        merged = true;
                    }
                }
            }
        }
        for (const QString &id : current.allBuildIds()) {
            if (!target.contains(id))
                kept.insert(id);
        }
        for (const QSet<QString> &component : components)
            joined += targetSetsIn(component).size() > 1 ? 1 : 0;
    }

    QList<int> targetSetsIn(const QSet<QString> &component) const
    {
        QList<int> sets;
        for (int t = 0; t < target.setCount(); ++t) {
            if (component.contains(target.set(t).first()))
                sets << t;
        }
        return sets;
    }

    // Empty when `state` is a closest state the restore may end in, else why not.
    QString whyNotAcceptable(const VersionSets &state) const
    {
        QStringList ids = state.allBuildIds();
        QStringList expected = current.allBuildIds();
        for (const QString &id : target.allBuildIds()) {
            if (!expected.contains(id))
                expected << id;
        }
        ids.sort();
        expected.sort();
        if (ids != expected)
            return QStringLiteral("build IDs %1, expected %2")
                .arg(ids.join(QLatin1Char(',')), expected.join(QLatin1Char(',')));
        int lastNewest = -1;
        for (int s = 0; s < state.setCount(); ++s) {
            const QStringList &set = state.set(s);
            const QSet<QString> members(set.cbegin(), set.cend());
            if (!components.contains(members))
                return QStringLiteral("set %1 is not one of the sets that must result").arg(setLabel(set));
            const QList<int> targetSets = targetSetsIn(members);
            if (targetSets.isEmpty()) {
                if (s == state.defaultSetIndex() && !target.isEmpty())
                    return QStringLiteral("a set the target lacks is the queue default");
                continue;
            }
            for (int t : targetSets) {
                qsizetype last = -1;
                for (const QString &id : target.set(t)) {
                    const qsizetype at = set.indexOf(id);
                    if (at <= last)
                        return QStringLiteral("set %1 does not keep the order of %2")
                            .arg(setLabel(set), setLabel(target.set(t)));
                    last = at;
                }
            }
            if (VersionSets::setDefault(set) != VersionSets::setDefault(target.set(targetSets.last())))
                return QStringLiteral("set %1 has the wrong default").arg(setLabel(set));
            if (targetSets.last() <= lastNewest)
                return QStringLiteral("set %1 is out of the target's order").arg(setLabel(set));
            lastNewest = targetSets.last();
        }
        return QString();
    }
};

// The server's result for an uncertain merge in another order it may choose: both sources' own orders
// kept, the primary's default last, the interleaving random.
VersionSets otherMergeOrder(const VersionSetPlan &step, QRandomGenerator &random)
{
    QList<QStringList> sets = step.after.sets();
    QStringList a = step.primaryOrder;
    QStringList b = step.secondaryOrder;
    QStringList merged;
    while (!a.isEmpty() || !b.isEmpty()) {
        if (b.isEmpty() || (!a.isEmpty() && random.bounded(2) == 0))
            merged << a.takeFirst();
        else
            merged << b.takeFirst();
    }
    merged << VersionSets::setDefault(step.after.set(step.uncertainSet));
    sets[step.uncertainSet] = merged;
    return VersionSets(sets);
}

struct Run
{
    VersionSets state;
    QString problem;
    bool uncertain = false;
};

// Applies the operations with the server's rules; with `other`, each uncertain merge takes a random order the
// server may choose instead of the predicted one.
Run applyAll(const VersionSets &start, const QList<BuildIdOperation> &ops, const VersioningLimits &limits,
             QRandomGenerator *other = nullptr)
{
    Run run{start, {}, false};
    for (qsizetype i = 0; i < ops.size(); ++i) {
        const VersionSetPlan step = planVersionSetOperation(run.state, ops.at(i), limits);
        if (!step.isAccepted()) {
            run.problem = QStringLiteral("step %1 (%2) refused: %3")
                              .arg(i + 1)
                              .arg(opNotation(ops.at(i)), step.error->message);
            return run;
        }
        if (step.changesNothing()) {
            run.problem =
                QStringLiteral("step %1 (%2) changes nothing").arg(i + 1).arg(opNotation(ops.at(i)));
            return run;
        }
        run.state = step.after;
        if (!step.isExact()) {
            run.uncertain = true;
            if (other)
                run.state = otherMergeOrder(step, *other);
        }
    }
    return run;
}

// Every operation that is exactly predictable and could help: promotions, adding the target's missing
// build IDs anywhere, and merges of a set of one build ID (as the primary) within what must become one set.
QList<BuildIdOperation> candidateOperations(const VersionSets &state, const Spec &spec)
{
    QList<BuildIdOperation> ops;
    for (int s = 0; s < state.setCount(); ++s) {
        const QStringList &set = state.set(s);
        if (s != state.defaultSetIndex())
            ops << BuildIdOperation::promoteSet(set.last());
        for (qsizetype i = 0; i + 1 < set.size(); ++i)
            ops << BuildIdOperation::promoteIdInSet(set.at(i));
    }
    for (const QString &id : spec.target.allBuildIds()) {
        if (state.contains(id))
            continue;
        ops << BuildIdOperation::addNewDefault(id);
        for (const QStringList &set : state.sets()) {
            ops << BuildIdOperation::addNewCompatible(id, set.last(), false);
            ops << BuildIdOperation::addNewCompatible(id, set.last(), true);
        }
    }
    for (const QStringList &primary : state.sets()) {
        if (primary.size() != 1)
            continue;
        for (const QStringList &secondary : state.sets()) {
            if (secondary == primary)
                continue;
            for (const QSet<QString> &component : spec.components) {
                if (component.contains(primary.first()) && component.contains(secondary.first()))
                    ops << BuildIdOperation::mergeSets(primary.first(), secondary.last());
            }
        }
    }
    return ops;
}

// The fewest exactly predictable operations from `spec.current` to an acceptable state, or -1 when more than
// maxDepth are needed.
int shortestRestore(const Spec &spec, int maxDepth)
{
    QList<VersionSets> level{spec.current};
    QSet<QString> seen{notationOf(spec.current)};
    for (int depth = 0; depth <= maxDepth; ++depth) {
        QList<VersionSets> next;
        for (const VersionSets &state : level) {
            if (spec.whyNotAcceptable(state).isEmpty())
                return depth;
            if (depth == maxDepth)
                continue;
            for (const BuildIdOperation &op : candidateOperations(state, spec)) {
                const VersionSetPlan step = planVersionSetOperation(state, op, unlimited);
                if (!step.isAccepted() || !step.isExact())
                    continue;
                const QString key = notationOf(step.after);
                if (seen.contains(key))
                    continue;
                seen.insert(key);
                next << step.after;
            }
        }
        level = next;
    }
    return -1;
}

// Where new tasks go in `state` that a restore from `from` to `to` (ending in `closest`) must not send them
// for even one step: the queue default must be the queue default now or in the target, and every build ID the
// queue has now (its workflows get tasks) must have as set default its set default now, in the target, or in
// closest (where the target cannot be reached). Build IDs the restore adds have no workflows yet. Returns the
// build IDs that receive tasks they should not ("queue" for the queue default), empty when none.
QStringList misrouted(const VersionSets &state, const VersionSets &from, const VersionSets &to,
                      const VersionSets &closest)
{
    const auto defaultOf = [](const VersionSets &sets, const QString &id) {
        const VersionSets::Location at = sets.find(id);
        return at.isValid() ? VersionSets::setDefault(sets.set(at.set)) : QString();
    };
    QStringList wrong;
    if (state.queueDefault() != from.queueDefault() && state.queueDefault() != to.queueDefault())
        wrong << QStringLiteral("queue");
    for (const QString &id : from.allBuildIds()) {
        const QString now = defaultOf(state, id);
        if (now != defaultOf(from, id) && now != defaultOf(to, id) && now != defaultOf(closest, id))
            wrong << id;
    }
    return wrong;
}

// The steps after which misrouted() finds something, as 1-based step numbers; -1 when the operations do not
// apply one after the other (refused or changing nothing).
QList<int> misroutedSteps(const VersionSets &from, const VersionSets &to, const VersionSets &closest,
                          const QList<BuildIdOperation> &ops)
{
    QList<int> steps;
    VersionSets state = from;
    for (qsizetype i = 0; i < ops.size(); ++i) {
        const VersionSetPlan step = planVersionSetOperation(state, ops.at(i), unlimited);
        if (!step.isAccepted() || step.changesNothing())
            return {-1};
        state = step.after;
        if (!misrouted(state, from, to, closest).isEmpty())
            steps << int(i + 1);
    }
    return steps;
}

QString stepList(const QList<int> &steps)
{
    QStringList parts;
    for (int step : steps)
        parts << QString::number(step);
    return parts.join(QLatin1Char(','));
}

// The fewest misrouted steps of any order of `ops` that applies and ends in closest (exhaustive: small
// plans).
qsizetype fewestMisroutedSteps(const VersionSets &from, const VersionSets &to, const VersionSets &closest,
                               QList<BuildIdOperation> ops, QList<BuildIdOperation> *best)
{
    QList<int> order(ops.size());
    for (qsizetype i = 0; i < order.size(); ++i)
        order[i] = int(i);
    qsizetype fewest = -1;
    do {
        QList<BuildIdOperation> permuted;
        for (int i : order)
            permuted << ops.at(i);
        const QList<int> steps = misroutedSteps(from, to, closest, permuted);
        if (steps.value(0) == -1)
            continue;
        // Only orders as exactly predictable as the plan's, ending where it does.
        const Run run = applyAll(from, permuted, unlimited);
        if (run.uncertain || run.state != closest)
            continue;
        if (fewest < 0 || steps.size() < fewest) {
            fewest = steps.size();
            *best = permuted;
        }
    } while (std::next_permutation(order.begin(), order.end()));
    return fewest;
}

BuildIdOperation randomOperation(QRandomGenerator &random, const VersionSets &state, const QString &fresh)
{
    const QStringList ids = state.allBuildIds();
    const auto any = [&]() { return ids.at(random.bounded(int(ids.size()))); };
    const int roll = ids.isEmpty() ? 0 : random.bounded(100);
    if (roll < 20)
        return BuildIdOperation::addNewDefault(fresh);
    if (roll < 45)
        return BuildIdOperation::addNewCompatible(fresh, any(), random.bounded(3) == 0);
    if (roll < 60)
        return BuildIdOperation::promoteSet(any());
    if (roll < 80)
        return BuildIdOperation::promoteIdInSet(any());
    return BuildIdOperation::mergeSets(any(), any());
}

// `steps` random accepted operations from `state`; new build IDs are prefix0, prefix1, … from *serial on.
VersionSets evolve(QRandomGenerator &random, VersionSets state, int steps, const QString &prefix, int *serial)
{
    for (int i = 0; i < steps; ++i) {
        const BuildIdOperation op = randomOperation(random, state, prefix + QString::number(*serial));
        const VersionSetPlan step = planVersionSetOperation(state, op, unlimited);
        if (!step.isAccepted())
            continue;
        if (!state.contains(op.buildId) && step.after.contains(op.buildId))
            ++*serial;
        state = step.after;
    }
    return state;
}

} // namespace

class TestRestorePlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plan_data()
    {
        QTest::addColumn<QString>("current");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("maxSets");
        QTest::addColumn<int>("maxBuildIds");
        QTest::addColumn<QString>("operations");
        QTest::addColumn<QString>("closest");
        QTest::addColumn<QString>("limitations");

        const auto row = [](const char *name, const char *current, const char *target, const char *operations,
                            const char *closest, const char *limitations, int maxSets = 10,
                            int maxBuildIds = 100) {
            QTest::newRow(name) << QString::fromUtf8(current) << QString::fromUtf8(target) << maxSets
                                << maxBuildIds << QString::fromUtf8(operations) << QString::fromUtf8(closest)
                                << QString::fromUtf8(limitations);
        };

        // (e) nothing to do
        row("same state", "1.0,1.1|2.0", "1.0,1.1|2.0", "", "1.0,1.1|2.0", "");
        row("both without sets", "", "", "", "", "");
        row("target without sets keeps everything", "1.0|2.0", "", "", "1.0|2.0", "kept:1.0,2.0");

        // (a) sets added since: the old default set is promoted again, the new ones stay where they are
        row("new default set added since", "1.0|2.0", "1.0", "promote:1.0", "2.0|1.0", "kept:2.0");
        row("two sets added since", "1.0|2.0|3.0", "1.0", "promote:1.0", "2.0|3.0|1.0", "kept:2.0,3.0");
        row("added set is not the default any more", "2.0|1.0", "1.0", "", "2.0|1.0", "kept:2.0");
        row("added set between restored ones stays there", "1.0|2.0|3.0", "1.0|2.0", "promote:2.0",
            "1.0|3.0|2.0", "kept:3.0");
        row("set order restored", "2.0|3.0|1.0", "1.0|2.0|3.0", "promote:2.0 promote:3.0", "1.0|2.0|3.0", "");
        row("set order restored from the first out of order", "1.0|3.0|2.0", "1.0|2.0|3.0", "promote:3.0",
            "1.0|2.0|3.0", "");
        row("compatible build ID added since", "1.0|2.0,2.1", "1.0|2.0", "promoteid:2.0", "1.0|2.1,2.0",
            "kept:2.1");
        // 2.0 first: promoting 1.0 in its set while that set is the queue default would start new workflows
        // on 1.0, neither the queue default now (1.1) nor in the target (2.0). The planner did that.
        row("compatible added to an old set that became default", "2.0|1.0,1.1", "1.0|2.0",
            "promote:2.0 promoteid:1.0", "1.1,1.0|2.0", "kept:1.1");
        row("added build ID already a non-default", "1.0,1.1,1.2", "1.0,1.2", "", "1.0,1.1,1.2", "kept:1.1");

        // (b) promotions inside a set
        row("promoted in set", "1.0,1.2,1.1", "1.0,1.1,1.2", "promoteid:1.2", "1.0,1.1,1.2", "");
        row("promoted old build ID in set", "1.1,1.2,1.0", "1.0,1.1,1.2", "promoteid:1.1 promoteid:1.2",
            "1.0,1.1,1.2", "");
        row("set default promoted back", "1.1,1.0", "1.0,1.1", "promoteid:1.1", "1.0,1.1", "");

        // (c) sets merged since cannot be split
        row("merged into the default set", "1.0|2.0,3.0", "1.0|2.0|3.0", "", "1.0|2.0,3.0", "joined:2.0,3.0");
        row("merged with the old default as primary", "1.0|3.0,2.0", "1.0|2.0|3.0", "promoteid:3.0",
            "1.0|2.0,3.0", "joined:2.0,3.0");
        row("old sets merged", "2.0,1.0|3.0", "1.0|2.0|3.0", "promoteid:2.0", "1.0,2.0|3.0",
            "joined:1.0,2.0");
        row("merged and a build ID added", "1.0,2.0,2.1", "1.0|2.0", "promoteid:2.0", "1.0,2.1,2.0",
            "kept:2.1 joined:1.0,2.0");
        row("merged set out of order", "3.0|1.0,2.0", "1.0|2.0|3.0", "promote:3.0", "1.0,2.0|3.0",
            "joined:1.0,2.0");

        // (d) build IDs missing now (another queue, or a queue that was reset)
        // 1.1 is added once 1.0's set is no longer the queue default, so new workflows do not start on it.
        row("empty queue", "", "1.0,1.1|2.0", "new:1.0 new:2.0 compat:1.1>1.0", "1.0,1.1|2.0", "");
        row("old set missing", "2.0", "1.0,1.1|2.0", "new:1.0 promote:2.0 compat:1.1>1.0", "1.0,1.1|2.0", "");
        row("new set missing", "1.0", "1.0|2.0,2.1", "new:2.0 compat:2.1>2.0", "1.0|2.0,2.1", "");
        row("build ID missing inside a set", "1.0,1.2", "1.0,1.1,1.2", "compat:1.1>1.2 promoteid:1.2",
            "1.0,1.1,1.2", "");
        row("missing set default", "1.0|2.0", "1.0,1.1|2.0", "compat:1.1>1.0", "1.0,1.1|2.0", "");
        row("missing build ID becomes queue default", "2.0|1.0", "2.0|1.0,1.1", "compat:1.1>1.0",
            "2.0|1.0,1.1", "");
        row("added and promoted in one step", "1.0|2.0", "2.0|1.0,1.1", "compat!:1.1>1.0", "2.0|1.0,1.1", "");
        row("unrelated queue", "x|y", "a|b", "new:a new:b", "x|y|a|b", "kept:x,y");
        row("sets to merge again", "a|b", "a,b", "merge:b<a", "a,b", "");
        row("set of one merged after a promotion", "a1,a2|b|c", "b,a1,a2,c",
            "merge:b<a2 promoteid:a1 promoteid:a2 merge:c<a2", "b,a1,a2,c", "");
        // Two sets of several build IDs: the merge leaves [b1] and [a1, a2] interleaved in an unknown way.
        row("sets of several build IDs merged", "a1,a2|b1,b2", "a1,a2,b1,b2",
            "merge:b2<a2 promoteid:b1 promoteid:b2", "a1,a2,b1,b2", "");

        // limits
        row("set limit stops the plan", "1.0|2.0", "1.0|3.0", "", "1.0|2.0", "kept:2.0 limit:3.0", 2);
        row("build ID limit stops the plan", "1.0|2.0", "1.0,1.1|3.0", "compat:1.1>1.0", "1.0,1.1|2.0",
            "kept:2.0 limit:3.0", 10, 3);
        row("queue already over the limit", "1.0|2.0|3.0", "1.0|2.0", "", "1.0|2.0|3.0", "kept:3.0 limit:2.0",
            2);
        row("merge brings a queue under the limit", "a|b|c", "a,b|c", "merge:b<a", "a,b|c", "", 2);
    }

    void plan()
    {
        QFETCH(QString, current);
        QFETCH(QString, target);
        QFETCH(int, maxSets);
        QFETCH(int, maxBuildIds);
        QFETCH(QString, operations);
        QFETCH(QString, closest);
        QFETCH(QString, limitations);

        VersioningLimits limits;
        limits.maxSets = maxSets;
        limits.maxBuildIds = maxBuildIds;
        const RestorePlan plan = planRestore(setsFrom(current), setsFrom(target), limits);
        QCOMPARE(plan.current, setsFrom(current));
        QCOMPARE(plan.target, setsFrom(target));
        QCOMPARE(opsNotation(plan.operations), operations);
        QCOMPARE(notationOf(plan.closest), closest);
        QCOMPARE(limitationsNotation(plan.limitations), limitations);
        QCOMPARE(plan.reachesTarget(), closest == target);
        for (const Limitation &limitation : plan.limitations)
            QVERIFY(!limitation.text.isEmpty());

        const Run run = applyAll(plan.current, plan.operations, limits);
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.state, plan.closest);
    }

    // Where new tasks go between the steps: the order avoids build IDs that are neither the current nor the
    // target default where it can, and each step that cannot avoid it says so.
    void stepNotes_data()
    {
        QTest::addColumn<QString>("current");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("operations");
        QTest::addColumn<QStringList>("notes");

        const auto row = [](const char *name, const char *current, const char *target, const char *operations,
                            std::initializer_list<const char *> notes) {
            QStringList list;
            for (const char *note : notes)
                list << QString::fromUtf8(note);
            QTest::newRow(name) << QString::fromUtf8(current) << QString::fromUtf8(target)
                                << QString::fromUtf8(operations) << list;
        };
        // Found by the routing property in randomPairs (seed 20260611, case 0): the planner added v7 to the
        // queue default set first, so new workflows started on v7 for one step.
        row("queue default set restored last", "v0,v1,v2|v3,v4,v5|v6", "v0,v1,v2|v6,v7|v3,v4,v5",
            "promote:v5 compat:v7>v6", {"", ""});
        row("old default set promoted first", "2.0|1.0,1.1", "1.0|2.0", "promote:2.0 promoteid:1.0",
            {"", ""});
        row("set promoted before its order is restored", "v0,v1", "v2|v1,v0|v3",
            "new:v2 promote:v0 new:v3 promoteid:v0",
            {"For this step, new workflows start on v2, which is neither the current nor the target queue "
             "default. No order of the steps avoids it.",
             "", "", ""});
        row("a new set is the queue default until the next", "", "1.0,1.1|2.0",
            "new:1.0 new:2.0 compat:1.1>1.0",
            {"For this step, new workflows start on 1.0, which is neither the current nor the target queue "
             "default. No order of the steps avoids it.",
             "", ""});
        row("order inside a set", "1.1,1.2,1.0", "1.0,1.1,1.2", "promoteid:1.1 promoteid:1.2",
            {"For this step, new workflows start on 1.1, which is neither the current nor the target queue "
             "default; tasks of workflows on 1.1, 1.2 and 1.0 go to 1.1, which is neither their current nor "
             "their target set default. No order of the steps avoids it.",
             ""});
        row("build ID inserted into a set that is not the default", "1.0,1.2|2.0", "1.0,1.1,1.2|2.0",
            "compat:1.1>1.2 promoteid:1.2",
            {"For this step, tasks of workflows on 1.0 and 1.2 go to 1.1, which is neither their current nor "
             "their target set default. No order of the steps avoids it.",
             ""});
        row("set order", "2.0|3.0|1.0", "1.0|2.0|3.0", "promote:2.0 promote:3.0",
            {"For this step, new workflows start on 2.0, which is neither the current nor the target queue "
             "default. No order of the steps avoids it.",
             ""});
    }

    void stepNotes()
    {
        QFETCH(QString, current);
        QFETCH(QString, target);
        QFETCH(QString, operations);
        QFETCH(QStringList, notes);

        const RestorePlan plan = planRestore(setsFrom(current), setsFrom(target), unlimited);
        QCOMPARE(opsNotation(plan.operations), operations);
        QCOMPARE(plan.notes, notes);
        QList<int> expected;
        for (qsizetype i = 0; i < notes.size(); ++i) {
            if (!notes.at(i).isEmpty())
                expected << int(i + 1);
        }
        QCOMPARE(misroutedSteps(plan.current, plan.target, plan.closest, plan.operations), expected);
    }

    // At the server's limits (10 sets, 100 build IDs) every set and every build ID is moved: far too many
    // interleavings to try them all, so the search gives up and the plan keeps the group-by-group order,
    // still correct and with every misrouting step noted.
    void largeRestore()
    {
        QList<QStringList> now;
        QList<QStringList> then;
        for (int set = 0; set < 10; ++set) {
            QStringList ids;
            for (int id = 0; id < 10; ++id)
                ids << QStringLiteral("%1.%2").arg(set).arg(id);
            now << ids;
            std::reverse(ids.begin(), ids.end());
            then.prepend(ids);
        }
        const VersionSets current(now);
        const VersionSets target(then);
        QElapsedTimer timer;
        timer.start();
        const RestorePlan plan = planRestore(current, target);
        qInfo("%lld operations planned in %lld ms", qlonglong(plan.operations.size()), timer.elapsed());
        QVERIFY(plan.reachesTarget());
        QCOMPARE(plan.notes.size(), plan.operations.size());
        const Run run = applyAll(current, plan.operations, {});
        QVERIFY2(run.problem.isEmpty(), qPrintable(run.problem));
        QCOMPARE(run.state, target);
        QList<int> noted;
        for (qsizetype i = 0; i < plan.notes.size(); ++i) {
            if (!plan.notes.at(i).isEmpty())
                noted << int(i + 1);
        }
        QCOMPARE(noted, misroutedSteps(current, target, plan.closest, plan.operations));
    }

    void limitationTexts_data()
    {
        QTest::addColumn<QString>("current");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("maxSets");
        QTest::addColumn<QStringList>("texts");

        const auto row = [](const char *name, const char *current, const char *target, int maxSets,
                            std::initializer_list<const char *> texts) {
            QStringList list;
            for (const char *text : texts)
                list << QString::fromUtf8(text);
            QTest::newRow(name) << QString::fromUtf8(current) << QString::fromUtf8(target) << maxSets << list;
        };
        row("kept in a set", "1.0|2.0,2.1", "1.0|2.0", 10,
            {"Build IDs cannot be removed: 2.1, which is not in this state, stays in the set of 2.0 as a "
             "non-default build ID."});
        row("kept in sets and as sets", "1.0,1.1,1.2|2.0|3.0|4.0", "1.0", 10,
            {"Build IDs cannot be removed: 1.1 and 1.2, which are not in this state, stay in the set of "
             "1.0 as non-default build IDs; 2.0, 3.0 and 4.0, which are not in this state, stay as sets of "
             "their own, none of them the queue default."});
        row("kept as one set", "1.0|2.0", "1.0", 10,
            {"Build IDs cannot be removed: 2.0, which is not in this state, stays as a set of its own, not "
             "the queue default."});
        row("kept as a set of several", "1.0|2.0,2.1", "1.0", 10,
            {"Build IDs cannot be removed: the set [2.0, 2.1], which is not in this state, stays, but not "
             "as the queue default."});
        row("kept as sets of several", "1.0|2.0,2.1|3.0", "1.0", 10,
            {"Build IDs cannot be removed: the sets [2.0, 2.1] and [3.0], which are not in this state, "
             "stay, none of them as the queue default."});
        row("no sets then", "1.0|2.0", "", 10,
            {"The queue had no version sets in this state, and build IDs cannot be removed: its sets stay "
             "as they are."});
        row("joined", "1.0,1.1,2.0|3.0", "1.0,1.1|2.0|3.0", 10,
            {"Sets cannot be split: [1.0, 1.1] and [2.0] were separate sets in this state, but 1.0, 1.1 "
             "and 2.0 share a set now. They stay one set with 2.0 as its default, so 1.1 is no longer a "
             "set default."});
        row("three joined, two shared sets", "a,b|c,d", "a|b,c|d", 10,
            {"Sets cannot be split: [a], [b, c] and [d] were separate sets in this state, but a and b "
             "share a set now, and so do c and d. They stay one set with d as its default, so a and c are "
             "no longer set defaults."});
        row("limit", "1.0|2.0", "1.0|3.0", 2,
            {"Build IDs cannot be removed: 2.0, which is not in this state, stays as a set of its own, not "
             "the queue default.",
             "The server would refuse to add 3.0 as the new queue default, in a new set: update would "
             "exceed number of compatible version sets permitted in namespace dynamic config (3/2) "
             "(limit.versionCompatibleSetLimitPerQueue is 2; merge old sets first). The restore stops "
             "before that step and does not reach this state."});
        row("duplicate in target", "1.0", "1.0|2.0,1.0", 10,
            {"This state cannot be restored: it lists build ID 1.0 more than once."});
    }

    void limitationTexts()
    {
        QFETCH(QString, current);
        QFETCH(QString, target);
        QFETCH(int, maxSets);
        QFETCH(QStringList, texts);

        VersioningLimits limits;
        limits.maxSets = maxSets;
        const RestorePlan plan = planRestore(setsFrom(current), setsFrom(target), limits);
        QStringList actual;
        for (const Limitation &limitation : plan.limitations)
            actual << limitation.text;
        QCOMPARE(actual, texts);
    }

    void invalidTargetPlansNothing()
    {
        const VersionSets current = setsFrom(QStringLiteral("1.0|3.0"));
        const QList<QPair<VersionSets, QStringList>> targets{
            {setsFrom(QStringLiteral("1.0|2.0,1.0")), {QStringLiteral("1.0")}},
            {VersionSets({{QStringLiteral("1.0")}, {}}), {}},
            {VersionSets({{QStringLiteral("1.0"), QString()}}), {QString()}},
        };
        for (const auto &[target, buildIds] : targets) {
            const RestorePlan plan = planRestore(current, target);
            QVERIFY(plan.operations.isEmpty());
            QCOMPARE(plan.closest, current);
            QVERIFY(!plan.reachesTarget());
            QCOMPARE(plan.limitations.size(), 1);
            QCOMPARE(plan.limitations.first().kind, Limitation::Kind::InvalidTarget);
            QCOMPARE(plan.limitations.first().buildIds, buildIds);
        }
    }

    void tooLongBuildIdStopsThePlan()
    {
        const QString longId(40, QLatin1Char('x'));
        VersioningLimits limits;
        limits.maxBuildIdLength = 32;
        const RestorePlan plan = planRestore(setsFrom(QStringLiteral("2.0")),
                                             VersionSets({{QStringLiteral("1.0")}, {longId}}), limits);
        QCOMPARE(opsNotation(plan.operations), QStringLiteral("new:1.0"));
        QCOMPARE(notationOf(plan.closest), QStringLiteral("2.0|1.0"));
        QCOMPARE(limitationsNotation(plan.limitations), QStringLiteral("kept:2.0 limit:") + longId);
        QVERIFY(plan.limitations.last().text.contains(QStringLiteral("no larger than 32")));
    }

    // Random pairs of states related by random operations (either way) or unrelated, each planned and checked
    // against the guarantees in restoreplanner.h. VERSIONSCOPE_RESTORE_SEED and VERSIONSCOPE_RESTORE_CASES
    // replay or extend a run.
    void randomPairs()
    {
        const quint32 seed =
            qEnvironmentVariable("VERSIONSCOPE_RESTORE_SEED", QStringLiteral("20260611")).toUInt();
        const int cases = qEnvironmentVariable("VERSIONSCOPE_RESTORE_CASES", QStringLiteral("3000")).toInt();
        QRandomGenerator random(seed);
        QRandomGenerator otherOrders(seed + 1);
        int exact = 0;
        int kept = 0;
        int joined = 0;
        int uncertain = 0;
        int limited = 0;
        int searched = 0;
        int permuted = 0;

        for (int n = 0; n < cases; ++n) {
            int serial = 0;
            VersionSets current;
            VersionSets target;
            const int relation = random.bounded(3);
            const bool small = random.bounded(2) == 0;
            const int baseSteps = small ? random.bounded(5) : random.bounded(14);
            const int moreSteps = 1 + (small ? random.bounded(4) : random.bounded(10));
            const VersionSets base = evolve(random, VersionSets(), baseSteps, QStringLiteral("v"), &serial);
            if (relation == 0) {
                // The typical restore: the target is the past of the current state.
                target = base;
                current = evolve(random, base, moreSteps, QStringLiteral("v"), &serial);
            } else if (relation == 1) {
                current = base;
                target = evolve(random, base, moreSteps, QStringLiteral("v"), &serial);
            } else {
                // Unrelated histories over the same names: any mix of shared, missing and extra build IDs.
                int otherSerial = random.bounded(3);
                current = base;
                target = evolve(random, VersionSets(), moreSteps + random.bounded(4), QStringLiteral("v"),
                                &otherSerial);
            }
            const QString context = QStringLiteral("seed %1 case %2: current %3, target %4")
                                        .arg(seed)
                                        .arg(n)
                                        .arg(current.toDisplayString(), target.toDisplayString());
            const Spec spec(current, target);
            const RestorePlan plan = planRestore(current, target, unlimited);
            const QString where = context + QStringLiteral("; plan: ") + opsNotation(plan.operations) +
                                  QStringLiteral(" -> ") + plan.closest.toDisplayString() +
                                  QStringLiteral(": ");
            const auto check = [&where](bool ok, const QString &problem) {
                if (!ok)
                    QTest::qFail(qPrintable(where + problem), __FILE__, __LINE__);
                return ok;
            };

            // The operations give exactly `closest`, each accepted and changing something, whatever order
            // the server picks for an uncertain merge.
            const Run run = applyAll(current, plan.operations, unlimited);
            if (!check(run.problem.isEmpty(), run.problem) ||
                !check(run.state == plan.closest,
                       QStringLiteral("applying gives ") + run.state.toDisplayString()))
                return;
            const Run otherRun = applyAll(current, plan.operations, unlimited, &otherOrders);
            if (!check(otherRun.state == plan.closest,
                       QStringLiteral("with other merge orders applying gives ") +
                           otherRun.state.toDisplayString()))
                return;

            // Limitations: exactly the build IDs the target lacks are kept, one SetsJoined per joined set,
            // nothing refused without limits.
            QStringList keptIds;
            for (const QString &id : current.allBuildIds()) {
                if (spec.kept.contains(id))
                    keptIds << id;
            }
            int joinedCount = 0;
            QStringList keptListed;
            for (const Limitation &limitation : plan.limitations) {
                if (limitation.kind == Limitation::Kind::SetsJoined)
                    ++joinedCount;
                if (limitation.kind == Limitation::Kind::BuildIdsKept)
                    keptListed = limitation.buildIds;
                if (!check(!limitation.text.isEmpty(), QStringLiteral("a limitation without text")))
                    return;
            }
            if (!check(keptListed == keptIds,
                       QStringLiteral("kept %1, expected %2")
                           .arg(keptListed.join(QLatin1Char(',')), keptIds.join(QLatin1Char(',')))) ||
                !check(joinedCount == spec.joined,
                       QStringLiteral("%1 SetsJoined, expected %2").arg(joinedCount).arg(spec.joined)) ||
                !check(!hasKind(plan, Limitation::Kind::LimitExceeded) &&
                           !hasKind(plan, Limitation::Kind::InvalidTarget),
                       QStringLiteral("refused without limits")))
                return;

            // The closest state: the target exactly when nothing is kept and nothing joined, else the
            // target's sets, orders and defaults with the kept build IDs out of the way.
            const bool reachable = spec.kept.isEmpty() && spec.joined == 0;
            if (!check(plan.reachesTarget() == reachable, reachable
                                                              ? QStringLiteral("target not reached")
                                                              : QStringLiteral("target cannot be reached")) ||
                !check(spec.whyNotAcceptable(plan.closest).isEmpty(), spec.whyNotAcceptable(plan.closest)) ||
                !check(target.isEmpty() || plan.closest.queueDefault() == target.queueDefault(),
                       QStringLiteral("queue default not restored")))
                return;

            // Planned again from closest: nothing left. Planned again after each step: never longer, and the
            // same operations while the predictions are exact.
            const RestorePlan again = planRestore(plan.closest, target, unlimited);
            if (!check(again.operations.isEmpty() && again.closest == plan.closest,
                       QStringLiteral("planned again from closest: ") + opsNotation(again.operations)))
                return;
            VersionSets state = current;
            bool misroutedSoFar = false;
            for (qsizetype step = 0;; ++step) {
                const RestorePlan next = planRestore(state, target, unlimited);
                if (next.operations.isEmpty())
                    break;
                if (!check(next.operations.size() <= plan.operations.size() - step,
                           QStringLiteral("after %1 step(s) the plan is longer: ").arg(step) +
                               opsNotation(next.operations)) ||
                    !check(run.uncertain || misroutedSoFar || next.operations == plan.operations.mid(step),
                           QStringLiteral("after %1 step(s) the plan changes: ").arg(step) +
                               opsNotation(next.operations)))
                    return;
                const Run one = applyAll(state, next.operations.mid(0, 1), unlimited, &otherOrders);
                if (!check(one.problem.isEmpty(), one.problem))
                    return;
                state = one.state;
                // Tasks now go where the plan from here takes as where they go now.
                misroutedSoFar = misroutedSoFar || !misrouted(state, current, target, plan.closest).isEmpty();
            }
            if (!check(spec.whyNotAcceptable(state).isEmpty(),
                       QStringLiteral("step by step ends in ") + state.toDisplayString()))
                return;

            // New tasks go, after each step, where they go now or in the target, unless no order of the
            // operations avoids it (exhaustive on small plans); each step after which they do not says so.
            const QList<int> wrongSteps = misroutedSteps(current, target, plan.closest, plan.operations);
            QList<int> notedSteps;
            for (qsizetype i = 0; i < plan.notes.size(); ++i) {
                if (!plan.notes.at(i).isEmpty())
                    notedSteps << int(i + 1);
            }
            if (!check(plan.notes.size() == plan.operations.size() && notedSteps == wrongSteps,
                       QStringLiteral("notes after step(s) %1, misrouted after %2")
                           .arg(stepList(notedSteps), stepList(wrongSteps))))
                return;
            if (!wrongSteps.isEmpty() && !run.uncertain && plan.operations.size() <= 6) {
                ++permuted;
                QList<BuildIdOperation> better;
                const qsizetype fewest =
                    fewestMisroutedSteps(current, target, plan.closest, plan.operations, &better);
                if (!check(fewest == wrongSteps.size(),
                           QStringLiteral("misrouted after step(s) %1, but %2 misroutes after %3 step(s)")
                               .arg(stepList(wrongSteps), opsNotation(better))
                               .arg(fewest)))
                    return;
            }

            // Fewest operations: no shorter sequence of exactly predictable operations reaches an acceptable
            // state (breadth-first search on small cases).
            const qsizetype ids = spec.kept.size() + target.buildIdCount();
            if (!run.uncertain && ids <= 5 && plan.operations.size() <= 6) {
                ++searched;
                const int shortest = shortestRestore(spec, int(plan.operations.size()));
                if (!check(shortest == plan.operations.size(),
                           QStringLiteral("%1 operation(s) suffice").arg(shortest)))
                    return;
            }

            // Under limits the plan is the start of the unlimited one, and stops only where a step is
            // refused.
            VersioningLimits limits;
            limits.maxSets = 1 + random.bounded(qMax(1, plan.closest.setCount() + 1));
            limits.maxBuildIds = 1 + random.bounded(qMax(1, plan.closest.buildIdCount() + 1));
            const RestorePlan bounded = planRestore(current, target, limits);
            const qsizetype done = bounded.operations.size();
            const bool stopped = hasKind(bounded, Limitation::Kind::LimitExceeded);
            const Run boundedRun = applyAll(current, bounded.operations, limits);
            if (!check(bounded.operations == plan.operations.mid(0, done) &&
                           bounded.notes == plan.notes.mid(0, done),
                       QStringLiteral("limited plan differs: ") + opsNotation(bounded.operations)) ||
                !check(stopped == (done < plan.operations.size()),
                       QStringLiteral("limited plan stops without saying so")) ||
                !check(boundedRun.problem.isEmpty() && boundedRun.state == bounded.closest,
                       QStringLiteral("limited plan applies to ") + boundedRun.state.toDisplayString() +
                           QLatin1Char(' ') + boundedRun.problem))
                return;
            if (stopped) {
                ++limited;
                const VersionSetPlan refused =
                    planVersionSetOperation(bounded.closest, plan.operations.at(done), limits);
                if (!check(!refused.isAccepted(),
                           QStringLiteral("limited plan stops before an accepted step")))
                    return;
            }

            exact += plan.reachesTarget() ? 1 : 0;
            kept += spec.kept.isEmpty() ? 0 : 1;
            joined += spec.joined > 0 ? 1 : 0;
            uncertain += run.uncertain ? 1 : 0;
        }
        qInfo("seed %u: %d cases, %d reach the target, %d keep build IDs, %d join sets, %d merge "
              "uncertainly, %d stop at a limit, %d checked for fewest operations, %d misrouting plans "
              "checked against every order",
              seed, cases, exact, kept, joined, uncertain, limited, searched, permuted);
        // The generator must produce every kind of case, or the checks above prove little (on a full run).
        if (cases >= 1000)
            QVERIFY(exact > cases / 20 && kept > cases / 20 && joined > cases / 50 && uncertain > 0 &&
                    limited > cases / 20 && searched > cases / 10);
    }
};

QTEST_GUILESS_MAIN(TestRestorePlanner)
#include "tst_restoreplanner.moc"
