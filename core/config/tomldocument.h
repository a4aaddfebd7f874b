#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>
#include <QVariantMap>

#include <optional>

// A TOML file as read by toml++ (full TOML 1.0), for Temporal's environment-config file and Versionscope's
// own versionscope.toml. A plain value: tables are nested QVariantMaps, integers qint64, dates and times
// their TOML text. Every key remembers its line, so that a value of the wrong type is reported as
// Temporal's CLI reports it: the file, the line, the key, what was expected and what was found.
class TomlDocument
{
public:
    TomlDocument() = default;

    // fileName is only for messages.
    static Result<TomlDocument> parse(const QByteArray &text, const QString &fileName);
    // A missing file is an empty document; an unreadable or malformed one an error naming it.
    static Result<TomlDocument> readFile(const QString &path);

    const QString &fileName() const { return m_fileName; }
    const QVariantMap &root() const { return m_root; }

    bool contains(const QStringList &keyPath) const;
    // Nothing (an invalid QVariant) when absent.
    QVariant value(const QStringList &keyPath) const;
    // The keys of the table at tablePath (sorted); empty when there is no such table.
    QStringList keys(const QStringList &tablePath) const;
    // The line the key is on (1-based), 0 when absent.
    int line(const QStringList &keyPath) const;

    // Typed reads: nothing when the key is absent, an error naming the file and the line when the value has
    // another type.
    Result<std::optional<QString>> string(const QStringList &keyPath) const;
    Result<std::optional<bool>> boolean(const QStringList &keyPath) const;
    Result<std::optional<qint64>> integer(const QStringList &keyPath) const;
    // A table's keys, or an error when the key holds something else; empty when absent.
    Result<QStringList> tableKeys(const QStringList &keyPath) const;

    // "FILE, line N: KEY must be EXPECTED, not FOUND" (expected e.g. "a string").
    Error typeError(const QStringList &keyPath, const QString &expected) const;
    // "FILE, line N: KEY: message", for a value of the right type that is wrong all the same.
    Error valueError(const QStringList &keyPath, const QString &message) const;
    // "profile.prod.tls.server_name"; keys that are not bare are quoted.
    static QString dottedKey(const QStringList &keyPath);

private:
    QString m_fileName;
    QVariantMap m_root;
    // Per dotted key: its line and the kind of its value ("a string", "an integer", …).
    QHash<QString, int> m_lines;
    QHash<QString, QString> m_kinds;

    friend class TomlDocumentBuilder;
};
