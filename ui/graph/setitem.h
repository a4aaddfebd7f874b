#pragma once

#include <QGraphicsObject>

// One compatible set: a column holding its BuildIdItems, set default on top. Holds its key (the set's
// oldest build ID, which no operation changes) and its current index; the data lives in the
// VersionSetGraphModel and the scene updates the item in place. The queue default set carries a "queue
// default" header.
class SetItem : public QGraphicsObject
{
    Q_OBJECT

public:
    enum { Type = UserType + 1 };
    // How this set answers a drag hovering over it.
    enum class DropState { None, Accepts, AcceptsOnTop, Refuses };

    explicit SetItem(const QString &key, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const QString &key() const { return m_key; }
    void setState(int setIndex, int buildIdCount, bool queueDefault);
    int setIndex() const { return m_setIndex; }
    int buildIdCount() const { return m_buildIdCount; }
    bool isQueueDefault() const { return m_queueDefault; }
    void setDropState(DropState state);
    DropState dropState() const { return m_dropState; }
    // Scene rectangle of the header (the set's title), where a set is grabbed.
    QRectF headerSceneRect() const;
    // Scene rectangle of the top slot, where the set default stands.
    QRectF topSlotSceneRect() const;
    // Header and top slot: a build ID dropped here becomes the set default.
    QRectF topAreaSceneRect() const;

private:
    QString m_key;
    int m_setIndex = -1;
    int m_buildIdCount = 0;
    bool m_queueDefault = false;
    DropState m_dropState = DropState::None;
};
