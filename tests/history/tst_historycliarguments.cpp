#include "cliinvocation.h"

#include <QTest>

// versionscope-cli history's filters for the two models (issue 10): --model and --deployment.
class TestHistoryCliArguments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepted_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("deployment");
        QTest::addColumn<QString>("taskQueue");
        QTest::newRow("both models") << QStringList{"history"} << ""
                                     << ""
                                     << "";
        QTest::newRow("deployments") << QStringList{"history", "--model", "deployment"} << "deployment"
                                     << ""
                                     << "";
        QTest::newRow("version sets") << QStringList{"history", "--model", "version-sets"} << "version-sets"
                                      << ""
                                      << "";
        QTest::newRow("one deployment")
            << QStringList{"--deployment", "svc", "history", "--limit", "5"} << "deployment"
            << "svc"
            << "";
        QTest::newRow("one deployment, model said")
            << QStringList{"history", "--deployment=svc", "--model", "deployment"} << "deployment"
            << "svc"
            << "";
        QTest::newRow("a queue's version sets")
            << QStringList{"history", "-t", "orders", "--model", "version-sets"} << "version-sets"
            << ""
            << "orders";
    }

    void accepted()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, model);
        QFETCH(QString, deployment);
        QFETCH(QString, taskQueue);
        const Result<CliInvocation> cli = parseCliArguments(arguments);
        QVERIFY2(cli.isOk(), cli ? "" : qPrintable(cli.error().message));
        QCOMPARE(cli.value().command, CliInvocation::Command::History);
        QCOMPARE(cli.value().historyModel ? HistoryContext::modelName(*cli.value().historyModel) : QString(),
                 model);
        QCOMPARE(cli.value().historyDeployment, deployment);
        QCOMPARE(cli.value().taskQueue, taskQueue);
    }

    void refused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown model") << QStringList{"history", "--model", "queues"}
                                       << "--model takes version-sets or deployment, not \"queues\"";
        QTest::newRow("empty deployment")
            << QStringList{"history", "--deployment", ""} << "--deployment needs a deployment name";
        QTest::newRow("queue and deployment")
            << QStringList{"history", "-t", "orders", "--deployment", "svc"} << "-t names a task queue";
        QTest::newRow("queue and deployment model")
            << QStringList{"history", "-t", "orders", "--model", "deployment"} << "-t names a task queue";
        QTest::newRow("deployment of version sets")
            << QStringList{"history", "--deployment", "svc", "--model", "version-sets"}
            << "--deployment lists deployment entries";
        QTest::newRow("not history") << QStringList{"task-queue", "list", "--model", "deployment"}
                                     << "--model and --deployment are for history";
    }

    void refused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Result<CliInvocation> cli = parseCliArguments(arguments);
        QVERIFY(!cli.isOk());
        QCOMPARE(cli.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(cli.error().message.startsWith(message), qPrintable(cli.error().message));
    }

    void helpSaysSo()
    {
        const QString help = cliHelpText();
        QVERIFY(help.contains("--model MODEL"));
        QVERIFY(help.contains("--deployment NAME"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryCliArguments)
#include "tst_historycliarguments.moc"
