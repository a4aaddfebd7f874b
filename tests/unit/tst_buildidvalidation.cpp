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
