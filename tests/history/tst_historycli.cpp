#include "history/historyexport.h"
#include "history/historystore.h"
#include "support/deploymentnotation.h"
#include "support/opnotation.h"
#include "support/setnotation.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// `versionscope-cli history` lists both models and filters by them (issue 10), run as a person runs it on a
// history that holds version-set and deployment entries. Needs no Temporal server: history reads the store.
class TestHistoryCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_file;
    QList<qint64> m_ids;

    QString run(const QStringList &arguments, int *exitCode = nullptr)
    {
        QProcess cli;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove("VERSIONSCOPE_HISTORY");
        environment.insert("HOME", m_dir.path());
        cli.setProcessEnvironment(environment);
        cli.start(VERSIONSCOPE_CLI_PATH, QStringList{"--history", m_file} + arguments);
        if (!cli.waitForFinished(30000))
            return "timeout";
        if (exitCode)
            *exitCode = cli.exitCode();
        return QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError());
    }

    QList<qint64> idsOf(const QString &json)
    {
        QList<qint64> ids;
        for (const QJsonValue &entry : QJsonDocument::fromJson(json.toUtf8()).array())
            ids << entry.toObject().value("id").toInteger();
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_file = m_dir.filePath("history.sqlite");
        std::unique_ptr<HistoryStore> store = HistoryStore::open(HistoryLocation::sqliteFile(m_file)).value();
        const QDateTime at = QDateTime(QDate(2026, 5, 4), QTime(9, 0), Qt::UTC);
        HistoryContext queue{"alice",    "alice@laptop", "temporal:7233",
                             "payments", "orders",       HistoryContext::Source::Cli};
        HistoryContext deployment = queue;
        deployment.taskQueue.clear();
        deployment.model = HistoryContext::Model::Deployment;
        deployment.deploymentName = "svc";
        HistoryContext other = deployment;
        other.deploymentName = "billing";
        m_ids << store->append(HistoryEntry::observedChange(queue, {}, setsFrom("1.0"), at)).value();
        m_ids << store
                     ->recordDeploymentObservation(deployment, deploymentFrom("svc", "v1:current*", 1, "ci"),
                                                   at.addSecs(60))
                     .value()
                     .value();
        m_ids << store
                     ->recordDeploymentObservation(other, deploymentFrom("billing", "b1:current*"),
                                                   at.addSecs(120))
                     .value()
                     .value();
        m_ids << store
                     ->recordDeploymentObservation(
                         deployment,
                         deploymentFrom("svc", "v1:current* v2:ramping~10", 2, "bob@ci (temporal-cli)"),
                         at.addSecs(180))
                     .value()
                     .value();
    }

    void filters_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("both") << QStringList{} << QList<int>{3, 2, 1, 0};
        QTest::newRow("deployments") << QStringList{"--model", "deployment"} << QList<int>{3, 2, 1};
        QTest::newRow("version sets") << QStringList{"--model", "version-sets"} << QList<int>{0};
        QTest::newRow("one deployment") << QStringList{"--deployment", "svc"} << QList<int>{3, 1};
        QTest::newRow("one deployment, newest")
            << QStringList{"--deployment", "svc", "--limit", "1"} << QList<int>{3};
    }

    void filters()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QList<int>, expected);
        int exitCode = -1;
        const QString json = run(QStringList{"history", "-o", "json"} + arguments, &exitCode);
        QCOMPARE(exitCode, 0);
        QList<qint64> ids;
        for (int index : expected)
            ids << m_ids.at(index);
        QCOMPARE(idsOf(json), ids);
    }

    void textAndShow()
    {
        int exitCode = -1;
        const QString text = run({"history", "--deployment", "svc"}, &exitCode);
        QCOMPARE(exitCode, 0);
        QVERIFY2(text.contains("deployment svc"), qPrintable(text));
        QVERIFY2(text.contains("bob@ci (temporal-cli)"), qPrintable(text));
        const QString shown = run({"history", "show", QString::number(m_ids.at(3))}, &exitCode);
        QCOMPARE(exitCode, 0);
        QVERIFY2(shown.contains("Deployment:     svc"), qPrintable(shown));
        QVERIFY2(shown.contains("Changed by:     bob@ci (temporal-cli)"), qPrintable(shown));
        QVERIFY2(shown.contains("current v1, ramping v2 at 10%"), qPrintable(shown));
        const QString json = run({"history", "show", QString::number(m_ids.at(3)), "-o", "json"}, &exitCode);
        QCOMPARE(exitCode, 0);
        QCOMPARE(historyEntryFromJson(QJsonDocument::fromJson(json.toUtf8()).object()).value().id,
                 m_ids.at(3));
        // CSV carries the deployment columns and reads back.
        const QString csv = run({"history", "-o", "csv"}, &exitCode);
        QCOMPARE(exitCode, 0);
        const Result<QList<HistoryEntry>> entries = historyFromCsv(csv);
        QVERIFY2(entries.isOk(), entries ? "" : qPrintable(entries.error().toString()));
        QCOMPARE(entries.value().size(), 4);
        QCOMPARE(entries.value().first().context.deploymentName, QString("svc"));
    }

    void usageErrors()
    {
        int exitCode = -1;
        const QString text = run({"history", "--model", "queues"}, &exitCode);
        QCOMPARE(exitCode, 2);
        QVERIFY2(text.contains("--model takes version-sets or deployment"), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestHistoryCli)
#include "tst_historycli.moc"
