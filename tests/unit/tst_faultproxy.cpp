#include "support/faultproxy.h"

#include <QElapsedTimer>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <thread>
#include <vector>

namespace {

// A plain echo server on a loopback port, on a thread of its own: what the proxy forwards to.
class EchoServer
{
public:
    EchoServer()
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        const int yes = 1;
        ::setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::listen(m_listener, 16);
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { run(); });
    }
    ~EchoServer()
    {
        m_stopping = true;
        m_thread.join();
        ::close(m_listener);
    }
    quint16 port() const { return m_port; }
    qint64 received() const { return m_received; }

private:
    void run()
    {
        std::vector<int> clients;
        while (!m_stopping) {
            std::vector<pollfd> fds{{m_listener, POLLIN, 0}};
            for (int fd : clients)
                fds.push_back({fd, POLLIN, 0});
            if (::poll(fds.data(), nfds_t(fds.size()), 20) <= 0)
                continue;
            if (fds[0].revents & POLLIN)
                clients.push_back(::accept(m_listener, nullptr, nullptr));
            for (size_t i = 1; i < fds.size(); ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                char buffer[4096];
                const ssize_t n = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
                if (n <= 0) {
                    ::close(fds[i].fd);
                    clients.erase(std::find(clients.begin(), clients.end(), fds[i].fd));
                    continue;
                }
                m_received += n;
                ::send(fds[i].fd, buffer, size_t(n), MSG_NOSIGNAL);
            }
        }
        for (int fd : clients)
            ::close(fd);
    }

    int m_listener = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::atomic<qint64> m_received{0};
    std::thread m_thread;
};

int connectTo(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

struct Received
{
    QByteArray bytes;
    // 0 when the peer closed cleanly, an errno when it failed, -1 when the time ran out first.
    int end = -1;
};

// Waits up to timeoutMs for `want` bytes, an end of the connection or an error.
Received receive(int fd, int want, int timeoutMs)
{
    Received result;
    QElapsedTimer timer;
    timer.start();
    while (result.bytes.size() < want && timer.elapsed() < timeoutMs) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, int(std::max<qint64>(1, timeoutMs - timer.elapsed()))) <= 0)
            continue;
        char buffer[4096];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n == 0) {
            result.end = 0;
            return result;
        }
        if (n < 0) {
            result.end = errno;
            return result;
        }
        result.bytes.append(buffer, n);
    }
    return result;
}

void sendAll(int fd, const QByteArray &bytes)
{
    ::send(fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
}

QByteArray frame(quint8 type, const QByteArray &payload)
{
    QByteArray header(9, '\0');
    header[0] = char((payload.size() >> 16) & 0xff);
    header[1] = char((payload.size() >> 8) & 0xff);
    header[2] = char(payload.size() & 0xff);
    header[3] = char(type);
    header[8] = 1;
    return header + payload;
}

} // namespace

// The test proxy itself, with plain sockets and an echo server: each fault does what it says, from the
// moment it is armed, and the counters count.
class TestFaultProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passForwardsBothWaysAndCounts()
    {
        EchoServer echo;
        FaultProxy proxy(echo.port());
        QVERIFY(proxy.isListening());
        QCOMPARE(proxy.address(), QStringLiteral("127.0.0.1:%1").arg(proxy.port()));
        const int fd = connectTo(proxy.port());
        QVERIFY(fd >= 0);
        sendAll(fd, "hello");
        QCOMPARE(receive(fd, 5, 2000).bytes, QByteArray("hello"));
        // Counted right after the proxy's send, which may be after the client received.
        QTRY_COMPARE(proxy.counters().bytesToClient, 5);
        QCOMPARE(proxy.counters().connectionsAccepted, 1);
        QCOMPARE(proxy.counters().bytesToServer, 5);
        QCOMPARE(proxy.openConnections(), 1);
        ::close(fd);
        QTRY_COMPARE(proxy.openConnections(), 0);
    }

    void delayHoldsEveryChunk()
    {
        EchoServer echo;
        FaultProxy proxy(echo.port());
        const int fd = connectTo(proxy.port());
        proxy.setFault(FaultProxy::Fault::Delay, 300);
        QElapsedTimer timer;
        timer.start();
        sendAll(fd, "slow");
        QCOMPARE(receive(fd, 4, 3000).bytes, QByteArray("slow"));
        // Both ways: at least twice the delay.
        QVERIFY2(timer.elapsed() >= 600, qPrintable(QString::number(timer.elapsed())));
        ::close(fd);
    }

    void hangHoldsUntilPassAndKeepsTheConnection()
    {
        EchoServer echo;
        FaultProxy proxy(echo.port());
        const int fd = connectTo(proxy.port());
        proxy.setFault(FaultProxy::Fault::Hang);
        sendAll(fd, "held");
        const Received during = receive(fd, 4, 400);
        QVERIFY(during.bytes.isEmpty());
        QCOMPARE(during.end, -1);
        QCOMPARE(echo.received(), 0);
        // A new connection is accepted but goes nowhere either.
        const int second = connectTo(proxy.port());
        QVERIFY(second >= 0);
        sendAll(second, "x");
        QVERIFY(receive(second, 1, 200).bytes.isEmpty());
        proxy.setFault(FaultProxy::Fault::Pass);
        QCOMPARE(receive(fd, 4, 2000).bytes, QByteArray("held"));
        QCOMPARE(receive(second, 1, 2000).bytes, QByteArray("x"));
        ::close(fd);
        ::close(second);
    }

    void closingAHangDropsWhatItHeld()
    {
        EchoServer echo;
        FaultProxy proxy(echo.port());
        const int fd = connectTo(proxy.port());
        proxy.setFault(FaultProxy::Fault::Hang);
        sendAll(fd, "late");
        QTest::qWait(100);
        proxy.closeConnections();
        proxy.setFault(FaultProxy::Fault::Pass);
        const Received after = receive(fd, 4, 2000);
        QVERIFY(after.bytes.isEmpty());
        QCOMPARE(after.end, 0);
        QTest::qWait(100);
        QCOMPARE(echo.received(), 0);
        ::close(fd);
    }

    void cutClosesCleanlyWithoutForwarding()
    {
        EchoServer echo;
        FaultProxy proxy(echo.port());
        const int fd = connectTo(proxy.port());
        sendAll(fd, "a");
        QCOMPARE(receive(fd, 1, 2000).bytes, QByteArray("a"));
        proxy.setFault(FaultProxy::Fault::Cut);
        sendAll(fd, "b");
        const Received after = receive(fd, 1, 2000);
        QVERIFY(after.bytes.isEmpty());
        QCOMPARE(after.end, 0);
        QCOMPARE(echo.received(), 1);
        ::close(fd);
    }

    void resetSendsRst()
    {
        EchoServer echo;
        FaultProxy proxy(echo.port());
        const int fd = connectTo(proxy.port());
        proxy.setFault(FaultProxy::Fault::Reset);
        sendAll(fd, "b");
        const Received after = receive(fd, 1, 2000);
        QCOMPARE(after.end, ECONNRESET);
        QCOMPARE(echo.received(), 0);
        ::close(fd);
    }

    void refuseResetsOpenAndNewConnections()
    {
        EchoServer echo;
        FaultProxy proxy(echo.port());
        const int open = connectTo(proxy.port());
        QTRY_COMPARE(proxy.openConnections(), 1);
        proxy.setFault(FaultProxy::Fault::Refuse);
        // Without anything sent: the server is gone.
        QCOMPARE(receive(open, 1, 2000).end, ECONNRESET);
        const int fresh = connectTo(proxy.port());
        if (fresh >= 0) {
            sendAll(fresh, "c");
            // The reset may reach the send first (which then reports it), the receive then sees the end.
            const Received answer = receive(fresh, 1, 2000);
            QVERIFY(answer.bytes.isEmpty());
            QVERIFY(answer.end == ECONNRESET || answer.end == 0);
            ::close(fresh);
        }
        QTRY_VERIFY(proxy.counters().connectionsRefused >= 1);
        QCOMPARE(echo.received(), 0);
        ::close(open);
        proxy.setFault(FaultProxy::Fault::Pass);
        const int again = connectTo(proxy.port());
        sendAll(again, "d");
        QCOMPARE(receive(again, 1, 2000).bytes, QByteArray("d"));
        ::close(again);
    }

    void loseReplyForwardsTheRequestAndDropsTheAnswer()
    {
        EchoServer echo;
        FaultProxy proxy(echo.port());
        const int fd = connectTo(proxy.port());
        proxy.setFault(FaultProxy::Fault::LoseReply);
        // The echo server sends back what it got, as frames of its own: housekeeping passes...
        const QByteArray ping = frame(0x6, QByteArray(8, 'P'));
        sendAll(fd, ping);
        QCOMPARE(receive(fd, int(ping.size()), 2000).bytes, ping);
        // ...an answer (HEADERS) does not, and ends the connection.
        const QByteArray answer = frame(0x1, QByteArray(5, 'H'));
        sendAll(fd, answer);
        const Received after = receive(fd, int(answer.size()), 2000);
        QVERIFY(after.bytes.isEmpty());
        QCOMPARE(after.end, 0);
        QTRY_COMPARE(echo.received(), ping.size() + answer.size());
        ::close(fd);
    }

    void noServerIsARefusedConnection()
    {
        quint16 deadPort = 0;
        {
            EchoServer gone;
            deadPort = gone.port();
        }
        FaultProxy proxy(deadPort);
        const int fd = connectTo(proxy.port());
        QVERIFY(fd >= 0);
        sendAll(fd, "x");
        QVERIFY(receive(fd, 1, 2000).end > 0);
        QTRY_COMPARE(proxy.counters().connectionsRefused, 1);
        ::close(fd);
    }

    // gRPC calls are counted by the HEADERS frames the client sends after the connection preface, however
    // the bytes are split.
    void countsHttp2RequestFrames()
    {
        EchoServer echo;
        FaultProxy proxy(echo.port());
        const int fd = connectTo(proxy.port());
        QByteArray stream = QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        stream += frame(0x4, QByteArray(6, 'S'));   // SETTINGS
        stream += frame(0x1, QByteArray(30, 'H'));  // HEADERS
        stream += frame(0x0, QByteArray(100, 'D')); // DATA
        stream += frame(0x1, QByteArray(1, '\1'));  // HEADERS whose payload looks like a frame type
        stream += frame(0x8, QByteArray(4, 'W'));   // WINDOW_UPDATE
        for (qsizetype at = 0; at < stream.size(); at += 7) {
            sendAll(fd, stream.mid(at, 7));
            QTest::qWait(1);
        }
        QCOMPARE(receive(fd, int(stream.size()), 3000).bytes, stream);
        QTRY_COMPARE(proxy.counters().requestsToServer, 2);
        ::close(fd);
    }
};

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
