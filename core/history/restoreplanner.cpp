#include "restoreplanner.h"

#include "versionsets/versionsetchange.h"
#include "versionsets/versionsetplanner.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <limits>
#include <optional>

namespace {

using Limitation = RestorePlan::Limitation;

// "1.0", "1.0 and 1.1", "1.0, 1.1 and 1.2".
QString listed(const QStringList &items)
{
    if (items.size() <= 1)
        return items.value(0);
    return items.mid(0, items.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") + items.last();
}

std::optional<Limitation> invalidTarget(const VersionSets &target)
{
    QSet<QString> seen;
    for (const QStringList &set : target.sets()) {
        if (set.isEmpty())
            return Limitation{
                Limitation::Kind::InvalidTarget,
                QStringLiteral("This state cannot be restored: it has a set without build IDs."),
                {}};
        for (const QString &id : set) {
            if (id.isEmpty())
                return Limitation{Limitation::Kind::InvalidTarget,
                                  QStringLiteral("This state cannot be restored: it has an empty build ID."),
                                  {id}};
            if (seen.contains(id))
                return Limitation{
                    Limitation::Kind::InvalidTarget,
                    QStringLiteral("This state cannot be restored: it lists build ID %1 more than once.")
                        .arg(id),
                    {id}};
            seen.insert(id);
        }
    }
    return std::nullopt;
}

// Build IDs that end up in one set: those sharing a set in the target (restored together) and those sharing
// one now (sets cannot be split).
class Partition
{
public:
    void join(const QStringList &ids)
    {
        for (const QString &id : ids) {
            if (!m_parent.contains(id))
                m_parent.insert(id, id);
            const QString a = root(ids.first());
            const QString b = root(id);
            if (a != b)
                m_parent[b] = a;
        }
    }
    QString root(const QString &id) const
    {
        QString r = id;
        while (m_parent.value(r, r) != r)
            r = m_parent.value(r);
        return r;
    }

private:
    QHash<QString, QString> m_parent;
};

// One set of the closest state that holds target build IDs: one target set, or several that a current set
// joins.
struct Group
{
    // Indices into the target, ascending.
    QList<int> targetSets;
    // Indices into the current sets holding its build IDs, ascending; empty when all of them are missing.
    QList<int> currentSets;
    // The target sets' build IDs in target order; the last is the set default the restore gives the set.
    QStringList wanted;

    QString setDefault() const { return wanted.last(); }
    int newestTargetSet() const { return targetSets.last(); }
    // Where the group's set sits among the current sets once its own sets are merged: a merge keeps the
    // later position. -1 when the group is created by the restore.
    int currentPosition() const { return currentSets.isEmpty() ? -1 : currentSets.last(); }
};

// Runs each operation through the server's rules on the state the previous ones left.
class Simulation
{
public:
    Simulation(RestorePlan &plan, const VersioningLimits &limits)
        : m_plan(plan)
        , m_limits(limits)
        , m_state(plan.current)
    {}

    const VersionSets &state() const { return m_state; }
    int setOf(const QString &id) const { return m_state.find(id).set; }
    bool stopped() const { return m_stopped; }
    // The last accepted step; after a merge it says which orders inside the merged set are known.
    const VersionSetPlan &lastStep() const { return m_last; }
    // The group the next operations restore; each operation is tagged with it (chains()).
    void setGroup(int group) { m_group = group; }
    // Per operation of the plan, the group it belongs to.
    const QList<int> &chains() const { return m_chains; }

    // Adds the operation to the plan, or ends the plan with a limitation when the server would refuse it.
    bool apply(const BuildIdOperation &operation)
    {
        if (m_stopped)
            return false;
        const VersionSetPlan step = planVersionSetOperation(m_state, operation, m_limits);
        if (!step.isAccepted()) {
            // Only the limits can refuse a step (the count limits, or the length of a build ID the target
            // has): every build ID the plan names exists where it is used. tst_restoreplanner checks it.
            m_stopped = true;
            m_plan.limitations << Limitation{
                Limitation::Kind::LimitExceeded,
                // No step number: the window plans again after each step and counts steps itself.
                QStringLiteral("The server would refuse to %1: %2. The restore stops before that step "
                               "and does not reach this state.")
                    .arg(operation.summary(), step.error->toString()),
                operation.buildIds()};
            return false;
        }
        m_plan.operations << operation;
        m_chains << m_group;
        m_state = step.after;
        m_last = step;
        return true;
    }

private:
    RestorePlan &m_plan;
    VersioningLimits m_limits;
    VersionSets m_state;
    bool m_stopped = false;
    VersionSetPlan m_last;
    int m_group = -1;
    QList<int> m_chains;
};

// Where new tasks go in the states between the steps, judged against where they go now and after the restore.
// The queue default must be the queue default now or in the target. Every build ID the queue has now has
// workflows whose tasks go to its set default, which must be its set default now, in the target or (where
// the target cannot be reached) in the closest state. Build IDs the restore adds have no workflows yet.
class Routing
{
public:
    Routing(const VersionSets &current, const VersionSets &target, const VersionSets &closest)
        : m_current(current)
    {
        m_queueDefaults << current.queueDefault() << target.queueDefault();
        for (const QString &id : current.allBuildIds()) {
            QSet<QString> &allowed = m_setDefaults[id];
            for (const VersionSets *sets : {&current, &target, &closest}) {
                const VersionSets::Location at = sets->find(id);
                if (at.isValid())
                    allowed.insert(VersionSets::setDefault(sets->set(at.set)));
            }
        }
    }

    bool isMisrouted(const VersionSets &state) const
    {
        if (!m_queueDefaults.contains(state.queueDefault()))
            return true;
        for (auto it = m_setDefaults.cbegin(); it != m_setDefaults.cend(); ++it) {
            if (!it.value().contains(VersionSets::setDefault(state.set(state.find(it.key()).set))))
                return true;
        }
        return false;
    }

    // Says where tasks go in `state` that they should not; empty when nowhere.
    QString note(const VersionSets &state) const
    {
        QStringList parts;
        if (!m_queueDefaults.contains(state.queueDefault()))
            parts << QStringLiteral("new workflows start on %1, which is neither the current nor the target "
                                    "queue default")
                         .arg(state.queueDefault());
        // Grouped by where the tasks go, in the order of the current state's build IDs.
        QStringList targets;
        QHash<QString, QStringList> sources;
        for (const QString &id : m_current.allBuildIds()) {
            const QString setDefault = VersionSets::setDefault(state.set(state.find(id).set));
            if (m_setDefaults.value(id).contains(setDefault))
                continue;
            if (!sources.contains(setDefault))
                targets << setDefault;
            sources[setDefault] << id;
        }
        for (const QString &to : targets) {
            const QStringList &from = sources.value(to);
            parts << QStringLiteral("tasks of workflows on %1 go to %2, which is neither %3 current nor %3 "
                                    "target set default")
                         .arg(listed(from), to,
                              from.size() == 1 ? QStringLiteral("its") : QStringLiteral("their"));
        }
        if (parts.isEmpty())
            return QString();
        return QStringLiteral("For this step, ") + parts.join(QStringLiteral("; ")) + QLatin1Char('.');
    }

private:
    VersionSets m_current;
    QStringList m_queueDefaults;
    QHash<QString, QSet<QString>> m_setDefaults;
};

// The order of the plan's operations that leaves tasks misrouted (Routing) after the fewest steps. Each
// group's operations keep their order (it is what restores the order inside the set); only the
// interleaving of the groups changes, which moves where sets are and so the queue default, and how long one
// group's set keeps an intermediate default while others are worked on. Every interleaving that applies step
// by step and ends in the same closest state is considered, depth first, memoized on what is done and the
// state; of those as good, the one taking the earlier group first, so the plain group-by-group order wins
// when it is as good. Gives up after kMaxSearchNodes states.
class StepOrder
{
public:
    StepOrder(const Routing &routing, const VersionSets &closest, const QList<BuildIdOperation> &operations,
              const QList<int> &chains)
        : m_routing(routing)
        , m_closest(closest)
    {
        for (qsizetype i = 0; i < operations.size(); ++i) {
            if (i == 0 || chains.at(i) != chains.at(i - 1))
                m_chains << QList<BuildIdOperation>{};
            m_chains.last() << operations.at(i);
        }
    }

    // The operations in the chosen order, or nothing when the search gave up.
    std::optional<QList<BuildIdOperation>> best(const VersionSets &current)
    {
        QList<int> done(m_chains.size(), 0);
        qsizetype remaining = 0;
        for (const QList<BuildIdOperation> &chain : m_chains)
            remaining += chain.size();
        if (search(done, current, remaining) == kNoWay || m_gaveUp)
            return std::nullopt;
        QList<BuildIdOperation> order;
        VersionSets state = current;
        for (; remaining > 0; --remaining) {
            const int chain = m_memo.value(key(done, state)).chain;
            const BuildIdOperation &operation = m_chains.at(chain).at(done.at(chain));
            state = planVersionSetOperation(state, operation, kUnlimited).after;
            order << operation;
            ++done[chain];
        }
        return order;
    }

private:
    static constexpr int kNoWay = std::numeric_limits<int>::max();
    // Enough for every interleaving of a restore of a few sets; far more than the random tests need.
    static constexpr int kMaxSearchNodes = 2000;
    static constexpr VersioningLimits kUnlimited{0, 0, 0};

    struct Best
    {
        int cost = kNoWay;
        int chain = -1;
    };

    static QString key(const QList<int> &done, const VersionSets &state)
    {
        QString text;
        for (int n : done)
            text += QString::number(n) + QLatin1Char(',');
        for (const QStringList &set : state.sets())
            text += QLatin1Char('|') + set.join(QLatin1Char(','));
        return text;
    }

    // The fewest misrouted states from here to the end; kNoWay when no interleaving ends in closest or the
    // search gave up.
    int search(QList<int> &done, const VersionSets &state, qsizetype remaining)
    {
        if (remaining == 0)
            return state == m_closest ? 0 : kNoWay;
        const QString here = key(done, state);
        if (const auto it = m_memo.constFind(here); it != m_memo.cend())
            return it->cost;
        if (m_gaveUp || ++m_nodes > kMaxSearchNodes) {
            m_gaveUp = true;
            return kNoWay;
        }
        Best best;
        for (qsizetype c = 0; c < m_chains.size() && best.cost > 0; ++c) {
            if (done.at(c) == m_chains.at(c).size())
                continue;
            const VersionSetPlan step =
                planVersionSetOperation(state, m_chains.at(c).at(done.at(c)), kUnlimited);
            if (!step.isAccepted() || step.changesNothing())
                continue;
            ++done[c];
            const int rest = search(done, step.after, remaining - 1);
            --done[c];
            if (rest == kNoWay)
                continue;
            const int cost = rest + (m_routing.isMisrouted(step.after) ? 1 : 0);
            if (cost < best.cost)
                best = Best{cost, int(c)};
        }
        if (!m_gaveUp)
            m_memo.insert(here, best);
        return best.cost;
    }

    const Routing &m_routing;
    VersionSets m_closest;
    QList<QList<BuildIdOperation>> m_chains;
    QHash<QString, Best> m_memo;
    int m_nodes = 0;
    bool m_gaveUp = false;
};

// Brings one group's build IDs into one set in the wanted order. Promoting a build ID, adding one and merging
// a set of one build ID into the set all put that build ID last in the set; whatever is not moved keeps its
// relative order in front. So the plan leaves in place the longest start of each target set that is in
// order already (and the build IDs the target lacks), and moves the rest in the wanted order, the set
// default last. With moveToEnd the group's set also becomes the queue default (folded into the first
// add-new-compatible where there is one).
void restoreGroup(Simulation &simulation, const Group &group, const VersionSets &target, bool moveToEnd)
{
    const QStringList &wanted = group.wanted;
    const QString setDefault = group.setDefault();

    QList<int> held;
    for (const QString &id : wanted) {
        const int s = simulation.setOf(id);
        if (s >= 0 && !held.contains(s))
            held << s;
    }
    std::sort(held.begin(), held.end());

    // No build ID of it left: a new set, which add-new-default makes the queue default.
    if (held.isEmpty()) {
        if (!simulation.apply(BuildIdOperation::addNewDefault(wanted.first())))
            return;
        for (qsizetype i = 1; i < wanted.size(); ++i) {
            if (!simulation.apply(BuildIdOperation::addNewCompatible(wanted.at(i), wanted.at(i - 1), false)))
                return;
        }
        return;
    }

    // Sets of several build IDs are merged first. The server orders the non-default build IDs of such a merge
    // by times it does not report; what stays known is each source's own order (VersionSetPlan). Sets of
    // one build ID are merged later, when that build ID's turn comes: merged as the primary it goes last,
    // like a promoted one, and the order stays known.
    QStringList several;
    QSet<QString> single;
    QStringList kept;
    for (int s : held) {
        const QStringList &set = simulation.state().set(s);
        if (set.size() > 1)
            several << VersionSets::setDefault(set);
        else
            single.insert(set.first());
        for (const QString &id : set) {
            if (!target.contains(id))
                kept << id;
        }
    }
    // Build IDs the target lacks first, where they may stay, then the target's.
    const QStringList order = kept + wanted;

    QString base;
    QList<QStringList> knownOrders;
    bool uncertain = false;
    if (!several.isEmpty()) {
        // The set that holds the first build ID to keep in place takes the others in: as the secondary of
        // each merge, its own order is one the merge keeps.
        base = several.first();
        for (const QString &id : several) {
            if (simulation.state().set(simulation.setOf(id)).contains(order.first()))
                base = id;
        }
        for (const QString &other : several) {
            if (other == base)
                continue;
            const QString baseDefault =
                VersionSets::setDefault(simulation.state().set(simulation.setOf(base)));
            if (!simulation.apply(BuildIdOperation::mergeSets(other, baseDefault)))
                return;
            const VersionSetPlan &merge = simulation.lastStep();
            if (!merge.isExact()) {
                knownOrders = uncertain ? QList<QStringList>{}
                                        : QList<QStringList>{merge.secondaryOrder, merge.primaryOrder};
                uncertain = true;
            }
        }
    } else {
        // Only sets of one build ID: keep in place one that starts its target set, if any.
        for (const QString &id : wanted) {
            if (!single.contains(id))
                continue;
            if (base.isEmpty())
                base = id;
            if (target.find(id).index == 0) {
                base = id;
                break;
            }
        }
        single.remove(base);
    }

    const QStringList have = simulation.state().set(simulation.setOf(base));
    QSet<QString> stay;
    QStringList moves;
    if (uncertain) {
        // The order is certain once everything has moved but build IDs whose order is known: the longest
        // start of `order` that one merged source held in that order (after several such merges, whose
        // orders mix further: one build ID).
        if (have.contains(order.first()))
            stay.insert(order.first());
        for (const QStringList &known : knownOrders) {
            qsizetype n = 0;
            for (qsizetype last = -1; n < order.size(); ++n) {
                const qsizetype at = known.indexOf(order.at(n));
                if (at <= last)
                    break;
                last = at;
            }
            if (n > stay.size()) {
                stay.clear();
                for (qsizetype i = 0; i < n; ++i)
                    stay.insert(order.at(i));
            }
        }
        for (const QString &id : order) {
            if (!stay.contains(id))
                moves << id;
        }
    } else {
        for (int t : group.targetSets) {
            qsizetype last = -1;
            for (const QString &id : target.set(t)) {
                const qsizetype at = have.indexOf(id);
                if (at <= last)
                    break;
                stay.insert(id);
                last = at;
            }
        }
        const bool moving = std::any_of(wanted.cbegin(), wanted.cend(),
                                        [&stay](const QString &id) { return !stay.contains(id); });
        if (moving || have.last() != setDefault)
            stay.remove(setDefault);
        for (const QString &id : wanted) {
            if (!stay.contains(id))
                moves << id;
        }
    }

    for (const QString &id : moves) {
        const VersionSets &state = simulation.state();
        const int baseSet = simulation.setOf(base);
        const QString anchor = VersionSets::setDefault(state.set(baseSet));
        BuildIdOperation operation;
        if (simulation.setOf(id) == baseSet) {
            // The set default is known even after a merge; promoting it would change nothing.
            if (VersionSets::setDefault(state.set(baseSet)) == id)
                continue;
            operation = BuildIdOperation::promoteIdInSet(id);
        } else if (single.contains(id)) {
            operation = BuildIdOperation::mergeSets(id, anchor);
        } else {
            // Nothing later in this group moves the set away from the end: promotions inside it do not, and
            // a merge leaves the merged set where the later of the two was.
            const bool makeSetDefault = moveToEnd && baseSet != state.defaultSetIndex();
            operation = BuildIdOperation::addNewCompatible(id, anchor, makeSetDefault);
        }
        if (!simulation.apply(operation))
            return;
    }
}

QString keptText(const VersionSets &current, const VersionSets &target, const QList<Group> &groups,
                 const QList<int> &keptSets)
{
    if (target.isEmpty())
        return QStringLiteral("The queue had no version sets in this state, and build IDs cannot be removed: "
                              "its sets stay as they are.");
    QStringList parts;
    for (const Group &group : groups) {
        QStringList kept;
        for (int c : group.currentSets) {
            for (const QString &id : current.set(c)) {
                if (!target.contains(id))
                    kept << id;
            }
        }
        if (kept.size() == 1)
            parts << QStringLiteral("%1, which is not in this state, stays in the set of %2 as a non-default "
                                    "build ID")
                         .arg(kept.first(), group.setDefault());
        else if (kept.size() > 1)
            parts << QStringLiteral("%1, which are not in this state, stay in the set of %2 as non-default "
                                    "build IDs")
                         .arg(listed(kept), group.setDefault());
    }
    if (!keptSets.isEmpty()) {
        QStringList ids;
        QStringList labels;
        bool singles = true;
        for (int c : keptSets) {
            ids += current.set(c);
            labels << setLabel(current.set(c));
            singles = singles && current.set(c).size() == 1;
        }
        QString text;
        if (singles && ids.size() == 1)
            text = QStringLiteral("%1, which is not in this state, stays as a set of its own, not the "
                                  "queue default")
                       .arg(ids.first());
        else if (singles)
            text = QStringLiteral("%1, which are not in this state, stay as sets of their own, none of "
                                  "them the queue default")
                       .arg(listed(ids));
        else if (labels.size() == 1)
            text = QStringLiteral("the set %1, which is not in this state, stays, but not as the queue "
                                  "default")
                       .arg(labels.first());
        else
            text = QStringLiteral("the sets %1, which are not in this state, stay, none of them as the "
                                  "queue default")
                       .arg(listed(labels));
        parts << text;
    }
    return QStringLiteral("Build IDs cannot be removed: ") + parts.join(QStringLiteral("; ")) +
           QLatin1Char('.');
}

QString joinedText(const VersionSets &current, const VersionSets &target, const Group &group)
{
    QStringList labels;
    QStringList others;
    for (int t : group.targetSets) {
        labels << setLabel(target.set(t));
        if (t != group.newestTargetSet())
            others << VersionSets::setDefault(target.set(t));
    }
    // The current sets that hold build IDs of more than one target set are why they cannot be apart.
    QStringList sharing;
    for (int c : group.currentSets) {
        QStringList ids;
        QSet<int> from;
        for (const QString &id : current.set(c)) {
            const VersionSets::Location at = target.find(id);
            if (at.isValid()) {
                ids << id;
                from.insert(at.set);
            }
        }
        if (from.size() > 1)
            sharing << listed(ids);
    }
    QString shared = sharing.first() + QStringLiteral(" share a set now");
    for (qsizetype i = 1; i < sharing.size(); ++i)
        shared += QStringLiteral(", and so do ") + sharing.at(i);
    return QStringLiteral("Sets cannot be split: %1 were separate sets in this state, but %2. They stay "
                          "one set with %3 as its default, so %4 %5.")
        .arg(listed(labels), shared, group.setDefault(), listed(others),
             others.size() == 1 ? QStringLiteral("is no longer a set default")
                                : QStringLiteral("are no longer set defaults"));
}

} // namespace

RestorePlan planRestore(const VersionSets &current, const VersionSets &target, const VersioningLimits &limits)
{
    RestorePlan plan;
    plan.current = current;
    plan.target = target;
    plan.closest = current;
    if (std::optional<Limitation> invalid = invalidTarget(target)) {
        plan.limitations << *invalid;
        return plan;
    }

    Partition partition;
    for (const QStringList &set : target.sets())
        partition.join(set);
    for (const QStringList &set : current.sets())
        partition.join(set);

    // The restored sets, ordered as the target orders their newest target set.
    QHash<QString, int> groupOf;
    QList<Group> groups;
    for (int t = 0; t < target.setCount(); ++t) {
        const QString root = partition.root(target.set(t).first());
        if (!groupOf.contains(root)) {
            groupOf.insert(root, int(groups.size()));
            groups << Group{};
        }
        groups[groupOf.value(root)].targetSets << t;
    }
    QList<int> keptSets;
    for (int c = 0; c < current.setCount(); ++c) {
        Q_ASSERT(!current.set(c).isEmpty()); // the server never reports an empty set
        const auto it = groupOf.constFind(partition.root(current.set(c).first()));
        if (it == groupOf.cend())
            keptSets << c;
        else
            groups[it.value()].currentSets << c;
    }
    for (Group &group : groups) {
        for (int t : group.targetSets)
            group.wanted += target.set(t);
    }
    std::sort(groups.begin(), groups.end(),
              [](const Group &a, const Group &b) { return a.newestTargetSet() < b.newestTargetSet(); });

    QStringList kept;
    for (const QString &id : current.allBuildIds()) {
        if (!target.contains(id))
            kept << id;
    }
    if (!kept.isEmpty())
        plan.limitations << Limitation{Limitation::Kind::BuildIdsKept,
                                       keptText(current, target, groups, keptSets), kept};
    for (const Group &group : groups) {
        if (group.targetSets.size() > 1) {
            plan.limitations << Limitation{Limitation::Kind::SetsJoined, joinedText(current, target, group),
                                           group.wanted};
        }
    }

    // Set order the same way as inside a set: the restored sets that are in order already stay where they
    // are (the sets made only of build IDs the target lacks stay too, wherever they are), the rest are made
    // the queue default one after the other in the target's order. The group of the target's queue default
    // always ends last.
    const auto groupCount = int(groups.size());
    int inPlace = 0;
    for (int previous = -1; inPlace < groupCount; ++inPlace) {
        const int position = groups.at(inPlace).currentPosition();
        if (position <= previous)
            break;
        previous = position;
    }
    if (inPlace == groupCount && groupCount > 0 &&
        groups.last().currentPosition() != current.defaultSetIndex())
        --inPlace;

    // The operations group by group, without limits; then in the order that misroutes tasks least, with
    // the limits, which stop the plan at the first step the server would refuse.
    RestorePlan draft;
    draft.current = current;
    Simulation simulation(draft, VersioningLimits{0, 0, 0});
    for (int g = 0; g < groupCount; ++g) {
        const Group &group = groups.at(g);
        const bool moveToEnd = g >= inPlace;
        simulation.setGroup(2 * g);
        restoreGroup(simulation, group, target, moveToEnd);
        // A chain of its own, so the search may promote the set before the group's other operations: then
        // it is the queue default with its default of now, and its default changes only once a later set
        // has taken over as the queue default.
        simulation.setGroup(2 * g + 1);
        if (moveToEnd && simulation.setOf(group.setDefault()) != simulation.state().defaultSetIndex())
            simulation.apply(BuildIdOperation::promoteSet(group.setDefault()));
    }
    Q_ASSERT(!simulation.stopped()); // only the limits refuse a step (see Simulation::apply)
    const Routing routing(current, target, simulation.state());
    StepOrder order(routing, simulation.state(), draft.operations, simulation.chains());
    const std::optional<QList<BuildIdOperation>> best = order.best(current);

    Simulation limited(plan, limits);
    for (const BuildIdOperation &operation : best.value_or(draft.operations)) {
        if (!limited.apply(operation))
            break;
        const QString note = routing.note(limited.state());
        plan.notes << (note.isEmpty() || !best ? note
                                               : note + QStringLiteral(" No order of the steps avoids it."));
    }
    plan.closest = limited.state();
    return plan;
}
