#include "dialogs/previewdialog.h"
#include "graph/buildiditem.h"
#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "support/setnotation.h"
#include "versionsets/versionsetplanner.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// The confirmation preview shows what a person must see before a change, and Apply is a deliberate act.
class TestPreviewDialog : public QObject
{
    Q_OBJECT

    static VersionSetPreview previewOf(const QString &sets, const BuildIdOperation &operation,
                                       const std::optional<QHash<QString, int>> &pollers)
    {
        const VersionSetPlan plan = planVersionSetOperation(setsFrom(sets), operation);
        return VersionSetPreview::build(plan, QStringLiteral("default"), QStringLiteral("orders"), {},
                                        pollers);
    }

private Q_SLOTS:
    void showsBeforeAfterChangesWarningsRequestAndCommand()
    {
        PreviewDialog dialog;
        const QHash<QString, int> pollers{{"1.1", 1}};
        dialog.setPreview(previewOf("1.0,1.1|2.0", BuildIdOperation::addNewDefault("3.0"), pollers), pollers);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(notationOf(dialog.beforeScene()->sets()), QString("1.0,1.1|2.0"));
        QCOMPARE(notationOf(dialog.afterScene()->sets()), QString("1.0,1.1|2.0|3.0"));
        // The change is highlighted in the after graph.
        QVERIFY(dialog.afterScene()->buildIdItem("3.0")->isHighlighted());
        QVERIFY(!dialog.afterScene()->buildIdItem("1.0")->isHighlighted());
        QVERIFY2(dialog.changesText().contains("3.0"), qPrintable(dialog.changesText()));
        // Nobody polls 3.0: the preview says so before anything is sent.
        QVERIFY2(dialog.warningsText().contains("\u26a0 no worker polls 3.0"),
                 qPrintable(dialog.warningsText()));
        QVERIFY(dialog.requestText().contains("\"addNewBuildIdInNewDefaultSet\": \"3.0\""));
        QVERIFY(dialog.requestText().contains("\"taskQueue\": \"orders\""));
        QCOMPARE(
            dialog.commandText(),
            QString("versionscope-cli --namespace default task-queue update-build-ids add-new-default -t "
                    "orders --build-id 3.0"));
        QVERIFY(dialog.bannerText().isEmpty());
    }

    void cancelIsTheDefaultAndEnterDoesNotApply()
    {
        PreviewDialog dialog;
        dialog.setPreview(previewOf("1.0|2.0", BuildIdOperation::promoteSet("1.0"), std::nullopt),
                          std::nullopt);
        QSignalSpy applied(&dialog, &PreviewDialog::applyRequested);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.cancelButton()->isDefault());
        QVERIFY(!dialog.applyButton()->isDefault());
        QTest::keyClick(&dialog, Qt::Key_Return);
        QCOMPARE(applied.count(), 0);
        QVERIFY(!dialog.isVisible());
    }

    void applyCarriesThePlanAndTheReasonOnce()
    {
        PreviewDialog dialog;
        dialog.setPreview(previewOf("1.0|2.0", BuildIdOperation::promoteSet("1.0"), std::nullopt),
                          std::nullopt);
        QSignalSpy applied(&dialog, &PreviewDialog::applyRequested);
        dialog.show();
        QTest::keyClicks(dialog.reasonEdit(), "roll back: 2.0 leaks memory");
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.at(0).at(0).value<VersionSetPlan>().after, setsFrom("2.0|1.0"));
        QCOMPARE(applied.at(0).at(1).toString(), QString("roll back: 2.0 leaks memory"));
    }

    void historyStatusSaysWhetherApplyingIsRecorded()
    {
        PreviewDialog dialog;
        dialog.setPreview(previewOf("1.0|2.0", BuildIdOperation::promoteSet("1.0"), std::nullopt),
                          std::nullopt);
        dialog.setHistoryStatus("/home/alice/history.sqlite", QString());
        dialog.show();
        QVERIFY(dialog.historyStatusText().contains(
            "Recorded in the rollout history (/home/alice/history.sqlite)"));
        QCOMPARE(dialog.applyButton()->text(), QString("&Apply"));

        dialog.setHistoryStatus("postgresql://db/h", "the PostgreSQL server at db:5432 cannot be reached");
        QVERIFY(dialog.historyStatusText().contains("cannot be written: the PostgreSQL server at db:5432"));
        QVERIFY(dialog.historyStatusText().contains("will not be recorded"));
        QCOMPARE(dialog.applyButton()->text(), QString("&Apply without recording"));
        // Still the user's choice: Apply works, Cancel stays the default.
        QVERIFY(dialog.cancelButton()->isDefault());
        QSignalSpy applied(&dialog, &PreviewDialog::applyRequested);
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QCOMPARE(applied.count(), 1);

        // Once the history works again, the button says so too.
        dialog.setHistoryStatus("postgresql://db/h", QString());
        QCOMPARE(dialog.applyButton()->text(), QString("&Apply"));
    }

    void contextNoteAndReasonFromTheOwner()
    {
        PreviewDialog dialog;
        dialog.setContextNote("Restoring task queue orders: step 1 of 2");
        dialog.setPreview(previewOf("1.0|2.0", BuildIdOperation::promoteSet("1.0"), std::nullopt),
                          std::nullopt);
        dialog.setReason("Restore to history entry #7");
        dialog.show();
        QCOMPARE(dialog.contextNoteText(), QString("Restoring task queue orders: step 1 of 2"));
        QCOMPARE(dialog.reason(), QString("Restore to history entry #7"));
        dialog.setContextNote(QString());
        QCOMPARE(dialog.contextNoteText(), QString());
    }

    void aRequestTheServerWillRefuseCannotBeApplied()
    {
        PreviewDialog dialog;
        dialog.setPreview(previewOf("1.0|2.0", BuildIdOperation::promoteSet("9.9"), std::nullopt),
                          std::nullopt);
        dialog.show();
        QVERIFY(!dialog.applyButton()->isEnabled());
        QVERIFY2(dialog.bannerText().contains("refuse"), qPrintable(dialog.bannerText()));
    }

    void outcomesAreShownInWords_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("matches");
        QTest::addColumn<QString>("expected");
        QTest::newRow("applied as previewed")
            << int(ApplyOutcome::Status::Applied) << true << "matches the preview";
        QTest::newRow("applied but different") << int(ApplyOutcome::Status::Applied) << false << "DIFFERS";
        QTest::newRow("rejected") << int(ApplyOutcome::Status::Rejected) << false << "refused";
        QTest::newRow("unknown") << int(ApplyOutcome::Status::Unknown) << false << "unknown";
        QTest::newRow("not sent") << int(ApplyOutcome::Status::NotSent) << false << "Nothing was sent";
    }

    void outcomesAreShownInWords()
    {
        QFETCH(int, status);
        QFETCH(bool, matches);
        QFETCH(QString, expected);
        PreviewDialog dialog;
        const VersionSetPreview preview =
            previewOf("1.0|2.0", BuildIdOperation::promoteSet("1.0"), std::nullopt);
        dialog.setPreview(preview, std::nullopt);
        dialog.show();
        dialog.showApplying();
        QVERIFY(!dialog.applyButton()->isEnabled());
        QVERIFY(!dialog.cancelButton()->isEnabled());
        ApplyOutcome outcome;
        outcome.status = ApplyOutcome::Status(status);
        outcome.plan = preview.plan();
        outcome.matchesPreview = matches;
        outcome.actual = matches ? preview.plan().after : setsFrom("1.0|2.0|3.0");
        outcome.error = Error(ErrorCode::FailedPrecondition, QStringLiteral("server said no"),
                              QStringLiteral("ask someone"));
        dialog.showOutcome(outcome);
        QVERIFY2(dialog.bannerText().contains(expected), qPrintable(dialog.bannerText()));
        // The left graph is what the preview started from, not "the queue now" any more.
        QVERIFY2(!dialog.beforeTitle().contains("now"), qPrintable(dialog.beforeTitle()));
        QVERIFY(dialog.cancelButton()->isEnabled());
        QCOMPARE(dialog.cancelButton()->text(), QString("Close"));
        if (outcome.status == ApplyOutcome::Status::Rejected)
            QVERIFY(dialog.bannerText().contains("What you can do: ask someone"));
        if (outcome.status == ApplyOutcome::Status::Applied && !matches)
            QCOMPARE(notationOf(dialog.afterScene()->sets()), QString("1.0|2.0|3.0"));
    }

    void readOnlyGraphsDrawNoDropSlotNorHint()
    {
        PreviewDialog dialog;
        dialog.setPreview(previewOf("", BuildIdOperation::addNewDefault("1.0"), std::nullopt), std::nullopt);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        for (VersionSetGraphScene *scene : {dialog.beforeScene(), dialog.afterScene()}) {
            QVERIFY(scene->isReadOnly());
            QVERIFY(scene->queueDefaultSlotRect().isEmpty());
            QVERIFY(!scene->placeholderText().contains("add a build ID"));
            QVERIFY(!scene->placeholderText().contains("Drop"));
        }
        // No room is kept for a slot: the after graph's one set is all there is.
        const QRectF items = dialog.afterScene()->itemsBoundingRect();
        QVERIFY(dialog.afterScene()->sceneRect().width() <= items.width() + 41);
    }

    void beforeAndAfterShareOneReadableScale_data()
    {
        QTest::addColumn<QString>("sets");
        QTest::addColumn<QString>("operation");
        QTest::newRow("1 set, add a default") << "1.0"
                                              << "add";
        QTest::newRow("4 sets, add a default") << "1.0,1.1|2.0,2.1,2.2|3.0|4.0,4.1"
                                               << "add";
        QTest::newRow("6 sets, merge two") << "1.0|2.0|3.0,3.1|4.0|5.0|6.0,6.1,6.2"
                                           << "merge";
        QTest::newRow("8 long IDs") << "orders-2026.11.1|orders-2026.11.2|orders-2026.11.3|orders-2026.11.4|"
                                       "orders-2026.11.5|orders-2026.11.6|orders-2026.11.7|orders-2026.11.8"
                                    << "add";
    }

    void beforeAndAfterShareOneReadableScale()
    {
        QFETCH(QString, sets);
        QFETCH(QString, operation);
        PreviewDialog dialog;
        const VersionSets before = setsFrom(sets);
        const BuildIdOperation op =
            operation == "add"
                ? BuildIdOperation::addNewDefault("9.0")
                : BuildIdOperation::mergeSets(before.setDefaults().last(), before.setDefaults().first());
        dialog.setPreview(previewOf(sets, op, std::nullopt), std::nullopt);
        dialog.show(); // at its default size
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTRY_COMPARE(dialog.beforeView()->scale(), dialog.afterView()->scale());
        const double scale = dialog.afterView()->scale();
        const double base = dialog.afterView()->viewport()->font().pointSizeF();
        const double effective = BuildIdItem::buildIdPointSize(base, scale) * scale;
        QVERIFY2(effective >= 9, qPrintable(QString("%1 pt at scale %2").arg(effective).arg(scale)));
        // Everything is in view: nothing needs scrolling to be compared.
        for (VersionSetGraphView *view : {dialog.beforeView(), dialog.afterView()}) {
            const QRect shown = view->mapFromScene(view->sceneRect()).boundingRect();
            QVERIFY2(shown.width() <= view->viewport()->width() + 2 &&
                         shown.height() <= view->viewport()->height() + 2,
                     qPrintable(QString("%1x%2 in %3x%4")
                                    .arg(shown.width())
                                    .arg(shown.height())
                                    .arg(view->viewport()->width())
                                    .arg(view->viewport()->height())));
        }
        const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            QVERIFY(dialog.grab().save(shots + "/preview-" +
                                       QString(QTest::currentDataTag()).replace(' ', '-').replace(',', "") +
                                       ".png"));
    }

    void staleShowsTheNewPreviewWithABanner()
    {
        PreviewDialog dialog;
        dialog.setPreview(previewOf("1.0|2.0", BuildIdOperation::promoteSet("1.0"), std::nullopt),
                          std::nullopt);
        dialog.show();
        dialog.showStale(previewOf("1.0|2.0|3.0", BuildIdOperation::promoteSet("1.0"), std::nullopt),
                         std::nullopt);
        QVERIFY(dialog.bannerText().contains("changed since this preview"));
        QCOMPARE(notationOf(dialog.beforeScene()->sets()), QString("1.0|2.0|3.0"));
        QCOMPARE(notationOf(dialog.afterScene()->sets()), QString("2.0|3.0|1.0"));
        QVERIFY(dialog.applyButton()->isEnabled());
        QVERIFY(dialog.cancelButton()->isDefault());
    }
};

QTEST_MAIN(TestPreviewDialog)
#include "tst_previewdialog.moc"
