#include "common/namerules.h"

#include <QTest>

Q_DECLARE_METATYPE(NameKind)

namespace {

// n copies of a string (for lengths in bytes of multi-byte UTF-8).
QString repeated(const QString &part, int n)
{
    QString text;
    for (int i = 0; i < n; ++i)
        text += part;
    return text;
}

const QString eAcute = QString::fromUtf8("\u00e9");     // 2 bytes in UTF-8
const QString euro = QString::fromUtf8("\u20ac");       // 3 bytes
const QString rocket = QString::fromUtf8("\U0001F680"); // 4 bytes, a surrogate pair in UTF-16

} // namespace

// The one set of name rules, for every kind: each category, the exact limits ±1 byte, the server's reserved
// forms, and the message: the value escaped and the character named.
class TestNameRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void problem_data()
    {
        QTest::addColumn<NameKind>("kind");
        QTest::addColumn<QString>("name");
        // Empty: the name is fine. Otherwise the exact message.
        QTest::addColumn<QString>("expected");

        const NameKind kinds[] = {NameKind::BuildId, NameKind::TaskQueue, NameKind::DeploymentName,
                                  NameKind::DeploymentBuildId};
        for (const NameKind kind : kinds) {
            const QString what = nameKindText(kind);
            const QByteArray tag = what.toUtf8() + ": ";
            const auto row = [&](const char *name) -> QTestData & {
                return QTest::newRow((tag + name).constData());
            };
            row("plain") << kind << QStringLiteral("orders-v1") << QString();
            row("letters of any script") << kind << QString::fromUtf8("b\u00e9stellung-\u65b0") << QString();
            row("emoji") << kind << (QStringLiteral("v1") + rocket) << QString();
            row("empty") << kind << QString() << QStringLiteral("the %1 is empty").arg(what);
            row("only spaces") << kind << QStringLiteral("   ")
                               << QStringLiteral("the %1 \"   \" is only whitespace").arg(what);
            row("only a tab") << kind << QStringLiteral("\t")
                              << QStringLiteral("the %1 \"\\t\" is only whitespace").arg(what);
            row("leading space") << kind << QStringLiteral(" v1")
                                 << QStringLiteral(
                                        "the %1 \" v1\" starts with whitespace: U+0020 SPACE at position 1")
                                        .arg(what);
            row("trailing space") << kind << QStringLiteral("v1 ")
                                  << QStringLiteral(
                                         "the %1 \"v1 \" ends with whitespace: U+0020 SPACE at position 3")
                                         .arg(what);
            row("leading no-break space")
                << kind << QString::fromUtf8("\u00a0v1")
                << QString::fromUtf8("the %1 \"\u00a0v1\" starts with whitespace: U+00A0 NO-BREAK SPACE at "
                                     "position 1")
                       .arg(what);
            row("trailing ideographic space")
                << kind << QString::fromUtf8("v1\u3000")
                << QString::fromUtf8("the %1 \"v1\u3000\" ends with whitespace: U+3000 IDEOGRAPHIC SPACE at "
                                     "position 3")
                       .arg(what);
            row("trailing newline")
                << kind << QStringLiteral("v1\n")
                << QStringLiteral(
                       "the %1 \"v1\\n\" contains a control character: U+000A LINE FEED at position 3")
                       .arg(what);
            row("inner tab") << kind << QStringLiteral("v\t1")
                             << QStringLiteral(
                                    "the %1 \"v\\t1\" contains a control character: U+0009 CHARACTER "
                                    "TABULATION at position 2")
                                    .arg(what);
            row("terminal escape")
                << kind << QStringLiteral("v\x1b[31m")
                << QStringLiteral("the %1 \"v\\u{1B}[31m\" contains a control character: U+001B ESCAPE at "
                                  "position 2")
                       .arg(what);
            row("NUL") << kind << QString(QChar(0)) + QStringLiteral("v")
                       << QStringLiteral("the %1 \"\\u{0}v\" contains a control character: U+0000 NULL at "
                                         "position 1")
                              .arg(what);
            row("DEL") << kind << QStringLiteral("v\x7f")
                       << QStringLiteral("the %1 \"v\\u{7F}\" contains a control character: U+007F DELETE at "
                                         "position 2")
                              .arg(what);
            row("zero width space")
                << kind << QString::fromUtf8("or\u200bders")
                << QStringLiteral(
                       "the %1 \"or\\u{200B}ders\" contains an invisible character: U+200B ZERO WIDTH "
                       "SPACE at position 3")
                       .arg(what);
            row("zero width joiner")
                << kind << QString::fromUtf8("v\u200d1")
                << QStringLiteral("the %1 \"v\\u{200D}1\" contains an invisible character: U+200D ZERO WIDTH "
                                  "JOINER at position 2")
                       .arg(what);
            row("word joiner") << kind << QString::fromUtf8("v1\u2060")
                               << QStringLiteral(
                                      "the %1 \"v1\\u{2060}\" contains an invisible character: U+2060 "
                                      "WORD JOINER at position 3")
                                      .arg(what);
            row("soft hyphen") << kind << QString::fromUtf8("v\u00ad1")
                               << QStringLiteral(
                                      "the %1 \"v\\u{AD}1\" contains an invisible character: U+00AD "
                                      "SOFT HYPHEN at position 2")
                                      .arg(what);
            row("byte order mark")
                << kind << QChar(0xfeff) + QStringLiteral("v1") // QString::fromUtf8 would drop a leading BOM
                << QStringLiteral("the %1 \"\\u{FEFF}v1\" contains an invisible character: U+FEFF ZERO WIDTH "
                                  "NO-BREAK SPACE (BYTE ORDER MARK) at position 1")
                       .arg(what);
            row("variation selector")
                << kind << QString::fromUtf8("v1\ufe0f")
                << QStringLiteral("the %1 \"v1\\u{FE0F}\" contains an invisible character: U+FE0F VARIATION "
                                  "SELECTOR-16 at position 3")
                       .arg(what);
            row("hangul filler") << kind << QString::fromUtf8("v\u31641")
                                 << QStringLiteral(
                                        "the %1 \"v\\u{3164}1\" contains an invisible character: U+3164 "
                                        "HANGUL FILLER at position 2")
                                        .arg(what);
            // Positions count characters, not UTF-16 units: the rocket before it is one character.
            row("tag character after an emoji")
                << kind << rocket + QString::fromUcs4(U"\U000E0041")
                << QStringLiteral("the %1 \"%2\\u{E0041}\" contains an invisible character: U+E0041 at "
                                  "position 2")
                       .arg(what, rocket);
            row("right-to-left override")
                << kind << QString::fromUtf8("v1\u202egnp.exe")
                << QStringLiteral("the %1 \"v1\\u{202E}gnp.exe\" contains a bidirectional control, which "
                                  "reorders the text around it: U+202E RIGHT-TO-LEFT OVERRIDE at position 3")
                       .arg(what);
            row("right-to-left mark")
                << kind << QString::fromUtf8("\u200fv1")
                << QStringLiteral(
                       "the %1 \"\\u{200F}v1\" contains a bidirectional control, which reorders the "
                       "text around it: U+200F RIGHT-TO-LEFT MARK at position 1")
                       .arg(what);
            row("arabic letter mark")
                << kind << QString::fromUtf8("v\u061c1")
                << QStringLiteral(
                       "the %1 \"v\\u{61C}1\" contains a bidirectional control, which reorders the "
                       "text around it: U+061C ARABIC LETTER MARK at position 2")
                       .arg(what);
            row("first strong isolate")
                << kind << QString::fromUtf8("v\u20681")
                << QStringLiteral(
                       "the %1 \"v\\u{2068}1\" contains a bidirectional control, which reorders the "
                       "text around it: U+2068 FIRST STRONG ISOLATE at position 2")
                       .arg(what);
        }

        // Whitespace inside: names may have it, build IDs may not.
        QTest::newRow("task queue: inner space")
            << NameKind::TaskQueue << QStringLiteral("orders eu") << QString();
        QTest::newRow("deployment: inner space")
            << NameKind::DeploymentName << QStringLiteral("orders svc") << QString();
        QTest::newRow("build ID: inner space")
            << NameKind::BuildId << QStringLiteral("1 0")
            << QStringLiteral("the build ID \"1 0\" contains whitespace: U+0020 SPACE at position 2");
        QTest::newRow("deployment build ID: inner no-break space")
            << NameKind::DeploymentBuildId << QString::fromUtf8("1\u00a00")
            << QString::fromUtf8("the deployment build ID \"1\u00a00\" contains whitespace: U+00A0 NO-BREAK "
                                 "SPACE at position 2");

        // The server's reserved forms.
        QTest::newRow("task queue: partition name")
            << NameKind::TaskQueue << QStringLiteral("/_sys/orders/1")
            << QStringLiteral("the task queue name \"/_sys/orders/1\" starts with /_sys/, which the server "
                              "reserves for partitions");
        QTest::newRow("task queue: slash elsewhere")
            << NameKind::TaskQueue << QStringLiteral("a/_sys/") << QString();
        QTest::newRow("deployment: dot")
            << NameKind::DeploymentName << QStringLiteral("orders.svc")
            << QStringLiteral(
                   "the deployment name \"orders.svc\" contains '.' at position 7, which the server "
                   "reserves as a separator of version names");
        QTest::newRow("deployment: colon")
            << NameKind::DeploymentName << (eAcute + QStringLiteral(":svc"))
            << QStringLiteral("the deployment name \"%1:svc\" contains ':' at position 2, which the server "
                              "reserves as a separator of version names")
                   .arg(eAcute);
        QTest::newRow("deployment: double underscore")
            << NameKind::DeploymentName << QStringLiteral("__svc")
            << QStringLiteral("the deployment name \"__svc\" starts with \"__\", which the server reserves");
        QTest::newRow("deployment: slash is fine")
            << NameKind::DeploymentName << QStringLiteral("a/b") << QString();
        QTest::newRow("deployment build ID: double underscore")
            << NameKind::DeploymentBuildId << QStringLiteral("__unversioned__")
            << QStringLiteral(
                   "the deployment build ID \"__unversioned__\" starts with \"__\", which the server "
                   "reserves");
        QTest::newRow("deployment build ID: dot and colon are fine")
            << NameKind::DeploymentBuildId << QStringLiteral("v1.2:3") << QString();
        QTest::newRow("version-set build ID: double underscore is fine")
            << NameKind::BuildId << QStringLiteral("__v1") << QString();
        QTest::newRow("task queue: dot is fine")
            << NameKind::TaskQueue << QStringLiteral("a.b:c") << QString();
    }

    void problem()
    {
        QFETCH(NameKind, kind);
        QFETCH(QString, name);
        QFETCH(QString, expected);
        const std::optional<QString> found = nameProblem(kind, name);
        if (expected.isEmpty()) {
            QVERIFY2(!found, qPrintable(found.value_or(QString())));
            QVERIFY(!nameRuleWarning(kind, name));
            return;
        }
        QVERIFY2(found, qPrintable(name));
        QCOMPARE(*found, expected);
        // The message never carries the raw character it complains about.
        for (const QChar c : name) {
            if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
                QVERIFY2(!found->contains(c), qPrintable(*found));
        }
        const std::optional<QString> warning = nameRuleWarning(kind, name);
        QVERIFY(warning);
        QVERIFY2(warning->startsWith(expected) && warning->contains(QLatin1String("made by another tool")),
                 qPrintable(*warning));
    }

    // The exact limits, ±1 byte, in single- and multi-byte UTF-8.
    void limits_data()
    {
        QTest::addColumn<NameKind>("kind");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("bytes");
        QTest::addColumn<bool>("accepted");

        struct Limit
        {
            NameKind kind;
            int bytes;
        };
        const Limit limits[] = {{NameKind::BuildId, 255},
                                {NameKind::TaskQueue, 1000},
                                {NameKind::DeploymentName, 480},
                                {NameKind::DeploymentBuildId, 480}};
        for (const Limit &limit : limits) {
            QCOMPARE(defaultMaxNameBytes(limit.kind), limit.bytes);
            const QByteArray tag = nameKindText(limit.kind).toUtf8();
            const int n = limit.bytes;
            const auto row = [&](const char *what, const QString &name, bool accepted) {
                QTest::newRow((tag + ": " + what).constData())
                    << limit.kind << name << int(name.toUtf8().size()) << accepted;
            };
            row("limit, ASCII", QString(n, QLatin1Char('a')), true);
            row("limit - 1, ASCII", QString(n - 1, QLatin1Char('a')), true);
            row("limit + 1, ASCII", QString(n + 1, QLatin1Char('a')), false);
            // 2-byte characters: the limit reached exactly, or passed by one byte with one character less
            // than the limit counts in characters.
            row("limit, 2-byte", repeated(eAcute, n / 2) + QString(n % 2, QLatin1Char('a')), true);
            row("limit + 1, 2-byte", repeated(eAcute, n / 2) + QString(n % 2 + 1, QLatin1Char('a')), false);
            row("limit + 1, last character 2 bytes", QString(n - 1, QLatin1Char('a')) + eAcute, false);
            // 3-byte and 4-byte characters whose last one crosses the limit.
            row("limit, 3-byte", repeated(euro, n / 3) + QString(n % 3, QLatin1Char('a')), true);
            row("limit + 2, 3-byte", QString(n - 1, QLatin1Char('a')) + euro, false);
            row("limit, 4-byte", repeated(rocket, n / 4) + QString(n % 4, QLatin1Char('a')), true);
            row("limit + 1, 4-byte", QString(n - 3, QLatin1Char('a')) + rocket, false);
        }
    }

    void limits()
    {
        QFETCH(NameKind, kind);
        QFETCH(QString, name);
        QFETCH(int, bytes);
        QFETCH(bool, accepted);
        const std::optional<QString> found = nameProblem(kind, name);
        QCOMPARE(!found.has_value(), accepted);
        if (!accepted) {
            const QString expected =
                QStringLiteral(" is %1 bytes long in UTF-8; the server accepts at most %2 (")
                    .arg(bytes)
                    .arg(defaultMaxNameBytes(kind));
            QVERIFY2(found->contains(expected), qPrintable(*found));
            // A long name is shown by its start only.
            QVERIFY2(found->size() < 400, qPrintable(*found));
        }
    }

    void limitOfAConfiguredServer()
    {
        QVERIFY(nameProblem(NameKind::BuildId, QStringLiteral("12345"), 4));
        QVERIFY(!nameProblem(NameKind::BuildId, QStringLiteral("1234"), 4));
        QVERIFY(!nameProblem(NameKind::BuildId, QString(300, QLatin1Char('a')), 300));
    }

    void nameForDisplay_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("shown");
        QTest::newRow("plain") << "v1"
                               << "v1";
        QTest::newRow("inner space") << "orders eu"
                                     << "orders eu";
        QTest::newRow("leading space") << " v1"
                                       << "\" v1\"";
        QTest::newRow("zero width space") << QString::fromUtf8("v\u200b1") << "\"v\\u{200B}1\"";
        QTest::newRow("variation selector") << QString::fromUtf8("v1\ufe0f") << "\"v1\\u{FE0F}\"";
        QTest::newRow("newline") << "v1\n"
                                 << "\"v1\\n\"";
    }

    void nameForDisplay()
    {
        QFETCH(QString, name);
        QFETCH(QString, shown);
        QCOMPARE(::nameForDisplay(name), shown);
    }
};

QTEST_GUILESS_MAIN(TestNameRules)
#include "tst_namerules.moc"
