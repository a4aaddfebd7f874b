// The window's command line (app/gui/guioptions): arbitrary arguments, one per line of the input, parsed as
// main() parses them, and each argument also as a --preview operation of either model.
#include "fuzzinput.h"

#include "guioptions.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzzinput::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QStringList arguments =
        fuzzinput::lines(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    const Result<GuiOptions> options = parseGuiArguments(arguments);
    if (!options)
        fuzzinput::require(!options.error().message.isEmpty(), "a usage error says what is wrong");
    for (const QString &argument : arguments.mid(0, 4)) {
        const Result<BuildIdOperation> operation = parseOperationSpec(argument);
        if (operation)
            fuzzinput::require(!operation.value().buildId.isEmpty(), "an operation names its build ID",
                               argument);
        (void)parseDeploymentOperationSpec(QStringLiteral("deployment"), argument);
    }
    return 0;
}
