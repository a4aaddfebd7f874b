#pragma once

#include "versionsets/buildidoperation.h"
#include "versionsets/versionsets.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QMenu;

// The Queue menu's operations on the set and build ID the tree has current: the keyboard's way to
// everything the graph does. Owns its actions; reads the current set, build ID and sets through the getters
// it is given, so it knows nothing of the tree. Choosing an operation never sends anything: the signals ask
// the owner. Promote set, Promote within set and Merge are disabled, saying why, when they would change
// nothing (OperationMenus' rules); updateEnabled() re-reads the state. Lives on the GUI thread.
class QueueActions : public QObject
{
    Q_OBJECT

public:
    struct Getters
    {
        // The current set's index, -1 when nothing is selected.
        std::function<int()> currentSetIndex;
        // The current build ID, empty when a set or nothing is selected.
        std::function<QString()> currentBuildId;
        std::function<VersionSets()> sets;
    };

    explicit QueueActions(Getters getters, QObject *parent = nullptr);

    // Adds the actions and the "Merge set into" submenu to menu (in the Queue menu's order).
    void addTo(QMenu *menu);
    QAction *addNewDefaultAction() const { return m_addDefault; }
    QAction *addCompatibleAction() const { return m_addCompatible; }
    QAction *promoteSetAction() const { return m_promoteSet; }
    QAction *promoteIdInSetAction() const { return m_promoteId; }
    QAction *copyBuildIdAction() const { return m_copyId; }
    QAction *showPollersAction() const { return m_pollers; }
    // The submenu's action, null before addTo.
    QAction *mergeMenuAction() const;

    // Why no change may be asked (a read-only connection), empty when changes may be: every operation
    // (add, promote, merge) is then disabled with this reason; copy and pollers stay.
    void setChangesRefused(const QString &why);

public Q_SLOTS:
    // Enables or disables the actions for the current selection and sets.
    void updateEnabled();

Q_SIGNALS:
    void operationRequested(const BuildIdOperation &operation);
    // Asks for the input dialog: a new default build ID, or one compatible with existingBuildId.
    void addNewDefaultRequested();
    void addCompatibleRequested(const QString &existingBuildId);
    void pollersRequested(const QString &buildId);
    // A short message for the status bar ("Copied 2.1", "Select a build ID in the tree first").
    void messagePosted(const QString &message);

private:
    void fillMergeMenu();

    Getters m_getters;
    QAction *m_addDefault;
    QAction *m_addCompatible;
    QAction *m_promoteSet;
    QAction *m_promoteId;
    QAction *m_copyId;
    QAction *m_pollers;
    QPointer<QMenu> m_mergeMenu;
    QString m_changesRefused;
};
