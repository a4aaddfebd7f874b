#include "operationmenus.h"

#include "dialogs/buildidinputdialog.h"
#include "graph/versionsetgraphmodel.h"
#include "versionsets/versionsetchange.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>

OperationMenus::OperationMenus(QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_dialogParent(dialogParent)
{}

void OperationMenus::setSets(const VersionSets &sets, const VersioningLimits &limits)
{
    m_sets = sets;
    m_limits = limits;
}

void OperationMenus::setGraphModel(VersionSetGraphModel *model)
{
    m_model = model;
}

const VersionSets &OperationMenus::sets() const
{
    return m_model ? m_model->sets() : m_sets;
}

namespace {
QAction *addNamedAction(QMenu *menu, const QString &text, const char *name)
{
    QAction *action = menu->addAction(text);
    action->setObjectName(QLatin1String(name));
    return action;
}
QMenu *newMenu(QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    // Disabled actions say why in their tooltips.
    menu->setToolTipsVisible(true);
    return menu;
}
// An action that would change nothing: disabled, and the reason where a person looks for it.
void disableBecause(QAction *action, const QString &why)
{
    action->setEnabled(false);
    action->setToolTip(why);
    action->setStatusTip(why);
}
} // namespace

QMenu *OperationMenus::canvasMenu(QWidget *parent)
{
    QMenu *menu = newMenu(parent);
    QAction *add = addNamedAction(menu, QStringLiteral("Add new default build ID\u2026"), "addNewDefault");
    connect(add, &QAction::triggered, this, [this] { askNewDefault(); });
    return menu;
}

void OperationMenus::addSetActions(QMenu *menu, int setIndex)
{
    auto *self = this;
    const VersionSets &current = sets();
    const QStringList set = current.set(setIndex);
    const QString setDefault = VersionSets::setDefault(set);
    QAction *compatible =
        addNamedAction(menu, QStringLiteral("Add compatible build ID\u2026"), "addNewCompatible");
    connect(compatible, &QAction::triggered, self, [self, setDefault] { self->askCompatible(setDefault); });

    QAction *promote =
        addNamedAction(menu, QStringLiteral("Promote set (make it the queue default)"), "promoteSet");
    // Promoting the queue default set is accepted and changes nothing; the menu says so rather than hiding
    // it.
    if (setIndex == current.defaultSetIndex()) {
        promote->setText(tr("Promote set (already the queue default)"));
        disableBecause(
            promote,
            tr("Set %1 is already the queue default set: promoting it changes nothing").arg(setIndex + 1));
    }
    connect(promote, &QAction::triggered, self, [self, setDefault] {
        Q_EMIT self->operationRequested(BuildIdOperation::promoteSet(setDefault));
    });

    QMenu *merge = menu->addMenu(QStringLiteral("Merge into"));
    merge->menuAction()->setObjectName(QStringLiteral("mergeInto"));
    for (int other = 0; other < current.setCount(); ++other) {
        if (other == setIndex)
            continue;
        const QString primary = VersionSets::setDefault(current.set(other));
        QAction *into = merge->addAction(
            QStringLiteral("Set %1 %2%3")
                .arg(other + 1)
                .arg(setLabel(current.set(other)),
                     other == current.defaultSetIndex() ? QStringLiteral(" (queue default)") : QString()));
        into->setObjectName(QStringLiteral("mergeInto:%1").arg(primary));
        connect(into, &QAction::triggered, self, [self, primary, setDefault] {
            Q_EMIT self->operationRequested(BuildIdOperation::mergeSets(primary, setDefault));
        });
    }
    if (current.setCount() < 2) {
        disableBecause(merge->menuAction(), tr("There is no other set to merge into"));
        merge->setEnabled(false);
    }
}

QMenu *OperationMenus::setMenu(int setIndex, QWidget *parent)
{
    QMenu *menu = newMenu(parent);
    if (setIndex >= 0 && setIndex < sets().setCount())
        addSetActions(menu, setIndex);
    menu->addSeparator();
    QAction *add = addNamedAction(menu, QStringLiteral("Add new default build ID\u2026"), "addNewDefault");
    connect(add, &QAction::triggered, this, [this] { askNewDefault(); });
    return menu;
}

QMenu *OperationMenus::buildIdMenu(const QString &buildId, QWidget *parent)
{
    auto *self = this;
    QMenu *menu = newMenu(parent);
    const VersionSets &current = sets();
    const VersionSets::Location at = current.find(buildId);
    if (!at.isValid())
        return menu;
    QAction *promote = addNamedAction(menu, QStringLiteral("Promote within set (make it the set default)"),
                                      "promoteIdInSet");
    if (current.isSetDefault(buildId)) {
        promote->setText(tr("Promote within set (already the set default)"));
        disableBecause(promote,
                       tr("%1 is already the default of its set: promoting it changes nothing").arg(buildId));
    }
    connect(promote, &QAction::triggered, self,
            [self, buildId] { Q_EMIT self->operationRequested(BuildIdOperation::promoteIdInSet(buildId)); });
    QAction *copy = addNamedAction(menu, QStringLiteral("Copy build ID"), "copyBuildId");
    connect(copy, &QAction::triggered, self, [self, buildId] {
        QGuiApplication::clipboard()->setText(buildId);
        Q_EMIT self->messagePosted(QStringLiteral("Copied build ID %1").arg(buildId));
    });
    QAction *pollers = addNamedAction(menu, QStringLiteral("Show pollers"), "showPollers");
    connect(pollers, &QAction::triggered, self, [self, buildId] { Q_EMIT self->pollersRequested(buildId); });
    QMenu *setActions = menu->addMenu(QStringLiteral("Its set"));
    setActions->menuAction()->setObjectName(QStringLiteral("itsSet"));
    addSetActions(setActions, at.set);
    return menu;
}

void OperationMenus::askNewDefault()
{
    askCompatible(QString());
}

void OperationMenus::askCompatible(const QString &existingBuildId)
{
    if (m_dialog)
        m_dialog->close();
    m_dialog = new BuildIdInputDialog(sets(), m_limits, existingBuildId, m_dialogParent);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    BuildIdInputDialog *dialog = m_dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString existing = dialog->compatibleWith();
        Q_EMIT operationRequested(
            existing.isEmpty()
                ? BuildIdOperation::addNewDefault(dialog->buildId())
                : BuildIdOperation::addNewCompatible(dialog->buildId(), existing, dialog->makeSetDefault()));
    });
    dialog->open();
}
