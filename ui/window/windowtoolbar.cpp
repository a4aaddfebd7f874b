#include "windowtoolbar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

WindowToolbar::WindowToolbar(QAction *connectAction, QAction *refreshAction, QAction *addDefaultAction,
                             QAction *fitAction, QWidget *parent)
    : QToolBar(QStringLiteral("Main"), parent)
    , m_namespaceBox(new QComboBox(this))
    , m_refreshSeconds(new QSpinBox(this))
{
    // The name the window's saved state knows the toolbar by.
    setObjectName(QStringLiteral("mainToolbar"));
    m_readOnly = new QLabel(tr("  Read-only  "), this);
    m_readOnly->setObjectName(QStringLiteral("readOnlyIndicator"));
    // Marked like a warning, so that it reads at a glance, in light and dark palettes alike.
    m_readOnly->setAutoFillBackground(true);
    m_readOnly->setBackgroundRole(QPalette::ToolTipBase);
    m_readOnly->setForegroundRole(QPalette::ToolTipText);
    m_readOnly->setFrameShape(QFrame::StyledPanel);
    QFont bold = m_readOnly->font();
    bold.setBold(true);
    m_readOnly->setFont(bold);
    // First, not last: a toolbar too narrow for its items (800x600) moves the last ones into its overflow
    // menu, and whoever works at that size must still see that nothing can be changed.
    m_readOnlyAction = addWidget(m_readOnly);
    m_readOnlyAction->setVisible(false);
    m_readOnlySeparator = addSeparator();
    m_readOnlySeparator->setVisible(false);
    addAction(connectAction);
    addWidget(new QLabel(QStringLiteral(" Namespace: "), this));
    m_namespaceBox->setObjectName(QStringLiteral("namespaceBox"));
    m_namespaceBox->setAccessibleName(QStringLiteral("Namespace"));
    m_namespaceBox->setMinimumContentsLength(14);
    m_namespaceBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(m_namespaceBox, &QComboBox::activated, this,
            [this](int index) { Q_EMIT namespaceChosen(m_namespaceBox->itemText(index)); });
    addWidget(m_namespaceBox);
    addSeparator();
    addAction(refreshAction);
    addWidget(new QLabel(QStringLiteral(" every "), this));
    m_refreshSeconds->setObjectName(QStringLiteral("refreshSeconds"));
    m_refreshSeconds->setAccessibleName(QStringLiteral("Automatic refresh interval in seconds"));
    m_refreshSeconds->setRange(0, 3600);
    m_refreshSeconds->setSuffix(QStringLiteral(" s"));
    m_refreshSeconds->setSpecialValueText(QStringLiteral("manual"));
    connect(m_refreshSeconds, &QSpinBox::valueChanged, this, &WindowToolbar::refreshIntervalChanged);
    addWidget(m_refreshSeconds);
    addSeparator();
    addAction(addDefaultAction);
    addAction(fitAction);
}

void WindowToolbar::setReadOnlyReason(const QString &why)
{
    m_readOnly->setToolTip(tr("No change can be sent: %1").arg(why));
    m_readOnly->setAccessibleName(tr("Read-only: %1").arg(why));
    m_readOnlyAction->setVisible(!why.isEmpty());
    m_readOnlySeparator->setVisible(!why.isEmpty());
}

bool WindowToolbar::isReadOnlyShown() const
{
    return m_readOnlyAction->isVisible();
}

void WindowToolbar::setNamespaces(const QStringList &names, const QString &current)
{
    m_namespaceBox->clear();
    m_namespaceBox->addItems(names);
    if (!names.contains(current))
        m_namespaceBox->addItem(current);
    m_namespaceBox->setCurrentText(current);
}

QString WindowToolbar::currentNamespace() const
{
    return m_namespaceBox->currentText();
}

void WindowToolbar::setRefreshInterval(int seconds)
{
    // The window sets what it already knows; only the user's change is news to it.
    const QSignalBlocker blocker(m_refreshSeconds);
    m_refreshSeconds->setValue(seconds);
}

int WindowToolbar::refreshInterval() const
{
    return m_refreshSeconds->value();
}
