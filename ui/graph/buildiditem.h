#pragma once

#include <QGraphicsObject>

// One build ID in the graph. Holds its id and what the scene told it to show; the data lives in the
// scene's VersionSets. Drawn inside its SetItem; the set default sits on top and is marked with a badge
// and a heavier border, never by color alone.
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
    void setHighlighted(bool highlighted);
    bool isHighlighted() const { return m_highlighted; }

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
