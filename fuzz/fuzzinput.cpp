#include "fuzzinput.h"

#include <QtGlobal>

#include <cstdio>
#include <cstdlib>

namespace fuzzinput {

QList<QByteArray> parts(const uint8_t *data, size_t size, int count)
{
    const QByteArray all(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<QByteArray> result;
    qsizetype from = 0;
    while (result.size() < count - 1) {
        const qsizetype nul = all.indexOf('\0', from);
        if (nul < 0)
            break;
        result << all.mid(from, nul - from);
        from = nul + 1;
    }
    result << all.mid(from);
    while (result.size() < count)
        result << QByteArray();
    return result;
}

QStringList lines(const QByteArray &text)
{
    if (text.isEmpty())
        return {};
    QStringList result = QString::fromUtf8(text).split(QLatin1Char('\n'));
    if (text.endsWith('\n'))
        result.removeLast();
    return result;
}

QProcessEnvironment environment(const QByteArray &text)
{
    QProcessEnvironment result;
    for (const QString &line : lines(text)) {
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq < 0)
            result.insert(line, QString());
        else
            result.insert(line.left(eq), line.mid(eq + 1));
    }
    return result;
}

void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "fuzz check failed: %s\n%s\n", what, qPrintable(detail));
    std::abort();
}

namespace {
void quietHandler(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg || type == QtCriticalMsg)
        std::fprintf(stderr, "%s\n", qPrintable(message));
}
} // namespace

void quietQtMessages()
{
    qInstallMessageHandler(quietHandler);
}

} // namespace fuzzinput
