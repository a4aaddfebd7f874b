#include "graph/versionsetgraphmodel.h"
#include "graph/versionsetgraphscene.h"
#include "support/setnotation.h"
#include "versionsets/versionsetjson.h"
#include "window/graphexporter.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

// What the exporter writes reads back: a PNG at twice the scene's size, an SVG with its title, and JSON that
// parses to the same sets.
class TestGraphExporter : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void writesFilesThatReadBack_data()
    {
        QTest::addColumn<QString>("notation");
        QTest::newRow("no sets") << QString();
        QTest::newRow("one set") << QStringLiteral("1.0");
        QTest::newRow("three sets") << QStringLiteral("1.0,1.1|2.0|3.0,3.1,3.2");
    }
    void writesFilesThatReadBack()
    {
        QFETCH(QString, notation);
        QVERIFY(m_dir.isValid());
        VersionSetGraphModel model;
        VersionSetGraphScene scene(&model);
        model.setSets(setsFrom(notation));
        const GraphExporter exporter(&scene);

        const QString png = m_dir.filePath(QStringLiteral("graph.png"));
        QVERIFY(exporter.writePng(png, Qt::white).isOk());
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), (scene.sceneRect().size() * 2).toSize());

        const QString svg = m_dir.filePath(QStringLiteral("graph.svg"));
        QVERIFY(exporter.writeSvg(svg, QStringLiteral("orders")).isOk());
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QVERIFY(svgFile.readAll().contains("<title>orders</title>"));

        const QString json = m_dir.filePath(QStringLiteral("sets.json"));
        QVERIFY(exporter.writeJson(json).isOk());
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonDocument document = QJsonDocument::fromJson(jsonFile.readAll());
        QVERIFY(document.isArray());
        const Result<VersionSets> read = versionSetsFromJson(document.array());
        QVERIFY(read.isOk());
        QCOMPARE(notationOf(read.value()), notation);
    }

    void reportsAnUnwritablePath()
    {
        VersionSetGraphModel model;
        VersionSetGraphScene scene(&model);
        model.setSets(setsFrom(QStringLiteral("1.0")));
        const GraphExporter exporter(&scene);
        const QString missing = m_dir.filePath(QStringLiteral("no/such/dir/sets"));
        QVERIFY(!exporter.writePng(missing + QStringLiteral(".png"), Qt::white).isOk());
        QVERIFY(!exporter.writeJson(missing + QStringLiteral(".json")).isOk());
    }
};

QTEST_MAIN(TestGraphExporter)
#include "tst_graphexporter.moc"
