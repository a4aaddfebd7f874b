#include "metadatadialog.h"

#include "deploymentrequests.h"
#include "deploymenttext.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

MetadataDialog::MetadataDialog(const QString &deploymentName, const QString &buildId,
                               const QMap<QString, QJsonValue> &metadata, bool readOnly, QWidget *parent)
    : QDialog(parent)
    , m_deploymentName(deploymentName)
    , m_buildId(buildId)
    , m_original(metadata)
    , m_readOnly(readOnly)
    , m_table(new QTableWidget(0, 2, this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setWindowTitle(tr("Metadata of %1").arg(DeploymentText::versionName(deploymentName, buildId)));
    auto *layout = new QVBoxLayout(this);
    auto *intro =
        new QLabel(readOnly ? tr("Metadata of %1:").arg(DeploymentText::versionName(deploymentName, buildId))
                            : tr("Metadata of %1. Values are JSON: text in quotes (\"v2\"), numbers, "
                                 "true/false, objects or lists.")
                                  .arg(DeploymentText::versionName(deploymentName, buildId)),
                   this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table->setObjectName(QStringLiteral("metadataTable"));
    m_table->setHorizontalHeaderLabels({tr("Key"), tr("Value (JSON)")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    if (readOnly)
        m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_table);
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it)
        addRow(it.key(), textOf(it.value()));

    if (!readOnly) {
        auto *rowButtons = new QHBoxLayout;
        m_add = new QPushButton(tr("Add entry"), this);
        m_remove = new QPushButton(tr("Remove entry"), this);
        rowButtons->addWidget(m_add);
        rowButtons->addWidget(m_remove);
        rowButtons->addStretch();
        layout->addLayout(rowButtons);
        connect(m_add, &QPushButton::clicked, this, [this] {
            addRow(QString(), QStringLiteral("\"\""));
            m_table->setCurrentCell(m_table->rowCount() - 1, 0);
            m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
        });
        connect(m_remove, &QPushButton::clicked, this, [this] {
            if (m_table->currentRow() >= 0)
                m_table->removeRow(m_table->currentRow());
            validate();
        });
    }
    m_problem->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("problem"));
    layout->addWidget(m_problem);
    if (readOnly) {
        m_buttons->setStandardButtons(QDialogButtonBox::Close);
    } else {
        m_buttons->setStandardButtons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        // The change still goes through the preview: OK says where it leads.
        m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Preview\u2026"));
    }
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);
    connect(m_table, &QTableWidget::itemChanged, this, &MetadataDialog::validate);
    resize(520, 340);
    validate();
}

QString MetadataDialog::textOf(const QJsonValue &value)
{
    // A document holds arrays and objects only: wrap the value and strip the wrapping.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

std::optional<QJsonValue> MetadataDialog::valueOf(const QString &text)
{
    if (text.trimmed().isEmpty())
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray() || document.array().size() != 1)
        return std::nullopt;
    return document.array().first();
}

void MetadataDialog::addRow(const QString &key, const QString &value)
{
    QSignalBlocker blocker(m_table);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(key));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
    blocker.unblock();
    validate();
}

QString MetadataDialog::problem() const
{
    if (m_readOnly)
        return {};
    QSet<QString> keys;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString key = m_table->item(row, 0) ? m_table->item(row, 0)->text() : QString();
        const QString value = m_table->item(row, 1) ? m_table->item(row, 1)->text() : QString();
        if (key.trimmed().isEmpty())
            return tr("Row %1 has no key").arg(row + 1);
        if (keys.contains(key))
            return tr("The key %1 appears twice").arg(key);
        keys.insert(key);
        if (!valueOf(value))
            return tr("The value of %1 is not JSON (put text in quotes: \"%2\")").arg(key, value);
    }
    const DeploymentOperation change = operation();
    if (change.upsertMetadata.isEmpty() && change.removeMetadata.isEmpty())
        return tr("Nothing changed");
    return {};
}

DeploymentOperation MetadataDialog::operation() const
{
    QMap<QString, QJsonValue> upserts;
    QSet<QString> kept;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString key = m_table->item(row, 0) ? m_table->item(row, 0)->text() : QString();
        const std::optional<QJsonValue> value =
            valueOf(m_table->item(row, 1) ? m_table->item(row, 1)->text() : QString());
        if (key.trimmed().isEmpty() || !value)
            continue;
        kept.insert(key);
        // Unchanged entries are not sent: the request says exactly what changes.
        if (!m_original.contains(key) || m_original.value(key) != *value)
            upserts.insert(key, *value);
    }
    QStringList removals;
    for (auto it = m_original.cbegin(); it != m_original.cend(); ++it) {
        if (!kept.contains(it.key()))
            removals << it.key();
    }
    return DeploymentRequests::updateMetadata(m_deploymentName, m_buildId, upserts, removals);
}

void MetadataDialog::validate()
{
    if (m_readOnly)
        return;
    const QString why = problem();
    m_problem->setText(why);
    // Rows are added before the buttons exist; the constructor validates again at its end.
    if (QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok))
        ok->setEnabled(why.isEmpty());
    if (m_remove)
        m_remove->setEnabled(m_table->rowCount() > 0);
}
