#pragma once

#include <QString>

// A value typed by someone (an address, a queue name, a path) made safe to echo in a message: control and
// invisible characters (newline, tab, escape, zero-width space, bidi controls, …) become visible escapes
// (\n, \t, \u{1B}, \u{200B}), and a backslash or a double quote is escaped too, so the text can stand
// between double quotes without being mistaken for the message around it. Everything else is kept as is.
QString escapedForDisplay(const QString &value);

// escapedForDisplay() between double quotes: "\"orders\\n\"".
QString quotedForDisplay(const QString &value);
