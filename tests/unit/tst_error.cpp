#include "common/error.h"

#include <QTest>

class TestError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void codeNames_data()
    {
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("name");
        QTest::newRow("ok") << ErrorCode::Ok << QStringLiteral("OK");
        QTest::newRow("cancelled") << ErrorCode::Cancelled << QStringLiteral("CANCELLED");
        QTest::newRow("unknown") << ErrorCode::Unknown << QStringLiteral("UNKNOWN");
        QTest::newRow("invalid argument") << ErrorCode::InvalidArgument << QStringLiteral("INVALID_ARGUMENT");
        QTest::newRow("deadline") << ErrorCode::DeadlineExceeded << QStringLiteral("DEADLINE_EXCEEDED");
        QTest::newRow("not found") << ErrorCode::NotFound << QStringLiteral("NOT_FOUND");
        QTest::newRow("already exists") << ErrorCode::AlreadyExists << QStringLiteral("ALREADY_EXISTS");
        QTest::newRow("permission") << ErrorCode::PermissionDenied << QStringLiteral("PERMISSION_DENIED");
        QTest::newRow("exhausted") << ErrorCode::ResourceExhausted << QStringLiteral("RESOURCE_EXHAUSTED");
        QTest::newRow("precondition")
            << ErrorCode::FailedPrecondition << QStringLiteral("FAILED_PRECONDITION");
        QTest::newRow("aborted") << ErrorCode::Aborted << QStringLiteral("ABORTED");
        QTest::newRow("out of range") << ErrorCode::OutOfRange << QStringLiteral("OUT_OF_RANGE");
        QTest::newRow("unimplemented") << ErrorCode::Unimplemented << QStringLiteral("UNIMPLEMENTED");
        QTest::newRow("internal") << ErrorCode::Internal << QStringLiteral("INTERNAL");
        QTest::newRow("unavailable") << ErrorCode::Unavailable << QStringLiteral("UNAVAILABLE");
        QTest::newRow("data loss") << ErrorCode::DataLoss << QStringLiteral("DATA_LOSS");
        QTest::newRow("unauthenticated") << ErrorCode::Unauthenticated << QStringLiteral("UNAUTHENTICATED");
    }

    // The names are part of the CLI's JSON and of the history: they must not drift.
    void codeNames()
    {
        QFETCH(ErrorCode, code);
        QFETCH(QString, name);
        QCOMPARE(errorCodeName(code), name);
        QCOMPARE(errorCodeFromName(name), code);
    }

    void unknownNamesAndCodes()
    {
        QCOMPARE(errorCodeFromName(QStringLiteral("invalid_argument")), ErrorCode::Unknown);
        QCOMPARE(errorCodeFromName(QString()), ErrorCode::Unknown);
        // A status code gRPC may add later reaches errorCodeName through the cast in errorFromStatus.
        QCOMPARE(errorCodeName(ErrorCode(99)), QStringLiteral("UNKNOWN"));
    }
};

QTEST_GUILESS_MAIN(TestError)
#include "tst_error.moc"
