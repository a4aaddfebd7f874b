#include "history/historyservice.h"
#include "history/historystore.h"
#include "history/historytestbackend.h"
#include "mixedwriter.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

namespace {

// One line a writer printed: what it wrote, the id it was told (none: the store found nothing to record),
// who and in which round.
struct Printed
{
    char what = 0;
    std::optional<qint64> id;
    QString writer;
    int seq = 0;
};

} // namespace

// Many writers on one history at once, as several windows and CLIs of several people share one: writer
// processes (historywriter --mixed) append attempts and record reads of a queue and a deployment they all
// watch and of queues of their own, a reader queries all the while, and two HistoryService instances share
// the history inside one process. Afterwards every write a writer was told succeeded is there exactly once
// and intact, nothing else is, ids are unique and grow in each writer's order, and a state every writer saw
// is recorded once. Runs on SQLite and on the postgres fixture's server. (tst_historydurability kills
// writers; tst_historystore's concurrentObservationsRecordOnce races threads once.)
class TestHistoryConcurrency : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static QString locationText(const HistoryLocation &location)
    {
        if (!location.isPostgresql())
            return location.filePath();
        return QString("postgresql://%1@%2:%3/%4")
            .arg(location.userName(), location.host())
            .arg(location.port())
            .arg(location.databaseName());
    }

    static QList<HistoryEntry> entriesOf(HistoryStore &store, const HistoryFilter &filter)
    {
        Result<QList<HistoryEntry>> found = store.query(filter);
        if (!found)
            return {};
        QList<HistoryEntry> list = found.value();
        std::sort(list.begin(), list.end(),
                  [](const HistoryEntry &a, const HistoryEntry &b) { return a.id < b.id; });
        return list;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("backend: %s", qPrintable(HistoryTestBackend::name()));
        QVERIFY(m_dir.isValid());
        if (HistoryTestBackend::isPostgresql())
            QVERIFY2(!HistoryTestBackend::serverUrl().isEmpty(),
                     "the postgres fixture did not start a server");
    }

    void writerProcessesAndAReader()
    {
        const Result<HistoryLocation> location =
            HistoryTestBackend::freshLocation(m_dir.filePath("processes"));
        QVERIFY2(location.isOk(), location ? "" : qPrintable(location.error().toString()));
        // The schema first, so that the writers race on writing, not on creating it (tst_historydurability
        // covers that).
        QVERIFY(HistoryStore::open(location.value()).isOk());

        constexpr int kWriters = 6;
        constexpr int kRounds = 30;
        QElapsedTimer timer;
        timer.start();
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int w = 0; w < kWriters; ++w) {
            writers.push_back(std::make_unique<QProcess>());
            // Half of them "CLIs" (source cli), half "windows".
            writers.back()->start(HISTORY_WRITER_PATH,
                                  {"--mixed", locationText(location.value()),
                                   QString("w%1%2").arg(w).arg(w % 2 ? "c" : ""), QString::number(kRounds)});
        }
        for (auto &writer : writers)
            QVERIFY(writer->waitForStarted(5000));

        // A reader (the window's history panel) all the while: every answer is whole and has unique ids, and
        // no answer has fewer entries than an earlier one.
        Result<std::unique_ptr<HistoryStore>> reader = HistoryStore::open(location.value());
        QVERIFY(reader.isOk());
        int reads = 0;
        qsizetype seen = 0;
        const auto running = [&] {
            for (auto &writer : writers)
                if (writer->state() != QProcess::NotRunning)
                    return true;
            return false;
        };
        while (running() && timer.elapsed() < 100000) {
            const Result<QList<HistoryEntry>> all = reader.value()->query({});
            QVERIFY2(all.isOk(), all ? "" : qPrintable(all.error().toString()));
            QSet<qint64> ids;
            for (const HistoryEntry &entry : all.value())
                ids.insert(entry.id);
            QCOMPARE(ids.size(), all.value().size());
            QVERIFY(all.value().size() >= seen);
            seen = all.value().size();
            const auto shared =
                reader.value()->lastKnownSets("127.0.0.1:7233", "concurrency", MixedWriter::sharedQueue());
            QVERIFY(shared.isOk());
            QVERIFY(!shared.value() || *shared.value() == MixedWriter::sharedSets());
            ++reads;
            for (auto &writer : writers)
                writer->waitForFinished(5);
        }
        QList<Printed> printed;
        for (auto &writer : writers) {
            if (writer->state() != QProcess::NotRunning)
                QVERIFY(writer->waitForFinished(30000));
            QVERIFY2(writer->exitStatus() == QProcess::NormalExit && writer->exitCode() == 0,
                     writer->readAllStandardError().constData());
            for (const QByteArray &line : writer->readAllStandardOutput().split('\n')) {
                const QList<QByteArray> parts = line.split(' ');
                if (parts.size() != 4)
                    continue;
                printed << Printed{parts[0].at(0),
                                   parts[1] == "-" ? std::nullopt
                                                   : std::optional<qint64>(parts[1].toLongLong()),
                                   QString::fromUtf8(parts[2]), parts[3].toInt()};
            }
        }
        qInfo("%d writers x %d rounds, %d reads meanwhile, %lld ms", kWriters, kRounds, reads,
              timer.elapsed());

        // Every id told is unique, and grows in each writer's own order.
        QSet<qint64> told;
        QHash<QString, qint64> lastOfWriter;
        int shared = 0;
        int sharedDeployment = 0;
        for (const Printed &p : printed) {
            if (!p.id)
                continue;
            QVERIFY2(!told.contains(*p.id), qPrintable(QString("id %1 was told twice").arg(*p.id)));
            told.insert(*p.id);
            QVERIFY(*p.id > lastOfWriter.value(p.writer, 0));
            lastOfWriter.insert(p.writer, *p.id);
            shared += p.what == 'S';
            sharedDeployment += p.what == 'D';
        }
        // What everyone saw is recorded once.
        QCOMPARE(shared, 1);
        QCOMPARE(sharedDeployment, 1);

        Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location.value());
        QVERIFY(store.isOk());
        const QList<HistoryEntry> all = entriesOf(*store.value(), {});
        // Nothing else is there.
        QSet<qint64> stored;
        for (const HistoryEntry &entry : all)
            stored.insert(entry.id);
        QCOMPARE(stored.size(), all.size());
        QCOMPARE(stored, told);

        // Each write is intact.
        QHash<qint64, HistoryEntry> byId;
        for (const HistoryEntry &entry : all)
            byId.insert(entry.id, entry);
        for (const Printed &p : printed) {
            if (p.what == 'A') {
                HistoryEntry expected = durabilityEntry(p.writer, p.seq);
                expected.id = *p.id;
                QCOMPARE(byId.value(*p.id), expected);
            } else if (p.what == 'U') {
                // Settled as applied by the read that followed it (its own writer's, or nobody else's).
                const HistoryEntry &entry = byId.value(*p.id);
                QCOMPARE(entry.settledOutcome, std::optional(HistoryEntry::Outcome::Applied));
                QCOMPARE(entry.after, std::optional(MixedWriter::ownSets(p.writer, p.seq)));
            } else if (p.what == 'O') {
                // A round after an update of unknown effect finds it explained, not changed elsewhere.
                QCOMPARE(p.id.has_value(), p.seq == 0 || p.seq % 5 != 0);
            }
        }
        HistoryFilter sharedFilter;
        sharedFilter.taskQueue = MixedWriter::sharedQueue();
        QCOMPARE(entriesOf(*store.value(), sharedFilter).size(), 1);
        HistoryFilter deploymentFilter;
        deploymentFilter.deploymentName = MixedWriter::sharedDeployment().name;
        QCOMPARE(entriesOf(*store.value(), deploymentFilter).size(), 1);
        // Each writer's own queue: a chain from nothing to the last round's sets.
        for (const QString &writer : lastOfWriter.keys()) {
            HistoryFilter own;
            own.taskQueue = MixedWriter::ownQueue(writer);
            VersionSets known;
            for (const HistoryEntry &entry : entriesOf(*store.value(), own)) {
                QCOMPARE(entry.before, known);
                QVERIFY(entry.after);
                known = *entry.after;
            }
            QCOMPARE(known, MixedWriter::ownSets(writer, kRounds - 1));
            const auto last = store.value()->lastKnownSets("127.0.0.1:7233", "concurrency", own.taskQueue);
            QVERIFY(last.isOk());
            QCOMPARE(last.value(), std::optional(MixedWriter::ownSets(writer, kRounds - 1)));
        }
        if (!location.value().isPostgresql()) {
            store.value().reset();
            HistoryTestBackend::RawDatabase raw(location.value());
            QCOMPARE(raw.exec("PRAGMA integrity_check"), QStringList{"ok"});
        }
    }

    // Two HistoryService instances in one process (two windows) on one history, with calls interleaved: each
    // answers every call once, in the order made, and the history holds each write once.
    void twoServicesInOneProcess()
    {
        const Result<HistoryLocation> location =
            HistoryTestBackend::freshLocation(m_dir.filePath("services"));
        QVERIFY(location.isOk());
        HistoryService first;
        HistoryService second;
        QSignalSpy firstOpened(&first, &HistoryService::opened);
        QSignalSpy secondOpened(&second, &HistoryService::opened);
        first.open(location.value());
        second.open(location.value());
        QTRY_VERIFY_WITH_TIMEOUT(firstOpened.count() == 1 && secondOpened.count() == 1, 20000);

        constexpr int kRounds = 40;
        const QStringList writers{"one", "two"};
        QHash<QString, QList<qint64>> appended;
        QHash<QString, QList<std::optional<qint64>>> sharedSeen;
        QHash<QString, QList<std::optional<qint64>>> ownSeen;
        int answers = 0;
        QObject context;
        QElapsedTimer timer;
        timer.start();
        for (int seq = 0; seq < kRounds; ++seq) {
            for (int w = 0; w < 2; ++w) {
                HistoryService &service = w == 0 ? first : second;
                const QString writer = writers.at(w);
                service.append(&context, durabilityEntry(writer, seq), [&, writer](const Result<qint64> &id) {
                    ++answers;
                    QVERIFY2(id.isOk(), id ? "" : qPrintable(id.error().toString()));
                    appended[writer] << id.value();
                });
                service.recordObservation(&context, MixedWriter::context(MixedWriter::sharedQueue(), writer),
                                          MixedWriter::sharedSets(), QDateTime::currentDateTimeUtc(),
                                          [&, writer](const Result<std::optional<qint64>> &id) {
                                              ++answers;
                                              QVERIFY(id.isOk());
                                              sharedSeen[writer] << id.value();
                                          });
                service.recordObservation(&context,
                                          MixedWriter::context(MixedWriter::ownQueue(writer), writer),
                                          MixedWriter::ownSets(writer, seq), QDateTime::currentDateTimeUtc(),
                                          [&, writer](const Result<std::optional<qint64>> &id) {
                                              ++answers;
                                              QVERIFY(id.isOk());
                                              ownSeen[writer] << id.value();
                                          });
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(answers, kRounds * 2 * 3, 60000);
        qInfo("2 services x %d rounds, %lld ms", kRounds, timer.elapsed());

        QSet<qint64> told;
        int shared = 0;
        for (const QString &writer : writers) {
            QCOMPARE(appended.value(writer).size(), kRounds);
            // Calls run in the order made: every later write of one service has a larger id.
            QList<qint64> ordered;
            for (int seq = 0; seq < kRounds; ++seq) {
                ordered << appended.value(writer).at(seq);
                QVERIFY(ownSeen.value(writer).at(seq).has_value());
                ordered << *ownSeen.value(writer).at(seq);
                if (sharedSeen.value(writer).at(seq)) {
                    ++shared;
                    told.insert(*sharedSeen.value(writer).at(seq));
                }
            }
            for (qsizetype i = 1; i < ordered.size(); ++i)
                QVERIFY(ordered.at(i) > ordered.at(i - 1));
            for (qint64 id : std::as_const(ordered)) {
                QVERIFY(!told.contains(id));
                told.insert(id);
            }
        }
        QCOMPARE(shared, 1);

        Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location.value());
        QVERIFY(store.isOk());
        const QList<HistoryEntry> all = entriesOf(*store.value(), {});
        QSet<qint64> stored;
        for (const HistoryEntry &entry : all)
            stored.insert(entry.id);
        QCOMPARE(stored.size(), all.size());
        QCOMPARE(stored, told);
        for (const QString &writer : writers) {
            for (int seq = 0; seq < kRounds; ++seq) {
                HistoryEntry expected = durabilityEntry(writer, seq);
                expected.id = appended.value(writer).at(seq);
                QCOMPARE(store.value()->entry(expected.id).value(), expected);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestHistoryConcurrency)
#include "tst_historyconcurrency.moc"
