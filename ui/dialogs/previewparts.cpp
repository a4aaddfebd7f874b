#include "previewparts.h"

#include <QApplication>
#include <QLabel>
#include <QPalette>
#include <QPushButton>

namespace PreviewParts {

QString bulletList(const QStringList &lines)
{
    QString html = QStringLiteral("<ul style=\"margin-left:-20px\">");
    for (const QString &line : lines)
        html += QStringLiteral("<li>") + line.toHtmlEscaped() + QStringLiteral("</li>");
    return html + QStringLiteral("</ul>");
}

void showBanner(QLabel *banner, const QString &text, bool alarming)
{
    if (text.isEmpty()) {
        banner->hide();
        banner->clear();
        return;
    }
    QPalette palette = banner->palette();
    palette.setColor(QPalette::Window,
                     QApplication::palette().color(alarming ? QPalette::Highlight : QPalette::ToolTipBase));
    palette.setColor(QPalette::WindowText, QApplication::palette().color(alarming ? QPalette::HighlightedText
                                                                                  : QPalette::ToolTipText));
    banner->setPalette(palette);
    banner->setAutoFillBackground(true);
    banner->setText(text);
    banner->show();
}

void showHistoryStatus(QLabel *status, QPushButton *apply, const QString &location, const QString &problem)
{
    QFont font = status->font();
    font.setBold(!problem.isEmpty());
    status->setFont(font);
    if (problem.isEmpty()) {
        status->setText(
            QApplication::translate("PreviewParts", "Recorded in the rollout history (%1).").arg(location));
        apply->setText(QApplication::translate("PreviewParts", "&Apply"));
    } else {
        status->setText(QApplication::translate(
                            "PreviewParts", "\u26a0 The rollout history cannot be written: %1\nApplying now "
                                            "will not be recorded. Cancel to fix the history first, or apply "
                                            "without recording.")
                            .arg(problem));
        apply->setText(QApplication::translate("PreviewParts", "&Apply without recording"));
    }
    status->show();
}

} // namespace PreviewParts
