#include "queueactions.h"

#include "dialogs/buildidinputdialog.h" // operationmenus.h returns its QPointer inline
#include "operationmenus.h"
#include "versionsets/versionsetchange.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>

QueueActions::QueueActions(Getters getters, QObject *parent)
    : QObject(parent)
    , m_getters(std::move(getters))
    , m_addDefault(new QAction(QStringLiteral("Add new &default build ID\u2026"), this))
    , m_addCompatible(new QAction(QStringLiteral("Add &compatible build ID\u2026"), this))
    , m_promoteSet(new QAction(QStringLiteral("&Promote set"), this))
    , m_promoteId(new QAction(QStringLiteral("Promote &within set"), this))
    , m_copyId(new QAction(QStringLiteral("C&opy build ID"), this))
    , m_pollers(new QAction(QStringLiteral("Show p&ollers"), this))
{
    m_addDefault->setObjectName(QStringLiteral("menuAddNewDefault"));
    m_addDefault->setShortcut(QKeySequence(QStringLiteral("Ctrl+N")));
    connect(m_addDefault, &QAction::triggered, this, &QueueActions::addNewDefaultRequested);

    m_addCompatible->setObjectName(QStringLiteral("menuAddNewCompatible"));
    m_addCompatible->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+N")));
    connect(m_addCompatible, &QAction::triggered, this, [this] {
        const int set = m_getters.currentSetIndex();
        if (set < 0)
            return Q_EMIT messagePosted(QStringLiteral("Select a set or build ID in the tree first"));
        Q_EMIT addCompatibleRequested(VersionSets::setDefault(m_getters.sets().set(set)));
    });

    m_promoteSet->setObjectName(QStringLiteral("menuPromoteSet"));
    m_promoteSet->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+P")));
    connect(m_promoteSet, &QAction::triggered, this, [this] {
        const int set = m_getters.currentSetIndex();
        if (set < 0)
            return Q_EMIT messagePosted(QStringLiteral("Select a set or build ID in the tree first"));
        Q_EMIT operationRequested(
            BuildIdOperation::promoteSet(VersionSets::setDefault(m_getters.sets().set(set))));
    });

    m_promoteId->setObjectName(QStringLiteral("menuPromoteIdInSet"));
    m_promoteId->setShortcut(QKeySequence(QStringLiteral("Ctrl+P")));
    connect(m_promoteId, &QAction::triggered, this, [this] {
        const QString id = m_getters.currentBuildId();
        if (id.isEmpty())
            return Q_EMIT messagePosted(QStringLiteral("Select a build ID in the tree first"));
        Q_EMIT operationRequested(BuildIdOperation::promoteIdInSet(id));
    });

    m_copyId->setObjectName(QStringLiteral("menuCopyBuildId"));
    m_copyId->setShortcut(QKeySequence::Copy);
    // Copy only in the widget the owner adds it to (the tree), not in every text field of the window.
    m_copyId->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyId, &QAction::triggered, this, [this] {
        const QString id = m_getters.currentBuildId();
        if (!id.isEmpty()) {
            QGuiApplication::clipboard()->setText(id);
            Q_EMIT messagePosted(QStringLiteral("Copied build ID %1").arg(id));
        }
    });

    m_pollers->setObjectName(QStringLiteral("menuShowPollers"));
    connect(m_pollers, &QAction::triggered, this, [this] {
        const QString id = m_getters.currentBuildId();
        if (!id.isEmpty())
            Q_EMIT pollersRequested(id);
    });
}

void QueueActions::addTo(QMenu *menu)
{
    menu->addAction(m_addDefault);
    menu->addAction(m_addCompatible);
    menu->addAction(m_promoteSet);
    menu->addAction(m_promoteId);
    m_mergeMenu = menu->addMenu(QStringLiteral("&Merge set into"));
    m_mergeMenu->menuAction()->setObjectName(QStringLiteral("menuMergeInto"));
    connect(m_mergeMenu, &QMenu::aboutToShow, this, &QueueActions::fillMergeMenu);
    menu->addAction(m_copyId);
    menu->addAction(m_pollers);
    // Disabled actions say why in their tooltips.
    menu->setToolTipsVisible(true);
    connect(menu, &QMenu::aboutToShow, this, &QueueActions::updateEnabled);
    updateEnabled();
}

QAction *QueueActions::mergeMenuAction() const
{
    return m_mergeMenu ? m_mergeMenu->menuAction() : nullptr;
}

void QueueActions::setChangesRefused(const QString &why)
{
    m_changesRefused = why;
    // Add new default is the window's to enable (it depends on the page shown); add-compatible is ours.
    OperationMenus::setEnabledUnless(m_addCompatible, why);
    updateEnabled();
}

void QueueActions::updateEnabled()
{
    const VersionSets sets = m_getters.sets();
    const int set = m_getters.currentSetIndex();
    const QString id = m_getters.currentBuildId();
    const auto refusedOr = [this](const QString &why) {
        return m_changesRefused.isEmpty() ? why : m_changesRefused;
    };
    // Nothing selected stays enabled: triggering it says what to select.
    OperationMenus::setEnabledUnless(m_promoteSet,
                                     refusedOr(set >= 0 && set < sets.setCount()
                                                   ? OperationMenus::promoteSetUnchangedReason(sets, set)
                                                   : QString()));
    OperationMenus::setEnabledUnless(
        m_promoteId,
        refusedOr(id.isEmpty() ? QString() : OperationMenus::promoteIdInSetUnchangedReason(sets, id)));
    if (m_mergeMenu) {
        const QString noMerge = refusedOr(OperationMenus::mergeUnavailableReason(sets));
        OperationMenus::setEnabledUnless(m_mergeMenu->menuAction(), noMerge);
        m_mergeMenu->setEnabled(noMerge.isEmpty());
    }
}

void QueueActions::fillMergeMenu()
{
    m_mergeMenu->clear();
    const int set = m_getters.currentSetIndex();
    const VersionSets sets = m_getters.sets();
    if (set < 0) {
        m_mergeMenu->addAction(QStringLiteral("(select a set in the tree first)"))->setEnabled(false);
        return;
    }
    for (int other = 0; other < sets.setCount(); ++other) {
        if (other == set)
            continue;
        const QString primary = VersionSets::setDefault(sets.set(other));
        const QString secondary = VersionSets::setDefault(sets.set(set));
        QAction *into =
            m_mergeMenu->addAction(QStringLiteral("Set %1 %2").arg(other + 1).arg(setLabel(sets.set(other))));
        into->setObjectName(QStringLiteral("menuMergeInto:%1").arg(primary));
        connect(into, &QAction::triggered, this, [this, primary, secondary] {
            Q_EMIT operationRequested(BuildIdOperation::mergeSets(primary, secondary));
        });
    }
}
