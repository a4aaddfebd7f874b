#include "durabilityentry.h"
#include "history/historystore.h"
#include "history/historytestbackend.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

namespace {

struct Printed
{
    qint64 id = 0;
    QString writer;
    int seq = 0;
};

} // namespace

// Entries whose append() returned survive the writer being killed at any moment (SIGKILL: no cleanup, no
// flush, a transaction possibly half sent), on SQLite and on a real PostgreSQL server.
class TestHistoryDurability : public QObject
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

private Q_SLOTS:
    void initTestCase()
    {
        qInfo("backend: %s", qPrintable(HistoryTestBackend::name()));
        QVERIFY(m_dir.isValid());
        if (HistoryTestBackend::isPostgresql())
            QVERIFY2(!HistoryTestBackend::serverUrl().isEmpty(),
                     "the postgres fixture did not start a server");
    }

    void killedWritersLoseNothingCommitted()
    {
        const Result<HistoryLocation> location = HistoryTestBackend::freshLocation(m_dir.filePath("kills"));
        QVERIFY2(location.isOk(), location ? "" : qPrintable(location.error().toString()));
        const QString target = locationText(location.value());

        constexpr int kRounds = 32;
        QRandomGenerator random(QRandomGenerator::global()->generate());
        QList<Printed> printed;
        int killedWhileWriting = 0;
        QElapsedTimer timer;
        timer.start();
        for (int round = 0; round < kRounds; ++round) {
            // Two writers at once on the same history, each killed at its own random moment: some before
            // they opened it (the first round may die mid-migration), most in the middle of writing.
            QList<QProcess *> writers;
            QList<int> killAfter;
            for (int w = 0; w < 2; ++w) {
                auto *process = new QProcess(this);
                process->setProcessChannelMode(QProcess::SeparateChannels);
                process->start(HISTORY_WRITER_PATH, {target, QString("r%1w%2").arg(round).arg(w)});
                QVERIFY(process->waitForStarted(5000));
                writers << process;
                killAfter << int(random.bounded(0, 25));
            }
            QElapsedTimer roundTimer;
            roundTimer.start();
            const int extraMicroseconds = int(random.bounded(0, 20000));
            while (!writers.isEmpty() && roundTimer.elapsed() < 20000) {
                for (int w = int(writers.size()) - 1; w >= 0; --w) {
                    QProcess *process = writers[w];
                    process->waitForReadyRead(1);
                    const int lines = int(process->peek(1 << 20).count('\n'));
                    if (lines >= killAfter[w] || process->state() != QProcess::Running) {
                        QTest::qSleep(0);
                        if (extraMicroseconds > 0)
                            ::usleep(useconds_t(extraMicroseconds));
                        if (process->state() == QProcess::Running) {
                            ::kill(pid_t(process->processId()), SIGKILL);
                            killedWhileWriting += lines > 0 ? 1 : 0;
                        }
                        if (process->state() != QProcess::NotRunning)
                            QVERIFY(process->waitForFinished(10000));
                        const QString err = QString::fromUtf8(process->readAllStandardError());
                        QVERIFY2(process->exitStatus() == QProcess::CrashExit,
                                 qPrintable(
                                     QString("writer exited with %1: %2").arg(process->exitCode()).arg(err)));
                        for (const QByteArray &line : process->readAllStandardOutput().split('\n')) {
                            const QList<QByteArray> parts = line.split(' ');
                            if (parts.size() != 3)
                                continue; // the empty tail, or a line cut short by the kill
                            printed << Printed{parts[0].toLongLong(), QString::fromUtf8(parts[1]),
                                               parts[2].toInt()};
                        }
                        delete process;
                        writers.removeAt(w);
                        killAfter.removeAt(w);
                    }
                }
            }
            QVERIFY2(writers.isEmpty(), "a writer made no progress for 20 s");
        }
        qInfo("%d rounds, %d writers killed mid-writing, %lld entries printed, %lld ms", kRounds,
              killedWhileWriting, qint64(printed.size()), timer.elapsed());
        QVERIFY(killedWhileWriting >= 30);

        // Everything printed is there, exactly as written.
        Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location.value());
        QVERIFY2(store.isOk(), store ? "" : qPrintable(store.error().toString()));
        for (const Printed &p : printed) {
            const Result<HistoryEntry> read = store.value()->entry(p.id);
            QVERIFY2(read.isOk(),
                     qPrintable(QString("entry %1 (%2 #%3) is missing").arg(p.id).arg(p.writer).arg(p.seq)));
            HistoryEntry expected = durabilityEntry(p.writer, p.seq);
            expected.id = p.id;
            QCOMPARE(read.value(), expected);
        }
        // Nothing else is damaged either: every stored entry is one a writer meant to write (at most one per
        // killed writer was committed without being printed).
        const Result<QList<HistoryEntry>> all = store.value()->query({});
        QVERIFY(all.isOk());
        QVERIFY(all.value().size() >= printed.size());
        QVERIFY(all.value().size() <= printed.size() + 2 * kRounds);
        for (const HistoryEntry &entry : all.value()) {
            const QString writer = entry.context.osUser.mid(QString("writer-").size());
            const int seq = entry.reason.section(' ', 3, 3).chopped(1).toInt();
            HistoryEntry expected = durabilityEntry(writer, seq);
            expected.id = entry.id;
            QCOMPARE(entry, expected);
        }
        store.value().reset();

        if (!location.value().isPostgresql()) {
            HistoryTestBackend::RawDatabase raw(location.value());
            QCOMPARE(raw.exec("PRAGMA integrity_check"), QStringList{"ok"});
        }
    }

    // Programs starting together on a history nobody created yet (the window and a CLI run) all get it.
    // SQLite answered "locked" at once, without waiting, to one switching the new file to WAL while another
    // migrated it; threads of one process do not show it (SQLite's locks are per process), so these are
    // processes, in many rounds because the window is a few milliseconds wide.
    void concurrentFirstOpens()
    {
        const int rounds = HistoryTestBackend::isPostgresql() ? 5 : 40;
        for (int round = 0; round < rounds; ++round) {
            const Result<HistoryLocation> location =
                HistoryTestBackend::freshLocation(m_dir.filePath(QString("first%1").arg(round)));
            QVERIFY(location.isOk());
            constexpr int kWriters = 3;
            constexpr int kEntries = 10;
            std::vector<std::unique_ptr<QProcess>> writers;
            for (int w = 0; w < kWriters; ++w) {
                writers.push_back(std::make_unique<QProcess>());
                writers.back()->start(
                    HISTORY_WRITER_PATH,
                    {locationText(location.value()), QString("f%1").arg(w), QString::number(kEntries)});
            }
            for (auto &writer : writers) {
                QVERIFY(writer->waitForFinished(30000));
                QVERIFY2(writer->exitStatus() == QProcess::NormalExit && writer->exitCode() == 0,
                         qPrintable(QString("round %1: %2").arg(round).arg(writer->readAllStandardError())));
            }
            Result<std::unique_ptr<HistoryStore>> store = HistoryStore::open(location.value());
            QVERIFY(store.isOk());
            const Result<QList<HistoryEntry>> entries = store.value()->query({});
            QVERIFY(entries.isOk());
            QCOMPARE(entries.value().size(), kWriters * kEntries);
        }
    }

    // What a machine without Qt's SQL driver for the backend gets: a clear error naming the package.
    void missingDriverIsClear()
    {
        const Result<HistoryLocation> location = HistoryTestBackend::freshLocation(m_dir.filePath("driver"));
        QVERIFY(location.isOk());
        QTemporaryDir noPlugins;
        QProcess writer;
        writer.start(HISTORY_WRITER_PATH,
                     {"--library-path", noPlugins.path(), locationText(location.value()), "x", "1"});
        QVERIFY(writer.waitForFinished(10000));
        const QString err = QString::fromUtf8(writer.readAllStandardError());
        QCOMPARE(writer.exitCode(), 2);
        QVERIFY2(err.contains("driver") && err.contains("not installed"), qPrintable(err));
        QVERIFY2(err.contains(location.value().isPostgresql() ? "libqt6sql6-psql" : "libqt6sql6-sqlite"),
                 qPrintable(err));

        // The same writer with the plugins where they are works: the error above is about the driver.
        QProcess control;
        control.start(HISTORY_WRITER_PATH, {locationText(location.value()), "x", "1"});
        QVERIFY(control.waitForFinished(10000));
        QCOMPARE(control.exitCode(), 0);
        QVERIFY(control.readAllStandardOutput().endsWith(" x 0\n"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryDurability)
#include "tst_historydurability.moc"
