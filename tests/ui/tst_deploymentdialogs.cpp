#include "deploymentfixture.h"
#include "deployments/deploymentmenus.h"
#include "deployments/deploymentpage.h"
#include "deployments/manageridentitydialog.h"
#include "deployments/metadatadialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

// The metadata and manager-identity dialogs: what they produce from what a person types, and that the page
// turns an accepted dialog into exactly one operation.
class TestDeploymentDialogs : public QObject
{
    Q_OBJECT

    static QMap<QString, QJsonValue> metadata()
    {
        return {{QStringLiteral("canary"), QJsonValue(true)},
                {QStringLiteral("git"), QJsonValue(QStringLiteral("a1b2c3d"))}};
    }
    static int rowOf(QTableWidget *table, const QString &key)
    {
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->item(row, 0)->text() == key)
                return row;
        }
        return -1;
    }
    static QPushButton *ok(QDialogButtonBox *buttons) { return buttons->button(QDialogButtonBox::Ok); }

private Q_SLOTS:
    void jsonValuesRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("string") << "\"v2\"" << true;
        QTest::newRow("number") << "12.5" << true;
        QTest::newRow("bool") << "false" << true;
        QTest::newRow("null") << "null" << true;
        QTest::newRow("object") << "{\"a\":[1,2]}" << true;
        QTest::newRow("bare text") << "v2" << false;
        QTest::newRow("two values") << "1,2" << false;
        QTest::newRow("empty") << "" << false;
    }

    void jsonValuesRoundTrip()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const std::optional<QJsonValue> value = MetadataDialog::valueOf(text);
        QCOMPARE(value.has_value(), valid);
        if (valid)
            QCOMPARE(MetadataDialog::textOf(*value), text);
    }

    void metadataEditsBecomeUpsertsAndRemovals_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QStringList>("upserts"); // key=json
        QTest::addColumn<QStringList>("removals");
        QTest::addColumn<QString>("problemPart"); // empty: OK enabled
        QTest::newRow("change a value")
            << "value git \"e4f5a6b\"" << QStringList{"git=\"e4f5a6b\""} << QStringList{} << "";
        QTest::newRow("add an entry") << "add owner {\"team\":\"payments\"}"
                                      << QStringList{"owner={\"team\":\"payments\"}"} << QStringList{} << "";
        QTest::newRow("remove an entry") << "remove canary" << QStringList{} << QStringList{"canary"} << "";
        QTest::newRow("rename a key")
            << "key canary canary-2" << QStringList{"canary-2=true"} << QStringList{"canary"} << "";
        QTest::newRow("a value that is not JSON")
            << "value git e4f5" << QStringList{} << QStringList{} << "not JSON";
        QTest::newRow("a key twice") << "key canary git" << QStringList{} << QStringList{} << "appears twice";
        QTest::newRow("an empty key") << "key canary " << QStringList{} << QStringList{} << "has no key";
        QTest::newRow("nothing changed") << "none" << QStringList{} << QStringList{} << "Nothing changed";
        QTest::newRow("the same value again")
            << "value git \"a1b2c3d\"" << QStringList{} << QStringList{} << "Nothing changed";
    }

    void metadataEditsBecomeUpsertsAndRemovals()
    {
        QFETCH(QString, edit);
        QFETCH(QStringList, upserts);
        QFETCH(QStringList, removals);
        QFETCH(QString, problemPart);
        MetadataDialog dialog(QStringLiteral("orders"), QStringLiteral("v1.6.0"), metadata(), false);
        QTableWidget *table = dialog.table();
        QCOMPARE(table->rowCount(), 2);
        const QString verb = edit.section(QLatin1Char(' '), 0, 0);
        const QString key = edit.section(QLatin1Char(' '), 1, 1);
        const QString rest = edit.section(QLatin1Char(' '), 2);
        if (verb == QLatin1String("value")) {
            table->item(rowOf(table, key), 1)->setText(rest);
        } else if (verb == QLatin1String("key")) {
            table->item(rowOf(table, key), 0)->setText(rest);
        } else if (verb == QLatin1String("remove")) {
            table->setCurrentCell(rowOf(table, key), 0);
            dialog.removeButton()->click();
        } else if (verb == QLatin1String("add")) {
            dialog.addButton()->click();
            const int row = table->rowCount() - 1;
            table->item(row, 0)->setText(key);
            table->item(row, 1)->setText(rest);
        }
        QCOMPARE(dialog.problem().isEmpty(), problemPart.isEmpty());
        QVERIFY2(dialog.problem().contains(problemPart), qPrintable(dialog.problem()));
        QCOMPARE(ok(dialog.buttons())->isEnabled(), problemPart.isEmpty());
        QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("problem"))->text(), dialog.problem());
        if (!problemPart.isEmpty())
            return;
        const DeploymentOperation operation = dialog.operation();
        QCOMPARE(operation.kind, DeploymentOperation::Kind::UpdateMetadata);
        QCOMPARE(operation.deploymentName, QStringLiteral("orders"));
        QCOMPARE(operation.buildId, QStringLiteral("v1.6.0"));
        QStringList got;
        for (auto it = operation.upsertMetadata.cbegin(); it != operation.upsertMetadata.cend(); ++it)
            got << it.key() + QLatin1Char('=') + MetadataDialog::textOf(it.value());
        QCOMPARE(got, upserts);
        QCOMPARE(operation.removeMetadata, removals);
    }

    void readOnlyMetadataCannotBeEdited()
    {
        MetadataDialog dialog(QStringLiteral("orders"), QStringLiteral("v1.6.0"), metadata(), true);
        QCOMPARE(dialog.table()->editTriggers(), QAbstractItemView::NoEditTriggers);
        QVERIFY(!dialog.addButton());
        QVERIFY(!ok(dialog.buttons()));
        QVERIFY(dialog.buttons()->button(QDialogButtonBox::Close));
        QCOMPARE(dialog.table()->item(rowOf(dialog.table(), QStringLiteral("git")), 1)->text(),
                 QStringLiteral("\"a1b2c3d\""));
    }

    void thePageTurnsTheMetadataDialogIntoOneOperation()
    {
        DeploymentPage page;
        page.setSnapshot(DeploymentFixture::rollout());
        QSignalSpy asked(&page, &DeploymentPage::operationRequested);
        QMenu *menu = page.menus()->versionMenu(QStringLiteral("v1.6.0"), &page);
        menu->findChild<QAction *>(QStringLiteral("metadata"))->trigger();
        delete menu;
        MetadataDialog *dialog = page.metadataDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(asked.count(), 0);
        dialog->table()
            ->item(rowOf(dialog->table(), QStringLiteral("canary")), 1)
            ->setText(QStringLiteral("false"));
        ok(dialog->buttons())->click();
        QCOMPARE(asked.count(), 1);
        const auto operation = asked.at(0).at(0).value<DeploymentOperation>();
        QCOMPARE(operation.kind, DeploymentOperation::Kind::UpdateMetadata);
        QCOMPARE(operation.upsertMetadata,
                 (QMap<QString, QJsonValue>{{QStringLiteral("canary"), QJsonValue(false)}}));
        QVERIFY(operation.removeMetadata.isEmpty());
        // Cancelled, nothing is asked.
        page.showMetadata(QStringLiteral("v1.5.0"));
        page.metadataDialog()->buttons()->button(QDialogButtonBox::Cancel)->click();
        QCOMPARE(asked.count(), 1);
    }

    void theMetadataOfUnknownDetailsIsDisabledWithTheReason()
    {
        DeploymentPage page;
        DeploymentSnapshot snapshot = DeploymentFixture::rollout();
        snapshot.details.remove(QStringLiteral("v1.4.2"));
        page.setSnapshot(snapshot);
        QMenu *menu = page.menus()->versionMenu(QStringLiteral("v1.4.2"), &page);
        QAction *action = menu->findChild<QAction *>(QStringLiteral("metadata"));
        QVERIFY(!action->isEnabled());
        QVERIFY(action->toolTip().contains(QStringLiteral("could not be read")));
        delete menu;
    }

    void managerChoicesBecomeSetManager_data()
    {
        QTest::addColumn<QString>("current");
        QTest::addColumn<QString>("choice"); // identity:NAME, self, unset
        QTest::addColumn<QString>("identity");
        QTest::addColumn<bool>("self");
        QTest::addColumn<QString>("problemPart");
        QTest::newRow("set an identity") << ""
                                         << "identity:deploy-controller"
                                         << "deploy-controller" << false << "";
        QTest::newRow("take it over") << "deploy-controller"
                                      << "self"
                                      << "" << true << "";
        QTest::newRow("unset") << "deploy-controller"
                               << "unset"
                               << "" << false << "";
        QTest::newRow("unset, none set") << ""
                                         << "unset"
                                         << "" << false << "No manager identity is set";
        QTest::newRow("the same identity") << "deploy-controller"
                                           << "identity:deploy-controller"
                                           << "" << false << "already the manager";
        QTest::newRow("an empty identity") << ""
                                           << "identity:"
                                           << "" << false << "Type an identity";
        QTest::newRow("self, already self") << "alice@ops (versionscope)"
                                            << "self"
                                            << "" << true << "already the manager";
    }

    void managerChoicesBecomeSetManager()
    {
        QFETCH(QString, current);
        QFETCH(QString, choice);
        QFETCH(QString, identity);
        QFETCH(bool, self);
        QFETCH(QString, problemPart);
        ManagerIdentityDialog dialog(QStringLiteral("orders"), current,
                                     QStringLiteral("alice@ops (versionscope)"), false);
        if (choice.startsWith(QLatin1String("identity:"))) {
            dialog.unsetChoice()->click();
            // Typing an identity chooses it.
            dialog.identityEdit()->setText(QStringLiteral("x"));
            QVERIFY(dialog.identityChoice()->isChecked());
            dialog.identityEdit()->setText(choice.section(QLatin1Char(':'), 1));
        } else if (choice == QLatin1String("self")) {
            dialog.selfChoice()->click();
        } else {
            dialog.unsetChoice()->click();
        }
        QVERIFY2(dialog.problem().contains(problemPart), qPrintable(dialog.problem()));
        QCOMPARE(ok(dialog.buttons())->isEnabled(), problemPart.isEmpty());
        if (!problemPart.isEmpty())
            return;
        const DeploymentOperation operation = dialog.operation();
        QCOMPARE(operation.kind, DeploymentOperation::Kind::SetManager);
        QCOMPARE(operation.deploymentName, QStringLiteral("orders"));
        QCOMPARE(operation.managerIdentity, identity);
        QCOMPARE(operation.managerSelf, self);
    }

    void thePageTurnsTheManagerDialogIntoOneOperation()
    {
        DeploymentPage page;
        page.setOwnIdentity(QStringLiteral("alice@ops (versionscope)"));
        page.setSnapshot(DeploymentFixture::rollout());
        QSignalSpy asked(&page, &DeploymentPage::operationRequested);
        QMenu *menu = page.menus()->laneMenu(DeploymentGraphModel::Lane::Current, &page);
        menu->findChild<QAction *>(QStringLiteral("managerIdentity"))->trigger();
        delete menu;
        ManagerIdentityDialog *dialog = page.managerDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->selfChoice()->text().contains(QStringLiteral("alice@ops")));
        dialog->selfChoice()->click();
        ok(dialog->buttons())->click();
        QCOMPARE(asked.count(), 1);
        const auto operation = asked.at(0).at(0).value<DeploymentOperation>();
        QCOMPARE(operation.kind, DeploymentOperation::Kind::SetManager);
        QVERIFY(operation.managerSelf);
    }

    void aReadOnlyPageShowsTheManagerWithoutChangingIt()
    {
        DeploymentPage page;
        page.setReadOnly(true);
        DeploymentSnapshot snapshot = DeploymentFixture::rollout();
        snapshot.deployment.managerIdentity = QStringLiteral("deploy-controller");
        page.setSnapshot(snapshot);
        QVERIFY(page.header()->text().contains(QStringLiteral("manager: <b>deploy-controller</b>")));
        QSignalSpy asked(&page, &DeploymentPage::operationRequested);
        page.showManagerIdentity();
        ManagerIdentityDialog *dialog = page.managerDialog();
        QVERIFY(!dialog->unsetChoice()->isEnabled());
        QVERIFY(!ok(dialog->buttons()));
        QCOMPARE(dialog->identityEdit()->text(), QStringLiteral("deploy-controller"));
        dialog->buttons()->button(QDialogButtonBox::Close)->click();
        QCOMPARE(asked.count(), 0);
    }
};

QTEST_MAIN(TestDeploymentDialogs)
#include "tst_deploymentdialogs.moc"
