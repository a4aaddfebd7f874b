#pragma once

#include "deployments/deploymentoperation.h"

#include <QDialog>
#include <QJsonValue>
#include <QMap>

class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTableWidget;

// Shows a version's metadata as a table of keys and JSON values and, unless read-only, edits it: entries
// added or changed become upserts, entries taken away removals, and the result is one UpdateMetadata
// operation (operation()) for the owner's preview. Values are checked as they are typed (each must be JSON:
// text in quotes), so OK is only enabled for an edit the server can take that changes something. Opened
// with open(): never a nested event loop; the owner reads operation() on accepted(). Lives on the GUI thread.
class MetadataDialog : public QDialog
{
    Q_OBJECT

public:
    MetadataDialog(const QString &deploymentName, const QString &buildId,
                   const QMap<QString, QJsonValue> &metadata, bool readOnly, QWidget *parent = nullptr);

    // The change the table describes (empty upserts and removals when nothing changed).
    DeploymentOperation operation() const;
    // Why OK is disabled, empty when it is enabled.
    QString problem() const;

    QTableWidget *table() const { return m_table; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    // A JSON value as it is typed in the table ("\"abc\"", "12", "{\"a\":1}").
    static QString textOf(const QJsonValue &value);
    // The inverse; nothing when text is not one JSON value.
    static std::optional<QJsonValue> valueOf(const QString &text);

private:
    void addRow(const QString &key, const QString &value);
    void validate();

    QString m_deploymentName;
    QString m_buildId;
    QMap<QString, QJsonValue> m_original;
    bool m_readOnly;
    QTableWidget *m_table;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};
