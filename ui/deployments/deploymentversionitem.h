#pragma once

#include <QGraphicsObject>
#include <QStringList>

// One version of a deployment in the graph (or the unversioned workers, key ""). Holds its key and the lines
// the scene told it to show; the data lives in the DeploymentGraphModel and the scene updates the item in
// place. The current version has the heavy border and ★, the ramping one a heavy dashed border, never colour
// alone. Zoomed out so far that its text would be unreadable, the card shows its name alone, larger.
class DeploymentVersionItem : public QGraphicsObject
{
    Q_OBJECT

public:
    enum { Type = UserType + 12 };
    enum class Role { Other, Current, Ramping };

    explicit DeploymentVersionItem(const QString &key, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // The build ID, "" for the unversioned workers.
    const QString &key() const { return m_key; }
    void setRole(Role role);
    Role role() const { return m_role; }
    // Top down: name, status and time, task queues, pollers, open workflows, drainage.
    void setLines(const QStringList &lines);
    const QStringList &lines() const { return m_lines; }
    // The same six lines in a few words each, for the compact form zoomed out (empty: the full lines).
    void setCompactLines(const QStringList &lines);
    const QStringList &compactLines() const { return m_compactLines; }
    // Changed (a preview's change, a change made elsewhere): an amber border and the word "changed", as
    // the version-set cards.
    void setHighlighted(bool highlighted);
    bool isHighlighted() const { return m_highlighted; }
    // A line to draw as a warning (⚠ and bold), -1 for none: no pollers on where new workflows go.
    void setWarningLine(int line);

private:
    QString m_key;
    Role m_role = Role::Other;
    QStringList m_lines;
    QStringList m_compactLines;
    int m_warningLine = -1;
    bool m_highlighted = false;
};
