#pragma once

#include <QList>
#include <QStringList>

// The history's tables as numbered migrations, which HistoryStore applies in order when it opens a
// database; the version reached is kept in versionscope_schema. The same tables and columns on SQLite and
// PostgreSQL: only the spelling of the generated id differs. Append new migrations, never edit one that has
// shipped: databases in the field already ran it.
class HistorySchema
{
public:
    enum class Dialect { Sqlite, Postgresql };

    struct Migration
    {
        int version = 0;
        // Run in one transaction, in order.
        QStringList statements;
    };

    static QList<Migration> migrations(Dialect dialect);
    // The version this program creates and understands.
    static int latestVersion();
};
