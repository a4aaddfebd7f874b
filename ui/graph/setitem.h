#pragma once

#include <QGraphicsObject>

// One compatible set: a column holding its BuildIdItems, set default on top. Holds its index; the data
// lives in the scene's VersionSets. The queue default set carries a "queue default" header.
class SetItem : public QGraphicsObject
{
    Q_OBJECT

public:
    enum { Type = UserType + 1 };

    SetItem(int setIndex, int buildIdCount, bool queueDefault, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    int setIndex() const { return m_setIndex; }
    bool isQueueDefault() const { return m_queueDefault; }
    // Scene rectangle of the top slot, where the set default stands.
    QRectF topSlotSceneRect() const;

private:
    int m_setIndex;
    int m_buildIdCount;
    bool m_queueDefault;
};
