#pragma once

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QUuid>

// Real Python SDK workers of one Worker Deployment (scripts/deployment_worker.py) that a test starts for
// itself under a name of its own, so that tests changing deployments never meet: started in the background
// (the script returns once its versions polled and its workflows ran their first task), stopped when this
// goes away.
class DeploymentWorkers
{
public:
    struct Spec
    {
        QString deploymentPrefix;
        QStringList buildIds;
        QStringList taskQueues;
        QString current;
        int pinned = 0;
        int autoUpgrade = 0;
        // Join this deployment (another DeploymentWorkers' name()) instead of one named after the prefix: so
        // that one version's workers can be stopped while the others run.
        QString joinDeployment = {};
    };

    DeploymentWorkers(const QString &address, const QString &stateDir, const Spec &spec)
        : m_dir(stateDir + QStringLiteral("/") + spec.deploymentPrefix + QStringLiteral("-") +
                QUuid::createUuid().toString(QUuid::WithoutBraces).left(8))
    {
        m_name = spec.joinDeployment.isEmpty() ? QDir(m_dir).dirName() : spec.joinDeployment;
        QStringList args{script(), QStringLiteral("--background"), m_dir, QStringLiteral("--address"),
                         address,  QStringLiteral("--deployment"), m_name};
        for (const QString &id : spec.buildIds)
            args << QStringLiteral("--build-id") << id;
        for (const QString &queue : spec.taskQueues)
            args << QStringLiteral("--task-queue") << taskQueue(queue);
        if (!spec.current.isEmpty())
            args << QStringLiteral("--set-current") << spec.current;
        if (spec.pinned > 0)
            args << QStringLiteral("--pinned") << QString::number(spec.pinned);
        if (spec.autoUpgrade > 0)
            args << QStringLiteral("--auto-upgrade") << QString::number(spec.autoUpgrade);
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(python(), args);
        m_started = process.waitForFinished(180000) && process.exitStatus() == QProcess::NormalExit &&
                    process.exitCode() == 0;
        m_output = QString::fromUtf8(process.readAll());
    }
    ~DeploymentWorkers() { stop(); }
    // Stops the workers (they stop polling; the server forgets them after matching.PollerHistoryTTL).
    void stop()
    {
        if (!m_stopped)
            QProcess::execute(python(), {script(), QStringLiteral("--stop"), m_dir});
        m_stopped = true;
    }
    DeploymentWorkers(const DeploymentWorkers &) = delete;
    DeploymentWorkers &operator=(const DeploymentWorkers &) = delete;

    bool started() const { return m_started; }
    QString output() const { return m_output; }
    // The deployment's name (the prefix and a unique suffix).
    QString name() const { return m_name; }
    // A task queue of the spec, as the workers poll it (suffixed like the deployment).
    QString taskQueue(const QString &queue) const { return queue + QStringLiteral("-") + m_name; }

private:
    static QString python()
    {
        return qEnvironmentVariable("VERSIONSCOPE_TEST_VENV") + QStringLiteral("/bin/python");
    }
    static QString script() { return QStringLiteral(VERSIONSCOPE_SCRIPTS_DIR "/deployment_worker.py"); }

    QString m_dir;
    QString m_name;
    bool m_started = false;
    bool m_stopped = false;
    QString m_output;
};
