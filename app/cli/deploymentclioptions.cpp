#include "deploymentclioptions.h"

#include "cliinvocation.h"
#include "common/displaytext.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

#include <cmath>

namespace {

Error usage(const QString &message)
{
    return Error{ErrorCode::InvalidArgument, message, QStringLiteral("see versionscope-cli --help"),
                 QStringLiteral("usage")};
}

QCommandLineOption valueOption(const QStringList &names, const char *valueName)
{
    return QCommandLineOption(names, QString(), QLatin1String(valueName));
}

// A metadata value as Temporal's CLI takes it: KEY=JSON, the key an identifier.
std::optional<Error> parseMetadataEntry(const QString &entry, QString *key, QJsonValue *value)
{
    const qsizetype eq = entry.indexOf(QLatin1Char('='));
    if (eq <= 0)
        return usage(QStringLiteral("--metadata takes KEY=JSON, not %1").arg(quotedForDisplay(entry)));
    *key = entry.left(eq);
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!identifier.match(*key).hasMatch())
        return usage(
            QStringLiteral("--metadata: the key %1 is not an identifier").arg(quotedForDisplay(*key)));
    // Wrapped in an array so that a bare value (a string, a number) parses as JSON too.
    QJsonParseError error;
    const QByteArray text = "[" + entry.mid(eq + 1).toUtf8() + "]";
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !document.isArray() || document.array().size() != 1)
        return usage(QStringLiteral("--metadata %1: the value is not JSON (quote strings: %2='\"text\"')")
                         .arg(quotedForDisplay(*key), *key));
    *value = document.array().first();
    return std::nullopt;
}

} // namespace

DeploymentCliOptions::DeploymentCliOptions()
    : m_name(valueOption({QStringLiteral("d"), QStringLiteral("name")}, "deployment"))
    , m_deploymentName(valueOption({QStringLiteral("deployment-name")}, "deployment"))
    , m_unversioned(QStringLiteral("unversioned"))
    , m_percentage(valueOption({QStringLiteral("percentage")}, "percent"))
    , m_delete(QStringLiteral("delete"))
    , m_ignoreMissingTaskQueues(QStringLiteral("ignore-missing-task-queues"))
    , m_allowNoPollers(QStringLiteral("allow-no-pollers"))
    , m_skipDrainage(QStringLiteral("skip-drainage"))
    , m_metadata(valueOption({QStringLiteral("metadata")}, "key=json"))
    , m_removeEntries(valueOption({QStringLiteral("remove-entries")}, "key"))
    , m_managerIdentity(valueOption({QStringLiteral("manager-identity")}, "identity"))
    , m_self(QStringLiteral("self"))
{}

void DeploymentCliOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({m_name, m_deploymentName, m_unversioned, m_percentage, m_delete,
                       m_ignoreMissingTaskQueues, m_allowNoPollers, m_skipDrainage, m_metadata,
                       m_removeEntries, m_managerIdentity, m_self});
}

std::optional<Error> DeploymentCliOptions::read(const QCommandLineParser &parser,
                                                const QCommandLineOption &buildIdOption,
                                                const QStringList &words, CliInvocation *invocation) const
{
    using Command = CliInvocation::Command;
    if (words.isEmpty())
        return usage(QStringLiteral("worker deployment needs a subcommand: list, describe, describe-version, "
                                    "set-current-version, set-ramping-version, delete-version, "
                                    "update-version-metadata or manager-identity"));
    const QString sub = words.first();
    int expectedWords = 1;
    // Which flags each command takes; any other deployment flag is a mistake worth saying.
    QList<const QCommandLineOption *> allowed;
    const auto needDeploymentName = [&](const QCommandLineOption &option) -> std::optional<Error> {
        invocation->deploymentName = parser.value(option);
        if (invocation->deploymentName.isEmpty())
            return usage(QStringLiteral("%1 needs --%2").arg(sub, option.names().constLast()));
        return std::nullopt;
    };
    const auto needBuildId = [&]() -> std::optional<Error> {
        invocation->deploymentBuildId = parser.value(buildIdOption);
        if (invocation->deploymentBuildId.isEmpty())
            return usage(QStringLiteral("%1 needs --build-id").arg(sub));
        return std::nullopt;
    };
    // --build-id or --unversioned, exactly one.
    const auto versionTarget = [&]() -> std::optional<Error> {
        const bool unversioned = parser.isSet(m_unversioned);
        if (unversioned && parser.isSet(buildIdOption))
            return usage(QStringLiteral("--build-id and --unversioned contradict each other"));
        if (!unversioned)
            return needBuildId();
        invocation->deploymentBuildId.clear();
        return std::nullopt;
    };
    std::optional<Error> problem;
    DeploymentOperation &op = invocation->deploymentOperation;
    if (sub == QLatin1String("list")) {
        invocation->command = Command::DeploymentList;
    } else if (sub == QLatin1String("describe")) {
        invocation->command = Command::DeploymentDescribe;
        allowed = {&m_name};
        problem = needDeploymentName(m_name);
    } else if (sub == QLatin1String("describe-version")) {
        invocation->command = Command::DeploymentDescribeVersion;
        allowed = {&m_deploymentName};
        problem = needDeploymentName(m_deploymentName);
        if (!problem)
            problem = needBuildId();
    } else if (sub == QLatin1String("set-current-version")) {
        invocation->command = Command::DeploymentChange;
        allowed = {&m_deploymentName, &m_unversioned, &m_ignoreMissingTaskQueues, &m_allowNoPollers};
        problem = needDeploymentName(m_deploymentName);
        if (!problem)
            problem = versionTarget();
        op = DeploymentOperation::setCurrent(invocation->deploymentName, invocation->deploymentBuildId);
    } else if (sub == QLatin1String("set-ramping-version")) {
        invocation->command = Command::DeploymentChange;
        allowed = {&m_deploymentName,          &m_unversioned,   &m_percentage, &m_delete,
                   &m_ignoreMissingTaskQueues, &m_allowNoPollers};
        problem = needDeploymentName(m_deploymentName);
        if (!problem && parser.isSet(m_delete)) {
            if (parser.isSet(buildIdOption) || parser.isSet(m_unversioned) || parser.isSet(m_percentage))
                return usage(
                    QStringLiteral("--delete stops the ramp: it takes no --build-id, --unversioned or "
                                   "--percentage"));
            op = DeploymentOperation::stopRamping(invocation->deploymentName);
        } else if (!problem) {
            problem = versionTarget();
            if (!problem && !parser.isSet(m_percentage))
                problem =
                    usage(QStringLiteral("set-ramping-version needs --percentage (0 to 100), or --delete"));
            bool ok = false;
            const double percentage = parser.value(m_percentage).toDouble(&ok);
            if (!problem && (!ok || percentage < 0 || percentage > 100 || std::isnan(percentage)))
                problem = usage(QStringLiteral("--percentage takes a number from 0 to 100, not %1")
                                    .arg(quotedForDisplay(parser.value(m_percentage))));
            op = DeploymentOperation::setRamping(invocation->deploymentName, invocation->deploymentBuildId,
                                                 percentage);
        }
    } else if (sub == QLatin1String("delete-version")) {
        invocation->command = Command::DeploymentChange;
        allowed = {&m_deploymentName, &m_skipDrainage};
        problem = needDeploymentName(m_deploymentName);
        if (!problem)
            problem = needBuildId();
        op = DeploymentOperation::deleteVersion(invocation->deploymentName, invocation->deploymentBuildId,
                                                parser.isSet(m_skipDrainage));
    } else if (sub == QLatin1String("update-version-metadata")) {
        invocation->command = Command::DeploymentChange;
        allowed = {&m_deploymentName, &m_metadata, &m_removeEntries};
        problem = needDeploymentName(m_deploymentName);
        if (!problem)
            problem = needBuildId();
        op = DeploymentOperation();
        op.kind = DeploymentOperation::Kind::UpdateMetadata;
        op.deploymentName = invocation->deploymentName;
        op.buildId = invocation->deploymentBuildId;
        for (const QString &entry : parser.values(m_metadata)) {
            QString key;
            QJsonValue value;
            if (!problem)
                problem = parseMetadataEntry(entry, &key, &value);
            op.upsertMetadata.insert(key, value);
        }
        op.removeMetadata = parser.values(m_removeEntries);
        if (!problem && op.upsertMetadata.isEmpty() && op.removeMetadata.isEmpty())
            problem = usage(QStringLiteral("update-version-metadata needs --metadata or --remove-entries"));
    } else if (sub == QLatin1String("manager-identity")) {
        invocation->command = Command::DeploymentChange;
        expectedWords = 2;
        const QString action = words.value(1);
        if (action != QLatin1String("set") && action != QLatin1String("unset"))
            return usage(QStringLiteral("manager-identity needs set or unset"));
        allowed = {&m_deploymentName};
        if (action == QLatin1String("set"))
            allowed << &m_managerIdentity << &m_self;
        problem = needDeploymentName(m_deploymentName);
        op = DeploymentOperation();
        op.kind = DeploymentOperation::Kind::SetManager;
        op.deploymentName = invocation->deploymentName;
        if (!problem && action == QLatin1String("set")) {
            if (parser.isSet(m_self) == parser.isSet(m_managerIdentity))
                problem = usage(QStringLiteral("manager-identity set needs exactly one of --manager-identity "
                                               "and --self"));
            op.managerSelf = parser.isSet(m_self);
            op.managerIdentity = parser.value(m_managerIdentity);
            if (!problem && !op.managerSelf && op.managerIdentity.isEmpty())
                problem =
                    usage(QStringLiteral("--manager-identity cannot be empty; use manager-identity unset"));
        }
    } else {
        return usage(QStringLiteral("unknown worker deployment subcommand %1").arg(quotedForDisplay(sub)));
    }
    if (problem)
        return problem;
    if (words.size() > expectedWords)
        return usage(QStringLiteral("unexpected argument %1").arg(quotedForDisplay(words.at(expectedWords))));
    const QList<const QCommandLineOption *> all{
        &m_name,     &m_deploymentName,          &m_unversioned,     &m_percentage,
        &m_delete,   &m_ignoreMissingTaskQueues, &m_allowNoPollers,  &m_skipDrainage,
        &m_metadata, &m_removeEntries,           &m_managerIdentity, &m_self};
    for (const QCommandLineOption *option : all) {
        if (parser.isSet(*option) && !allowed.contains(option))
            return usage(QStringLiteral("worker deployment %1 does not take --%2")
                             .arg(sub, option->names().constLast()));
    }
    if (invocation->command != Command::DeploymentChange &&
        (parser.isSet(buildIdOption) && invocation->command != Command::DeploymentDescribeVersion))
        return usage(QStringLiteral("worker deployment %1 does not take --build-id").arg(sub));
    op.ignoreMissingTaskQueues = parser.isSet(m_ignoreMissingTaskQueues);
    op.allowNoPollers = parser.isSet(m_allowNoPollers);
    // Odd names (NameRules) are judged by CliRunner against what the server has: a deployment or a version
    // made by another tool stays usable, a new odd one is refused before it is sent.
    return std::nullopt;
}

QString DeploymentCliOptions::usageText()
{
    return QStringLiteral(
        "  versionscope-cli [global flags] worker deployment list\n"
        "  versionscope-cli [global flags] worker deployment describe -d NAME\n"
        "  versionscope-cli [global flags] worker deployment describe-version --deployment-name NAME "
        "--build-id ID\n"
        "  versionscope-cli [global flags] worker deployment set-current-version --deployment-name NAME\n"
        "                                    (--build-id ID | --unversioned) [--ignore-missing-task-queues]\n"
        "                                    [--allow-no-pollers]\n"
        "  versionscope-cli [global flags] worker deployment set-ramping-version --deployment-name NAME\n"
        "                                    (--build-id ID | --unversioned) --percentage P | --delete\n"
        "  versionscope-cli [global flags] worker deployment delete-version --deployment-name NAME "
        "--build-id ID\n"
        "                                    [--skip-drainage]\n"
        "  versionscope-cli [global flags] worker deployment update-version-metadata --deployment-name NAME\n"
        "                                    --build-id ID [--metadata KEY=JSON]... [--remove-entries "
        "KEY]...\n"
        "  versionscope-cli [global flags] worker deployment manager-identity set --deployment-name NAME\n"
        "                                    (--manager-identity ID | --self)\n"
        "  versionscope-cli [global flags] worker deployment manager-identity unset --deployment-name "
        "NAME\n");
}

QString DeploymentCliOptions::flagsText()
{
    return QStringLiteral(
        "\nWorker deployment flags (as Temporal's CLI names them):\n"
        "  -d, --name NAME              describe: the deployment\n"
        "  --deployment-name NAME       the deployment (every other deployment command)\n"
        "  --unversioned                target the unversioned workers instead of a --build-id\n"
        "  --percentage P               set-ramping-version: share of new workflows, 0 to 100\n"
        "  --delete                     set-ramping-version: stop ramping\n"
        "  --ignore-missing-task-queues lift the server's check that the target polls every task queue\n"
        "                               of the current version\n"
        "  --allow-no-pollers           lift the server's check that the target has pollers\n"
        "  --skip-drainage              delete-version: do not wait for pinned workflows to drain\n"
        "  --metadata KEY=JSON          update-version-metadata: set an entry (repeatable)\n"
        "  --remove-entries KEY         update-version-metadata: remove an entry (repeatable)\n"
        "  --manager-identity ID, --self   manager-identity set: who manages routing\n");
}
