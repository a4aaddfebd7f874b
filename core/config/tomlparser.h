#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QVariantMap>

// Reads the part of TOML that Temporal's environment-config files use: tables and dotted table
// headers, bare/quoted/dotted keys, basic and literal strings (single- and multi-line, with escapes),
// integers, floats, booleans, arrays and inline tables. Tables become nested QVariantMaps. Dates are
// read as strings. Errors name the line.
class TomlParser
{
public:
    static Result<QVariantMap> parse(const QByteArray &text);
};
