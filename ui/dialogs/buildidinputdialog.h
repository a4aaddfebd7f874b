#pragma once

#include "versionsets/versioninglimits.h"
#include "versionsets/versionsets.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

// Asks for a new build ID: for "Add new default build ID…" or, with a compatible set named, for "Add
// compatible build ID…" (then with "make this set the queue default"). Checks the ID as it is typed (the
// same checks the preview makes) so OK is only enabled for an ID the server can take. Opened with open():
// never a nested event loop; the owner reads the answer on accepted(). Lives on the GUI thread.
class BuildIdInputDialog : public QDialog
{
    Q_OBJECT

public:
    // compatibleWith: a build ID of the set to join, empty for a new default set.
    BuildIdInputDialog(const VersionSets &sets, const VersioningLimits &limits, const QString &compatibleWith,
                       QWidget *parent = nullptr);

    QString buildId() const;
    bool makeSetDefault() const;
    QString compatibleWith() const { return m_compatibleWith; }
    QLineEdit *buildIdEdit() const { return m_edit; }
    QCheckBox *makeDefaultBox() const { return m_makeDefault; }

private:
    void validate();

    VersionSets m_sets;
    VersioningLimits m_limits;
    QString m_compatibleWith;
    QLineEdit *m_edit;
    QCheckBox *m_makeDefault = nullptr;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};
