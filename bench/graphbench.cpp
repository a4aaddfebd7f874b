// Builds and draws the version-set graph for queues of growing size and prints how long it takes and how
// much memory it holds: the figures in BENCHMARKS.md. Run through scripts/bench.
#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "models/versionsettreemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdio>

namespace {
long residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

VersionSets setsOf(int setCount, int idsPerSet)
{
    QList<QStringList> sets;
    for (int s = 0; s < setCount; ++s) {
        QStringList ids;
        for (int i = 0; i < idsPerSet; ++i)
            ids << QStringLiteral("service-%1.%2.0-abcdef%3").arg(s).arg(i).arg(s * idsPerSet + i);
        sets << ids;
    }
    return VersionSets(sets);
}

double medianMs(QList<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return samples.at(samples.size() / 2);
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int runs = 7;
    std::printf("%-26s %8s %12s %12s %12s %10s\n", "queue", "ids", "scene ms", "tree ms", "draw ms",
                "RSS KiB");
    const QList<QPair<int, int>> shapes{{3, 3}, {10, 10}, {1, 100}, {10, 100}, {100, 100}};
    for (const auto &[setCount, idsPerSet] : shapes) {
        const VersionSets sets = setsOf(setCount, idsPerSet);
        QList<double> sceneMs, treeMs, drawMs;
        long rssGrowth = 0;
        for (int run = 0; run < runs; ++run) {
            const long before = residentKiB();
            VersionSetGraphScene scene;
            VersionSetTreeModel tree;
            VersionSetGraphView view(&scene);
            view.resize(1280, 720);
            QElapsedTimer timer;
            timer.start();
            scene.setSets(sets);
            sceneMs << timer.nsecsElapsed() / 1e6;
            timer.restart();
            tree.setSets(sets);
            treeMs << timer.nsecsElapsed() / 1e6;
            // A full redraw of the fitted view: what a refresh of a visible queue costs.
            view.fitAll();
            QImage frame(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
            timer.restart();
            {
                QPainter painter(&frame);
                view.render(&painter);
            }
            drawMs << timer.nsecsElapsed() / 1e6;
            rssGrowth = std::max(rssGrowth, residentKiB() - before);
        }
        std::printf("%-26s %8d %12.2f %12.2f %12.2f %10ld\n",
                    qPrintable(QStringLiteral("%1 sets x %2").arg(setCount).arg(idsPerSet)),
                    sets.buildIdCount(), medianMs(sceneMs), medianMs(treeMs), medianMs(drawMs), rssGrowth);
    }
    return 0;
}
