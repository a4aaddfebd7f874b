// versionscope-cli's command line (app/cli/cliinvocation, deploymentclioptions): arbitrary arguments, one
// per line of the input, parsed as main() parses them (without the program name).
#include "fuzzinput.h"

#include "cliinvocation.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzinput::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QStringList arguments =
        fuzzinput::lines(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    const Result<CliInvocation> invocation = parseCliArguments(arguments);
    if (!invocation) {
        fuzzinput::require(!invocation.error().message.isEmpty(), "a usage error says what is wrong");
        return 0;
    }
    const CliInvocation &parsed = invocation.value();
    if (parsed.command == CliInvocation::Command::UpdateBuildIds)
        fuzzinput::require(!parsed.operation.buildId.isEmpty(), "an update names its build ID",
                           arguments.join(QLatin1Char(' ')));
    if (parsed.command == CliInvocation::Command::DeploymentChange)
        fuzzinput::require(!parsed.deploymentOperation.deploymentName.isEmpty(),
                           "a deployment change names its deployment", arguments.join(QLatin1Char(' ')));
    return 0;
}
