#include "deploymentpage.h"

#include "deploymentgraphmodel.h"
#include "deploymentgraphscene.h"
#include "deploymentmenus.h"
#include "deploymentselectionsync.h"
#include "deploymenttext.h"
#include "deploymenttreemodel.h"
#include "deploymentview.h"
#include "manageridentitydialog.h"
#include "metadatadialog.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

DeploymentPage::DeploymentPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new DeploymentGraphModel(this))
    , m_scene(new DeploymentGraphScene(m_model, this))
    , m_treeModel(new DeploymentTreeModel(m_model, this))
    , m_menus(new DeploymentMenus(m_model, this, this))
    , m_header(new QLabel(this))
    , m_notes(new QLabel(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_view(new DeploymentView(m_scene, m_splitter))
    , m_tree(new QTreeView(m_splitter))
{
    setObjectName(QStringLiteral("deploymentPage"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_header->setObjectName(QStringLiteral("deploymentHeader"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setContentsMargins(6, 4, 6, 0);
    m_notes->setObjectName(QStringLiteral("deploymentNotes"));
    m_notes->setWordWrap(true);
    m_notes->setContentsMargins(6, 0, 6, 0);
    m_notes->hide();
    layout->addWidget(m_header);
    layout->addWidget(m_notes);
    layout->addWidget(m_splitter, 1);

    m_view->setObjectName(QStringLiteral("deploymentGraph"));
    m_tree->setObjectName(QStringLiteral("deploymentTree"));
    m_tree->setAccessibleName(tr("Deployment versions"));
    m_tree->setModel(m_treeModel);
    m_tree->setRootIsDecorated(false);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setUniformRowHeights(true);
    // Context menus come through eventFilter: a mouse's at the row under it, the menu key's (sent to the
    // list itself) at the current row.
    m_tree->installEventFilter(this);
    m_tree->viewport()->installEventFilter(this);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->setMinimumHeight(60);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_tree);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    // The graph is the picture; the list below is for the keyboard and a closer look, and a few rows show
    // a deployment's versions.
    m_splitter->setSizes({450, 150});
    m_splitter->setChildrenCollapsible(false);
    new DeploymentSelectionSync(m_model, m_treeModel, m_tree, this);

    connect(m_view, &DeploymentView::operationRequested, this, &DeploymentPage::operationRequested);
    connect(m_view, &DeploymentView::dropRefused, this, &DeploymentPage::messagePosted);
    connect(m_view, &DeploymentView::dragInterrupted, this, &DeploymentPage::messagePosted);
    connect(m_view, &DeploymentView::versionMenuRequested, this,
            [this](const QString &key, const QPoint &at) { m_menus->versionMenu(key, this)->popup(at); });
    connect(m_view, &DeploymentView::laneMenuRequested, this,
            [this](DeploymentGraphModel::Lane lane, const QPoint &at) {
                m_menus->laneMenu(lane, this)->popup(at);
            });
    connect(m_view, &DeploymentView::canvasMenuRequested, this,
            [this](const QPoint &at) { m_menus->canvasMenu(this)->popup(at); });
    // Enter on a row opens its menu, as the menu key does: every operation is a key press or two away.
    connect(m_tree, &QTreeView::activated, this,
            [this](const QModelIndex &index) { showTreeMenu(m_tree->visualRect(index).center(), true); });
    connect(m_menus, &DeploymentMenus::operationRequested, this, &DeploymentPage::operationRequested);
    connect(m_menus, &DeploymentMenus::messagePosted, this, &DeploymentPage::messagePosted);
    connect(m_menus, &DeploymentMenus::metadataRequested, this, &DeploymentPage::showMetadata);
    connect(m_menus, &DeploymentMenus::managerRequested, this, &DeploymentPage::showManagerIdentity);
    updateHeader();
}

DeploymentPage::~DeploymentPage()
{
    // The view goes before the scene it shows (both are ours, the scene is not a widget).
    delete m_splitter;
}

void DeploymentPage::setSnapshot(const DeploymentSnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
    updateHeader();
    if (!m_fitted) {
        // The first picture shows the whole deployment; later refreshes keep the operator's zoom.
        m_view->fitAll();
        m_fitted = true;
    }
}

const DeploymentSnapshot &DeploymentPage::snapshot() const
{
    return m_model->snapshot();
}

void DeploymentPage::setHighlighted(const QStringList &keys)
{
    m_model->setHighlighted(keys);
}

void DeploymentPage::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_view->setReadOnly(readOnly);
    m_menus->setReadOnly(readOnly);
}

void DeploymentPage::setChangesRefused(const QString &why)
{
    m_changesRefused = why;
    m_view->setChangesRefused(why);
    m_menus->setChangesRefused(why);
}

void DeploymentPage::updateHeader()
{
    const DeploymentSnapshot &snapshot = m_model->snapshot();
    const WorkerDeployment &deployment = snapshot.deployment;
    if (deployment.name.isEmpty()) {
        m_header->setText(tr("No deployment"));
        m_notes->hide();
        return;
    }
    const DeploymentRouting &routing = deployment.routing;
    QString route = tr("current <b>%1</b>")
                        .arg(DeploymentText::buildIdOrUnversioned(routing.currentBuildId).toHtmlEscaped());
    if (routing.hasRamp)
        route += tr(", ramping <b>%1</b> at %2 %")
                     .arg(DeploymentText::buildIdOrUnversioned(routing.rampingBuildId).toHtmlEscaped(),
                          QString::number(routing.rampingPercentage, 'g', 4));
    const QString manager = deployment.managerIdentity.isEmpty()
                                ? tr("manager: none")
                                : tr("manager: <b>%1</b>").arg(deployment.managerIdentity.toHtmlEscaped());
    QStringList parts{QStringLiteral("<b>%1</b>").arg(deployment.name.toHtmlEscaped()), route, manager};
    if (!deployment.lastModifierIdentity.isEmpty())
        parts << tr("last changed by %1").arg(deployment.lastModifierIdentity.toHtmlEscaped());
    if (snapshot.readAt.isValid())
        parts << tr("read %1").arg(
            QLocale().toString(snapshot.readAt.toLocalTime().time(), QLocale::ShortFormat));
    m_header->setText(parts.join(QStringLiteral(" \u00b7 ")));

    // What could not be read, and a routing change still on its way: said, never hidden.
    QStringList notes;
    if (deployment.routingUpdateState == WorkerDeployment::RoutingUpdateState::InProgress)
        notes << tr("The last routing change is still reaching the task queues.");
    if (snapshot.detailsError)
        notes << tr("Some version details are unknown: %1").arg(snapshot.detailsError->message);
    if (snapshot.pollersError)
        notes << tr("Pollers are unknown: %1").arg(snapshot.pollersError->message);
    if (snapshot.workflowCountsError)
        notes << tr("Open workflow counts are unknown: %1").arg(snapshot.workflowCountsError->message);
    m_notes->setText(notes.join(QLatin1Char(' ')));
    m_notes->setVisible(!notes.isEmpty());
}

bool DeploymentPage::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ContextMenu || (watched != m_tree && watched != m_tree->viewport()))
        return QWidget::eventFilter(watched, event);
    const auto *menuEvent = static_cast<QContextMenuEvent *>(event);
    if (menuEvent->reason() == QContextMenuEvent::Keyboard) {
        const QModelIndex current = m_tree->currentIndex();
        showTreeMenu(current.isValid() ? m_tree->visualRect(current).center() : QPoint(0, 0), true);
    } else {
        showTreeMenu(m_tree->viewport()->mapFromGlobal(menuEvent->globalPos()), false);
    }
    return true;
}

void DeploymentPage::showTreeMenu(const QPoint &pos, bool atCurrent)
{
    const QModelIndex index =
        atCurrent || !m_tree->indexAt(pos).isValid() ? m_tree->currentIndex() : m_tree->indexAt(pos);
    QMenu *menu = index.isValid()
                      ? m_menus->versionMenu(index.data(DeploymentTreeModel::KeyRole).toString(), this)
                      : m_menus->canvasMenu(this);
    menu->popup(m_tree->viewport()->mapToGlobal(pos));
}

void DeploymentPage::showMetadata(const QString &key)
{
    const DeploymentVersionDetails *details = m_model->details(key);
    if (!details)
        return;
    if (m_metadataDialog)
        m_metadataDialog->close();
    m_metadataDialog = new MetadataDialog(m_model->deploymentName(), key, details->metadata,
                                          m_readOnly || !m_changesRefused.isEmpty(), this);
    m_metadataDialog->setAttribute(Qt::WA_DeleteOnClose);
    MetadataDialog *dialog = m_metadataDialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!m_readOnly && m_changesRefused.isEmpty())
            Q_EMIT operationRequested(dialog->operation());
    });
    dialog->open();
}

void DeploymentPage::showManagerIdentity()
{
    if (m_managerDialog)
        m_managerDialog->close();
    m_managerDialog =
        new ManagerIdentityDialog(m_model->deploymentName(), m_model->snapshot().deployment.managerIdentity,
                                  m_ownIdentity, m_readOnly || !m_changesRefused.isEmpty(), this);
    m_managerDialog->setAttribute(Qt::WA_DeleteOnClose);
    ManagerIdentityDialog *dialog = m_managerDialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!m_readOnly && m_changesRefused.isEmpty())
            Q_EMIT operationRequested(dialog->operation());
    });
    dialog->open();
}
