#include "versionsets.h"

#include <QByteArray>

#include <cstring>

VersionSets::VersionSets(QList<QStringList> sets)
    : m_sets(std::move(sets))
{}

int VersionSets::buildIdCount() const
{
    int count = 0;
    for (const QStringList &set : m_sets)
        count += int(set.size());
    return count;
}

QString VersionSets::queueDefault() const
{
    return m_sets.isEmpty() ? QString() : setDefault(m_sets.last());
}

VersionSets::Location VersionSets::find(const QString &buildId) const
{
    for (int s = 0; s < m_sets.size(); ++s) {
        const int index = int(m_sets.at(s).indexOf(buildId));
        if (index >= 0)
            return {s, index};
    }
    return {};
}

bool VersionSets::isSetDefault(const QString &buildId) const
{
    const Location where = find(buildId);
    return where.isValid() && where.index == m_sets.at(where.set).size() - 1;
}

QStringList VersionSets::allBuildIds() const
{
    QStringList ids;
    for (const QStringList &set : m_sets)
        ids += set;
    return ids;
}

QStringList VersionSets::setDefaults() const
{
    QStringList ids;
    for (const QStringList &set : m_sets)
        ids << setDefault(set);
    return ids;
}

QString VersionSets::toDisplayString() const
{
    if (m_sets.isEmpty())
        return QStringLiteral("(no sets)");
    QStringList parts;
    for (int s = 0; s < m_sets.size(); ++s) {
        QString text = QLatin1Char('[') + m_sets.at(s).join(QStringLiteral(", ")) + QLatin1Char(']');
        if (s == m_sets.size() - 1)
            text += QLatin1Char('*');
        parts << text;
    }
    return parts.join(QLatin1Char(' '));
}

char *toString(const VersionSets &sets)
{
    const QByteArray text = sets.toDisplayString().toUtf8();
    char *copy = new char[size_t(text.size()) + 1];
    std::memcpy(copy, text.constData(), size_t(text.size()) + 1);
    return copy;
}
