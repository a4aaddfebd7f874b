#include "versionsets/buildidvalidation.h"

#include <QTest>

class TestBuildIdValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void problem_data()
    {
        QTest::addColumn<QString>("buildId");
        QTest::addColumn<QString>("expectedProblemStart");

        QTest::newRow("plain") << "1.0.3"
                               << "";
        QTest::newRow("git sha") << "9f2c1ab"
                                 << "";
        QTest::newRow("unicode letters") << QString::fromUtf8("v\u00e9rsion-2") << "";
        QTest::newRow("empty") << ""
                               << "the build ID is empty";
        QTest::newRow("leading space") << " 1.0"
                                       << "the build ID contains whitespace at position 1";
        QTest::newRow("inner tab") << "1.\t0"
                                   << "the build ID contains an invisible control character (U+0009)";
        QTest::newRow("newline") << "1.0\n"
                                 << "the build ID contains an invisible control character (U+000a)";
        QTest::newRow("zero width space") << QString::fromUtf8("1.0\u200b")
                                          << "the build ID contains an invisible control character (U+200b)";
        QTest::newRow("non-breaking space")
            << QString::fromUtf8("1.0\u00a0") << "the build ID contains whitespace at position 4";
        QTest::newRow("too long") << QString(256, QLatin1Char('a'))
                                  << "the build ID is 256 bytes long; the server accepts at most 255";
        QTest::newRow("longest") << QString(255, QLatin1Char('a')) << "";
    }

    void problem()
    {
        QFETCH(QString, buildId);
        QFETCH(QString, expectedProblemStart);
        const auto found = buildIdProblem(buildId);
        if (expectedProblemStart.isEmpty()) {
            QVERIFY2(!found, qPrintable(found.value_or(QString())));
        } else {
            QVERIFY(found);
            QVERIFY2(found->startsWith(expectedProblemStart), qPrintable(*found));
        }
    }

    void taskQueueName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expectedProblemStart");

        QTest::newRow("plain") << "orders"
                               << "";
        QTest::newRow("inner space") << "orders eu"
                                     << "";
        QTest::newRow("unicode") << QString::fromUtf8("b\u00e9stellungen") << "";
        QTest::newRow("longest") << QString(1000, QLatin1Char('q')) << "";
        QTest::newRow("empty") << ""
                               << "the task queue name is empty";
        QTest::newRow("only spaces") << "   "
                                     << "the task queue name \"   \" is only whitespace";
        QTest::newRow("newline, escaped")
            << "orders\n"
            << "the task queue name \"orders\\n\" contains an invisible control character "
               "(U+000a) at position 7";
        QTest::newRow("escape sequence")
            << "q\x1b[31m"
            << "the task queue name \"q\\u{1B}[31m\" contains an invisible control character (U+001b)";
        QTest::newRow("zero width space") << QString::fromUtf8("orders\u200b")
                                          << "the task queue name \"orders\\u{200B}\" contains an invisible";
        QTest::newRow("too long")
            << QString(1001, QLatin1Char('q'))
            << "the task queue name is 1001 bytes long; the server accepts at most 1000";
        QTest::newRow("too long in bytes")
            << QString(501, QChar(0xe9)) << "the task queue name is 1002 bytes long";
        QTest::newRow("partition name") << "/_sys/orders/1"
                                        << "the task queue name \"/_sys/orders/1\" starts with /_sys/";
    }

    void taskQueueName()
    {
        QFETCH(QString, name);
        QFETCH(QString, expectedProblemStart);
        const auto found = taskQueueNameProblem(name);
        if (expectedProblemStart.isEmpty()) {
            QVERIFY2(!found, qPrintable(found.value_or(QString())));
        } else {
            QVERIFY(found);
            QVERIFY2(found->startsWith(expectedProblemStart), qPrintable(*found));
        }
    }

    void limitIsConfigurable()
    {
        VersioningLimits limits;
        limits.maxBuildIdLength = 4;
        QVERIFY(buildIdProblem(QStringLiteral("12345"), limits));
        QVERIFY(!buildIdProblem(QStringLiteral("1234"), limits));
    }
};

QTEST_GUILESS_MAIN(TestBuildIdValidation)
#include "tst_buildidvalidation.moc"
