#include "rollout/rolloutengine.h"
#include "support/deploymentworkers.h"
#include "support/testserver.h"
#include "temporal/temporalclient.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using TestServer::await;

// Read-only mode and protected names (issue 11) against the real dev servers: the engine and the client
// themselves refuse (so no front end can go around them), and versionscope-cli refuses with exit code 2
// before any prompt, for version sets and Worker Deployments alike, leaving the server unchanged; a protected
// target goes through with its name confirmed (--confirm-name with -y, or typed at the prompt on a terminal).
class TestReadOnlyProtected : public QObject
{
    Q_OBJECT

    QString m_address;
    QString m_deploymentsAddress;
    QString m_cli;
    QTemporaryDir m_dir;

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static QString fresh(const char *prefix)
    {
        return QLatin1String(prefix) + QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    }

    // versionscope.toml with the given profile text, for VERSIONSCOPE_CONFIG_FILE.
    QString ownConfig(const QByteArray &text)
    {
        const QString path = m_dir.filePath(fresh("versionscope-") + QStringLiteral(".toml"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        file.write(text);
        return path;
    }

    // versionscope-cli against address; environment adds to the test's own. Without a terminal unless
    // terminalInput is given: then it runs under script(1), on a pseudo-terminal fed with that input.
    Run cli(const QString &address, const QStringList &arguments,
            const QMap<QString, QString> &environment = {},
            const std::optional<QByteArray> &terminalInput = std::nullopt)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("VERSIONSCOPE_HISTORY"), m_dir.filePath(QStringLiteral("history.sqlite")));
        // Not the user's own versionscope.toml, whatever it says.
        env.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"), m_dir.filePath(QStringLiteral("none.toml")));
        for (auto it = environment.cbegin(); it != environment.cend(); ++it)
            env.insert(it.key(), it.value());
        process.setProcessEnvironment(env);
        const QStringList all =
            QStringList{QStringLiteral("--address"), address, QStringLiteral("--version-set-limit"),
                        QString::number(TestServer::kSetLimit)} +
            arguments;
        if (terminalInput) {
            QStringList quoted;
            for (const QString &word : QStringList{m_cli} + all)
                quoted << QLatin1Char('\'') +
                              QString(word).replace(QLatin1Char('\''), QStringLiteral("'\\''")) +
                              QLatin1Char('\'');
            process.start(QStringLiteral("script"), {QStringLiteral("-qec"), quoted.join(QLatin1Char(' ')),
                                                     QStringLiteral("/dev/null")});
        } else {
            process.start(m_cli, all);
        }
        if (!process.waitForStarted(10000))
            return {};
        if (terminalInput)
            process.write(*terminalInput);
        else
            process.closeWriteChannel();
        process.waitForFinished(60000);
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                process.readAllStandardOutput(), process.readAllStandardError()};
    }

    QStringList update(const QString &queue, const QString &buildId)
    {
        return {QStringLiteral("task-queue"),
                QStringLiteral("update-build-ids"),
                QStringLiteral("add-new-default"),
                QStringLiteral("--build-id"),
                buildId,
                QStringLiteral("-t"),
                queue};
    }

    // The queue's sets as the server has them, read with an independent client.
    VersionSets setsOf(const QString &queue)
    {
        TemporalClient client(TestServer::settingsFor(m_address));
        const auto sets =
            await<VersionSets>([&](QObject *ctx, auto done) { client.getVersionSets(ctx, queue, done); });
        return sets && *sets ? sets->value() : VersionSets();
    }

    // A queue with one set [1.0], made through the CLI (not read-only, not protected).
    QString seededQueue()
    {
        const QString queue = fresh("safety-");
        const Run made =
            cli(m_address, update(queue, QStringLiteral("1.0")) + QStringList{QStringLiteral("-y")});
        if (made.exitCode != 0)
            qWarning() << "seeding failed:" << made.err;
        return queue;
    }

    RolloutEngine::ApplyResult applyThroughEngine(RolloutEngine &engine, const QString &queue,
                                                  const QString &confirmedName)
    {
        QueueReader::Options options;
        options.pollers = false;
        options.reachability = false;
        const auto snapshot =
            await<QueueSnapshot>([&](QObject *ctx, auto done) { engine.read(ctx, queue, options, done); });
        if (!snapshot || !*snapshot)
            return {};
        const VersionSetPreview preview =
            engine.preview(snapshot->value(), BuildIdOperation::addNewDefault(QStringLiteral("2.0")));
        std::optional<RolloutEngine::ApplyResult> result;
        QObject context;
        RolloutEngine::ApplyOptions applyOptions;
        applyOptions.confirmedName = confirmedName;
        engine.apply(&context, queue, preview.plan(), applyOptions,
                     [&result](const RolloutEngine::ApplyResult &r) { result = r; });
        QDeadlineTimer deadline(20000);
        while (!result && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
        return result.value_or(RolloutEngine::ApplyResult{});
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_address = TestServer::versioningAddress();
        m_deploymentsAddress = TestServer::deploymentsAddress();
        QVERIFY2(!m_address.isEmpty(), "the temporal fixture did not start");
        QVERIFY2(!m_deploymentsAddress.isEmpty(), "the temporal_deployments_server fixture did not start");
        m_cli = QStringLiteral(VERSIONSCOPE_CLI_PATH);
        QVERIFY(QFile::exists(m_cli));
        QVERIFY(m_dir.isValid());
    }

    // The engine itself refuses on a read-only connection: nothing sent, nothing recorded; the client under
    // it refuses too, should anything call it directly.
    void engineAndClientRefuseWhenReadOnly()
    {
        const QString queue = seededQueue();
        const VersionSets before = setsOf(queue);
        QCOMPARE(before.setCount(), 1);
        ConnectionSettings settings = TestServer::settingsFor(m_address);
        settings.safety.readOnly = true;
        settings.safety.readOnlyOrigin = QStringLiteral("--read-only");
        TemporalClient client(settings);
        RolloutEngine engine(&client);
        const RolloutEngine::ApplyResult result = applyThroughEngine(engine, queue, QString());
        QCOMPARE(result.outcome.status, ApplyOutcome::Status::NotSent);
        QCOMPARE(result.outcome.error.reason, QStringLiteral("read-only"));
        QCOMPARE(result.outcome.error.message, QStringLiteral("read-only: --read-only"));
        QVERIFY(!result.historyId);
        QCOMPARE(client.callCounts().value(QStringLiteral("UpdateWorkerBuildIdCompatibility")), 0);

        const auto direct = await<Done>([&](QObject *ctx, auto done) {
            client.updateVersionSets(ctx, queue, BuildIdOperation::addNewDefault(QStringLiteral("3.0")),
                                     done);
        });
        QVERIFY(direct && !*direct);
        QCOMPARE(direct->error().reason, QStringLiteral("read-only"));
        QCOMPARE(client.callCounts().value(QStringLiteral("UpdateWorkerBuildIdCompatibility")), 0);
        QCOMPARE(setsOf(queue), before);
    }

    // A protected queue's change is sent only with its name confirmed, whatever the front end.
    void engineRequiresTheProtectedName()
    {
        const QString queue = seededQueue();
        ConnectionSettings settings = TestServer::settingsFor(m_address);
        settings.safety.protectedNamespaces = {QStringLiteral("default")};
        settings.safety.protectedNamespacesOrigin = QStringLiteral("test");
        TemporalClient client(settings);
        RolloutEngine engine(&client);
        RolloutEngine::ApplyResult result = applyThroughEngine(engine, queue, queue.toUpper());
        QCOMPARE(result.outcome.status, ApplyOutcome::Status::NotSent);
        QCOMPARE(result.outcome.error.reason, QStringLiteral("confirmation-required"));
        QCOMPARE(setsOf(queue).setCount(), 1);
        result = applyThroughEngine(engine, queue, queue);
        QCOMPARE(result.outcome.status, ApplyOutcome::Status::Applied);
        QCOMPARE(setsOf(queue).queueDefault(), QStringLiteral("2.0"));
    }

    void cliRefusesVersionSetChangesWhenReadOnly_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QByteArray>("profile");
        QTest::addColumn<QString>("why");
        QTest::newRow("flag") << QStringList{QStringLiteral("--read-only")} << QString() << QByteArray()
                              << QStringLiteral("read-only: --read-only");
        QTest::newRow("environment") << QStringList() << QStringLiteral("1") << QByteArray()
                                     << QStringLiteral("read-only: VERSIONSCOPE_READ_ONLY");
        QTest::newRow("profile") << QStringList() << QString()
                                 << QByteArray("[profile.default]\nread_only = true\n")
                                 << QStringLiteral("read-only: profile \"default\" in ");
    }
    void cliRefusesVersionSetChangesWhenReadOnly()
    {
        QFETCH(QStringList, flags);
        QFETCH(QString, variable);
        QFETCH(QByteArray, profile);
        QFETCH(QString, why);
        const QString queue = seededQueue();
        const VersionSets before = setsOf(queue);
        QMap<QString, QString> environment;
        if (!variable.isEmpty())
            environment.insert(QStringLiteral("VERSIONSCOPE_READ_ONLY"), variable);
        if (!profile.isEmpty())
            environment.insert(QStringLiteral("VERSIONSCOPE_CONFIG_FILE"), ownConfig(profile));
        // -y: the refusal comes before any prompt or send, and says why.
        Run refused =
            cli(m_address, flags + update(queue, QStringLiteral("2.0")) + QStringList{QStringLiteral("-y")},
                environment);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(("not sent: " + why).toUtf8()), refused.err.constData());
        QVERIFY(refused.out.isEmpty());
        QCOMPARE(setsOf(queue), before);
        // Without -y on a terminal: refused all the same, nothing asked.
        refused =
            cli(m_address, flags + update(queue, QStringLiteral("2.0")), environment, QByteArray("y\n"));
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(!refused.out.contains("[y/N]"), refused.out.constData());
        QCOMPARE(setsOf(queue), before);
        // A dry run still previews.
        const Run dryRun =
            cli(m_address,
                flags + update(queue, QStringLiteral("2.0")) + QStringList{QStringLiteral("--dry-run")},
                environment);
        QCOMPARE(dryRun.exitCode, 0);
        QVERIFY2(dryRun.out.contains("2.0"), dryRun.out.constData());
        QCOMPARE(setsOf(queue), before);
        // The history holds the seed's attempt and the reads' observations, never a refused attempt.
        const Run history = cli(m_address, {QStringLiteral("history"), QStringLiteral("-t"), queue,
                                            QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(history.exitCode, 0);
        int attempts = 0;
        for (const QJsonValue &entry : QJsonDocument::fromJson(history.out).array())
            attempts += entry[QStringLiteral("kind")].toString() == QLatin1String("applied") ? 1 : 0;
        QCOMPARE(attempts, 1);
    }

    void cliNeedsTheProtectedQueueName()
    {
        const QString queue = seededQueue();
        const VersionSets before = setsOf(queue);
        const QMap<QString, QString> environment{
            {QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
             ownConfig("[profile.default]\nprotected_task_queues = [\"" + queue.toUtf8() + "\"]\n")}};
        const QStringList change = update(queue, QStringLiteral("2.0"));
        Run run = cli(m_address, change + QStringList{QStringLiteral("-y")}, environment);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("is protected") && run.err.contains("--confirm-name"), run.err.constData());
        run =
            cli(m_address,
                change + QStringList{QStringLiteral("-y"), QStringLiteral("--confirm-name"), queue.toUpper()},
                environment);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("does not name"), run.err.constData());
        QCOMPARE(setsOf(queue), before);
        // On a terminal, y is not the name.
        run = cli(m_address, change, environment, QByteArray("y\n"));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(("Type " + queue + " to apply").toUtf8()), run.out.constData());
        QCOMPARE(setsOf(queue), before);
        // The name typed at the prompt applies it.
        run = cli(m_address, change, environment, queue.toUtf8() + '\n');
        QVERIFY2(run.exitCode == 0, run.out.constData());
        QCOMPARE(setsOf(queue).queueDefault(), QStringLiteral("2.0"));
        // And --confirm-name with -y.
        run = cli(m_address,
                  update(queue, QStringLiteral("3.0")) +
                      QStringList{QStringLiteral("-y"), QStringLiteral("--confirm-name"), queue},
                  environment);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(setsOf(queue).queueDefault(), QStringLiteral("3.0"));
    }

    // Worker Deployments: read-only refuses, a protected deployment needs its name, in an unprotected
    // namespace too; real SDK workers poll v1 and v2.
    void cliOnDeployments()
    {
        DeploymentWorkers workers(m_deploymentsAddress,
                                  QProcessEnvironment::systemEnvironment().value(
                                      QStringLiteral("VERSIONSCOPE_TEST_DEPLOYMENTS_SERVER_DIR")),
                                  {QStringLiteral("safety"),
                                   {QStringLiteral("v1"), QStringLiteral("v2")},
                                   {QStringLiteral("q")},
                                   QStringLiteral("v1")});
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        const auto current = [&] {
            const Run described =
                cli(m_deploymentsAddress,
                    {QStringLiteral("worker"), QStringLiteral("deployment"), QStringLiteral("describe"),
                     QStringLiteral("--name"), name, QStringLiteral("-o"), QStringLiteral("json")});
            return QJsonDocument::fromJson(described.out)
                .object()[QStringLiteral("routingConfig")][QStringLiteral("currentVersionBuildID")]
                .toString();
        };
        QCOMPARE(current(), QStringLiteral("v1"));
        const QStringList setCurrent{QStringLiteral("worker"),
                                     QStringLiteral("deployment"),
                                     QStringLiteral("set-current-version"),
                                     QStringLiteral("--deployment-name"),
                                     name,
                                     QStringLiteral("--build-id"),
                                     QStringLiteral("v2"),
                                     QStringLiteral("-y")};
        Run run = cli(m_deploymentsAddress, QStringList{QStringLiteral("--read-only")} + setCurrent);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("not sent: read-only: --read-only"), run.err.constData());
        QCOMPARE(current(), QStringLiteral("v1"));

        const QMap<QString, QString> environment{
            {QStringLiteral("VERSIONSCOPE_CONFIG_FILE"),
             ownConfig("[profile.default]\nprotected_deployments = [\"" + name.toUtf8() + "\"]\n")}};
        run = cli(m_deploymentsAddress, setCurrent, environment);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("is protected"), run.err.constData());
        QCOMPARE(current(), QStringLiteral("v1"));
        run = cli(m_deploymentsAddress, setCurrent + QStringList{QStringLiteral("--confirm-name"), name},
                  environment);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(current(), QStringLiteral("v2"));
    }
};

QTEST_GUILESS_MAIN(TestReadOnlyProtected)
#include "tst_readonlyprotected.moc"
