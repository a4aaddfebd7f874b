#include "common/displaytext.h"

#include <QTest>

// Values echoed in messages show what they contain: nothing a terminal would act on, nothing invisible.
class TestDisplayText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escaped_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("shown");

        QTest::newRow("plain") << "127.0.0.1:7233"
                               << "127.0.0.1:7233";
        QTest::newRow("unicode kept")
            << QString::fromUtf8("b\u00e9stellungen") << QString::fromUtf8("b\u00e9stellungen");
        QTest::newRow("newline") << "a\nb"
                                 << "a\\nb";
        QTest::newRow("tab and return") << "a\tb\r"
                                        << "a\\tb\\r";
        QTest::newRow("terminal escape") << "\x1b[2J"
                                         << "\\u{1B}[2J";
        QTest::newRow("delete") << "a\x7f"
                                << "a\\u{7F}";
        QTest::newRow("zero width space") << QString::fromUtf8("a\u200bb") << "a\\u{200B}b";
        QTest::newRow("bidi override") << QString::fromUtf8("a\u202eb") << "a\\u{202E}b";
        QTest::newRow("line separator") << QString::fromUtf8("a\u2028b") << "a\\u{2028}b";
        QTest::newRow("quote and backslash") << "say \"hi\"\\"
                                             << "say \\\"hi\\\"\\\\";
        QTest::newRow("emoji kept") << QString::fromUtf8("\U0001F680") << QString::fromUtf8("\U0001F680");
    }

    void escaped()
    {
        QFETCH(QString, value);
        QFETCH(QString, shown);
        QCOMPARE(escapedForDisplay(value), shown);
        QCOMPARE(quotedForDisplay(value), "\"" + shown + "\"");
    }
};

QTEST_GUILESS_MAIN(TestDisplayText)
#include "tst_displaytext.moc"
