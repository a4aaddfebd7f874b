#pragma once

#include "config/connectionsettingsresolver.h"

#include <QByteArray>
#include <QSettings>
#include <QUrl>

#include <QStringList>
#include <memory>

// What the window remembers between runs, in the platform's settings store (QSettings): the connection
// choice (never the API key: secrets stay in the profile file or the environment), geometry, splitter
// sizes, the refresh interval, and per server and namespace the pinned queues and the last queue.
// Lives on the GUI thread.
class WindowSettings
{
public:
    WindowSettings();
    // A separate store (tests).
    explicit WindowSettings(const QString &fileName);

    ConnectionOverrides connection() const;
    void setConnection(const ConnectionOverrides &overrides);

    QStringList pinnedQueues(const QString &address, const QString &namespaceName) const;
    void setPinnedQueues(const QString &address, const QString &namespaceName, const QStringList &queues);
    QString lastQueue(const QString &address, const QString &namespaceName) const;
    void setLastQueue(const QString &address, const QString &namespaceName, const QString &queue);

    int refreshIntervalSeconds() const;
    void setRefreshIntervalSeconds(int seconds);

    QByteArray value(const QString &key) const;
    void setValue(const QString &key, const QByteArray &value);

    void sync() { m_settings->sync(); }

private:
    static QString scope(const QString &address, const QString &namespaceName);
    std::unique_ptr<QSettings> m_settings;
};
