#pragma once

#include "common/result.h"

#include <QColor>
#include <QString>

class VersionSetGraphScene;

// Writes the shown queue's graph and sets to files: PNG and SVG of the scene as drawn, JSON of the sets.
// Knows nothing of dialogs or the window; the caller chooses the path and reports the result. Lives on the
// GUI thread (it renders the scene).
class GraphExporter
{
public:
    explicit GraphExporter(VersionSetGraphScene *scene);

    // The scene at twice its size on the background colour.
    Result<Done> writePng(const QString &path, const QColor &background) const;
    // The scene at its own size; title names the task queue (may be empty).
    Result<Done> writeSvg(const QString &path, const QString &title) const;
    // The sets in the shape `temporal task-queue get-build-ids -o json` prints; written whole or not at all.
    Result<Done> writeJson(const QString &path) const;

private:
    VersionSetGraphScene *m_scene;
};
