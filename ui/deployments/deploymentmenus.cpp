#include "deploymentmenus.h"

#include "deploymentrequests.h"
#include "deploymenttext.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QInputDialog>
#include <QMenu>

#include <cmath>

namespace {
QMenu *newMenu(QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    // Disabled actions say why in their tooltips.
    menu->setToolTipsVisible(true);
    return menu;
}

QString nameOf(const QString &key)
{
    return DeploymentText::buildIdOrUnversioned(key);
}
} // namespace

DeploymentMenus::DeploymentMenus(DeploymentGraphModel *model, QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_dialogParent(dialogParent)
{}

QString DeploymentMenus::setCurrentUnavailableReason(const DeploymentGraphModel &model, const QString &key)
{
    if (model.isCurrent(key))
        return key.isEmpty() ? tr("The unversioned workers are already current")
                             : tr("%1 is already the current version").arg(key);
    return {};
}

QString DeploymentMenus::rampUnavailableReason(const DeploymentGraphModel &model, const QString &key)
{
    if (model.isRamping(key))
        return key.isEmpty() ? tr("The unversioned workers already ramp: change the percentage instead")
                             : tr("%1 is already ramping: change the percentage instead").arg(key);
    if (model.isCurrent(key))
        return key.isEmpty()
                   ? tr("The unversioned workers are current: they take every new workflow a ramp "
                        "does not")
                   : tr("%1 is the current version: it takes every new workflow a ramp does not").arg(key);
    return {};
}

QString DeploymentMenus::changePercentageUnavailableReason(const DeploymentGraphModel &model)
{
    if (!model.routing().hasRamp)
        return tr("Nothing ramps: ramp a version first");
    return {};
}

QString DeploymentMenus::stopRampingUnavailableReason(const DeploymentGraphModel &model)
{
    if (!model.routing().hasRamp)
        return tr("Nothing ramps");
    return {};
}

QString DeploymentMenus::deleteUnavailableReason(const DeploymentGraphModel &model, const QString &key,
                                                 bool skipDrainage)
{
    if (key.isEmpty())
        return tr("The unversioned workers are not a version: there is nothing to delete");
    if (model.isCurrent(key))
        return tr("%1 is the current version: make another version current first").arg(key);
    if (model.isRamping(key))
        return tr("%1 is ramping: stop the ramp or ramp another version first").arg(key);
    if (const std::optional<int> pollers = model.pollerCount(key); pollers && *pollers > 0)
        return tr("Workers still poll %1 (%2 pollers): the server refuses to delete a version with pollers; "
                  "stop them first")
            .arg(key)
            .arg(*pollers);
    const bool draining = model.status(key) == DeploymentVersionStatus::Draining;
    if (!skipDrainage && draining)
        return tr("%1 is still draining: pinned workflows may still run on it; wait until it is drained, or "
                  "delete it without waiting")
            .arg(key);
    if (skipDrainage && !draining)
        return tr("%1 is not draining: Delete version does not wait").arg(key);
    return {};
}

QString DeploymentMenus::metadataUnavailableReason(const DeploymentGraphModel &model, const QString &key)
{
    if (key.isEmpty())
        return tr("The unversioned workers are not a version: they have no metadata");
    if (!model.details(key))
        return tr("The details of %1 could not be read").arg(key);
    return {};
}

QString DeploymentMenus::readOnlyOr(const QString &why) const
{
    if (m_readOnly)
        return tr("This view is read-only");
    return m_changesRefused.isEmpty() ? why : m_changesRefused;
}

QAction *DeploymentMenus::addAction(QMenu *menu, const QString &text, const char *name, const QString &why)
{
    QAction *action = menu->addAction(text);
    action->setObjectName(QLatin1String(name));
    action->setEnabled(why.isEmpty());
    // An empty tooltip falls back to the action's text.
    action->setToolTip(why);
    action->setStatusTip(why);
    return action;
}

QMenu *DeploymentMenus::versionMenu(const QString &key, QWidget *parent)
{
    QMenu *menu = newMenu(parent);
    if (!m_model || !m_model->hasVersion(key))
        return menu;
    const DeploymentGraphModel &model = *m_model;
    const QString name = model.deploymentName();
    auto *self = this;
    menu->setTitle(nameOf(key));

    QAction *current =
        addAction(menu, key.isEmpty() ? tr("Make unversioned workers current") : tr("Set as current"),
                  "setCurrent", readOnlyOr(setCurrentUnavailableReason(model, key)));
    connect(current, &QAction::triggered, self, [self, name, key] {
        Q_EMIT self->operationRequested(DeploymentRequests::setCurrent(name, key));
    });
    QAction *ramp = addAction(menu, tr("Ramp this version\u2026"), "rampTo",
                              readOnlyOr(rampUnavailableReason(model, key)));
    const double percentage = model.rampPercentage().value_or(DeploymentRequests::kDefaultRampPercentage);
    connect(ramp, &QAction::triggered, self, [self, name, key, percentage] {
        Q_EMIT self->operationRequested(DeploymentRequests::setRamping(name, key, percentage));
    });
    QString notRamping = changePercentageUnavailableReason(model);
    if (notRamping.isEmpty() && !model.isRamping(key))
        notRamping = tr("%1 is not the ramping version").arg(nameOf(key));
    QAction *change =
        addAction(menu, tr("Change ramp percentage\u2026"), "changePercentage", readOnlyOr(notRamping));
    connect(change, &QAction::triggered, self, &DeploymentMenus::askPercentage);
    QAction *stop = addAction(menu, tr("Stop ramping"), "stopRamping", readOnlyOr(notRamping));
    connect(stop, &QAction::triggered, self,
            [self, name] { Q_EMIT self->operationRequested(DeploymentRequests::stopRamping(name)); });

    menu->addSeparator();
    QAction *remove = addAction(menu, tr("Delete version"), "deleteVersion",
                                readOnlyOr(deleteUnavailableReason(model, key, false)));
    connect(remove, &QAction::triggered, self, [self, name, key] {
        Q_EMIT self->operationRequested(DeploymentRequests::deleteVersion(name, key, false));
    });
    // Separate and marked: pinned workflows still running on the version lose their workers.
    QAction *force =
        addAction(menu, tr("\u26a0 Delete without waiting for drainage\u2026"), "deleteVersionSkipDrainage",
                  readOnlyOr(deleteUnavailableReason(model, key, true)));
    if (force->isEnabled())
        force->setToolTip(tr("Pinned workflows still open on %1 will have no worker to run them").arg(key));
    connect(force, &QAction::triggered, self, [self, name, key] {
        Q_EMIT self->operationRequested(DeploymentRequests::deleteVersion(name, key, true));
    });

    menu->addSeparator();
    QAction *metadata = addAction(menu, onlyLooking() ? tr("View metadata\u2026") : tr("Metadata\u2026"),
                                  "metadata", metadataUnavailableReason(model, key));
    connect(metadata, &QAction::triggered, self, [self, key] { Q_EMIT self->metadataRequested(key); });
    addManager(menu);
    QAction *copy = addAction(menu, tr("Copy build ID"), "copyBuildId",
                              key.isEmpty() ? tr("The unversioned workers have no build ID") : QString());
    connect(copy, &QAction::triggered, self, [self, key] {
        QGuiApplication::clipboard()->setText(key);
        Q_EMIT self->messagePosted(tr("Copied build ID %1").arg(key));
    });
    return menu;
}

void DeploymentMenus::addSetCurrentMenu(QMenu *menu)
{
    const DeploymentGraphModel &model = *m_model;
    QMenu *sub = menu->addMenu(tr("Set current"));
    sub->setToolTipsVisible(true);
    sub->menuAction()->setObjectName(QStringLiteral("setCurrentMenu"));
    for (const QString &key : model.versionKeys()) {
        if (key.isEmpty())
            continue;
        QAction *action = addAction(sub, key, "", readOnlyOr(setCurrentUnavailableReason(model, key)));
        action->setObjectName(QStringLiteral("setCurrent:%1").arg(key));
        const QString name = model.deploymentName();
        connect(action, &QAction::triggered, this,
                [this, name, key] { Q_EMIT operationRequested(DeploymentRequests::setCurrent(name, key)); });
    }
    if (sub->isEmpty()) {
        sub->menuAction()->setEnabled(false);
        sub->menuAction()->setToolTip(tr("The deployment has no versions"));
    }
}

void DeploymentMenus::addRampToMenu(QMenu *menu)
{
    const DeploymentGraphModel &model = *m_model;
    QMenu *sub = menu->addMenu(tr("Ramp to"));
    sub->setToolTipsVisible(true);
    sub->menuAction()->setObjectName(QStringLiteral("rampToMenu"));
    const double percentage = model.rampPercentage().value_or(DeploymentRequests::kDefaultRampPercentage);
    for (const QString &key : model.versionKeys()) {
        if (key.isEmpty())
            continue;
        QAction *action = addAction(sub, key, "", readOnlyOr(rampUnavailableReason(model, key)));
        action->setObjectName(QStringLiteral("rampTo:%1").arg(key));
        const QString name = model.deploymentName();
        connect(action, &QAction::triggered, this, [this, name, key, percentage] {
            Q_EMIT operationRequested(DeploymentRequests::setRamping(name, key, percentage));
        });
    }
    if (sub->isEmpty()) {
        sub->menuAction()->setEnabled(false);
        sub->menuAction()->setToolTip(tr("The deployment has no versions"));
    }
}

void DeploymentMenus::addRampActions(QMenu *menu)
{
    const QString name = m_model->deploymentName();
    QAction *change = addAction(menu, tr("Change ramp percentage\u2026"), "changePercentage",
                                readOnlyOr(changePercentageUnavailableReason(*m_model)));
    connect(change, &QAction::triggered, this, &DeploymentMenus::askPercentage);
    QAction *stop = addAction(menu, tr("Stop ramping"), "stopRamping",
                              readOnlyOr(stopRampingUnavailableReason(*m_model)));
    connect(stop, &QAction::triggered, this,
            [this, name] { Q_EMIT operationRequested(DeploymentRequests::stopRamping(name)); });
}

void DeploymentMenus::addUnversionedCurrent(QMenu *menu)
{
    const QString name = m_model->deploymentName();
    QAction *action = addAction(menu, tr("Make unversioned workers current"), "unversionedCurrent",
                                readOnlyOr(setCurrentUnavailableReason(*m_model, QString())));
    connect(action, &QAction::triggered, this,
            [this, name] { Q_EMIT operationRequested(DeploymentRequests::setCurrent(name, QString())); });
}

void DeploymentMenus::addManager(QMenu *menu)
{
    QAction *manager =
        addAction(menu, onlyLooking() ? tr("View manager identity\u2026") : tr("Manager identity\u2026"),
                  "managerIdentity", QString());
    connect(manager, &QAction::triggered, this, &DeploymentMenus::managerRequested);
}

QMenu *DeploymentMenus::laneMenu(DeploymentGraphModel::Lane lane, QWidget *parent)
{
    if (lane != DeploymentGraphModel::Lane::Current && lane != DeploymentGraphModel::Lane::Ramping)
        return canvasMenu(parent);
    QMenu *menu = newMenu(parent);
    if (!m_model)
        return menu;
    if (lane == DeploymentGraphModel::Lane::Current) {
        addSetCurrentMenu(menu);
        addUnversionedCurrent(menu);
    } else {
        addRampToMenu(menu);
        addRampActions(menu);
    }
    menu->addSeparator();
    addManager(menu);
    return menu;
}

QMenu *DeploymentMenus::canvasMenu(QWidget *parent)
{
    QMenu *menu = newMenu(parent);
    if (!m_model)
        return menu;
    addSetCurrentMenu(menu);
    addUnversionedCurrent(menu);
    menu->addSeparator();
    addRampToMenu(menu);
    addRampActions(menu);
    menu->addSeparator();
    addManager(menu);
    return menu;
}

void DeploymentMenus::askPercentage()
{
    if (!m_model || !m_model->routing().hasRamp || onlyLooking())
        return;
    if (m_percentDialog)
        m_percentDialog->close();
    const QString name = m_model->deploymentName();
    const QString key = m_model->routing().rampingBuildId;
    m_percentDialog = new QInputDialog(m_dialogParent);
    m_percentDialog->setObjectName(QStringLiteral("rampPercentageDialog"));
    m_percentDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_percentDialog->setWindowTitle(tr("Change ramp percentage"));
    m_percentDialog->setLabelText(
        tr("Share of new workflows for %1 (the current version takes the rest):").arg(nameOf(key)));
    m_percentDialog->setInputMode(QInputDialog::IntInput);
    m_percentDialog->setIntRange(0, 100);
    m_percentDialog->setIntValue(int(std::lround(m_model->routing().rampingPercentage)));
    connect(m_percentDialog, &QInputDialog::intValueSelected, this, [this, name, key](int value) {
        Q_EMIT operationRequested(DeploymentRequests::setRamping(name, key, value));
    });
    m_percentDialog->open();
}
