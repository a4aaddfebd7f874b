#pragma once

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>

// What every fuzz target shares: how its bytes are cut into the pieces a function takes, and how a broken
// promise (a round trip that does not give the value back) becomes a crash that libFuzzer keeps.
namespace fuzzinput {

// The input cut at NUL bytes into at most `count` parts (the last one keeps any further NULs); missing
// parts are empty. Seeds stay readable: the parts are text.
QList<QByteArray> parts(const uint8_t *data, size_t size, int count);
// One argument per line ("\n"; a final newline ends the last one rather than adding an empty one).
QStringList lines(const QByteArray &text);
// KEY=VALUE lines as an environment (a line without '=' is a key with an empty value).
QProcessEnvironment environment(const QByteArray &text);

// Prints what was expected and aborts: libFuzzer saves the input as a crash.
[[noreturn]] void fail(const char *what, const QString &detail = {});
inline void require(bool condition, const char *what, const QString &detail = {})
{
    if (!condition)
        fail(what, detail);
}

// Drops Qt's debug, info and warning messages (parsers warn about bad input, which is the point here);
// fatal messages (a failed Q_ASSERT) still reach stderr and abort. Called once by each target's
// LLVMFuzzerInitialize.
void quietQtMessages();

} // namespace fuzzinput
