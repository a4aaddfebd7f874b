#pragma once

#include "deploymentgraphmodel.h"
#include "deploymentmetrics.h"

#include <QGraphicsObject>

// One lane of the deployment graph: a column holding the cards of the versions in one stage of their life.
// The Current and Ramping lanes are also the slots a version is dropped on (set current, ramp); while a
// drag hovers them they say whether they take it. Holds its lane and what the scene told it to show; the
// data lives in the DeploymentGraphModel. Cards are not its children: they move between lanes in place.
class DeploymentLaneItem : public QGraphicsObject
{
    Q_OBJECT

public:
    enum { Type = UserType + 11 };
    enum class DropState { None, Accepts, Refuses };

    explicit DeploymentLaneItem(DeploymentGraphModel::Lane lane, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    DeploymentGraphModel::Lane lane() const { return m_lane; }
    bool isSlot() const;
    void setHeight(double height);
    void setWidth(double width);
    double width() const { return m_width; }
    void setVersionCount(int count);
    // The slot hint drawn where a card would stand (empty: none; read-only scenes draw none).
    void setHint(const QString &hint);
    // The line below the title: the share of new workflows the lane's version takes.
    void setBandText(const QString &text);
    QString bandText() const { return m_bandText; }
    QString title() const;
    void setDropState(DropState state);
    DropState dropState() const { return m_dropState; }

private:
    DeploymentGraphModel::Lane m_lane;
    double m_height = 0;
    double m_width = DeploymentMetrics::kLaneWidth;
    int m_count = 0;
    QString m_hint;
    QString m_bandText;
    DropState m_dropState = DropState::None;
};
