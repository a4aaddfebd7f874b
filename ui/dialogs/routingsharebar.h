#pragma once

#include "deployments/workerdeployment.h"

#include <QWidget>

// Where new workflows of a deployment go, drawn as one bar split by share (current, ramping), each part
// labelled with its version and percentage: the picture a reviewer compares before and after a routing
// change. Read-only. Lives on the GUI thread.
class RoutingShareBar : public QWidget
{
    Q_OBJECT

public:
    explicit RoutingShareBar(QWidget *parent = nullptr);

    void setRouting(const DeploymentRouting &routing);
    // Build IDs whose share differs from the other side of a comparison: drawn with a marked outline.
    void setHighlighted(const QStringList &buildIds);
    // The parts as text, "v1 90% · v2 10%" (accessibility and tests).
    QString partsText() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    DeploymentRouting m_routing;
    QStringList m_highlighted;
};
