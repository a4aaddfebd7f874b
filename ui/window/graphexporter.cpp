#include "graphexporter.h"

#include "graph/versionsetgraphscene.h"
#include "versionsets/versionsetjson.h"

#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

GraphExporter::GraphExporter(VersionSetGraphScene *scene)
    : m_scene(scene)
{}

Result<Done> GraphExporter::writePng(const QString &path, const QColor &background) const
{
    const QRectF source = m_scene->sceneRect();
    // Twice the scene's size: sharp on high-density screens and in documents.
    QImage image((source.size() * 2).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(background);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        m_scene->render(&painter, QRectF(QPointF(0, 0), image.size()), source);
    }
    if (!image.save(path, "PNG"))
        return Error(ErrorCode::Unknown, QStringLiteral("the image could not be written"));
    return Done{};
}

Result<Done> GraphExporter::writeSvg(const QString &path, const QString &title) const
{
    const QRectF source = m_scene->sceneRect();
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    generator.setTitle(title);
    generator.setDescription(QStringLiteral("Version sets drawn by Versionscope"));
    {
        QPainter painter;
        if (!painter.begin(&generator))
            return Error(ErrorCode::Unknown, QStringLiteral("the SVG file could not be opened for writing"));
        m_scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    }
    if (!QFile::exists(path))
        return Error(ErrorCode::Unknown, QStringLiteral("the SVG file was not written"));
    return Done{};
}

Result<Done> GraphExporter::writeJson(const QString &path) const
{
    // The shape `temporal task-queue get-build-ids -o json` prints, so other tools read it as they read that.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(ErrorCode::Unknown, file.errorString());
    file.write(QJsonDocument(versionSetsToJson(m_scene->sets())).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Error(ErrorCode::Unknown, file.errorString());
    return Done{};
}
