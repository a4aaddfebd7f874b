#include "graph/versionsetgraphscene.h"
#include "graph/versionsetgraphview.h"
#include "history/historyentrymodel.h"
#include "history/historyexport.h"
#include "history/historypanel.h"
#include "history/historyservice.h"
#include "history/historystore.h"
#include "support/opnotation.h"
#include "support/setnotation.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

namespace {
const QString kServer = QStringLiteral("temporal.example:7233");
const QString kNamespace = QStringLiteral("payments");

HistoryContext contextFor(const QString &queue, const QString &user = QStringLiteral("alice"))
{
    HistoryContext context;
    context.osUser = user;
    context.identity = user + QStringLiteral("@laptop (versionscope)");
    context.serverAddress = kServer;
    context.namespaceName = kNamespace;
    context.taskQueue = queue;
    return context;
}
} // namespace

// The window's history panel on a real SQLite history, offscreen: timeline, filters, one entry as it was,
// two compared, restore offered only where it can work, export.
class TestHistoryPanel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    HistoryLocation m_location;
    QDateTime m_start = QDateTime::currentDateTimeUtc().addDays(-3);
    // Ids in the order appended.
    QList<qint64> m_ids;

    HistoryEntry applied(const QString &queue, const QString &before, const QString &op, const QString &after,
                         int hours, const QString &user = QStringLiteral("alice"), const QString &reason = {})
    {
        HistoryEntry entry;
        entry.kind = HistoryEntry::Kind::Applied;
        const HistoryContext context = contextFor(queue, user);
        entry.context.osUser = context.osUser;
        entry.context.identity = context.identity;
        entry.context.serverAddress = kServer;
        entry.context.namespaceName = kNamespace;
        entry.context.taskQueue = queue;
        entry.recordedAt = m_start.addSecs(hours * 3600);
        entry.operation = opFrom(op);
        entry.reason = reason;
        entry.before = setsFrom(before);
        entry.after = setsFrom(after);
        entry.matchedPreview = true;
        entry.outcome = HistoryEntry::Outcome::Applied;
        return entry;
    }

    // A panel on a fresh history holding the story of orders and billing.
    std::unique_ptr<HistoryService> m_service;
    std::unique_ptr<HistoryPanel> m_panel;

    void seedAndOpen()
    {
        m_location =
            HistoryLocation::resolve(
                m_dir.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction())), {}, {})
                .value();
        {
            std::unique_ptr<HistoryStore> store = HistoryStore::open(m_location).value();
            QList<HistoryEntry> entries;
            entries << HistoryEntry::observedChange(contextFor("orders"), {}, setsFrom("1.0"), m_start) // 0
                    << applied("orders", "1.0", "new:2.0", "1.0|2.0", 1, "alice", "2.0: new pricing")   // 1
                    << applied("orders", "1.0|2.0", "promote:1.0", "2.0|1.0", 2, "bob",
                               "roll back: double charges") // 2
                    << HistoryEntry::observedChange(contextFor("orders", "bob"), setsFrom("2.0|1.0"),
                                                    setsFrom("2.0|1.0,1.1"), m_start.addSecs(3 * 3600)) // 3
                    << applied("billing", "", "new:b1", "b1", 4, "carol");                              // 4
            HistoryEntry rejected = applied("billing", "b1", "promoteid:zz", "", 5, "carol");
            rejected.after.reset();
            rejected.matchedPreview.reset();
            rejected.outcome = HistoryEntry::Outcome::Rejected;
            rejected.errorCode = QStringLiteral("NOT_FOUND");
            rejected.errorMessage = QStringLiteral("build ID zz not found");
            entries << rejected; // 5
            HistoryEntry unknown = applied("orders", "2.0|1.0,1.1", "new:3.0", "", 70, "alice", "3.0 canary");
            unknown.after.reset();
            unknown.matchedPreview.reset();
            unknown.outcome = HistoryEntry::Outcome::Unknown;
            entries << unknown; // 6 (recent: within the last day)
            m_ids.clear();
            for (const HistoryEntry &entry : entries)
                m_ids << store->append(entry).value();
        }
        m_service = std::make_unique<HistoryService>();
        m_panel = std::make_unique<HistoryPanel>(m_service.get());
        m_panel->resize(1100, 600);
        m_panel->show();
        QSignalSpy loaded(m_panel.get(), &HistoryPanel::loaded);
        m_panel->setCurrentQueue(kServer, kNamespace, QStringLiteral("orders"));
        m_service->open(m_location);
        QTRY_VERIFY(loaded.count() >= 1);
    }

    QList<qint64> listedIds() const
    {
        QList<qint64> ids;
        for (const HistoryEntry &entry : m_panel->model()->entries())
            ids << entry.id;
        return ids;
    }

    void select(const QList<int> &appendOrder)
    {
        QTreeView *timeline = m_panel->timeline();
        timeline->clearSelection();
        for (int i : appendOrder) {
            const int row = m_panel->model()->rowOf(m_ids.at(i));
            QVERIFY(row >= 0);
            timeline->selectionModel()->select(m_panel->model()->index(row, 0),
                                               QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }

    // Changes a filter control and waits for the answer.
    template <typename Change> QList<qint64> after(Change change)
    {
        QSignalSpy loaded(m_panel.get(), &HistoryPanel::loaded);
        change();
        if (!QTest::qWaitFor([&] { return loaded.count() >= 1; }, 5000))
            return {-1};
        // Several controls may have asked; the last answer counts.
        QTest::qWait(50);
        return listedIds();
    }

private Q_SLOTS:
    void cleanup()
    {
        m_panel.reset();
        m_service.reset();
    }

    void timelineListsTheQueueNewestFirst()
    {
        seedAndOpen();
        QCOMPARE(listedIds(), (QList<qint64>{m_ids[6], m_ids[3], m_ids[2], m_ids[1], m_ids[0]}));
        HistoryEntryModel *model = m_panel->model();
        const auto cell = [&](int appendIndex, int column) {
            return model->index(model->rowOf(m_ids.at(appendIndex)), column).data().toString();
        };
        QCOMPARE(cell(2, HistoryEntryModel::WhatColumn), QString("promote-set 1.0"));
        QCOMPARE(cell(2, HistoryEntryModel::WhoColumn), QString("bob"));
        QCOMPARE(cell(2, HistoryEntryModel::ReasonColumn), QString("roll back: double charges"));
        QCOMPARE(cell(3, HistoryEntryModel::WhatColumn), QString("changed elsewhere"));
        QCOMPARE(cell(0, HistoryEntryModel::WhatColumn), QString("first seen"));
        QCOMPARE(cell(6, HistoryEntryModel::OutcomeColumn), QString("unknown"));
        // Observed rows differ by more than colour: italics and their words.
        QVERIFY(model->index(model->rowOf(m_ids[3]), 0).data(Qt::FontRole).value<QFont>().italic());
        QVERIFY(!model->index(model->rowOf(m_ids[2]), 0).data(Qt::FontRole).isValid());
        QVERIFY(m_panel->statusText().contains("5 entries of orders"));
        QVERIFY(m_panel->captionText().contains("Select an entry"));

        // Following the window to another queue, and to all queues.
        QCOMPARE(after([&] { m_panel->setCurrentQueue(kServer, kNamespace, "billing"); }),
                 (QList<qint64>{m_ids[5], m_ids[4]}));
        QCOMPARE(after([&] { m_panel->scopeBox()->setCurrentIndex(1); }).size(), 7);
        QCOMPARE(after([&] { m_panel->setCurrentQueue(kServer, "other-namespace", "billing"); }).size(), 0);
        QVERIFY2(m_panel->statusText().contains("No history"), qPrintable(m_panel->statusText()));
    }

    void placeholdersAndCountAgreeWithWhatIsShown()
    {
        seedAndOpen();
        // Nothing selected: the graphs ask for a selection, they do not claim the queue has no sets.
        for (VersionSetGraphScene *scene : {m_panel->beforeScene(), m_panel->afterScene()}) {
            QVERIFY(scene->isReadOnly());
            QVERIFY(scene->queueDefaultSlotRect().isEmpty());
            QVERIFY2(scene->placeholderText().startsWith("Select an entry"),
                     qPrintable(scene->placeholderText()));
        }
        select({2});
        QCOMPARE(m_panel->beforeView()->scale(), m_panel->afterView()->scale());
        // Fitted whatever the layout did to the views meanwhile: nothing to scroll.
        for (VersionSetGraphView *view : {m_panel->beforeView(), m_panel->afterView()}) {
            QTRY_VERIFY(!view->horizontalScrollBar()->isVisible());
            QTRY_VERIFY(!view->verticalScrollBar()->isVisible());
        }
        QVERIFY(m_panel->beforeScene()->queueDefaultSlotRect().isEmpty());
        // "This queue" with no queue shown lists nothing (it used to list every queue under that label).
        QCOMPARE(after([&] { m_panel->setCurrentQueue(kServer, kNamespace, QString()); }).size(), 0);
        QVERIFY2(!m_panel->statusText().contains("entries"), qPrintable(m_panel->statusText()));
        QVERIFY2(m_panel->statusText().contains("All queues"), qPrintable(m_panel->statusText()));
        QCOMPARE(after([&] { m_panel->scopeBox()->setCurrentIndex(1); }).size(), 7);
        QVERIFY2(m_panel->statusText().startsWith("7 entries of all queues"),
                 qPrintable(m_panel->statusText()));
    }

    void filtersNarrowTheTimeline()
    {
        seedAndOpen();
        QCOMPARE(after([&] { m_panel->scopeBox()->setCurrentIndex(1); }).size(), 7);
        QCOMPARE(after([&] { m_panel->personEdit()->setText("CAR"); }), (QList<qint64>{m_ids[5], m_ids[4]}));
        QCOMPARE(after([&] { m_panel->outcomeBox()->setCurrentText("rejected"); }), QList<qint64>{m_ids[5]});
        QVERIFY(m_panel->filter().outcome == HistoryEntry::Outcome::Rejected);
        QCOMPARE(after([&] {
                     m_panel->personEdit()->clear();
                     m_panel->outcomeBox()->setCurrentIndex(0);
                 }).size(),
                 7);
        QCOMPARE(after([&] { m_panel->operationBox()->setCurrentText("promote-set"); }),
                 QList<qint64>{m_ids[2]});
        QCOMPARE(after([&] { m_panel->operationBox()->setCurrentText("changed elsewhere"); }),
                 (QList<qint64>{m_ids[3], m_ids[0]}));
        QCOMPARE(after([&] { m_panel->operationBox()->setCurrentIndex(0); }).size(), 7);
        // Only the unknown 3.0 canary is from the last day.
        QCOMPARE(after([&] { m_panel->periodBox()->setCurrentText("Last 24 hours"); }),
                 QList<qint64>{m_ids[6]});
        QCOMPARE(after([&] { m_panel->personEdit()->setText("nobody"); }).size(), 0);
        QVERIFY2(m_panel->statusText().contains("match the filters"), qPrintable(m_panel->statusText()));
    }

    void oneEntryShowsTheQueueAsItWas()
    {
        seedAndOpen();
        select({2});
        QCOMPARE(notationOf(m_panel->beforeScene()->sets()), QString("1.0|2.0"));
        QCOMPARE(notationOf(m_panel->afterScene()->sets()), QString("2.0|1.0"));
        QVERIFY(m_panel->afterScene()->highlighted().contains("1.0"));
        QVERIFY(
            m_panel->captionText().contains(QStringLiteral("#%1 promote-set 1.0 on orders").arg(m_ids[2])));
        const QString detail = m_panel->detailText();
        QVERIFY2(detail.contains("bob (identity bob@laptop (versionscope))"), qPrintable(detail));
        QVERIFY(detail.contains("roll back: double charges"));
        QVERIFY(detail.contains("matched the preview"));

        // An entry whose effect is unknown says so rather than drawing a guess.
        select({6});
        QCOMPARE(notationOf(m_panel->afterScene()->sets()), QString());
        QVERIFY(!m_panel->restoreButton()->isEnabled());
        QVERIFY2(m_panel->restoreButton()->toolTip().contains("not known"),
                 qPrintable(m_panel->restoreButton()->toolTip()));
    }

    void twoEntriesAreCompared()
    {
        seedAndOpen();
        select({3, 1});
        QCOMPARE(m_panel->selectedEntries().first().id, m_ids[1]);
        QCOMPARE(notationOf(m_panel->beforeScene()->sets()), QString("1.0|2.0"));
        QCOMPARE(notationOf(m_panel->afterScene()->sets()), QString("2.0|1.0,1.1"));
        QVERIFY(m_panel->afterScene()->highlighted().contains("1.1"));
        QVERIFY(m_panel->captionText().startsWith(QStringLiteral("Comparing #%1").arg(m_ids[1])));
        QVERIFY2(m_panel->detailText().contains("1.1"), qPrintable(m_panel->detailText()));
        QVERIFY(!m_panel->restoreButton()->isEnabled());
        select({3, 2, 1});
        QVERIFY(m_panel->captionText().contains("Select one entry, or two"));
    }

    void restoreIsOfferedForTheShownQueueOnly()
    {
        seedAndOpen();
        QSignalSpy restore(m_panel.get(), &HistoryPanel::restoreRequested);
        select({1});
        QVERIFY(m_panel->restoreButton()->isEnabled());
        QTest::mouseClick(m_panel->restoreButton(), Qt::LeftButton);
        QCOMPARE(restore.count(), 1);
        QCOMPARE(restore.at(0).at(0).value<HistoryEntry>().id, m_ids[1]);

        // An entry of another queue: open that queue first.
        after([&] { m_panel->scopeBox()->setCurrentIndex(1); });
        select({4});
        QVERIFY(!m_panel->restoreButton()->isEnabled());
        QVERIFY(m_panel->restoreButton()->toolTip().contains("Open task queue billing"));
        // A rejected update leaves the state it found: that state can be restored.
        after([&] { m_panel->setCurrentQueue(kServer, kNamespace, "billing"); });
        select({5});
        QVERIFY(m_panel->restoreButton()->isEnabled());
    }

    void writesElsewhereAppearAndTheSelectionStays()
    {
        seedAndOpen();
        select({2});
        QSignalSpy loaded(m_panel.get(), &HistoryPanel::loaded);
        QObject context;
        m_service->append(&context, applied("orders", "2.0|1.0,1.1", "promote:2.0", "1.0,1.1|2.0", 71),
                          [](auto) {});
        QTRY_VERIFY(loaded.count() >= 1);
        QCOMPARE(listedIds().size(), 6);
        QCOMPARE(m_panel->selectedEntries().size(), 1);
        QCOMPARE(m_panel->selectedEntries().first().id, m_ids[2]);
    }

    void exportWritesTheListedEntries()
    {
        seedAndOpen();
        after([&] { m_panel->personEdit()->setText("bob"); });
        QCOMPARE(listedIds().size(), 2);
        const QString csvPath = m_dir.filePath("history.csv");
        const QString jsonPath = m_dir.filePath("history.json");
        QVERIFY(m_panel->exportCsv(csvPath).isOk());
        QVERIFY(m_panel->exportJson(jsonPath).isOk());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(csv.readAll()), historyToCsv(m_panel->model()->entries()));
        QFile json(jsonPath);
        QVERIFY(json.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(json.readAll()).array(), historyToJson(m_panel->model()->entries()));
        QCOMPARE(historyToJson(m_panel->model()->entries()).size(), 2);
    }

    void anUnreadableHistoryIsSaidInWords()
    {
        HistoryService service;
        HistoryPanel panel(&service);
        QSignalSpy loaded(&panel, &HistoryPanel::loaded);
        service.open(
            HistoryLocation::resolve(QStringLiteral("postgresql://u@127.0.0.1:1/h"), {}, {}).value());
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 1, 20000);
        QVERIFY2(panel.statusText().contains("cannot be read"), qPrintable(panel.statusText()));
        QVERIFY(panel.statusText().contains("127.0.0.1:1"));
    }

    // A picture for people: VERSIONSCOPE_SCREENSHOT_DIR=dir ctest -R historypanel
    void screenshot()
    {
        const QString shots = qEnvironmentVariable("VERSIONSCOPE_SCREENSHOT_DIR");
        if (shots.isEmpty())
            QSKIP("set VERSIONSCOPE_SCREENSHOT_DIR to write history-panel.png");
        seedAndOpen();
        select({2});
        QTest::qWait(200);
        QVERIFY(m_panel->grab().save(shots + QStringLiteral("/history-panel.png")));
        select({3, 1});
        QTest::qWait(200);
        QVERIFY(m_panel->grab().save(shots + QStringLiteral("/history-compare.png")));
    }
};

QTEST_MAIN(TestHistoryPanel)
#include "tst_historypanel.moc"
