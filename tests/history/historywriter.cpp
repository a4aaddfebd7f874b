// A helper process for tst_historydurability: appends durabilityEntry(WRITER, 0, 1, …) to a history and
// prints "ID WRITER SEQ" for each, only after append() returned, i.e. after its commit returned. The test
// kills it with SIGKILL at random moments and then checks that every printed entry is there and intact.
//
//   historywriter [--library-path DIR] LOCATION WRITER [COUNT]
//
// --library-path replaces Qt's plugin folders (to see what a missing SQL driver looks like). Exit codes: 0
// after COUNT entries, 2 when the history cannot be opened, 3 when a write fails; errors go to stderr.
//
//   historywriter --mixed LOCATION WRITER COUNT
//
// For tst_historyconcurrency: a tool of its own among several writing at once. Each of COUNT rounds appends
// durabilityEntry(WRITER, seq) ("A ID WRITER SEQ"), records what a read of the queue every writer watches
// saw, always the same sets ("S ID|- WRITER SEQ": the id of the observation it appended, if any), the same
// for a deployment every writer watches ("D ID|- WRITER SEQ"), and a read of the writer's own queue, which
// grows by one build ID each round ("O ID WRITER SEQ"). Every 5th round also appends an update of unknown
// effect on the own queue before that read, which the read then settles ("U ID WRITER SEQ").
#include "durabilityentry.h"
#include "history/historystore.h"
#include "mixedwriter.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = app.arguments().mid(1);
    if (arguments.size() == 4 && arguments.first() == "--mixed")
        return MixedWriter::run(arguments.at(1), arguments.at(2), arguments.at(3).toInt());
    if (arguments.size() >= 2 && arguments.first() == "--library-path") {
        QCoreApplication::setLibraryPaths({arguments.at(1)});
        arguments = arguments.mid(2);
    }
    if (arguments.size() < 2) {
        std::fprintf(stderr, "usage: historywriter [--library-path DIR] LOCATION WRITER [COUNT]\n");
        return 1;
    }
    const QString writer = arguments.at(1);
    const int count = arguments.size() > 2 ? arguments.at(2).toInt() : 1'000'000;

    const Result<HistoryLocation> location = HistoryLocation::parse(arguments.at(0));
    if (!location) {
        std::fprintf(stderr, "%s\n", qPrintable(location.error().toString()));
        return 2;
    }
    Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location.value());
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(store.error().toString()));
        return 2;
    }
    for (int seq = 0; seq < count; ++seq) {
        const Result<qint64> id = store.value()->append(durabilityEntry(writer, seq));
        if (!id) {
            std::fprintf(stderr, "%s\n", qPrintable(id.error().toString()));
            return 3;
        }
        std::printf("%lld %s %d\n", id.value(), qPrintable(writer), seq);
        std::fflush(stdout);
    }
    return 0;
}
