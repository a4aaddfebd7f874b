#pragma once

#include "versionsets/buildidoperation.h"
#include "versionsets/versioninglimits.h"
#include "versionsets/versionsets.h"

#include <QObject>
#include <QPointer>

class BuildIdInputDialog;
class QAction;
class VersionSetGraphModel;
class QMenu;
class QWidget;

// The context menus of the version-set graph and its tree, built from the queue's current sets:
//   canvas    "Add new default build ID…"
//   a set     "Add compatible build ID…", "Promote set", "Merge into ▸"
//   build ID  "Promote within set", "Copy build ID", "Show pollers"
// Choosing an operation never sends anything: operationRequested asks the owner for the preview. Actions
// that need a build ID typed open a BuildIdInputDialog first (open(), not exec()). An action that would
// change nothing is disabled and its tooltip and status tip say why. Every action has an objectName so
// tests and accessibility tools can find it. Lives on the GUI thread.
class OperationMenus : public QObject
{
    Q_OBJECT

public:
    // dialogParent: the window the input dialogs are modal to.
    explicit OperationMenus(QWidget *dialogParent, QObject *parent = nullptr);

    // Why no change may be asked (a read-only connection), empty when changes may be: every operation is
    // then disabled with this reason (copy and pollers stay), and askNewDefault/askCompatible only say it.
    void setChangesRefused(const QString &why) { m_changesRefused = why; }
    QString changesRefused() const { return m_changesRefused; }
    void setSets(const VersionSets &sets, const VersioningLimits &limits);
    // Reads the sets from the window's graph model from now on (setSets then only sets the limits).
    void setGraphModel(VersionSetGraphModel *model);
    const VersionSets &sets() const;

    // Menus are created fresh, parented to `parent`, and delete themselves when closed.
    QMenu *canvasMenu(QWidget *parent);
    QMenu *setMenu(int setIndex, QWidget *parent);
    QMenu *buildIdMenu(const QString &buildId, QWidget *parent);

    // The same operations without a menu (keyboard shortcuts, main menu).
    void askNewDefault();
    void askCompatible(const QString &existingBuildId);
    // The input dialog currently open, if any (for tests).
    BuildIdInputDialog *openDialog() const { return m_dialog; }

    // Why an operation would change nothing on these sets, empty when it would change something: the rules
    // by which these menus and the window's Queue menu disable an action.
    static QString promoteSetUnchangedReason(const VersionSets &sets, int setIndex);
    static QString promoteIdInSetUnchangedReason(const VersionSets &sets, const QString &buildId);
    static QString mergeUnavailableReason(const VersionSets &sets);
    // Enables the action when why is empty; else disables it with why where a person looks for it (tooltip
    // and status tip).
    static void setEnabledUnless(QAction *action, const QString &why);

Q_SIGNALS:
    void operationRequested(const BuildIdOperation &operation);
    void pollersRequested(const QString &buildId);
    // A short message for the status bar ("Copied 2.1").
    void messagePosted(const QString &message);

private:
    void addSetActions(QMenu *menu, int setIndex);

    QWidget *m_dialogParent;
    QPointer<VersionSetGraphModel> m_model;
    VersionSets m_sets;
    VersioningLimits m_limits;
    QPointer<BuildIdInputDialog> m_dialog;
    QString m_changesRefused;
    // The refusal when changes are refused, else why (the action's own reason, may be empty).
    QString refusedOr(const QString &why) const
    {
        return m_changesRefused.isEmpty() ? why : m_changesRefused;
    }
};
