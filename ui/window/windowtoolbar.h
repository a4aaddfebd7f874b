#pragma once

#include <QToolBar>

class QAction;
class QComboBox;
class QLabel;
class QSpinBox;

// The window's main toolbar: connect, the namespace chooser, refresh and its interval, add-default and fit.
// The actions are the window's own (its menus show them too); the toolbar only shows them and owns the
// namespace box and the interval spin box. The signals report what the user chose; the setters do not emit
// them. Lives on the GUI thread.
class WindowToolbar : public QToolBar
{
    Q_OBJECT

public:
    WindowToolbar(QAction *connectAction, QAction *refreshAction, QAction *addDefaultAction,
                  QAction *fitAction, QWidget *parent = nullptr);

    // Offers names (and current, when the list lacks it) with current chosen.
    void setNamespaces(const QStringList &names, const QString &current);
    QString currentNamespace() const;
    // Seconds between automatic refreshes; 0 is manual.
    void setRefreshInterval(int seconds);
    int refreshInterval() const;

    // Shows "Read-only" at the toolbar's end with why as its tooltip (a read-only connection); an empty why
    // hides it.
    void setReadOnlyReason(const QString &why);
    // For tests and screenshots: the indicator (hidden unless read-only).
    QLabel *readOnlyIndicator() const { return m_readOnly; }
    bool isReadOnlyShown() const;

Q_SIGNALS:
    // The user picked a namespace (possibly the one already shown).
    void namespaceChosen(const QString &name);
    void refreshIntervalChanged(int seconds);

private:
    QComboBox *m_namespaceBox;
    QSpinBox *m_refreshSeconds;
    QLabel *m_readOnly = nullptr;
    QAction *m_readOnlyAction = nullptr;
    QAction *m_readOnlySeparator = nullptr;
};
