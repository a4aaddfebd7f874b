#pragma once

#include <QString>

#include <optional>

struct ConnectionSettings;

// Who records a history entry and about which queue: the part of an entry that comes from the connection,
// not from the change. Holds nothing secret (no API key, no TLS material), only the identity Versionscope
// sends to Temporal. A plain value.
struct HistoryContext
{
    // Where a change or an observation came from.
    enum class Source {
        // The desktop window.
        Window,
        // versionscope-cli.
        Cli,
        // A "restore this state" from the history (window).
        Restore,
    };

    QString osUser;
    // The identity sent to Temporal with updates (ConnectionSettings::identity).
    QString identity;
    QString serverAddress;
    QString namespaceName;
    QString taskQueue;
    Source source = Source::Window;

    // Address, namespace and identity from resolved settings (never the API key or TLS settings), the
    // current OS user, and the queue. The window and the CLI both build their context here, so they record
    // the same fields the same way.
    static HistoryContext forConnection(const ConnectionSettings &settings, const QString &taskQueue,
                                        Source source);
    // The login name of the account running this process ("unknown" when it cannot be told).
    static QString currentOsUser();

    // "window", "cli", "restore": stored and exported under these names.
    static QString sourceName(Source source);
    static std::optional<Source> sourceFromName(const QString &name);

    bool operator==(const HistoryContext &) const = default;
};
