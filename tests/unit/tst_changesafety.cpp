#include "config/connectionsettingsresolver.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

// Read-only mode and protected names (issue 11): where they come from (--read-only, VERSIONSCOPE_READ_ONLY,
// versionscope.toml's profile), that a higher source cannot turn read-only off, what their origins say, and
// the rules every front end and the engine ask.
class TestChangeSafety : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QProcessEnvironment environmentWith(const QByteArray &versionscopeToml)
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("HOME"), m_dir.path());
        environment.insert(QStringLiteral("USER"), QStringLiteral("alice"));
        // The default place, under $HOME, so that the origin shows it as ~/….
        const QString dir = m_dir.filePath(QStringLiteral(".config/versionscope"));
        QDir().mkpath(dir);
        QFile file(dir + QStringLiteral("/versionscope.toml"));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write versionscope.toml");
        file.write(versionscopeToml);
        return environment;
    }

private Q_SLOTS:
    void readOnlySources_data()
    {
        QTest::addColumn<QByteArray>("toml");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<bool>("flag");
        QTest::addColumn<QString>("profile");
        QTest::addColumn<bool>("readOnly");
        QTest::addColumn<QString>("reason");

        const QByteArray prod = "[profile.default]\n\n[profile.prod]\nread_only = true\n";
        QTest::newRow("nothing") << QByteArray() << QString() << false << QString() << false << QString();
        QTest::newRow("flag") << QByteArray() << QString() << true << QString() << true
                              << QStringLiteral("read-only: --read-only");
        QTest::newRow("environment") << QByteArray() << QStringLiteral("1") << false << QString() << true
                                     << QStringLiteral("read-only: VERSIONSCOPE_READ_ONLY");
        QTest::newRow("environment false")
            << QByteArray() << QStringLiteral("false") << false << QString() << false << QString();
        QTest::newRow("profile") << prod << QString() << false << QStringLiteral("prod") << true
                                 << QStringLiteral("read-only: profile \"prod\" in "
                                                   "~/.config/versionscope/versionscope.toml, line 4");
        QTest::newRow("other profile")
            << prod << QString() << false << QStringLiteral("default") << false << QString();
        QTest::newRow("profile false") << QByteArray("[profile.default]\nread_only = false\n") << QString()
                                       << false << QString() << false << QString();
        // A stray variable does not undo a profile marked read-only; the origin named is the most explicit.
        QTest::newRow("environment 0 keeps the profile's")
            << prod << QStringLiteral("0") << false << QStringLiteral("prod") << true
            << QStringLiteral("read-only: profile \"prod\" in ~/.config/versionscope/versionscope.toml, "
                              "line 4");
        QTest::newRow("flag named over profile") << prod << QString() << true << QStringLiteral("prod")
                                                 << true << QStringLiteral("read-only: --read-only");
        QTest::newRow("environment named over profile")
            << prod << QStringLiteral("yes") << false << QStringLiteral("prod") << true
            << QStringLiteral("read-only: VERSIONSCOPE_READ_ONLY");
    }
    void readOnlySources()
    {
        QFETCH(QByteArray, toml);
        QFETCH(QString, variable);
        QFETCH(bool, flag);
        QFETCH(QString, profile);
        QFETCH(bool, readOnly);
        QFETCH(QString, reason);
        QProcessEnvironment environment = environmentWith(toml);
        if (!variable.isEmpty())
            environment.insert(QStringLiteral("VERSIONSCOPE_READ_ONLY"), variable);
        ConnectionOverrides overrides;
        if (flag)
            overrides.readOnly = true;
        if (!profile.isEmpty())
            environment.insert(QStringLiteral("TEMPORAL_PROFILE"), profile);
        // The named profile must exist in Temporal's file too.
        QFile temporal(m_dir.filePath(QStringLiteral("temporal.toml")));
        QVERIFY(temporal.open(QIODevice::WriteOnly | QIODevice::Truncate));
        temporal.write("[profile.default]\n[profile.prod]\n");
        temporal.close();
        environment.insert(QStringLiteral("TEMPORAL_CONFIG_FILE"), temporal.fileName());

        const Result<ConnectionSettings> settings =
            ConnectionSettingsResolver::resolve(overrides, environment);
        QVERIFY2(settings.isOk(), qPrintable(settings ? QString() : settings.error().toString()));
        QCOMPARE(settings.value().safety.readOnly, readOnly);
        QCOMPARE(settings.value().safety.readOnlyReason(), reason);
        if (readOnly) {
            const Error error = settings.value().safety.readOnlyError();
            QCOMPARE(error.code, ErrorCode::PermissionDenied);
            QCOMPARE(error.reason, QStringLiteral("read-only"));
            QCOMPARE(error.message, reason);
        }
    }

    void badValuesAreErrorsNamingWhere_data()
    {
        QTest::addColumn<QByteArray>("toml");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("expected");
        QTest::newRow("variable not a boolean") << QByteArray() << QStringLiteral("maybe")
                                                << QStringLiteral("VERSIONSCOPE_READ_ONLY must be true or "
                                                                  "false, not \"maybe\"");
        QTest::newRow("read_only a string") << QByteArray("[profile.default]\nread_only = \"yes\"\n")
                                            << QString() << QStringLiteral("line 2");
        QTest::newRow("a single name, not a list")
            << QByteArray("[profile.default]\nprotected_namespaces = \"prod\"\n") << QString()
            << QStringLiteral("an array of strings");
        QTest::newRow("a number in the list")
            << QByteArray("[profile.default]\n\nprotected_deployments = [\"a\", 3]\n") << QString()
            << QStringLiteral("line 3");
        QTest::newRow("an empty name") << QByteArray("[profile.default]\nprotected_task_queues = [\"\"]\n")
                                       << QString() << QStringLiteral("non-empty");
    }
    void badValuesAreErrorsNamingWhere()
    {
        QFETCH(QByteArray, toml);
        QFETCH(QString, variable);
        QFETCH(QString, expected);
        QProcessEnvironment environment = environmentWith(toml);
        if (!variable.isEmpty())
            environment.insert(QStringLiteral("VERSIONSCOPE_READ_ONLY"), variable);
        const Result<ConnectionSettings> settings = ConnectionSettingsResolver::resolve({}, environment);
        QVERIFY(!settings.isOk());
        QVERIFY2(settings.error().toString().contains(expected), qPrintable(settings.error().toString()));
    }

    void protectedListsAndTheirOrigins()
    {
        const QProcessEnvironment environment =
            environmentWith("[profile.default]\nprotected_namespaces = [\"prod\", \"billing\"]\n"
                            "protected_task_queues = [\"payments\"]\n"
                            "protected_deployments = [\"checkout\"]\n");
        const Result<ConnectionSettings> settings = ConnectionSettingsResolver::resolve({}, environment);
        QVERIFY(settings.isOk());
        const ChangeSafety &safety = settings.value().safety;
        QVERIFY(!safety.readOnly);
        QCOMPARE(safety.protectedNamespaces, (QStringList{"prod", "billing"}));
        QCOMPARE(safety.protectedTaskQueues, QStringList{"payments"});
        QCOMPARE(safety.protectedDeployments, QStringList{"checkout"});
        const QString file = QStringLiteral("~/.config/versionscope/versionscope.toml");
        QCOMPARE(safety.protectedNamespacesOrigin,
                 QStringLiteral("profile \"default\" in %1, line 2").arg(file));
        QCOMPARE(safety.protectedTaskQueuesOrigin,
                 QStringLiteral("profile \"default\" in %1, line 3").arg(file));
        QCOMPARE(safety.protectedDeploymentsOrigin,
                 QStringLiteral("profile \"default\" in %1, line 4").arg(file));
    }

    void whichChangesNeedTheNameTyped_data()
    {
        QTest::addColumn<bool>("deployment");
        QTest::addColumn<QString>("namespaceName");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("protection");
        QTest::newRow("queue in a protected namespace") << false << "prod"
                                                        << "orders"
                                                        << "namespace \"prod\" is protected (P1)";
        QTest::newRow("deployment in a protected namespace") << true << "prod"
                                                             << "shop"
                                                             << "namespace \"prod\" is protected (P1)";
        QTest::newRow("protected queue elsewhere") << false << "dev"
                                                   << "payments"
                                                   << "task queue \"payments\" is protected (P2)";
        QTest::newRow("protected deployment elsewhere") << true << "dev"
                                                        << "checkout"
                                                        << "worker deployment \"checkout\" is protected (P3)";
        // The narrower setting is the one named.
        QTest::newRow("protected deployment in a protected namespace")
            << true << "prod"
            << "checkout"
            << "worker deployment \"checkout\" is protected (P3)";
        QTest::newRow("unprotected queue") << false << "dev"
                                           << "orders"
                                           << "";
        QTest::newRow("unprotected deployment") << true << "dev"
                                                << "shop"
                                                << "";
        // A deployment named like a protected queue is not that queue, and the other way round.
        QTest::newRow("queue list does not protect a deployment") << true << "dev"
                                                                  << "payments"
                                                                  << "";
        QTest::newRow("deployment list does not protect a queue") << false << "dev"
                                                                  << "checkout"
                                                                  << "";
        // Names are compared as Temporal compares them: exactly.
        QTest::newRow("case matters") << false << "Prod"
                                      << "Payments"
                                      << "";
    }
    void whichChangesNeedTheNameTyped()
    {
        QFETCH(bool, deployment);
        QFETCH(QString, namespaceName);
        QFETCH(QString, target);
        QFETCH(QString, protection);
        ChangeSafety safety;
        safety.protectedNamespaces = {"prod"};
        safety.protectedNamespacesOrigin = "P1";
        safety.protectedTaskQueues = {"payments"};
        safety.protectedTaskQueuesOrigin = "P2";
        safety.protectedDeployments = {"checkout"};
        safety.protectedDeploymentsOrigin = "P3";
        QCOMPARE(deployment ? safety.deploymentProtection(namespaceName, target)
                            : safety.taskQueueProtection(namespaceName, target),
                 protection);
        if (!protection.isEmpty()) {
            const Error error = ChangeSafety::confirmationError(
                deployment ? "worker deployment" : "task queue", target, protection);
            QCOMPARE(error.reason, QStringLiteral("confirmation-required"));
            QVERIFY(error.message.startsWith(protection));
            QVERIFY(error.detail.contains(QLatin1Char('"') + target + QLatin1Char('"')));
        }
    }
};

QTEST_GUILESS_MAIN(TestChangeSafety)
#include "tst_changesafety.moc"
