#include "support/deploymentworkers.h"
#include "support/testserver.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

// `versionscope-cli worker deployment …` as an operator runs it, against the deployments dev server and real
// Python SDK workers: its JSON compared with the official `temporal worker deployment … -o json` on the same
// server, every change command checked by reading the server back with the official CLI, the preview and its
// safety (dry run, blocked changes, no terminal), a change made by another tool seen in the history, and the
// history of every attempt. Each test starts workers of a deployment of its own, so no test sees another's
// changes.
class TestDeploymentCli : public QObject
{
    Q_OBJECT

    QString m_address;
    QString m_cli;
    QString m_temporal;
    QTemporaryDir m_dir;
    QString m_history;
    // dryRunChangesNothing's deployment, shared by its rows (declared after m_dir: stopped before it goes).
    std::unique_ptr<DeploymentWorkers> m_dryRunWorkers;

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    // The identity versionscope-cli sends is built from $USER: pin it, so that the manager identity tests
    // know what "--self" names.
    static constexpr const char *kUser = "deploy-cli-test";

    Run run(const QString &program, const QStringList &arguments)
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("USER"), QLatin1String(kUser));
        process.setProcessEnvironment(environment);
        process.start(program, arguments);
        if (!process.waitForStarted(10000))
            return {};
        // No terminal on stdin: a change without -y has nobody to ask.
        process.closeWriteChannel();
        process.waitForFinished(90000);
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                process.readAllStandardOutput(), process.readAllStandardError()};
    }

    // What versionscope-cli sends as its identity (ConnectionSettingsResolver: $USER@host (versionscope)).
    static QString selfIdentity()
    {
        return QString::fromLatin1(kUser) + QLatin1Char('@') + QSysInfo::machineHostName() +
               QStringLiteral(" (versionscope)");
    }

    Run cli(const QStringList &arguments)
    {
        return run(m_cli, QStringList{QStringLiteral("--address"), m_address, QStringLiteral("--namespace"),
                                      QStringLiteral("default"), QStringLiteral("--history"), m_history} +
                              arguments);
    }

    Run temporal(const QStringList &arguments)
    {
        return run(m_temporal,
                   arguments + QStringList{QStringLiteral("--address"), m_address,
                                           QStringLiteral("--namespace"), QStringLiteral("default")});
    }

    static QStringList deploymentCommand(const QStringList &words)
    {
        return QStringList{QStringLiteral("worker"), QStringLiteral("deployment")} + words;
    }

    static QJsonValue parse(const QByteArray &json)
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError)
            return QJsonValue(QJsonValue::Undefined);
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }

    // Versionscope keeps times to the millisecond (QDateTime); the official CLI prints the server's
    // nanoseconds with trailing zeros trimmed. Both sides' times are brought to exactly three fraction digits
    // (truncated, as Versionscope truncates), and nothing else is touched.
    static QString normalizedTime(const QString &text)
    {
        static const QRegularExpression time(QStringLiteral(
            "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)(?:\\.(\\d{1,9}))?(Z|[+-]\\d\\d:\\d\\d)$"));
        const QRegularExpressionMatch match = time.match(text);
        if (!match.hasMatch())
            return text;
        const QString fraction = match.captured(2).left(3).leftJustified(3, QLatin1Char('0'));
        return match.captured(1) + QLatin1Char('.') + fraction + match.captured(3);
    }

    static QByteArray withoutFractions(const QByteArray &text)
    {
        static const QRegularExpression fraction(QStringLiteral("(T\\d\\d:\\d\\d:\\d\\d)\\.\\d{1,9}Z"));
        return QString::fromUtf8(text).replace(fraction, QStringLiteral("\\1Z")).toUtf8();
    }

    // The server lists a version's task queues in a different order on every call (map order): sorted by
    // name, then type, on both sides.
    static QJsonValue normalized(const QJsonValue &value, const QString &key = {})
    {
        if (value.isString())
            return normalizedTime(value.toString());
        if (value.isObject()) {
            QJsonObject object = value.toObject();
            for (auto it = object.begin(); it != object.end(); ++it)
                it.value() = normalized(it.value(), it.key());
            return object;
        }
        if (value.isArray()) {
            QJsonArray array;
            for (const QJsonValue &element : value.toArray())
                array.append(normalized(element));
            if (key == QLatin1String("taskQueuesInfos")) {
                QList<QJsonValue> list(array.begin(), array.end());
                std::sort(list.begin(), list.end(), [](const QJsonValue &a, const QJsonValue &b) {
                    const auto sortKey = [](const QJsonValue &v) {
                        return v[QLatin1String("name")].toString() + QLatin1Char('\n') +
                               v[QLatin1String("type")].toString();
                    };
                    return sortKey(a) < sortKey(b);
                });
                array = QJsonArray();
                for (const QJsonValue &element : list)
                    array.append(element);
            }
            return array;
        }
        return value;
    }

    // Where two JSON values first differ, as a path, for a failure message that says what to fix.
    static QString firstDifference(const QJsonValue &a, const QJsonValue &b,
                                   const QString &path = QStringLiteral("$"))
    {
        if (a.type() != b.type())
            return path + QStringLiteral(": ") + describe(a) + QStringLiteral(" vs ") + describe(b);
        if (a.isObject()) {
            const QJsonObject x = a.toObject(), y = b.toObject();
            QStringList keys = x.keys() + y.keys();
            keys.removeDuplicates();
            for (const QString &key : keys) {
                const QString found =
                    firstDifference(x.value(key), y.value(key), path + QLatin1Char('.') + key);
                if (!found.isEmpty())
                    return found;
            }
            return {};
        }
        if (a.isArray()) {
            const QJsonArray x = a.toArray(), y = b.toArray();
            if (x.size() != y.size())
                return path + QStringLiteral(": %1 vs %2 elements").arg(x.size()).arg(y.size());
            for (qsizetype i = 0; i < x.size(); ++i) {
                const QString found = firstDifference(x.at(i), y.at(i), path + QStringLiteral("[%1]").arg(i));
                if (!found.isEmpty())
                    return found;
            }
            return {};
        }
        return a == b ? QString()
                      : path + QStringLiteral(": ") + describe(a) + QStringLiteral(" vs ") + describe(b);
    }

    static QString describe(const QJsonValue &value)
    {
        if (value.isUndefined())
            return QStringLiteral("(absent)");
        return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    }

    static QString stateDir() { return qEnvironmentVariable("VERSIONSCOPE_TEST_DEPLOYMENTS_SERVER_DIR"); }

    // v1 current, v2 polling too, both on task queues a and b.
    static DeploymentWorkers::Spec twoVersions(const QString &prefix, int pinned = 0)
    {
        return DeploymentWorkers::Spec{prefix,
                                       {QStringLiteral("v1"), QStringLiteral("v2")},
                                       {QStringLiteral("a"), QStringLiteral("b")},
                                       QStringLiteral("v1"),
                                       pinned,
                                       0};
    }

    // The deployment as the official CLI reads it.
    QJsonObject serverDescribe(const QString &name)
    {
        const Run described =
            temporal(deploymentCommand({QStringLiteral("describe"), QStringLiteral("--name"), name,
                                        QStringLiteral("-o"), QStringLiteral("json")}));
        if (described.exitCode != 0)
            qWarning() << "temporal describe failed:" << described.err;
        return parse(described.out).toObject();
    }

    static QString compactJson(const QByteArray &json)
    {
        const QJsonDocument document = QJsonDocument::fromJson("[" + json + "]");
        if (!document.isArray())
            return QStringLiteral("(not JSON) ") + QString::fromUtf8(json);
        return QString::fromUtf8(document.toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    }

    // One fact about the deployment, read with the official CLI. key: current, ramping, percentage, manager,
    // lastModifier, versions (build IDs, sorted, comma-separated), or metadata:BUILD_ID (KEY=DATA, sorted,
    // comma-separated, DATA the payload's JSON, compact: Go's encoder writes "<" as "\\u003c", Qt's does
    // not).
    QString serverFact(const QString &name, const QString &key)
    {
        if (key.startsWith(QLatin1String("metadata:"))) {
            const Run described = temporal(deploymentCommand(
                {QStringLiteral("describe-version"), QStringLiteral("--deployment-name"), name,
                 QStringLiteral("--build-id"), key.mid(9), QStringLiteral("-o"), QStringLiteral("json")}));
            const QJsonObject metadata = parse(described.out)[QLatin1String("metadata")].toObject();
            QStringList entries;
            for (auto it = metadata.begin(); it != metadata.end(); ++it)
                entries << it.key() + QLatin1Char('=') +
                               compactJson(QByteArray::fromBase64(
                                   it.value()[QLatin1String("data")].toString().toLatin1()));
            entries.sort();
            return entries.join(QLatin1Char(','));
        }
        const QJsonObject d = serverDescribe(name);
        const QJsonObject routing = d.value(QStringLiteral("routingConfig")).toObject();
        if (key == QLatin1String("current"))
            return routing.value(QStringLiteral("currentVersionBuildID")).toString();
        if (key == QLatin1String("ramping"))
            return routing.value(QStringLiteral("rampingVersionBuildID")).toString();
        if (key == QLatin1String("percentage"))
            return QString::number(routing.value(QStringLiteral("rampingVersionPercentage")).toDouble());
        if (key == QLatin1String("manager"))
            return d.value(QStringLiteral("managerIdentity")).toString();
        if (key == QLatin1String("lastModifier"))
            return d.value(QStringLiteral("lastModifierIdentity")).toString();
        if (key == QLatin1String("versions")) {
            QStringList ids;
            for (const QJsonValue &v : d.value(QStringLiteral("versionSummaries")).toArray())
                ids << v[QLatin1String("BuildID")].toString();
            ids.sort();
            return ids.join(QLatin1Char(','));
        }
        qWarning() << "unknown fact" << key;
        return {};
    }

    // The routing facts a change could move, for "nothing changed" checks.
    QStringList routingFacts(const QString &name)
    {
        const QJsonObject d = serverDescribe(name);
        const QJsonObject routing = d.value(QStringLiteral("routingConfig")).toObject();
        return {routing.value(QStringLiteral("currentVersionBuildID")).toString(),
                routing.value(QStringLiteral("rampingVersionBuildID")).toString(),
                QString::number(routing.value(QStringLiteral("rampingVersionPercentage")).toDouble()),
                routing.value(QStringLiteral("currentVersionChangedTime")).toString(),
                routing.value(QStringLiteral("rampingVersionChangedTime")).toString(),
                d.value(QStringLiteral("managerIdentity")).toString(),
                d.value(QStringLiteral("lastModifierIdentity")).toString()};
    }

    QJsonArray history(const QStringList &filter)
    {
        const Run listed =
            cli(QStringList{QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("0"),
                            QStringLiteral("-o"), QStringLiteral("json")} +
                filter);
        if (listed.exitCode != 0)
            qWarning() << "history failed:" << listed.err;
        return parse(listed.out).toArray();
    }

    // The deployment's entries, oldest first (by id: the CLI lists the newest first).
    QJsonArray deploymentHistory(const QString &name)
    {
        const QJsonArray entries = history({QStringLiteral("--deployment"), name});
        QList<QJsonValue> list(entries.begin(), entries.end());
        std::sort(list.begin(), list.end(), [](const QJsonValue &a, const QJsonValue &b) {
            return a[QLatin1String("id")].toInteger() < b[QLatin1String("id")].toInteger();
        });
        QJsonArray oldestFirst;
        for (const QJsonValue &e : list)
            oldestFirst.append(e);
        return oldestFirst;
    }

    // A change through versionscope-cli with -y and a reason; returns what it printed.
    Run change(const QString &name, const QStringList &words, const QString &reason)
    {
        return cli(deploymentCommand(words) + QStringList{QStringLiteral("--deployment-name"), name,
                                                          QStringLiteral("-y"), QStringLiteral("--reason"),
                                                          reason});
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_address = TestServer::deploymentsAddress();
        QVERIFY2(!m_address.isEmpty(), "the temporal_deployments_server fixture did not start");
        m_cli = QStringLiteral(VERSIONSCOPE_CLI_PATH);
        m_temporal = TestServer::temporalCliIn("VERSIONSCOPE_TEST_DEPLOYMENTS_SERVER_DIR");
        QVERIFY(QFile::exists(m_cli));
        QVERIFY(QFile::exists(m_temporal));
        QVERIFY(m_dir.isValid());
        m_history = m_dir.filePath(QStringLiteral("h.sqlite"));
    }

    void jsonIsIdenticalToTemporalCli_data()
    {
        QTest::addColumn<QStringList>("words");
        // Changes made through versionscope-cli first, so that each routing shape is compared.
        QTest::addColumn<QList<QStringList>>("setup");
        QTest::addColumn<int>("pinned");
        // NAME stands for the test's deployment.
        const QStringList describe{"describe", "-d", "NAME"};
        const auto version = [](const char *buildId) {
            return QStringList{"describe-version", "--deployment-name", "NAME", "--build-id", buildId};
        };
        QTest::newRow("list") << QStringList{"list"} << QList<QStringList>{} << 0;
        QTest::newRow("describe") << describe << QList<QStringList>{} << 1;
        QTest::newRow("describe, ramping 33.33 %")
            << describe
            << QList<QStringList>{{"set-ramping-version", "--build-id", "v2", "--percentage", "33.33"}} << 0;
        // The official CLI prints a ramp to the unversioned workers as empty name and build ID with its
        // percentage (facts doc).
        QTest::newRow("describe, ramping the unversioned workers")
            << describe << QList<QStringList>{{"set-ramping-version", "--unversioned", "--percentage", "30"}}
            << 0;
        QTest::newRow("describe, unversioned current")
            << describe << QList<QStringList>{{"set-current-version", "--unversioned"}} << 0;
        QTest::newRow("describe, a version draining")
            << describe << QList<QStringList>{{"set-current-version", "--build-id", "v2"}} << 1;
        // Go's encoding/json escapes <, > and & as \u003c, \u003e, \u0026 and keeps other UTF-8.
        QTest::newRow("describe, manager identity with characters to escape")
            << describe
            << QList<QStringList>{{"manager-identity", "set", "--manager-identity", "Zoë <ops> & \"co\""}}
            << 0;
        QTest::newRow("describe-version current") << version("v1") << QList<QStringList>{} << 1;
        QTest::newRow("describe-version inactive") << version("v2") << QList<QStringList>{} << 0;
        QTest::newRow("describe-version ramping")
            << version("v2")
            << QList<QStringList>{{"set-ramping-version", "--build-id", "v2", "--percentage", "12.5"}} << 0;
        QTest::newRow("describe-version draining")
            << version("v1") << QList<QStringList>{{"set-current-version", "--build-id", "v2"}} << 1;
        QTest::newRow("describe-version with metadata")
            << version("v2")
            << QList<QStringList>{{"update-version-metadata", "--build-id", "v2", "--metadata",
                                   "ticket={\"id\":42,\"url\":\"https://x/<a>&b\"}", "--metadata",
                                   "owner=\"Zoë\""}}
            << 0;
        // Last: the deployments of the rows above are still on the server, with every routing shape.
        QTest::newRow("list, after the other rows") << QStringList{"list"} << QList<QStringList>{} << 0;
    }

    void jsonIsIdenticalToTemporalCli()
    {
        QFETCH(QStringList, words);
        QFETCH(QList<QStringList>, setup);
        QFETCH(int, pinned);
        DeploymentWorkers workers(m_address, stateDir(), twoVersions(QStringLiteral("parity"), pinned));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        for (const QStringList &step : setup) {
            const Run prepared = change(name, step, QStringLiteral("parity"));
            QVERIFY2(prepared.exitCode == 0, prepared.err.constData());
        }
        words.replaceInStrings(QStringLiteral("NAME"), name);
        const QStringList command =
            deploymentCommand(words) + QStringList{QStringLiteral("-o"), QStringLiteral("json")};

        // Both read the same server one after the other. Other tests may create deployments in between
        // (list), and a summary's createTime can move between two reads (see the facts doc): a difference is
        // only a failure when it persists over several attempts.
        QString difference = QStringLiteral("not compared");
        Run ours;
        Run theirs;
        const QDeadlineTimer deadline(60000);
        while (!difference.isEmpty() && !deadline.hasExpired()) {
            ours = cli(command);
            theirs = temporal(command);
            QVERIFY2(ours.exitCode == 0, ours.err.constData());
            QVERIFY2(theirs.exitCode == 0, theirs.err.constData());
            const QJsonValue a = parse(ours.out);
            const QJsonValue b = parse(theirs.out);
            QVERIFY2(!a.isUndefined(), ours.out.constData());
            QVERIFY2(!b.isUndefined(), theirs.out.constData());
            difference = firstDifference(normalized(a), normalized(b));
            // Where the server's order is stable (everything but a version's task queues), the text is the
            // same byte for byte too, once the fractions of seconds are dropped: Go's indentation, escaping
            // and number forms.
            if (difference.isEmpty() && words.first() != QLatin1String("describe-version") &&
                withoutFractions(ours.out) != withoutFractions(theirs.out))
                difference = QStringLiteral("the same JSON, printed differently");
        }
        QVERIFY2(difference.isEmpty(),
                 qPrintable(difference + QStringLiteral("\nversionscope-cli:\n") +
                            QString::fromUtf8(ours.out) + QStringLiteral("\ntemporal:\n") +
                            QString::fromUtf8(theirs.out)));
        // The comparison saw the deployment, not two empty answers.
        QVERIFY(ours.out.contains(name.toUtf8()));
    }

    void errorsAreTheServersWords_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("message");
        QTest::newRow("describe, no such deployment")
            << QStringList{"describe", "-d", "NAME-nope"}
            << "no Worker Deployment found with name 'NAME-nope'; does your Worker Deployment have pollers?";
        QTest::newRow("describe-version, no such version")
            << QStringList{"describe-version", "--deployment-name", "NAME", "--build-id", "zzz"}
            << "Worker Deployment Version not found";
        QTest::newRow("describe-version, no such deployment")
            << QStringList{"describe-version", "--deployment-name", "NAME-nope", "--build-id", "v1"}
            << "Worker Deployment Version not found";
    }

    // What the server refuses to read, both CLIs report with exit code 1 and the server's words.
    void errorsAreTheServersWords()
    {
        QFETCH(QStringList, words);
        QFETCH(QString, message);
        DeploymentWorkers workers(m_address, stateDir(), twoVersions(QStringLiteral("errors")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        words.replaceInStrings(QStringLiteral("NAME"), workers.name());
        message.replace(QStringLiteral("NAME"), workers.name());
        const QStringList command =
            deploymentCommand(words) + QStringList{QStringLiteral("-o"), QStringLiteral("json")};
        const Run ours = cli(command);
        const Run theirs = temporal(command);
        QCOMPARE(ours.exitCode, 1);
        QCOMPARE(theirs.exitCode, 1);
        QVERIFY2(QString::fromUtf8(theirs.err).contains(message), theirs.err.constData());
        QCOMPARE(QString::fromUtf8(ours.err).trimmed(), QStringLiteral("error: ") + message);
        QVERIFY2(ours.out.isEmpty(), ours.out.constData());
    }

    void everyChangeCommand_data()
    {
        // Each step: the command words (--deployment-name is added), then facts the server must show
        // afterwards (see serverFact), "key=value".
        QTest::addColumn<QList<QStringList>>("steps");
        QTest::addColumn<QList<QStringList>>("facts");
        QTest::newRow("set-current-version")
            << QList<QStringList>{{"set-current-version", "--build-id", "v2"}}
            << QList<QStringList>{{"current=v2", "ramping=", "percentage=0"}};
        QTest::newRow("set-ramping-version 10 then 50")
            << QList<QStringList>{{"set-ramping-version", "--build-id", "v2", "--percentage", "10"},
                                  {"set-ramping-version", "--build-id", "v2", "--percentage", "50"}}
            << QList<QStringList>{{"current=v1", "ramping=v2", "percentage=10"},
                                  {"current=v1", "ramping=v2", "percentage=50"}};
        QTest::newRow("set-ramping-version --delete")
            << QList<QStringList>{{"set-ramping-version", "--build-id", "v2", "--percentage", "10"},
                                  {"set-ramping-version", "--delete"}}
            << QList<QStringList>{{"ramping=v2", "percentage=10"},
                                  {"current=v1", "ramping=", "percentage=0"}};
        QTest::newRow("set-current-version --unversioned and back")
            << QList<QStringList>{{"set-current-version", "--unversioned"},
                                  {"set-current-version", "--build-id", "v1"}}
            << QList<QStringList>{{"current="}, {"current=v1"}};
        // A version that may be deleted: created without workers by ramping an unknown build ID with
        // --allow-no-pollers (it has no task queues, hence --ignore-missing-task-queues), then the ramp is
        // stopped; it never polled, so skipping its drainage is allowed (facts doc, "Deleting").
        QTest::newRow("delete-version")
            << QList<QStringList>{{"set-ramping-version", "--build-id", "v9", "--percentage", "0",
                                   "--allow-no-pollers", "--ignore-missing-task-queues"},
                                  {"set-ramping-version", "--delete"},
                                  {"delete-version", "--build-id", "v9", "--skip-drainage"}}
            << QList<QStringList>{{"ramping=v9", "versions=v1,v2,v9"}, {"ramping="}, {"versions=v1,v2"}};
        QTest::newRow("update-version-metadata")
            << QList<QStringList>{{"update-version-metadata", "--build-id", "v2", "--metadata",
                                   "owner=\"payments\"", "--metadata", "replicas=3", "--metadata",
                                   "ticket={\"id\":42}"},
                                  {"update-version-metadata", "--build-id", "v2", "--remove-entries",
                                   "replicas", "--remove-entries", "not-there"}}
            << QList<QStringList>{{"metadata:v2=owner=\"payments\",replicas=3,ticket={\"id\":42}"},
                                  {"metadata:v2=owner=\"payments\",ticket={\"id\":42}"}};
        QTest::newRow("manager-identity set, set --self, unset")
            << QList<QStringList>{{"manager-identity", "set", "--manager-identity", "ctl@k8s"},
                                  {"manager-identity", "set", "--self"},
                                  {"manager-identity", "unset"}}
            << QList<QStringList>{{"manager=ctl@k8s"}, {"manager=SELF"}, {"manager="}};
    }

    // Every change command with -y and --reason: exit code 0, the outcome line, the history entry's number,
    // and the server (read with the official CLI) shows the change; each attempt is in the history with its
    // reason.
    void everyChangeCommand()
    {
        QFETCH(QList<QStringList>, steps);
        QFETCH(QList<QStringList>, facts);
        QCOMPARE(steps.size(), facts.size());
        DeploymentWorkers workers(m_address, stateDir(), twoVersions(QStringLiteral("change")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        QList<qint64> recorded;
        for (qsizetype i = 0; i < steps.size(); ++i) {
            const QString reason =
                QStringLiteral("step %1 of %2").arg(i + 1).arg(QString::fromUtf8(QTest::currentDataTag()));
            const Run applied = change(name, steps.at(i), reason);
            const QString what = steps.at(i).join(QLatin1Char(' ')) + QStringLiteral("\nstdout:\n") +
                                 QString::fromUtf8(applied.out) + QStringLiteral("\nstderr:\n") +
                                 QString::fromUtf8(applied.err);
            QVERIFY2(applied.exitCode == 0, qPrintable(what));
            QVERIFY2(applied.out.contains("applied; the deployment now matches the preview"),
                     qPrintable(what));
            static const QRegularExpression entry(QStringLiteral("recorded in the history as entry (\\d+)"));
            const QRegularExpressionMatch match = entry.match(QString::fromUtf8(applied.out));
            QVERIFY2(match.hasMatch(), qPrintable(what));
            recorded << match.captured(1).toLongLong();
            for (const QString &fact : facts.at(i)) {
                const qsizetype eq = fact.indexOf(QLatin1Char('='));
                QString expected = fact.mid(eq + 1);
                if (expected == QLatin1String("SELF"))
                    expected = selfIdentity();
                QCOMPARE(serverFact(name, fact.left(eq)), expected);
            }
        }

        // The history has each attempt, applied, with its reason and the number the CLI printed.
        const QJsonArray entries = deploymentHistory(name);
        QList<qint64> applied;
        for (const QJsonValue &e : entries) {
            if (e[QLatin1String("kind")].toString() != QLatin1String("applied"))
                continue;
            applied << e[QLatin1String("id")].toInteger();
            QCOMPARE(e[QLatin1String("outcome")].toString(), QStringLiteral("applied"));
            QCOMPARE(e[QLatin1String("model")].toString(), QStringLiteral("deployment"));
            QCOMPARE(e[QLatin1String("source")].toString(), QStringLiteral("cli"));
            QCOMPARE(e[QLatin1String("reason")].toString(),
                     QStringLiteral("step %1 of %2")
                         .arg(applied.size())
                         .arg(QString::fromUtf8(QTest::currentDataTag())));
        }
        QCOMPARE(applied, recorded);
    }

    void dryRunChangesNothing_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QStringList>("mustSay");
        QTest::newRow("set-current-version")
            << QStringList{"set-current-version", "--build-id", "v2"} << QStringList{"set-current-version"};
        QTest::newRow("set-ramping-version")
            << QStringList{"set-ramping-version", "--build-id", "v2", "--percentage", "10"}
            << QStringList{"at 10 %", "set-ramping-version"};
        QTest::newRow("set-current-version, unknown build ID allowed without pollers")
            << QStringList{"set-current-version", "--build-id", "v9", "--allow-no-pollers",
                           "--ignore-missing-task-queues"}
            << QStringList{"Warnings:"};
        QTest::newRow("update-version-metadata")
            << QStringList{"update-version-metadata", "--build-id", "v2", "--metadata", "owner=\"x\""}
            << QStringList{"update-version-metadata"};
        QTest::newRow("manager-identity set")
            << QStringList{"manager-identity", "set", "--manager-identity", "ctl@k8s"}
            << QStringList{"manager-identity"};
    }

    // --dry-run prints the whole preview (routing before and after with shares, warnings, the request, both
    // equivalent commands) and the server is unchanged afterwards; with -o json it is one object with the
    // keys DeploymentPreview::toJson documents.
    void dryRunChangesNothing()
    {
        QFETCH(QStringList, words);
        QFETCH(QStringList, mustSay);
        // One deployment for every row: none may change it, which each row checks, so a row that did would
        // fail itself (and show in the next row's "before").
        if (!m_dryRunWorkers)
            m_dryRunWorkers = std::make_unique<DeploymentWorkers>(m_address, stateDir(),
                                                                  twoVersions(QStringLiteral("dry")));
        QVERIFY2(m_dryRunWorkers->started(), qPrintable(m_dryRunWorkers->output()));
        const QString name = m_dryRunWorkers->name();
        const QStringList before = routingFacts(name);
        const QString versionsBefore = serverFact(name, QStringLiteral("versions"));
        const QString metadataBefore = serverFact(name, QStringLiteral("metadata:v2"));

        const QStringList command =
            deploymentCommand(words) +
            QStringList{QStringLiteral("--deployment-name"), name, QStringLiteral("--dry-run")};
        const Run text = cli(command);
        QVERIFY2(text.exitCode == 0, text.err.constData());
        const QString printed = QString::fromUtf8(text.out);
        for (const QString &part :
             QStringList{QStringLiteral("Before:"), QStringLiteral("After:"),
                         QStringLiteral("% of new workflows"), QStringLiteral("Changes:"),
                         QStringLiteral("Request ("), QStringLiteral("Equivalent commands:"),
                         QStringLiteral("versionscope-cli "), QStringLiteral("temporal worker deployment ")} +
                 mustSay)
            QVERIFY2(printed.contains(part), qPrintable(part + QStringLiteral(" missing in:\n") + printed));
        QVERIFY2(!printed.contains(QStringLiteral("recorded in the history")), qPrintable(printed));

        const Run json = cli(command + QStringList{QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        const QJsonValue preview = parse(json.out);
        QVERIFY2(preview.isObject(), json.out.constData());
        QStringList keys = preview.toObject().keys();
        keys.sort();
        QStringList documented{"after",      "before",    "blocked",         "changes", "command",
                               "deployment", "namespace", "operation",       "request", "rpc",
                               "shares",     "summary",   "temporalCommand", "warnings"};
        QCOMPARE(keys, documented);
        QCOMPARE(preview[QLatin1String("deployment")].toString(), name);
        QCOMPARE(preview[QLatin1String("blocked")].toBool(), false);
        QVERIFY(preview[QLatin1String("shares")][QLatin1String("after")].isObject());
        QVERIFY(preview[QLatin1String("request")].isObject());

        // Nothing was sent by either run.
        QCOMPARE(routingFacts(name), before);
        QCOMPARE(serverFact(name, QStringLiteral("versions")), versionsBefore);
        QCOMPARE(serverFact(name, QStringLiteral("metadata:v2")), metadataBefore);
        for (const QJsonValue &e : deploymentHistory(name))
            QCOMPARE(e[QLatin1String("kind")].toString(), QStringLiteral("observed"));
    }

    void equivalentTemporalCommandDoesTheSame_data()
    {
        QTest::addColumn<QStringList>("words");
        // Facts (see serverFact) the server shows after the official CLI ran the preview's command.
        QTest::addColumn<QStringList>("facts");
        QTest::newRow("set-current-version") << QStringList{"set-current-version", "--build-id", "v2"}
                                             << QStringList{"current=v2", "ramping="};
        QTest::newRow("set-current-version --unversioned")
            << QStringList{"set-current-version", "--unversioned"} << QStringList{"current="};
        QTest::newRow("set-ramping-version")
            << QStringList{"set-ramping-version", "--build-id", "v2", "--percentage", "12.5"}
            << QStringList{"current=v1", "ramping=v2", "percentage=12.5"};
        QTest::newRow("set-ramping-version --unversioned")
            << QStringList{"set-ramping-version", "--unversioned", "--percentage", "30"}
            << QStringList{"current=v1", "ramping=", "percentage=30"};
        QTest::newRow("update-version-metadata")
            << QStringList{"update-version-metadata", "--build-id", "v2", "--metadata",
                           "owner=\"it's <me>\"",     "--metadata", "n=3"}
            << QStringList{"metadata:v2=n=3,owner=\"it's <me>\""};
        QTest::newRow("manager-identity set")
            << QStringList{"manager-identity", "set", "--manager-identity", "ctl@k8s"}
            << QStringList{"manager=ctl@k8s"};
        QTest::newRow("manager-identity set --self")
            << QStringList{"manager-identity", "set", "--self"} << QStringList{"manager=SELF"};
    }

    // The preview names the equivalent `temporal worker deployment` command; run by the official CLI (with
    // -y), it makes the change the preview describes (with -y where it would ask).
    void equivalentTemporalCommandDoesTheSame()
    {
        QFETCH(QStringList, words);
        QFETCH(QStringList, facts);
        DeploymentWorkers workers(m_address, stateDir(), twoVersions(QStringLiteral("same")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        const Run preview =
            cli(deploymentCommand(words) + QStringList{QStringLiteral("--deployment-name"), name,
                                                       QStringLiteral("--dry-run"), QStringLiteral("-o"),
                                                       QStringLiteral("json")});
        QVERIFY2(preview.exitCode == 0, preview.err.constData());
        QString command = parse(preview.out)[QLatin1String("temporalCommand")].toString();
        QVERIFY2(command.startsWith(QLatin1String("temporal worker deployment ")), qPrintable(command));
        // The command is quoted for a POSIX shell; a shell runs it, with the pinned binary.
        command.replace(0, 8, m_temporal);
        // Temporal's update-version-metadata asks nothing and has no -y.
        if (!words.contains(QLatin1String("update-version-metadata")))
            command += QStringLiteral(" -y");
        const Run ran = run(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
        QVERIFY2(ran.exitCode == 0, qPrintable(command + QLatin1Char('\n') + QString::fromUtf8(ran.err)));
        for (const QString &fact : facts) {
            const qsizetype eq = fact.indexOf(QLatin1Char('='));
            QString expected = fact.mid(eq + 1);
            if (expected == QLatin1String("SELF"))
                expected = selfIdentity();
            QCOMPARE(serverFact(name, fact.left(eq)), expected);
        }
        // The routing the preview promised is the routing the official CLI made.
        const QJsonValue after = parse(preview.out)[QLatin1String("after")];
        QCOMPARE(serverFact(name, QStringLiteral("current")),
                 after[QLatin1String("currentBuildId")].toString());
        QCOMPARE(serverFact(name, QStringLiteral("percentage")),
                 QString::number(after[QLatin1String("hasRamp")].toBool()
                                     ? after[QLatin1String("rampingPercentage")].toDouble()
                                     : 0));
    }

    void blockedChangeIsNotSent_data()
    {
        QTest::addColumn<QStringList>("setup");
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<QString>("message");
        // The server says "requested ramping version NAME.v1 is already current"; Versionscope words it
        // itself.
        QTest::newRow("ramp the current version")
            << QStringList{} << QStringList{"set-ramping-version", "--build-id", "v1", "--percentage", "10"}
            << "v1 is already current";
        QTest::newRow("another manager identity")
            << QStringList{"manager-identity", "set", "--manager-identity", "ctl@k8s"}
            << QStringList{"set-current-version", "--build-id", "v2"}
            << "ManagerIdentity 'ctl@k8s' is set and does not match user identity";
        // The server refuses to delete a version whose workers still poll ("cannot be deleted since it has
        // active pollers"); the CLI reads the pollers first, so this never reaches the server, and says so in
        // the server's words.
        QTest::newRow("delete a version whose workers poll")
            << QStringList{} << QStringList{"delete-version", "--build-id", "v2"}
            << "cannot be deleted since it has active pollers (FAILED_PRECONDITION";
        QTest::newRow("delete the current version")
            << QStringList{} << QStringList{"delete-version", "--build-id", "v1", "--skip-drainage"}
            << "cannot be deleted since it is current or ramping";
    }

    // A change Versionscope knows the server refuses exits 1 with the server's words and sends nothing.
    void blockedChangeIsNotSent()
    {
        QFETCH(QStringList, setup);
        QFETCH(QStringList, words);
        QFETCH(QString, message);
        DeploymentWorkers workers(m_address, stateDir(), twoVersions(QStringLiteral("block")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        if (!setup.isEmpty()) {
            const Run prepared = change(name, setup, QStringLiteral("setup"));
            QVERIFY2(prepared.exitCode == 0, prepared.err.constData());
        }
        const QStringList before = routingFacts(name);
        const QString versionsBefore = serverFact(name, QStringLiteral("versions"));

        const Run blocked = change(name, words, QStringLiteral("must not be sent"));
        QCOMPARE(blocked.exitCode, 1);
        QVERIFY2(blocked.err.startsWith("error: not sent: "), blocked.err.constData());
        QVERIFY2(QString::fromUtf8(blocked.err).contains(message), blocked.err.constData());
        QVERIFY2(!blocked.out.contains("recorded in the history"), blocked.out.constData());
        QCOMPARE(routingFacts(name), before);
        QCOMPARE(serverFact(name, QStringLiteral("versions")), versionsBefore);
    }

    // Names made by another tool that break Versionscope's name rules (a deployment name with a leading
    // space, a build ID " v1", both polled by real workers) are listed, described and usable; a new odd build
    // ID or deployment name is refused with the value escaped, and the server shows nothing changed.
    void oddNamesMadeByAnotherTool()
    {
        const QString odd = QStringLiteral(" v1");
        DeploymentWorkers workers(m_address, stateDir(),
                                  DeploymentWorkers::Spec{QStringLiteral(" odd"),
                                                          {odd, QStringLiteral("v2")},
                                                          {QStringLiteral("a")},
                                                          QStringLiteral("v2"),
                                                          0,
                                                          0});
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        QVERIFY(name.startsWith(QLatin1Char(' ')));
        const QByteArray shownName = "\"" + name.toUtf8() + "\"";

        const Run listed = cli(deploymentCommand({QStringLiteral("list")}));
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.out.contains(shownName), listed.out.constData());

        const Run described =
            cli(deploymentCommand({QStringLiteral("describe"), QStringLiteral("-d"), name}));
        QVERIFY2(described.exitCode == 0, described.err.constData());
        QVERIFY2(described.out.contains("\" v1\"  "), described.out.constData());
        QVERIFY2(described.err.contains("made by another tool"), described.err.constData());

        const Run version =
            cli(deploymentCommand({QStringLiteral("describe-version"), QStringLiteral("--deployment-name"),
                                   name, QStringLiteral("--build-id"), odd}));
        QVERIFY2(version.exitCode == 0, version.err.constData());
        QVERIFY2(version.out.contains("Version \" v1\" of worker deployment"), version.out.constData());

        const Run made =
            change(name, {QStringLiteral("set-current-version"), QStringLiteral("--build-id"), odd},
                   QStringLiteral("odd but existing"));
        QVERIFY2(made.exitCode == 0, made.err.constData());
        QVERIFY2(made.out.contains("the deployment build ID \" v1\" starts with whitespace: U+0020 SPACE at "
                                   "position 1; it already exists on the server (made by another tool)"),
                 made.out.constData());
        QCOMPARE(serverFact(name, QStringLiteral("current")), odd);

        // New odd names: refused before anything is sent, shown escaped.
        const QStringList before = routingFacts(name);
        const QString versionsBefore = serverFact(name, QStringLiteral("versions"));
        const Run newBuildId = change(name,
                                      {QStringLiteral("set-ramping-version"), QStringLiteral("--build-id"),
                                       QString::fromUtf8("v3\u200b"), QStringLiteral("--percentage"),
                                       QStringLiteral("5"), QStringLiteral("--allow-no-pollers")},
                                      QStringLiteral("must not be sent"));
        QCOMPARE(newBuildId.exitCode, 1);
        QVERIFY2(newBuildId.err.contains("\nerror: not sent: new build ID: the deployment build ID "
                                         "\"v3\\u{200B}\" contains an invisible character: U+200B ZERO WIDTH "
                                         "SPACE at position 3"),
                 newBuildId.err.constData());
        QVERIFY(!newBuildId.err.contains("\u200b"));
        const QString newName = name + QString::fromUtf8("\u202e");
        const Run newDeployment = change(newName,
                                         {QStringLiteral("set-current-version"), QStringLiteral("--build-id"),
                                          QStringLiteral("v2"), QStringLiteral("--allow-no-pollers")},
                                         QStringLiteral("must not be sent"));
        QCOMPARE(newDeployment.exitCode, 1);
        QVERIFY2(newDeployment.err.startsWith("error: not sent: new deployment name: the deployment name " +
                                              shownName.chopped(1) +
                                              "\\u{202E}\" contains a bidirectional control"),
                 newDeployment.err.constData());
        QCOMPARE(routingFacts(name), before);
        QCOMPARE(serverFact(name, QStringLiteral("versions")), versionsBefore);
        const Run listedAfter = temporal(
            deploymentCommand({QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("json")}));
        QCOMPARE(listedAfter.exitCode, 0);
        QVERIFY(!QString::fromUtf8(listedAfter.out).contains(newName));
    }

    // Without -y the CLI asks; with no terminal to ask on it sends nothing.
    void noTerminalNoChange()
    {
        DeploymentWorkers workers(m_address, stateDir(), twoVersions(QStringLiteral("noterm")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        const QStringList before = routingFacts(name);
        const Run asked =
            cli(deploymentCommand({QStringLiteral("set-current-version"), QStringLiteral("--deployment-name"),
                                   name, QStringLiteral("--build-id"), QStringLiteral("v2")}));
        QCOMPARE(asked.exitCode, 1);
        QVERIFY2(asked.err.contains("no terminal to confirm on"), asked.err.constData());
        QVERIFY2(asked.out.contains("Before:"), asked.out.constData()); // the preview was shown
        QCOMPARE(routingFacts(name), before);
    }

    // A routing change made with the official CLI under another identity is recorded, at Versionscope's next
    // read, as an observed change naming who made it.
    void changeByAnotherToolIsObserved()
    {
        DeploymentWorkers workers(m_address, stateDir(), twoVersions(QStringLiteral("observe")));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        const QStringList describe =
            deploymentCommand({QStringLiteral("describe"), QStringLiteral("-d"), name});
        QCOMPARE(cli(describe).exitCode, 0);
        const qsizetype seenFirst = deploymentHistory(name).size();
        QCOMPARE(seenFirst, 1); // first seen

        const Run ramped = temporal(deploymentCommand(
            {QStringLiteral("set-ramping-version"), QStringLiteral("--deployment-name"), name,
             QStringLiteral("--build-id"), QStringLiteral("v2"), QStringLiteral("--percentage"),
             QStringLiteral("25"), QStringLiteral("--identity"), QStringLiteral("someone-else"),
             QStringLiteral("-y")}));
        QVERIFY2(ramped.exitCode == 0, ramped.err.constData());

        // Not recorded before Versionscope reads the deployment again.
        QCOMPARE(deploymentHistory(name).size(), seenFirst);
        QCOMPARE(cli(describe).exitCode, 0);
        const QJsonArray entries = deploymentHistory(name);
        QCOMPARE(entries.size(), seenFirst + 1);
        const QJsonObject observed = entries.last().toObject();
        QCOMPARE(observed.value(QStringLiteral("kind")).toString(), QStringLiteral("observed"));
        QCOMPARE(observed.value(QStringLiteral("changedBy")).toString(), QStringLiteral("someone-else"));
        QCOMPARE(observed
                     .value(QStringLiteral(
                         "deploymentAfter"))[QLatin1String("routing")][QLatin1String("rampingBuildId")]
                     .toString(),
                 QStringLiteral("v2"));
        // A read that finds nothing new adds nothing.
        QCOMPARE(cli(describe).exitCode, 0);
        QCOMPARE(deploymentHistory(name).size(), entries.size());
    }

    // Every attempt is in the history with its outcome and reason, a refusal in the server's words;
    // deployment entries are listed by --deployment and --model deployment, never by --model version-sets.
    void everyAttemptIsInTheHistory()
    {
        // Pinned workflows just started keep v1's task queues busy, which is what the server checks below.
        DeploymentWorkers workers(m_address, stateDir(), twoVersions(QStringLiteral("attempts"), 2));
        QVERIFY2(workers.started(), qPrintable(workers.output()));
        const QString name = workers.name();
        const Run applied =
            change(name,
                   {QStringLiteral("set-ramping-version"), QStringLiteral("--build-id"), QStringLiteral("v2"),
                    QStringLiteral("--percentage"), QStringLiteral("10")},
                   QStringLiteral("canary, ticket #7"));
        QVERIFY2(applied.exitCode == 0, applied.err.constData());

        // A refusal only the server can decide: whether v1's task queues, which the new version v9 lacks, are
        // busy. The preview warns; the server refuses; the CLI says so in the server's words and records it.
        const Run refused = change(name,
                                   {QStringLiteral("set-current-version"), QStringLiteral("--build-id"),
                                    QStringLiteral("v9"), QStringLiteral("--allow-no-pollers")},
                                   QStringLiteral("too early"));
        QCOMPARE(refused.exitCode, 1);
        const QString serverWords =
            QStringLiteral("proposed current version '%1:v9' is missing active task queues "
                           "from the current version")
                .arg(name);
        QVERIFY2(refused.err.startsWith("error: the server refused the change: "), refused.err.constData());
        QVERIFY2(QString::fromUtf8(refused.err).contains(serverWords), refused.err.constData());
        QVERIFY2(refused.out.contains("recorded in the history as entry"), refused.out.constData());
        QVERIFY2(refused.out.contains("--ignore-missing-task-queues"),
                 refused.out.constData()); // the warning
        QCOMPARE(serverFact(name, QStringLiteral("current")), QStringLiteral("v1"));

        const QJsonArray entries = deploymentHistory(name);
        QStringList seen;
        for (const QJsonValue &e : entries)
            seen << e[QLatin1String("kind")].toString() + QLatin1Char(':') +
                        e[QLatin1String("outcome")].toString() + QLatin1Char(':') +
                        e[QLatin1String("reason")].toString();
        QCOMPARE(seen, (QStringList{QStringLiteral("observed:observed:"),
                                    QStringLiteral("applied:applied:canary, ticket #7"),
                                    QStringLiteral("applied:rejected:too early")}));
        QCOMPARE(entries.at(0)[QLatin1String("changedBy")].toString(),
                 QStringLiteral("deployment-worker-fixture"));
        const QJsonValue rejected = entries.at(2);
        QCOMPARE(rejected[QLatin1String("errorCode")].toString(), QStringLiteral("FAILED_PRECONDITION"));
        QVERIFY2(rejected[QLatin1String("errorMessage")].toString().contains(serverWords),
                 qPrintable(rejected[QLatin1String("errorMessage")].toString()));
        QCOMPARE(rejected[QLatin1String("deploymentOperation")][QLatin1String("buildId")].toString(),
                 QStringLiteral("v9"));

        const auto mentions = [&name](const QJsonArray &list) {
            return std::count_if(list.begin(), list.end(), [&name](const QJsonValue &e) {
                return e[QLatin1String("deploymentName")].toString() == name;
            });
        };
        QCOMPARE(mentions(history({QStringLiteral("--model"), QStringLiteral("deployment")})), 3);
        QCOMPARE(mentions(history({})), 3);
        const QJsonArray versionSets = history({QStringLiteral("--model"), QStringLiteral("version-sets")});
        QCOMPARE(mentions(versionSets), 0);
        for (const QJsonValue &e : versionSets)
            QCOMPARE(e[QLatin1String("model")].toString(QStringLiteral("version-sets")),
                     QStringLiteral("version-sets"));
    }
};

QTEST_GUILESS_MAIN(TestDeploymentCli)
#include "tst_deploymentcli.moc"
