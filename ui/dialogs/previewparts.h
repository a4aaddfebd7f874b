#pragma once

#include <QString>
#include <QStringList>

class QLabel;
class QPushButton;

// What the two confirmation previews (version sets and Worker Deployments) and the history panel show
// alike, so that they read alike: lists of changes and warnings, the banner, the history's status.
namespace PreviewParts {

// Lines as an HTML bullet list, each escaped.
QString bulletList(const QStringList &lines);
// Shows text in banner (hidden when empty); alarming ones in the palette's highlight colours. Words first
// ("Nothing was sent", "Differs from the preview"): the frame and colours only add to them.
void showBanner(QLabel *banner, const QString &text, bool alarming);
// Whether applying will be recorded: an empty problem says it will be (in location); otherwise the problem is
// shown in bold and apply becomes "Apply without recording", so that applying is an informed choice.
void showHistoryStatus(QLabel *status, QPushButton *apply, const QString &location, const QString &problem);

} // namespace PreviewParts
