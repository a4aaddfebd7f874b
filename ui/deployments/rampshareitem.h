#pragma once

#include <QGraphicsObject>

#include <optional>

// The share of new workflows between the current and the ramping version, drawn in the Ramping lane's band:
// a bar split at the ramp's percentage (ramping left, current right) with a handle on the split. The view
// drags the handle (whole percents, the value shown while dragging); the item only draws what it is told.
// A child of the Ramping lane; holds no data of the model.
class RampShareItem : public QGraphicsObject
{
    Q_OBJECT

public:
    enum { Type = UserType + 13 };

    explicit RampShareItem(QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // The ramp's percentage, or nothing when nothing ramps (then the bar is all current and has no handle).
    void setRamp(std::optional<double> percentage);
    std::optional<double> ramp() const { return m_ramp; }
    // While the handle is dragged: the percentage under it (drawn instead of the ramp's, with its value).
    void setDragPercentage(std::optional<int> percentage);
    std::optional<int> dragPercentage() const { return m_drag; }
    bool hasHandle() const { return m_ramp.has_value(); }
    // In scene coordinates, a little larger than drawn so that it is easy to grab.
    QRectF handleSceneRect() const;
    // The whole percent (0–100) at a scene x.
    int percentageAt(const QPointF &scenePos) const;
    // The scene point of a percentage on the bar (tests drag the handle there).
    QPointF scenePointOf(double percentage) const;
    // "ramping 10 % · current 90 % of new workflows".
    QString text() const;

private:
    double shownPercentage() const;

    std::optional<double> m_ramp;
    std::optional<int> m_drag;
};
