#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// One task queue's compatible version sets as the server reports them (GetWorkerBuildIdCompatibility):
// oldest set first, the last set is the queue default; inside a set oldest build ID first, the last one is
// the set default. A plain value: cheap to copy, compared by content.
class VersionSets
{
public:
    // Where a build ID sits: set index and position inside that set, both -1 when absent.
    struct Location
    {
        int set = -1;
        int index = -1;
        bool isValid() const { return set >= 0; }
        bool operator==(const Location &) const = default;
    };

    VersionSets() = default;
    explicit VersionSets(QList<QStringList> sets);

    const QList<QStringList> &sets() const { return m_sets; }
    const QStringList &set(int index) const { return m_sets.at(index); }
    int setCount() const { return int(m_sets.size()); }
    int buildIdCount() const;
    bool isEmpty() const { return m_sets.isEmpty(); }

    // Build ID new workflows start on; empty when the queue has no sets.
    QString queueDefault() const;
    // Index of the queue default set, -1 when there is none.
    int defaultSetIndex() const { return int(m_sets.size()) - 1; }
    static QString setDefault(const QStringList &set) { return set.isEmpty() ? QString() : set.last(); }

    Location find(const QString &buildId) const;
    bool contains(const QString &buildId) const { return find(buildId).isValid(); }
    bool isSetDefault(const QString &buildId) const;
    QStringList allBuildIds() const;
    QStringList setDefaults() const;

    // "[1.0, 1.1] [2.0*]": the queue default set is starred. For logs, tests and terminal output.
    QString toDisplayString() const;

    bool operator==(const VersionSets &other) const = default;

private:
    QList<QStringList> m_sets;
};

// QTest prints values it can format; used by QCOMPARE in tests.
char *toString(const VersionSets &sets);
