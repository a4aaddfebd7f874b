#include "historyschema.h"

QList<HistorySchema::Migration> HistorySchema::migrations(Dialect dialect)
{
    const QString id = dialect == Dialect::Sqlite
                           ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT")
                           : QStringLiteral("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
    // Times are milliseconds since the epoch (UTC) and flags 0/1, so that both backends store and compare
    // them alike. Sets are the JSON of `temporal task-queue get-build-ids -o json`. known_sets is the queue's
    // state as the entry knows it (HistoryEntry::knownState) and known_seq orders those states within a
    // queue, in the order the store learnt them: a settling read counts when it happened, not when the
    // entry it settles was recorded.
    return {
        Migration{1,
                  {
                      QStringLiteral("CREATE TABLE versionscope_history ("
                                     "id %1, "
                                     "kind TEXT NOT NULL, "
                                     "recorded_at BIGINT NOT NULL, "
                                     "os_user TEXT NOT NULL, "
                                     "identity TEXT NOT NULL, "
                                     "server_address TEXT NOT NULL, "
                                     "namespace TEXT NOT NULL, "
                                     "task_queue TEXT NOT NULL, "
                                     "source TEXT NOT NULL, "
                                     "operation TEXT, "
                                     "build_id TEXT, "
                                     "existing_build_id TEXT, "
                                     "secondary_build_id TEXT, "
                                     "make_set_default SMALLINT, "
                                     "reason TEXT NOT NULL, "
                                     "before_sets TEXT NOT NULL, "
                                     "after_sets TEXT, "
                                     "matched_preview SMALLINT, "
                                     "outcome TEXT NOT NULL, "
                                     "error_code TEXT NOT NULL, "
                                     "error_message TEXT NOT NULL, "
                                     "settled_at BIGINT, "
                                     "settled_outcome TEXT, "
                                     "known_sets TEXT, "
                                     "known_seq BIGINT)")
                          .arg(id),
                  }},
        // Lookups by queue (filters, the last known state) and by time (listing, --since).
        Migration{2,
                  {
                      QStringLiteral("CREATE INDEX versionscope_history_queue ON versionscope_history "
                                     "(server_address, namespace, task_queue, known_seq)"),
                      QStringLiteral("CREATE INDEX versionscope_history_time ON versionscope_history "
                                     "(recorded_at)"),
                  }},
    };
}

int HistorySchema::latestVersion()
{
    return migrations(Dialect::Sqlite).last().version;
}
