#pragma once

#include "common/result.h"
#include "config/connectionsettingsresolver.h"
#include "deployments/deploymentoperation.h"
#include "versionsets/buildidoperation.h"

#include <QSize>
#include <QStringList>

#include <optional>

// The desktop program's command line: the connection flags of versionscope-cli (same names, same
// precedence), the queue to open, and the screenshot mode used without a display. A plain value.
struct GuiOptions
{
    ConnectionOverrides connection;
    QString taskQueue;
    // Write a PNG of the window once the queue is shown, then quit.
    QString screenshotPath;
    // With --preview: also open the preview of this operation and write it here.
    QString previewScreenshotPath;
    std::optional<BuildIdOperation> previewOperation;
    // -d/--deployment NAME: the Worker Deployment to open (instead of a task queue); with --preview, a
    // deployment operation (set-current=ID, set-ramping=ID,PERCENT, stop-ramping, delete-version=ID).
    QString deployment;
    std::optional<DeploymentOperation> deploymentPreviewOperation;
    // --window-size WxH: the window's size, e.g. for screenshots at 800x600 (invalid: the remembered one).
    QSize windowSize;
    // A separate settings file (demo, tests): nothing of the user's own settings is read or written.
    QString settingsFile;
    // --history LOCATION; --history-screenshot FILE (with --screenshot).
    std::optional<QString> history;
    QString historyScreenshotPath;
    bool showHelp = false;
    bool showVersion = false;
    QString helpText;
};

Result<GuiOptions> parseGuiArguments(const QStringList &arguments);

// "promote-set=ID", "promote-id-in-set=ID", "add-new-default=ID", "add-new-compatible=ID,EXISTING[,default]",
// "merge-sets=PRIMARY,SECONDARY".
Result<BuildIdOperation> parseOperationSpec(const QString &spec);
// "set-current=ID" (empty ID: the unversioned workers), "set-ramping=ID,PERCENT", "stop-ramping",
// "delete-version=ID" on deployment.
Result<DeploymentOperation> parseDeploymentOperationSpec(const QString &deployment, const QString &spec);
