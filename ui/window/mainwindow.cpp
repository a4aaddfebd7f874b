#include "mainwindow.h"

#include "common/displaytext.h"
#include "common/namerules.h"
#include "config/apikeykeychain.h"
#include "deployments/deploymentpage.h"
#include "deployments/deploymentview.h"
#include "dialogs/buildidinputdialog.h"
#include "dialogs/connectiondialog.h"
#include "dialogs/previewdialog.h"
#include "graph/versionsetgraphmodel.h"
#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "graphexporter.h"
#include "history/historylocation.h"
#include "history/historypanel.h"
#include "history/historyservice.h"
#include "history/restoreplanner.h"
#include "models/taskqueuelistmodel.h"
#include "models/versionsetselectionsync.h"
#include "models/versionsettreemodel.h"
#include "operationmenus.h"
#include "queueactions.h"
#include "session/namespacesession.h"
#include "versionsets/buildidvalidation.h"
#include "versionsets/versionsetchange.h"
#include "versionsets/versionsetplanner.h"
#include "windowdeployments.h"
#include "windowsettings.h"
#include "windowtoolbar.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace {
enum StackPage { GraphPage = 0, ExplanationPage = 1, DeploymentStackPage = 2 };
}

MainWindow::MainWindow(WindowSettings *settings, const ConnectionOverrides &overrides,
                       const QProcessEnvironment &environment, const std::optional<QString> &history,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_environment(environment)
    , m_queueModel(new TaskQueueListModel(this))
    , m_queueProxy(new QSortFilterProxyModel(this))
    , m_graphModel(new VersionSetGraphModel(this))
    , m_graphScene(new VersionSetGraphScene(m_graphModel, this))
    , m_setTreeModel(new VersionSetTreeModel(m_graphModel, this))
    , m_menus(new OperationMenus(this, this))
    , m_queueActions(
          new QueueActions({[this] { return currentSetIndex(); }, [this] { return currentBuildId(); },
                            [this] { return m_setTreeModel->snapshot().sets; }},
                           this))
    , m_history(new HistoryService(this))
{
    m_deployments = new WindowDeployments(m_queueModel, m_history, this);
    m_readOnlyFlag = overrides.readOnly.value_or(false);
    setWindowTitle(QStringLiteral("Versionscope"));
    setWindowIcon(QIcon(QStringLiteral(":/versionscope/icons/versionscope.svg")));
    m_queueProxy->setSourceModel(m_queueModel);
    m_queueProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_queueProxy->setFilterKeyColumn(TaskQueueListModel::NameColumn);
    m_queueProxy->setFilterRole(TaskQueueListModel::NameRole);
    m_queueProxy->setSortRole(TaskQueueListModel::NameRole);
    m_queueProxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(buildQueuePane());
    m_mainSplitter->addWidget(buildGraphPane());
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setSizes({300, 900});
    setCentralWidget(m_mainSplitter);

    m_connectionLabel = new QLabel(this);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setTextVisible(false);
    m_busy->hide();
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(m_connectionLabel);

    buildHistoryDock();
    buildActions();
    connect(m_menus, &OperationMenus::operationRequested, this, &MainWindow::requestOperation);
    connect(m_menus, &OperationMenus::pollersRequested, this, &MainWindow::showPollers);
    connect(m_menus, &OperationMenus::messagePosted, this, &MainWindow::showMessage);
    connect(m_graphView, &VersionSetGraphView::operationRequested, this, &MainWindow::requestOperation);
    connect(m_graphView, &VersionSetGraphView::dropRefused, this, &MainWindow::showMessage);
    connect(m_graphView, &VersionSetGraphView::dragInterrupted, this, &MainWindow::showMessage);
    m_menus->setGraphModel(m_graphModel);
    connect(m_graphView, &VersionSetGraphView::canvasMenuRequested, this,
            [this](const QPoint &at) { m_menus->canvasMenu(this)->popup(at); });
    connect(m_graphView, &VersionSetGraphView::setMenuRequested, this,
            [this](int set, const QPoint &at) { m_menus->setMenu(set, this)->popup(at); });
    connect(m_graphView, &VersionSetGraphView::buildIdMenuRequested, this,
            [this](const QString &id, const QPoint &at) { m_menus->buildIdMenu(id, this)->popup(at); });

    restoreLayout();
    showExplanation(QStringLiteral("Connecting\u2026"), QString());
    connectWith(overrides);
    // After connectWith: the history may be named by the connection's profile.
    openHistory(history);
}

MainWindow::~MainWindow()
{
    // The queue actions read this window's state through callbacks, and the models they listen to announce
    // their own destruction (a reset) while QObject deletes this window's children, when this is no longer a
    // MainWindow: they go first. Found by UBSan in tst_windowlayout.
    delete m_queueActions;
    m_queueActions = nullptr;
}

QWidget *MainWindow::buildQueuePane()
{
    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(4, 4, 4, 4);
    m_queueFilter = new QLineEdit(pane);
    m_queueFilter->setObjectName(QStringLiteral("queueFilter"));
    m_queueFilter->setPlaceholderText(QStringLiteral("Filter task queues"));
    m_queueFilter->setClearButtonEnabled(true);
    m_queueFilter->setAccessibleName(QStringLiteral("Filter task queues"));
    connect(m_queueFilter, &QLineEdit::textChanged, m_queueProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    // Filtering (or sorting, or a new row) must not leave another queue selected than the one shown.
    connect(m_queueProxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::selectShownQueue);
    connect(m_queueProxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::selectShownQueue);
    connect(m_queueProxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::selectShownQueue);
    connect(m_queueProxy, &QAbstractItemModel::modelReset, this, &MainWindow::selectShownQueue);
    layout->addWidget(m_queueFilter);

    m_queueView = new QTreeView(pane);
    m_queueView->setObjectName(QStringLiteral("queueView"));
    m_queueView->setAccessibleName(QStringLiteral("Task queues"));
    m_queueView->setModel(m_queueProxy);
    m_queueView->setRootIsDecorated(false);
    m_queueView->setUniformRowHeights(true);
    m_queueView->setSortingEnabled(true);
    m_queueView->sortByColumn(TaskQueueListModel::NameColumn, Qt::AscendingOrder);
    m_queueView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_queueView->header()->setStretchLastSection(false);
    m_queueView->header()->setSectionResizeMode(TaskQueueListModel::NameColumn, QHeaderView::Stretch);
    m_queueView->hideColumn(TaskQueueListModel::OriginColumn);
    connect(m_queueView, &QTreeView::activated, this, &MainWindow::onQueueActivated);
    connect(m_queueView, &QTreeView::clicked, this, &MainWindow::onQueueActivated);
    connect(m_queueView, &QTreeView::customContextMenuRequested, this, &MainWindow::showQueueMenu);
    layout->addWidget(m_queueView, 1);

    auto *entryRow = new QHBoxLayout;
    m_queueEntry = new QLineEdit(pane);
    m_queueEntry->setObjectName(QStringLiteral("queueEntry"));
    m_queueEntry->setPlaceholderText(QStringLiteral("Open a task queue by name"));
    m_queueEntry->setAccessibleName(QStringLiteral("Open a task queue by name"));
    auto *open = new QPushButton(QStringLiteral("&Open"), pane);
    connect(m_queueEntry, &QLineEdit::returnPressed, open, &QPushButton::click);
    connect(open, &QPushButton::clicked, this, [this] {
        const QString typed = m_queueEntry->text();
        // A queue of the list opens as it is, however odd its name (made by another tool); a new name must
        // follow the name rules, so that a stray space or an invisible character never names a queue.
        if (m_queueModel->rowOf(typed) < 0) {
            if (const std::optional<QString> problem = taskQueueNameProblem(typed)) {
                showMessage(tr("Not opened: %1").arg(*problem));
                return;
            }
        }
        openTaskQueue(typed);
        m_queueEntry->clear();
    });
    entryRow->addWidget(m_queueEntry, 1);
    entryRow->addWidget(open);
    layout->addLayout(entryRow);

    // Worker Deployments under the task queues: one namespace may have both kinds of routing.
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("leftSplitter"));
    split->addWidget(pane);
    split->addWidget(m_deployments->listPane());
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    return split;
}

QWidget *MainWindow::buildGraphPane()
{
    m_stack = new QStackedWidget(this);
    auto *graphPage = new QWidget(m_stack);
    auto *graphLayout = new QVBoxLayout(graphPage);
    graphLayout->setContentsMargins(0, 0, 0, 0);
    m_changeBanner = new QLabel(graphPage);
    m_changeBanner->setObjectName(QStringLiteral("changeBanner"));
    m_changeBanner->setWordWrap(true);
    m_changeBanner->setMargin(6);
    m_changeBanner->setFrameShape(QFrame::StyledPanel);
    m_changeBanner->setAutoFillBackground(true);
    m_changeBanner->setBackgroundRole(QPalette::ToolTipBase);
    m_changeBanner->setForegroundRole(QPalette::ToolTipText);
    m_changeBanner->hide();
    graphLayout->addWidget(m_changeBanner);

    m_graphSplitter = new QSplitter(Qt::Vertical, graphPage);
    m_graphSplitter->setObjectName(QStringLiteral("graphSplitter"));
    m_graphView = new VersionSetGraphView(m_graphScene, m_graphSplitter);
    m_graphView->setObjectName(QStringLiteral("graphView"));
    m_graphView->setAccessibleName(QStringLiteral("Version-set graph"));
    m_graphView->setAccessibleDescription(QStringLiteral(
        "Drag a set onto the queue-default slot, onto another set to merge, or a build ID to the top "
        "of its set. The tree below offers the same operations from the keyboard."));
    m_setTree = new QTreeView(m_graphSplitter);
    m_setTree->setObjectName(QStringLiteral("setTree"));
    m_setTree->setAccessibleName(QStringLiteral("Version sets"));
    m_setTree->setModel(m_setTreeModel);
    m_setTree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_setTree->setAllColumnsShowFocus(true);
    m_setTree->setUniformRowHeights(true);
    m_setTree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_setTree, &QTreeView::customContextMenuRequested, this, &MainWindow::showSetTreeMenu);
    connect(m_setTreeModel, &QAbstractItemModel::modelReset, m_setTree, &QTreeView::expandAll);
    // Selecting in the graph moves the tree's current row and the other way round.
    new VersionSetSelectionSync(m_graphModel, m_setTreeModel, m_setTree, this);
    m_graphSplitter->addWidget(m_graphView);
    m_graphSplitter->addWidget(m_setTree);
    m_graphSplitter->setStretchFactor(0, 3);
    m_graphSplitter->setStretchFactor(1, 1);
    m_graphSplitter->setCollapsible(0, false);
    // Until the user moves the handle (remembered): most of the height for the graph, a few rows for the
    // tree.
    m_graphSplitter->setSizes({3000, 1000});
    m_graphView->setMinimumHeight(120);
    m_setTree->setMinimumHeight(60);
    graphLayout->addWidget(m_graphSplitter, 1);
    m_stack->addWidget(graphPage);

    m_explanation = new QLabel(m_stack);
    m_explanation->setObjectName(QStringLiteral("explanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setAlignment(Qt::AlignCenter);
    m_explanation->setMargin(40);
    m_explanation->setTextFormat(Qt::RichText);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_stack->addWidget(m_explanation);
    m_stack->addWidget(m_deployments->pageWidget());
    connect(m_deployments, &WindowDeployments::pageWanted, this,
            [this] { m_stack->setCurrentIndex(DeploymentStackPage); });
    connect(m_deployments, &WindowDeployments::messagePosted, this, &MainWindow::showMessage);
    connect(m_deployments, &WindowDeployments::busyChanged, this, &MainWindow::updateBusy);
    connect(m_deployments, &WindowDeployments::deploymentShown, this, [this](const QString &name) {
        // After every read, so that "This deployment" follows it and a restore plans from the latest state.
        if (m_session && m_session->deploymentSnapshot())
            m_historyPanel->setCurrentDeployment(m_session->settings().address, m_session->namespaceName(),
                                                 name, m_session->deploymentSnapshot()->deployment);
        updateDeploymentActions();
        Q_EMIT deploymentShown(name);
    });
    connect(m_stack, &QStackedWidget::currentChanged, this, &MainWindow::updateDeploymentActions);
    connect(m_deployments, &WindowDeployments::deploymentReadFailed, this,
            [this](const QString &name, const QString &why) {
                if (m_stack->currentIndex() != DeploymentStackPage)
                    showExplanation(QStringLiteral("Cannot show worker deployment %1").arg(name),
                                    why.toHtmlEscaped());
                Q_EMIT deploymentReadFailed(name, why);
            });
    return m_stack;
}

void MainWindow::buildHistoryDock()
{
    m_historyDock = new QDockWidget(QStringLiteral("Rollout history"), this);
    m_historyDock->setObjectName(QStringLiteral("historyDock"));
    m_historyPanel = new HistoryPanel(m_history, m_historyDock);
    m_historyPanel->setObjectName(QStringLiteral("historyPanel"));
    m_historyDock->setWidget(m_historyPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    // The dock may be made low: the panel scrolls its details rather than drawing over the status bar.
    m_historyDock->setMinimumHeight(120);
    connect(m_historyPanel, &HistoryPanel::restoreRequested, this, &MainWindow::restoreHistoryState);
    connect(m_historyPanel, &HistoryPanel::deploymentRestoreRequested, m_deployments,
            &WindowDeployments::restoreRouting);
}

void MainWindow::openHistory(const std::optional<QString> &explicitLocation)
{
    connect(m_history, &HistoryService::opened, this, [this](const QString &description) {
        showMessage(QStringLiteral("Rollout history: %1").arg(description));
        m_history->checkWritable(this, [this](const Result<Done> &writable) {
            setHistoryProblem(writable ? QString() : writable.error().toString());
        });
    });
    connect(m_history, &HistoryService::openFailed, this,
            [this](const Error &error) { setHistoryProblem(error.toString()); });
    const Result<HistoryLocation> location = HistoryLocation::resolve(
        explicitLocation, m_overrides.profile ? m_overrides.profile : m_settings->connection().profile,
        m_environment);
    if (!location) {
        setHistoryProblem(location.error().toString());
        return;
    }
    m_history->open(location.value());
}

void MainWindow::setHistoryProblem(const QString &problem)
{
    if (problem == m_historyProblem)
        return;
    m_historyProblem = problem;
    m_deployments->setHistoryProblem(problem);
    if (!problem.isEmpty())
        showMessage(QStringLiteral("\u26a0 The rollout history cannot be written: %1").arg(problem));
}

void MainWindow::buildActions()
{
    m_windowMenus = new WindowMenus(menuBar(), this);
    QAction *connectAction = m_windowMenus->connectAction();
    connect(m_windowMenus, &WindowMenus::connectRequested, this, [this] {
        auto *dialog = new ConnectionDialog(m_overrides, m_environment, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog] {
            const std::optional<QString> key = dialog->keyForKeychain();
            const Result<ConnectionSettings> resolved = dialog->resolved();
            if (!key || !resolved)
                return connectWith(dialog->overrides());
            // Stored first, then read back like any key kept there: the window holds it nowhere else.
            showExplanation(QStringLiteral("Storing the API key in the system keychain\u2026"), QString());
            ApiKeyKeychain::store(resolved.value().profile, *key, this,
                                  [this, overrides = dialog->overrides()](const Result<Done> &stored) {
                                      if (!stored)
                                          return showExplanation(QStringLiteral("Cannot store the API key"),
                                                                 stored.error().toString());
                                      connectWith(overrides);
                                  });
        });
        dialog->open();
    });
    connect(m_windowMenus, &WindowMenus::exportRequested, this, &MainWindow::exportGraph);
    connect(m_windowMenus, &WindowMenus::quitRequested, this, &QWidget::close);
    connect(m_windowMenus, &WindowMenus::zoomRequested, this, [this](double factor) {
        if (m_stack->currentIndex() == DeploymentStackPage)
            m_deployments->page()->view()->zoomBy(factor);
        else
            m_graphView->zoomBy(factor);
    });
    connect(m_windowMenus, &WindowMenus::fitRequested, this, [this] {
        if (m_stack->currentIndex() == DeploymentStackPage)
            m_deployments->page()->view()->fitAll();
        else
            m_graphView->fitAll();
    });
    connect(m_windowMenus, &WindowMenus::focusRequested, this, [this](WindowMenus::FocusTarget target) {
        switch (target) {
        case WindowMenus::FocusTarget::TaskQueues:
            m_queueView->setFocus();
            break;
        case WindowMenus::FocusTarget::Tree:
            m_setTree->setFocus();
            break;
        case WindowMenus::FocusTarget::QueueFilter:
            m_queueFilter->setFocus();
            break;
        }
    });

    QMenu *queueMenu = menuBar()->addMenu(QStringLiteral("&Queue"));
    QAction *refresh = queueMenu->addAction(QStringLiteral("&Refresh"));
    refresh->setObjectName(QStringLiteral("refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, this, [this] {
        if (m_session)
            m_session->refresh();
        m_deployments->listDeployments();
        updateBusy();
    });
    QAction *discover = queueMenu->addAction(QStringLiteral("&Discover task queues"));
    connect(discover, &QAction::triggered, this, [this] {
        if (m_session)
            m_session->discoverTaskQueues();
    });
    queueMenu->addSeparator();
    // The operations, on the tree's current set or build ID: the keyboard's way to everything the graph does.
    m_queueActions->addTo(queueMenu);
    QAction *addDefault = m_queueActions->addNewDefaultAction();
    m_setTree->addAction(m_queueActions->copyBuildIdAction());
    connect(m_queueActions, &QueueActions::addNewDefaultRequested, m_menus, &OperationMenus::askNewDefault);
    connect(m_queueActions, &QueueActions::addCompatibleRequested, m_menus, &OperationMenus::askCompatible);
    connect(m_queueActions, &QueueActions::operationRequested, this, &MainWindow::requestOperation);
    connect(m_queueActions, &QueueActions::pollersRequested, this, &MainWindow::showPollers);
    connect(m_queueActions, &QueueActions::messagePosted, this, &MainWindow::showMessage);
    // The disabled actions and their reasons follow the selection and the sets (shortcuts too); the tree
    // model only ever resets.
    connect(m_setTree->selectionModel(), &QItemSelectionModel::currentChanged, m_queueActions,
            &QueueActions::updateEnabled);
    connect(m_setTreeModel, &QAbstractItemModel::modelReset, m_queueActions, &QueueActions::updateEnabled);

    QAction *history = m_historyDock->toggleViewAction();
    history->setText(QStringLiteral("Rollout &history"));
    history->setShortcut(QKeySequence(QStringLiteral("Ctrl+H")));
    history->setObjectName(QStringLiteral("showHistory"));
    m_windowMenus->addViewMenu(menuBar(), {history});
    QAction *fit = m_windowMenus->fitAction();

    m_toolbar = new WindowToolbar(connectAction, refresh, addDefault, fit, this);
    m_toolbar->setRefreshInterval(m_settings->refreshIntervalSeconds());
    connect(m_toolbar, &WindowToolbar::namespaceChosen, this, [this](const QString &name) {
        if (m_session && name != m_session->namespaceName()) {
            ConnectionOverrides overrides = m_overrides;
            overrides.namespaceName = name;
            connectWith(overrides);
        }
    });
    connect(m_toolbar, &WindowToolbar::refreshIntervalChanged, this, [this](int seconds) {
        m_settings->setRefreshIntervalSeconds(seconds);
        if (m_session)
            m_session->setRefreshInterval(seconds * 1000);
    });
    addToolBar(m_toolbar);
}

void MainWindow::exportGraph(WindowMenus::ExportFormat format)
{
    switch (format) {
    case WindowMenus::ExportFormat::Png:
        saveFileAs(QStringLiteral("Export graph as PNG"), QStringLiteral("PNG images (*.png)"),
                   QStringLiteral("png"), [this](const QString &path) { return exportPng(path); });
        break;
    case WindowMenus::ExportFormat::Svg:
        saveFileAs(QStringLiteral("Export graph as SVG"), QStringLiteral("SVG images (*.svg)"),
                   QStringLiteral("svg"), [this](const QString &path) { return exportSvg(path); });
        break;
    case WindowMenus::ExportFormat::Json:
        saveFileAs(QStringLiteral("Export sets as JSON"), QStringLiteral("JSON (*.json)"),
                   QStringLiteral("json"), [this](const QString &path) { return exportJson(path); });
        break;
    }
}

void MainWindow::restoreLayout()
{
    const QByteArray geometry = m_settings->value(QStringLiteral("window/geometry"));
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    else
        resize(1280, 800);
    const QByteArray state = m_settings->value(QStringLiteral("window/state"));
    if (!state.isEmpty()) {
        restoreState(state);
    } else {
        // The graph stays the main thing: the history starts docked below it at a quarter of the window.
        resizeDocks({m_historyDock}, {height() / 4}, Qt::Vertical);
    }
    const QByteArray main = m_settings->value(QStringLiteral("window/mainSplitter"));
    if (!main.isEmpty())
        m_mainSplitter->restoreState(main);
    const QByteArray graph = m_settings->value(QStringLiteral("window/graphSplitter"));
    if (!graph.isEmpty())
        m_graphSplitter->restoreState(graph);
}

void MainWindow::saveLayout()
{
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/state"), saveState());
    m_settings->setValue(QStringLiteral("window/mainSplitter"), m_mainSplitter->saveState());
    m_settings->setValue(QStringLiteral("window/graphSplitter"), m_graphSplitter->saveState());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    savePins();
    QMainWindow::closeEvent(event);
}

void MainWindow::connectWith(const ConnectionOverrides &overrides)
{
    // What was typed last time fills what this time leaves open.
    ConnectionOverrides merged = overrides;
    const ConnectionOverrides remembered = m_settings->connection();
    auto fill = [](auto &field, const auto &fallback) {
        if (!field)
            field = fallback;
    };
    fill(merged.profile, remembered.profile);
    fill(merged.address, remembered.address);
    fill(merged.namespaceName, remembered.namespaceName);
    fill(merged.tls, remembered.tls);
    fill(merged.tlsCaPath, remembered.tlsCaPath);
    fill(merged.tlsCertPath, remembered.tlsCertPath);
    fill(merged.tlsKeyPath, remembered.tlsKeyPath);
    fill(merged.tlsServerName, remembered.tlsServerName);
    fill(merged.tlsDisableHostVerification, remembered.tlsDisableHostVerification);
    // Where the key is kept is remembered (not a secret); a key given now is used instead.
    if (!merged.apiKey)
        fill(merged.apiKeyFromKeychain, remembered.apiKeyFromKeychain);
    if (m_readOnlyFlag)
        merged.readOnly = true;
    const Result<ConnectionSettings> settings = ConnectionSettingsResolver::resolve(merged, m_environment);
    if (!settings) {
        showExplanation(QStringLiteral("Cannot connect"), settings.error().toString());
        return;
    }
    m_overrides = merged;
    m_settings->setConnection(merged);
    // A newer connection supersedes a keychain read still under way.
    const quint64 keychainRead = ++m_keychainRead;
    if (settings.value().apiKeyOrigin == SettingOrigin::Keychain) {
        // The keychain may have to ask the user to unlock it: the answer comes from the event loop.
        showExplanation(QStringLiteral("Reading the API key from the system keychain\u2026"), QString());
        ApiKeyKeychain::read(settings.value().profile, this,
                             [this, keychainRead, connection = settings.value()](const Result<QString> &key) {
                                 if (keychainRead != m_keychainRead)
                                     return;
                                 if (!key)
                                     return showExplanation(QStringLiteral("Cannot connect"),
                                                            key.error().toString());
                                 ConnectionSettings withKey = connection;
                                 withKey.apiKey = key.value();
                                 startSession(withKey);
                             });
        return;
    }
    startSession(settings.value());
}

void MainWindow::startSession(const ConnectionSettings &settings)
{
    savePins();
    delete m_session;
    m_session = new NamespaceSession(settings, this);
    connect(m_session, &NamespaceSession::connected, this, &MainWindow::onConnected);
    connect(m_session, &NamespaceSession::namespacesListed, this, &MainWindow::onNamespacesListed);
    connect(m_session, &NamespaceSession::taskQueuesDiscovered, this, &MainWindow::onQueuesDiscovered);
    connect(m_session, &NamespaceSession::snapshotRead, this, &MainWindow::onSnapshotRead);
    connect(m_session, &NamespaceSession::changedElsewhere, this, &MainWindow::onChangedElsewhere);
    connect(m_session, &NamespaceSession::applyFinished, this, &MainWindow::onApplyFinished);
    connect(m_session, &NamespaceSession::summaryRead, m_queueModel, &TaskQueueListModel::setSummary);
    connect(m_session, &NamespaceSession::summaryRead, this, &MainWindow::onSummaryRead);
    m_queuesDiscovered = false;
    // Every read and change goes through the session's engine, which records it in the history.
    m_session->setHistory(m_history);
    connect(m_session->engine(), &RolloutEngine::historyProblemChanged, this, &MainWindow::setHistoryProblem);
    // Which step of a change the window waits for, so that a slow or broken connection shows where it
    // stopped. Shown in the status bar only until the outcome's message replaces it (statusText() keeps the
    // last message that stays).
    connect(m_session->engine(), &RolloutEngine::stageStarted, this,
            [this](RolloutEngine::Stage stage, const QString &target) {
                QString step;
                switch (stage) {
                case RolloutEngine::Stage::StaleCheck:
                    step = tr("%1: checking that nothing changed since the preview\u2026").arg(target);
                    break;
                case RolloutEngine::Stage::Apply:
                    step = tr("%1: sending the change\u2026").arg(target);
                    break;
                case RolloutEngine::Stage::ReadBack:
                    step = tr("%1: reading back the result\u2026").arg(target);
                    break;
                case RolloutEngine::Stage::Read:
                case RolloutEngine::Stage::FleetRead:
                    return;
                }
                statusBar()->showMessage(step);
            });
    connect(m_session, &NamespaceSession::summaryRead, this, &MainWindow::updateBusy);
    m_session->setRefreshInterval(m_toolbar->refreshInterval() * 1000);

    m_connectionLabel->setText(settings.describe());
    m_restore.reset();
    m_historyPanel->setCurrentQueue(settings.address, settings.namespaceName, QString());
    setWindowTitle(QStringLiteral("Versionscope \u2014 %1").arg(settings.describe()));
    applyChangeSafety(settings);
    m_queueModel->clear();
    m_graphModel->setSets({});
    m_graphModel->setHighlighted({});
    m_menus->setSets({}, settings.limits);
    m_changeBanner->hide();
    m_firstQueueRestored = false;
    m_toolbar->setNamespaces({}, settings.namespaceName);
    for (const QString &queue : m_settings->pinnedQueues(settings.address, settings.namespaceName))
        m_queueModel->setPinned(queue, true);
    showExplanation(QStringLiteral("Connecting to %1\u2026").arg(settings.describe()), QString());
    for (const QString &warning : settings.warnings)
        showMessage(QStringLiteral("\u26a0 ") + warning);
    m_deployments->setSession(m_session);
    m_session->checkConnection();
    m_session->listNamespaces();
    m_session->discoverTaskQueues();
    m_session->readSummaries(m_queueModel->queueNames());
    updateBusy();
    if (!m_queueWaitingForSession.isEmpty())
        openTaskQueue(std::exchange(m_queueWaitingForSession, QString()));
    if (!m_queueToJudge.isEmpty())
        openTaskQueueByName(std::exchange(m_queueToJudge, QString()));
}

void MainWindow::applyChangeSafety(const ConnectionSettings &settings)
{
    const QString refused = settings.safety.readOnlyReason();
    m_menus->setChangesRefused(refused);
    m_queueActions->setChangesRefused(refused);
    m_graphView->setChangesRefused(refused);
    m_deployments->setChangesRefused(refused);
    m_historyPanel->setChangesRefused(refused);
    m_toolbar->setReadOnlyReason(refused);
    if (!refused.isEmpty()) {
        // In the status bar too, where the connection is named: what is shown cannot be changed from here.
        m_connectionLabel->setText(tr("%1 \u2014 read-only").arg(settings.describe()));
        m_connectionLabel->setToolTip(tr("No change can be sent: %1").arg(refused));
    } else {
        m_connectionLabel->setToolTip(QString());
    }
    updateDeploymentActions();
}

void MainWindow::onConnected(const Result<SystemInfo> &info)
{
    if (!info) {
        showExplanation(QStringLiteral("Cannot reach the namespace"),
                        info.error().toString() +
                            QStringLiteral("<br><br>Use File \u203a Connect\u2026 to change the "
                                           "address, namespace or TLS settings."));
        return;
    }
    showMessage(QStringLiteral("Connected to Temporal %1").arg(info.value().serverVersion));
    const QString last = m_settings->lastQueue(m_session->settings().address, m_session->namespaceName());
    // A deployment opened meanwhile (command line) is what the user asked to see.
    const bool nothingShown =
        m_session->currentTaskQueue().isEmpty() && m_session->currentDeployment().isEmpty();
    if (!last.isEmpty() && nothingShown) {
        m_firstQueueRestored = true;
        openTaskQueue(last);
    } else if (nothingShown) {
        showExplanation(
            QStringLiteral("Choose a task queue"),
            QStringLiteral("Pick a task queue on the left, or type its name below the list. Temporal has "
                           "no list of task queues: the list shows those of recent workflow executions "
                           "and the ones you pinned."));
    }
}

void MainWindow::onNamespacesListed(const Result<QStringList> &names)
{
    if (!names) {
        showMessage(QStringLiteral("Namespaces could not be listed: %1").arg(names.error().toString()));
        return;
    }
    m_toolbar->setNamespaces(names.value(), m_session->namespaceName());
}

void MainWindow::onQueuesDiscovered(const Result<QList<DiscoveredTaskQueue>> &queues)
{
    m_queuesDiscovered = true;
    const auto judge = qScopeGuard([this] { judgeQueueToJudge(); });
    if (!queues) {
        showMessage(QStringLiteral("Task queues could not be discovered: %1").arg(queues.error().toString()));
        return;
    }
    m_queueModel->addDiscovered(queues.value());
    m_session->readSummaries(m_queueModel->queueNames());
    showMessage(
        QStringLiteral("%1 task queue(s) seen in recent workflow executions").arg(queues.value().size()));
    updateBusy();
}

void MainWindow::openTaskQueue(const QString &name)
{
    // Not trimmed: a queue named " orders" by another tool is another queue than "orders".
    if (!m_session) {
        // The session starts once the API key has been read from the keychain (connectWith).
        m_queueWaitingForSession = name;
        return;
    }
    if (name.trimmed().isEmpty())
        return;
    const int listed = m_queueModel->rowOf(name);
    const int row = listed >= 0 ? listed : m_queueModel->addTyped(name);
    m_queueView->setCurrentIndex(m_queueProxy->mapFromSource(m_queueModel->index(row, 0)));
    if (name != m_session->currentTaskQueue()) {
        m_graphModel->setSets({});
        m_graphModel->setHighlighted({});
        m_changeBanner->hide();
        showExplanation(QStringLiteral("Reading %1\u2026").arg(name), QString());
    }
    m_settings->setLastQueue(m_session->settings().address, m_session->namespaceName(), name);
    if (name != m_session->currentTaskQueue())
        m_restore.reset();
    m_historyPanel->setCurrentQueue(m_session->settings().address, m_session->namespaceName(), name);
    m_session->selectTaskQueue(name);
    updateBusy();
}

void MainWindow::openTaskQueueByName(const QString &name)
{
    if (m_queueModel->rowOf(name) >= 0 || !taskQueueNameProblem(name)) {
        openTaskQueue(name);
        return;
    }
    // Not added to the list nor read as the shown queue before it is known to exist: a typing mistake
    // would otherwise stay in the list, and in the settings as the last queue.
    m_queueToJudge = name;
    m_queueToJudgeRead.reset();
    showMessage(tr("Checking whether task queue %1 exists\u2026").arg(quotedForDisplay(name)));
    if (m_session)
        m_session->readSummaries({name});
}

void MainWindow::onSummaryRead(const QString &taskQueue, const Result<QueueSnapshot> &snapshot)
{
    if (m_queueToJudge.isEmpty() || taskQueue != m_queueToJudge)
        return;
    m_queueToJudgeRead = snapshot;
    judgeQueueToJudge();
}

void MainWindow::judgeQueueToJudge()
{
    if (m_queueToJudge.isEmpty())
        return;
    const QString name = m_queueToJudge;
    // Version sets are what makes a queue known to the server (the CLI judges the same way); the discovery
    // knows queues of recent workflow executions.
    const bool hasSets =
        m_queueToJudgeRead && m_queueToJudgeRead->isOk() && !m_queueToJudgeRead->value().sets.isEmpty();
    if (hasSets || m_queueModel->rowOf(name) >= 0) {
        m_queueToJudge.clear();
        m_queueToJudgeRead.reset();
        openTaskQueue(name);
        if (const std::optional<QString> warning = nameRuleWarning(NameKind::TaskQueue, name))
            showMessage(QStringLiteral("\u26a0 ") + *warning);
        return;
    }
    if (!m_queueToJudgeRead || !m_queuesDiscovered)
        return;
    QString why = tr("new task queue: %1").arg(*taskQueueNameProblem(name));
    if (!m_queueToJudgeRead->isOk())
        why += tr(" (it cannot be read: %1)").arg(m_queueToJudgeRead->error().toString());
    else
        why += tr(" (the queue has no version sets and is not among the discovered ones; check for a typing "
                  "mistake)");
    m_queueToJudge.clear();
    m_queueToJudgeRead.reset();
    showMessage(tr("Not opened: %1").arg(why));
    Q_EMIT queueReadFailed(name, why);
}

void MainWindow::onQueueActivated(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid())
        return;
    const QString name = proxyIndex.data(TaskQueueListModel::NameRole).toString();
    // A queue a Worker Deployment polls is routed by the deployment, not by version sets: show that.
    const QString deployment = proxyIndex.data(TaskQueueListModel::DeploymentRole).toString();
    if (m_session && !deployment.isEmpty()) {
        if (deployment != m_session->currentDeployment()) {
            showMessage(
                QStringLiteral("Task queue %1 is polled by worker deployment %2: showing the deployment "
                               "(its menu shows the queue's version sets)")
                    .arg(name, deployment));
            m_deployments->openDeployment(deployment);
        }
        return;
    }
    if (m_session && name != m_session->currentTaskQueue())
        openTaskQueue(name);
}

void MainWindow::onSnapshotRead(const QString &taskQueue, const Result<QueueSnapshot> &snapshot)
{
    updateBusy();
    m_queueModel->setSummary(taskQueue, snapshot);
    if (!snapshot) {
        // A failed refresh keeps the graph the user was looking at; only a first read shows the error page.
        if (m_graphScene->sets().isEmpty() ||
            snapshot.error().reason == QLatin1String("version-sets-unavailable")) {
            showExplanation(QStringLiteral("Cannot show %1").arg(taskQueue),
                            snapshot.error().message.toHtmlEscaped() +
                                (snapshot.error().detail.isEmpty()
                                     ? QString()
                                     : QStringLiteral("<br><br>") + snapshot.error().detail.toHtmlEscaped()));
        }
        showMessage(QStringLiteral("Reading %1 failed: %2").arg(taskQueue, snapshot.error().toString()));
        Q_EMIT queueReadFailed(taskQueue, snapshot.error().toString());
        return;
    }
    const QueueSnapshot &s = snapshot.value();
    // Updated in place: a drag, the selection and the keyboard user's place survive the refresh.
    m_graphModel->setSnapshot(s);
    m_menus->setSets(s.sets, m_session->settings().limits);
    if (!m_changeBanner->isVisible())
        m_graphModel->setHighlighted({});
    const bool first = m_stack->currentIndex() != GraphPage;
    m_stack->setCurrentIndex(GraphPage);
    if (first)
        m_graphView->fitAll();
    QString note;
    if (s.pollersError)
        note = QStringLiteral("; pollers unknown: %1").arg(s.pollersError->message);
    if (s.sets.isEmpty())
        note += QStringLiteral("; no version sets yet: right-click the canvas to add a build ID");
    showMessage(QStringLiteral("Read %1 at %2%3")
                    .arg(taskQueue, s.readAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")), note));
    if (m_restore && m_restore->awaitingRead)
        continueRestore(s);
    Q_EMIT queueShown(taskQueue);
}

void MainWindow::onChangedElsewhere(const QString &taskQueue, const VersionSets &before,
                                    const VersionSets &after)
{
    const QList<VersionSetChange> changes = diffVersionSets(before, after);
    QStringList ids;
    QStringList lines;
    for (const VersionSetChange &change : changes) {
        ids << change.buildIds;
        lines << change.text;
    }
    m_changeBanner->setText(QStringLiteral("\u26a0 Changed outside this window (seen %1): %2")
                                .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")),
                                     lines.isEmpty() ? QStringLiteral("the order of build IDs changed")
                                                     : lines.join(QStringLiteral("; "))));
    m_changeBanner->show();
    // The sets themselves arrive with onSnapshotRead right after this; the highlight stays until then.
    m_graphModel->setHighlighted(ids);
    Q_EMIT changeObserved(taskQueue, before, after);
}

void MainWindow::requestOperation(const BuildIdOperation &operation)
{
    // An operation chosen by hand ends a restore that was under way.
    m_restore.reset();
    openPreview(operation, QString(), QString());
}

void MainWindow::openPreview(const BuildIdOperation &operation, const QString &note, const QString &reason)
{
    if (!m_session || !m_session->snapshot()) {
        showMessage(QStringLiteral("Open a task queue first"));
        return;
    }
    if (m_session->isApplying()) {
        showMessage(QStringLiteral("Another change is being applied"));
        return;
    }
    if (const QString refused = m_session->settings().safety.readOnlyReason(); !refused.isEmpty()) {
        // The menus and drags say so already; this is for any other way in (a restore, a test).
        m_restore.reset();
        showMessage(refused);
        return;
    }
    const VersionSetPreview preview = m_session->preview(operation);
    if (!m_preview) {
        m_preview = new PreviewDialog(this);
        m_preview->setObjectName(QStringLiteral("previewDialog"));
        connect(m_preview, &PreviewDialog::applyRequested, this,
                [this](const VersionSetPlan &plan, const QString &typedReason) {
                    m_pendingReason = typedReason;
                    m_preview->showApplying();
                    RolloutEngine::ApplyOptions options;
                    options.reason = typedReason;
                    options.source = m_previewSource;
                    options.confirmedName = m_preview->confirmedName();
                    m_session->apply(plan, options);
                    updateBusy();
                });
        // Closing the dialog ends a restore, unless its next step is about to be shown.
        connect(m_preview, &QDialog::rejected, this, [this] {
            if (m_restore && !m_restore->awaitingRead) {
                showMessage(QStringLiteral("Restore stopped after %1 step(s)").arg(m_restore->applied));
                m_restore.reset();
            }
        });
    }
    m_previewSource = m_restore ? HistoryContext::Source::Restore : HistoryContext::Source::Window;
    m_preview->setPreview(preview, m_session->snapshot()->pollerCounts());
    const QString protection = m_session->settings().safety.taskQueueProtection(
        m_session->namespaceName(), m_session->currentTaskQueue());
    m_preview->requireName(protection.isEmpty() ? QString() : m_session->currentTaskQueue(), protection);
    m_preview->setContextNote(note);
    m_preview->setReason(reason);
    const QString problem = m_history->isOpen() || !m_historyProblem.isEmpty()
                                ? m_historyProblem
                                : QStringLiteral("the history is still being opened");
    m_preview->setHistoryStatus(m_history->location().describe(), problem);
    m_preview->open();
}

namespace {
QString restoreNote(const HistoryEntry &entry, const RestorePlan &plan, int step)
{
    QString note = QStringLiteral("Restoring task queue %1 to its state after history entry #%2 (%3): step "
                                  "%4 of %5.\nWhen done the queue will be: %6")
                       .arg(entry.context.taskQueue)
                       .arg(entry.id)
                       .arg(entry.recordedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                       .arg(step)
                       .arg(step - 1 + plan.operations.size())
                       .arg(plan.closest.toDisplayString());
    if (!plan.notes.value(0).isEmpty())
        note += QStringLiteral("\n\u26a0 ") + plan.notes.first();
    for (const RestorePlan::Limitation &limitation : plan.limitations)
        note += QStringLiteral("\n\u26a0 ") + limitation.text;
    return note;
}
} // namespace

void MainWindow::restoreHistoryState(const HistoryEntry &entry)
{
    if (!m_session || !m_session->snapshot() || entry.context.taskQueue != m_session->currentTaskQueue() ||
        entry.context.serverAddress != m_session->settings().address ||
        entry.context.namespaceName != m_session->namespaceName()) {
        showMessage(QStringLiteral("Open task queue %1 on %2 first to restore its state")
                        .arg(entry.context.taskQueue, entry.context.serverAddress));
        return;
    }
    const std::optional<VersionSets> target = entry.knownState();
    if (!target) {
        showMessage(QStringLiteral("History entry #%1 does not know the queue's state").arg(entry.id));
        return;
    }
    const RestorePlan plan = planRestore(m_session->snapshot()->sets, *target, m_session->settings().limits);
    if (plan.operations.isEmpty()) {
        QStringList lines{plan.reachesTarget()
                              ? QStringLiteral("%1 already is as it was after entry #%2.")
                                    .arg(entry.context.taskQueue)
                                    .arg(entry.id)
                              : QStringLiteral("No operation brings %1 closer to its state after entry #%2.")
                                    .arg(entry.context.taskQueue)
                                    .arg(entry.id)};
        for (const RestorePlan::Limitation &limitation : plan.limitations)
            lines << limitation.text;
        QMessageBox::information(this, QStringLiteral("Restore this state"),
                                 lines.join(QStringLiteral("\n\n")));
        return;
    }
    m_restore = RestoreRun{entry, 0, false};
    openPreview(plan.operations.first(), restoreNote(entry, plan, 1),
                QStringLiteral("Restore to history entry #%1").arg(entry.id));
}

void MainWindow::continueRestore(const QueueSnapshot &snapshot)
{
    m_restore->awaitingRead = false;
    const HistoryEntry entry = m_restore->entry;
    // Planned again from the queue as it is now: whatever happened meanwhile is taken into account.
    const RestorePlan plan = planRestore(snapshot.sets, *entry.knownState(), m_session->settings().limits);
    if (plan.operations.isEmpty()) {
        QString done = QStringLiteral("Restore finished in %1 step(s): %2 is %3 as after history entry #%4.")
                           .arg(m_restore->applied)
                           .arg(entry.context.taskQueue,
                                plan.reachesTarget() ? QStringLiteral("again")
                                                     : QStringLiteral("as close as possible to how it was"))
                           .arg(entry.id);
        for (const RestorePlan::Limitation &limitation : plan.limitations)
            done += QStringLiteral("\n\u26a0 ") + limitation.text;
        m_restore.reset();
        showMessage(done.section(QLatin1Char('\n'), 0, 0));
        if (m_preview && m_preview->isVisible())
            m_preview->setContextNote(done);
        return;
    }
    openPreview(plan.operations.first(), restoreNote(entry, plan, m_restore->applied + 1),
                m_preview ? m_preview->reason() : QString());
}

void MainWindow::onApplyFinished(const QString &taskQueue, const RolloutEngine::ApplyResult &result)
{
    const ApplyOutcome &outcome = result.outcome;
    updateBusy();
    showMessage(result.historyId
                    ? QStringLiteral("%1: %2; recorded in the history as entry #%3")
                          .arg(outcome.plan.operation.summary(), outcome.summary())
                          .arg(*result.historyId)
                    : QStringLiteral("%1: %2").arg(outcome.plan.operation.summary(), outcome.summary()));
    Q_EMIT operationAttempted(taskQueue, outcome, m_pendingReason);
    Q_EMIT attemptRecorded(result.historyId.value_or(0));
    if (m_restore) {
        if (outcome.status == ApplyOutcome::Status::Applied) {
            ++m_restore->applied;
            m_restore->awaitingRead = true;
        } else {
            m_restore.reset();
        }
    }
    if (!m_preview)
        return;
    m_preview->showOutcome(outcome);
    if (outcome.status == ApplyOutcome::Status::Stale && m_session->snapshot()) {
        // The same preview, made from the sets the stale check found (pollers as last read).
        QueueSnapshot found = *m_session->snapshot();
        found.sets = outcome.actual;
        m_preview->showStale(m_session->engine()->preview(found, outcome.plan.operation),
                             found.pollerCounts());
    }
}

void MainWindow::updateDeploymentActions()
{
    if (!m_queueActions)
        return;
    const bool deployment = m_stack->currentIndex() == DeploymentStackPage && m_session &&
                            !m_session->currentDeployment().isEmpty();
    QAction *addDefault = m_queueActions->addNewDefaultAction();
    // A deployment's versions are created by its workers when they first poll: there is nothing to add.
    // Read-only weighs more: it holds on every page.
    const QString refused = m_session ? m_session->settings().safety.readOnlyReason() : QString();
    const QString why =
        !refused.isEmpty() ? refused
        : deployment ? tr("Version sets only: a worker deployment's versions appear when their workers poll")
                     : QString();
    addDefault->setEnabled(why.isEmpty());
    // An empty tool tip brings back the one Qt derives from the action's text.
    addDefault->setToolTip(why);
    addDefault->setStatusTip(why);
    // The exports write the version-set graph: on a deployment page that would be an empty file. TODO(issue
    // 10): export a deployment's graph and JSON.
    const QString noExport =
        deployment ? tr("Version sets only: the exports write a task queue's version sets") : QString();
    for (const QString &name :
         {QStringLiteral("exportPng"), QStringLiteral("exportSvg"), QStringLiteral("exportJson")}) {
        if (QAction *exportAction = findChild<QAction *>(name)) {
            exportAction->setEnabled(!deployment);
            exportAction->setStatusTip(noExport);
            exportAction->setToolTip(noExport);
        }
    }
    if (!m_session)
        return;
    // Only a deployment is named: the queue side keeps the title it always had.
    const QString connection = refused.isEmpty() ? m_session->settings().describe()
                                                 : tr("%1 (read-only)").arg(m_session->settings().describe());
    setWindowTitle(deployment ? tr("Versionscope \u2014 worker deployment %1 \u2014 %2")
                                    .arg(m_session->currentDeployment(), connection)
                              : tr("Versionscope \u2014 %1").arg(connection));
}

void MainWindow::showExplanation(const QString &title, const QString &text)
{
    m_explanation->setText(QStringLiteral("<h2>%1</h2><p>%2</p>").arg(title.toHtmlEscaped(), text));
    m_stack->setCurrentIndex(ExplanationPage);
}

QString MainWindow::explanationText() const
{
    return m_stack->currentIndex() == ExplanationPage ? m_explanation->text() : QString();
}

bool MainWindow::isShowingGraph() const
{
    return m_stack->currentIndex() == GraphPage;
}

void MainWindow::showMessage(const QString &message)
{
    m_lastMessage = message;
    statusBar()->showMessage(message);
}

QString MainWindow::statusText() const
{
    return m_lastMessage;
}

void MainWindow::updateBusy()
{
    const bool busy = m_session && (m_session->isReading() || m_session->isApplying());
    m_busy->setVisible(busy);
}

void MainWindow::savePins()
{
    if (!m_session)
        return;
    m_settings->setPinnedQueues(m_session->settings().address, m_session->namespaceName(),
                                m_queueModel->pinnedQueues());
}

void MainWindow::selectShownQueue()
{
    if (!m_queueView)
        return;
    const QString shown = m_session ? m_session->currentTaskQueue() : QString();
    const int row = shown.isEmpty() ? -1 : m_queueModel->rowOf(shown);
    const QModelIndex index =
        row >= 0 ? m_queueProxy->mapFromSource(m_queueModel->index(row, 0)) : QModelIndex();
    QItemSelectionModel *selection = m_queueView->selectionModel();
    if (index.isValid()) {
        if (selection->currentIndex() != index || !selection->isSelected(index))
            selection->setCurrentIndex(index,
                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    } else if (selection->hasSelection() || selection->currentIndex().isValid()) {
        selection->clear();
    }
}

int MainWindow::currentSetIndex() const
{
    const QModelIndex index = m_setTree->currentIndex();
    return index.isValid() ? index.data(VersionSetTreeModel::SetIndexRole).toInt() : -1;
}

QString MainWindow::currentBuildId() const
{
    const QModelIndex index = m_setTree->currentIndex();
    if (!index.isValid() || index.data(VersionSetTreeModel::IsSetRole).toBool())
        return {};
    return index.data(VersionSetTreeModel::BuildIdRole).toString();
}

void MainWindow::showSetTreeMenu(const QPoint &pos)
{
    const QModelIndex index =
        m_setTree->indexAt(pos).isValid() ? m_setTree->indexAt(pos) : m_setTree->currentIndex();
    QMenu *menu = nullptr;
    if (!index.isValid())
        menu = m_menus->canvasMenu(this);
    else if (index.data(VersionSetTreeModel::IsSetRole).toBool())
        menu = m_menus->setMenu(index.data(VersionSetTreeModel::SetIndexRole).toInt(), this);
    else
        menu = m_menus->buildIdMenu(index.data(VersionSetTreeModel::BuildIdRole).toString(), this);
    menu->popup(m_setTree->viewport()->mapToGlobal(pos));
}

void MainWindow::showQueueMenu(const QPoint &pos)
{
    const QModelIndex index = m_queueView->indexAt(pos);
    if (!index.isValid())
        return;
    const QString name = index.data(TaskQueueListModel::NameRole).toString();
    const bool pinned = index.data(TaskQueueListModel::PinnedRole).toBool();
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QAction *pin =
        menu->addAction(pinned ? QStringLiteral("Unpin") : QStringLiteral("Pin (keep in the list)"));
    pin->setObjectName(QStringLiteral("pinQueue"));
    connect(pin, &QAction::triggered, this, [this, name, pinned] {
        m_queueModel->setPinned(name, !pinned);
        savePins();
    });
    QAction *copy = menu->addAction(QStringLiteral("Copy name"));
    connect(copy, &QAction::triggered, this, [name] { QApplication::clipboard()->setText(name); });
    const QString deployment = index.data(TaskQueueListModel::DeploymentRole).toString();
    if (!deployment.isEmpty()) {
        menu->addSeparator();
        QAction *open = menu->addAction(QStringLiteral("Open worker deployment %1").arg(deployment));
        open->setObjectName(QStringLiteral("openQueueDeployment"));
        connect(open, &QAction::triggered, this,
                [this, deployment] { m_deployments->openDeployment(deployment); });
        QAction *sets = menu->addAction(QStringLiteral("Show its version sets"));
        sets->setObjectName(QStringLiteral("showQueueVersionSets"));
        connect(sets, &QAction::triggered, this, [this, name] { openTaskQueue(name); });
    }
    menu->popup(m_queueView->viewport()->mapToGlobal(pos));
}

void MainWindow::showPollers(const QString &buildId)
{
    if (!m_session || !m_session->snapshot())
        return;
    const QueueSnapshot &s = *m_session->snapshot();
    QStringList lines;
    if (!s.pollers) {
        lines << QStringLiteral("Pollers are unknown: %1")
                     .arg(s.pollersError ? s.pollersError->toString() : QStringLiteral("not read"));
    } else {
        for (const PollerInfo &poller : s.pollers->forBuildId(buildId))
            lines << QStringLiteral("%1, %2 polls/s").arg(poller.toDisplayString()).arg(poller.ratePerSecond);
        if (lines.isEmpty())
            lines << QStringLiteral("No worker polls %1 on %2.").arg(buildId, s.taskQueue);
    }
    auto *box = new QMessageBox(QMessageBox::Information, QStringLiteral("Pollers of %1").arg(buildId),
                                lines.join(QLatin1Char('\n')), QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("pollersBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::saveFileAs(const QString &title, const QString &filter, const QString &suffix,
                            const std::function<Result<Done>(const QString &)> &write)
{
    const QString queue = m_session ? m_session->currentTaskQueue() : QString();
    auto *dialog =
        new QFileDialog(this, title, queue.isEmpty() ? QString() : queue + QLatin1Char('.') + suffix, filter);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(suffix);
    connect(dialog, &QFileDialog::fileSelected, this, [this, write](const QString &path) {
        const Result<Done> written = write(path);
        showMessage(written ? QStringLiteral("Wrote %1").arg(path)
                            : QStringLiteral("Could not write %1: %2").arg(path, written.error().toString()));
    });
    dialog->open();
}

Result<Done> MainWindow::exportPng(const QString &path) const
{
    return GraphExporter(m_graphScene).writePng(path, palette().color(QPalette::Base));
}

Result<Done> MainWindow::exportSvg(const QString &path) const
{
    return GraphExporter(m_graphScene).writeSvg(path, m_session ? m_session->currentTaskQueue() : QString());
}

Result<Done> MainWindow::exportJson(const QString &path) const
{
    return GraphExporter(m_graphScene).writeJson(path);
}
