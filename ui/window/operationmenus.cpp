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
} // namespace

QString OperationMenus::promoteSetUnchangedReason(const VersionSets &sets, int setIndex)
{
    // Promoting the queue default set is accepted and changes nothing; the menus say so rather than hiding
    // it.
    if (setIndex == sets.defaultSetIndex())
        return tr("Set %1 is already the queue default set: promoting it changes nothing").arg(setIndex + 1);
    return {};
}

QString OperationMenus::promoteIdInSetUnchangedReason(const VersionSets &sets, const QString &buildId)
{
    if (sets.isSetDefault(buildId))
        return tr("%1 is already the default of its set: promoting it changes nothing").arg(buildId);
    return {};
}

QString OperationMenus::mergeUnavailableReason(const VersionSets &sets)
{
    if (sets.setCount() < 2)
        return tr("There is no other set to merge into");
    return {};
}

void OperationMenus::setEnabledUnless(QAction *action, const QString &why)
{
    action->setEnabled(why.isEmpty());
    // An empty tooltip falls back to the action's text.
    action->setToolTip(why);
    action->setStatusTip(why);
}

QMenu *OperationMenus::canvasMenu(QWidget *parent)
{
    QMenu *menu = newMenu(parent);
    QAction *add = addNamedAction(menu, QStringLiteral("Add new default build ID\u2026"), "addNewDefault");
    if (!m_changesRefused.isEmpty())
        setEnabledUnless(add, m_changesRefused);
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
    if (!m_changesRefused.isEmpty())
        setEnabledUnless(compatible, m_changesRefused);
    connect(compatible, &QAction::triggered, self, [self, setDefault] { self->askCompatible(setDefault); });

    QAction *promote =
        addNamedAction(menu, QStringLiteral("Promote set (make it the queue default)"), "promoteSet");
    const QString samePromote = promoteSetUnchangedReason(current, setIndex);
    if (!samePromote.isEmpty())
        promote->setText(tr("Promote set (already the queue default)"));
    if (!refusedOr(samePromote).isEmpty())
        setEnabledUnless(promote, refusedOr(samePromote));
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
        if (!m_changesRefused.isEmpty())
            setEnabledUnless(into, m_changesRefused);
        connect(into, &QAction::triggered, self, [self, primary, setDefault] {
            Q_EMIT self->operationRequested(BuildIdOperation::mergeSets(primary, setDefault));
        });
    }
    const QString noMerge = refusedOr(mergeUnavailableReason(current));
    if (!noMerge.isEmpty()) {
        setEnabledUnless(merge->menuAction(), noMerge);
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
    if (!m_changesRefused.isEmpty())
        setEnabledUnless(add, m_changesRefused);
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
    const QString samePromote = promoteIdInSetUnchangedReason(current, buildId);
    if (!samePromote.isEmpty())
        promote->setText(tr("Promote within set (already the set default)"));
    if (!refusedOr(samePromote).isEmpty())
        setEnabledUnless(promote, refusedOr(samePromote));
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
    if (!m_changesRefused.isEmpty()) {
        Q_EMIT messagePosted(m_changesRefused);
        return;
    }
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
