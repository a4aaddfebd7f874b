#pragma once

#include <QGraphicsObject>

// One build ID in the graph. Holds its id and what the scene told it to show; the data lives in the
// VersionSetGraphModel and the scene updates the item in place. Drawn inside its SetItem; the set default
// sits on top and is marked with a badge and a heavier border, never by color alone. Zoomed out so far
// that its text would be unreadable, the card shows the build ID alone, larger (the compact form).
class BuildIdItem : public QGraphicsObject
{
    Q_OBJECT

public:
    enum { Type = UserType + 2 };

    BuildIdItem(const QString &buildId, int setIndex, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const QString &buildId() const { return m_buildId; }
    int setIndex() const { return m_setIndex; }
    void setSetIndex(int setIndex) { m_setIndex = setIndex; }
    bool isSetDefault() const { return m_setDefault; }
    bool isQueueDefault() const { return m_queueDefault; }
    void setRoles(bool setDefault, bool queueDefault);
    // Pollers (workflow + activity), or -1 when unknown.
    void setPollerCount(int count);
    int pollerCount() const { return m_pollers; }
    // Workflow and activity pollers, shown when the total is known.
    void setPollerBreakdown(int workflow, int activity);
    // Reachability in words ("new workflows, open workflows"), empty when unknown.
    void setReachabilityText(const QString &text);
    // Changed (a preview's change, a change made elsewhere): an amber border and the word "changed".
    void setHighlighted(bool highlighted);
    bool isHighlighted() const { return m_highlighted; }

    // The lines the full card shows, top down: the ID, its role, its pollers, its reachability.
    QStringList textLines() const;
    // The point size the build ID is drawn with when the view scales the scene by `scale`, for a scene
    // font of basePointSize: the full card's size when readable, else the compact form's (larger, so that
    // pointSize × scale stays readable as long as the card has room).
    static double buildIdPointSize(double basePointSize, double scale);
    // True when the card is drawn in its compact form at this scale.
    static bool isCompactAt(double basePointSize, double scale);

private:
    QString m_buildId;
    int m_setIndex;
    bool m_setDefault = false;
    bool m_queueDefault = false;
    bool m_highlighted = false;
    int m_pollers = -1;
    int m_workflowPollers = -1;
    int m_activityPollers = -1;
    QString m_reachability;
};
