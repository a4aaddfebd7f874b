#include "versionsetplan.h"

namespace {
// Whether every element of order appears in sequence in the same relative order.
bool keepsOrder(const QStringList &sequence, const QStringList &order)
{
    qsizetype last = -1;
    for (const QString &id : order) {
        const qsizetype at = sequence.indexOf(id);
        if (at < 0 || at < last)
            return false;
        last = at;
    }
    return true;
}
} // namespace

QString VersionSetPlan::uncertaintyNote() const
{
    if (isExact())
        return {};
    return QStringLiteral(
               "after the merge the server orders the non-default build IDs of the merged set by when "
               "each last became a set default, which it does not report: [%1] and [%2] keep their own "
               "order, %3 stays the set default, but how the two interleave is not known in advance")
        .arg(primaryOrder.join(QStringLiteral(", ")), secondaryOrder.join(QStringLiteral(", ")),
             VersionSets::setDefault(after.set(uncertainSet)));
}

bool VersionSetPlan::matches(const VersionSets &actual) const
{
    if (isExact())
        return actual == after;
    if (actual.setCount() != after.setCount())
        return false;
    for (int s = 0; s < after.setCount(); ++s) {
        const QStringList &expected = after.set(s);
        const QStringList &got = actual.set(s);
        if (s != uncertainSet) {
            if (got != expected)
                return false;
            continue;
        }
        if (got.size() != expected.size() || got.last() != expected.last())
            return false;
        for (const QString &id : expected) {
            if (!got.contains(id))
                return false;
        }
        if (!keepsOrder(got, primaryOrder) || !keepsOrder(got, secondaryOrder))
            return false;
    }
    return true;
}

QStringList VersionSetPlan::newDefaults() const
{
    const QStringList previous = before.setDefaults();
    QStringList gained;
    for (const QString &id : after.setDefaults()) {
        if (!previous.contains(id))
            gained << id;
    }
    return gained;
}
