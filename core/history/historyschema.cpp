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
        // Worker Deployments (issue 10). Existing rows are version-set entries: the defaults say so. A
        // deployment entry has task_queue '' and names its deployment; its operation column holds
        // DeploymentOperation::kindName and build_id the operation's version, so that SQL filters read both
        // models alike, and deployment_operation the whole operation. Deployments are the JSON of
        // workerDeploymentToJson (core/deployments/deploymentjson) without the conflict token;
        // known_deployment is the deployment's state as the entry knows it (HistoryEntry::knownDeployment),
        // ordered by known_seq within the deployment like known_sets within a queue. modifier_identity and
        // routing_revision repeat deployment_after's last modifier and revision for Observed entries, so that
        // SQL can filter by them.
        Migration{3,
                  {
                      QStringLiteral("ALTER TABLE versionscope_history ADD COLUMN model TEXT NOT NULL "
                                     "DEFAULT 'version-sets'"),
                      QStringLiteral("ALTER TABLE versionscope_history ADD COLUMN deployment_name TEXT NOT "
                                     "NULL DEFAULT ''"),
                      QStringLiteral("ALTER TABLE versionscope_history ADD COLUMN deployment_operation TEXT"),
                      QStringLiteral("ALTER TABLE versionscope_history ADD COLUMN deployment_before TEXT"),
                      QStringLiteral("ALTER TABLE versionscope_history ADD COLUMN deployment_after TEXT"),
                      QStringLiteral("ALTER TABLE versionscope_history ADD COLUMN known_deployment TEXT"),
                      QStringLiteral("ALTER TABLE versionscope_history ADD COLUMN modifier_identity TEXT"),
                      QStringLiteral("ALTER TABLE versionscope_history ADD COLUMN routing_revision BIGINT"),
                      QStringLiteral("CREATE INDEX versionscope_history_deployment ON versionscope_history "
                                     "(server_address, namespace, deployment_name, known_seq)"),
                  }},
        // Changes in flight (issue 11): written before a change is sent and deleted in the transaction that
        // records its entry, so that a read by another window or CLI between the two does not record the
        // change a second time as seen elsewhere. attempt is the entry as it would be recorded with its
        // effect unknown (historyexport's JSON); expires_at is the sender's own bound, after which a sender
        // that never finished is taken for gone. A table of its own: the history table stays append-only.
        Migration{4,
                  {
                      QStringLiteral("CREATE TABLE versionscope_in_flight ("
                                     "id %1, "
                                     "model TEXT NOT NULL, "
                                     "server_address TEXT NOT NULL, "
                                     "namespace TEXT NOT NULL, "
                                     "task_queue TEXT NOT NULL, "
                                     "deployment_name TEXT NOT NULL, "
                                     "started_at BIGINT NOT NULL, "
                                     "expires_at BIGINT NOT NULL, "
                                     "attempt TEXT NOT NULL)")
                          .arg(id),
                  }},
    };
}

int HistorySchema::latestVersion()
{
    return migrations(Dialect::Sqlite).last().version;
}
