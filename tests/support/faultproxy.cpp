#include "faultproxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// How much a proxy holds for one direction before it stops reading from the sender.
constexpr size_t kMaxBuffered = 4 * 1024 * 1024;

void setNonBlocking(int fd)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

void closeCleanly(int fd)
{
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
}

// SO_LINGER with a zero timeout makes close() send RST instead of FIN.
void closeWithReset(int fd)
{
    linger option{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof option);
    ::close(fd);
}

// Counts HTTP/2 HEADERS frames in the client's byte stream (after the 24-byte connection preface): each
// gRPC call starts with one.
struct Http2FrameCounter
{
    // The client's connection preface; none from the server.
    int prefaceLeft = 24;
    unsigned char header[9] = {};
    int headerHave = 0;
    quint32 payloadLeft = 0;

    int feed(const char *data, size_t size)
    {
        int headers = 0;
        size_t at = 0;
        while (at < size) {
            if (prefaceLeft > 0) {
                const size_t skip = std::min<size_t>(size_t(prefaceLeft), size - at);
                prefaceLeft -= int(skip);
                at += skip;
            } else if (payloadLeft > 0) {
                const size_t skip = std::min<size_t>(payloadLeft, size - at);
                payloadLeft -= quint32(skip);
                at += skip;
            } else {
                header[headerHave++] = static_cast<unsigned char>(data[at++]);
                if (headerHave == 9) {
                    headerHave = 0;
                    payloadLeft = (quint32(header[0]) << 16) | (quint32(header[1]) << 8) | header[2];
                    if (header[3] == 0x1)
                        ++headers;
                }
            }
        }
        return headers;
    }
};

struct Chunk
{
    std::vector<char> bytes;
    size_t sent = 0;
    Clock::time_point due;
};

struct Link
{
    int client = -1;
    int server = -1;
    std::deque<Chunk> toServer;
    std::deque<Chunk> toClient;
    size_t bufferedToServer = 0;
    size_t bufferedToClient = 0;
    Http2FrameCounter requests;
    // The server's frames (no preface that way), to see answers come.
    Http2FrameCounter answers{0};
    bool closed = false;
};

} // namespace

class FaultProxyPrivate
{
public:
    quint16 upstreamPort = 0;
    quint16 port = 0;
    int listener = -1;
    int wakeRead = -1;
    int wakeWrite = -1;
    std::atomic<int> fault{int(FaultProxy::Fault::Pass)};
    std::atomic<int> delayMs{0};
    std::atomic<bool> stopping{false};
    std::atomic<int> closeRequests{0};
    std::atomic<int> open{0};
    mutable std::mutex countersMutex;
    FaultProxy::Counters counters;
    std::thread thread;
    // Only the proxy's thread touches links.
    std::vector<Link> links;

    FaultProxy::Fault currentFault() const { return FaultProxy::Fault(fault.load()); }
    void wake() const
    {
        const char byte = 0;
        [[maybe_unused]] const ssize_t written = ::write(wakeWrite, &byte, 1);
    }
    void run();
    void acceptAll();
    void closeLink(Link &link, bool reset);
    // Reads what fd has for the other side; false when the link was closed.
    bool readFrom(Link &link, bool fromClient);
    bool writeTo(Link &link, bool toClient);
    void count(const std::function<void(FaultProxy::Counters &)> &change)
    {
        std::lock_guard lock(countersMutex);
        change(counters);
    }
};

FaultProxy::FaultProxy(quint16 upstreamPort)
    : d(std::make_unique<FaultProxyPrivate>())
{
    d->upstreamPort = upstreamPort;
    int pipeEnds[2];
    if (::pipe(pipeEnds) != 0)
        return;
    d->wakeRead = pipeEnds[0];
    d->wakeWrite = pipeEnds[1];
    setNonBlocking(d->wakeRead);
    setNonBlocking(d->wakeWrite);
    d->listener = ::socket(AF_INET, SOCK_STREAM, 0);
    const int yes = 1;
    ::setsockopt(d->listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(d->listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(d->listener, 64) != 0) {
        ::close(d->listener);
        d->listener = -1;
        return;
    }
    socklen_t length = sizeof address;
    ::getsockname(d->listener, reinterpret_cast<sockaddr *>(&address), &length);
    d->port = ntohs(address.sin_port);
    setNonBlocking(d->listener);
    d->thread = std::thread([this] { d->run(); });
}

FaultProxy::~FaultProxy()
{
    if (d->thread.joinable()) {
        d->stopping = true;
        d->wake();
        d->thread.join();
    }
    for (Link &link : d->links)
        d->closeLink(link, false);
    for (int fd : {d->listener, d->wakeRead, d->wakeWrite}) {
        if (fd >= 0)
            ::close(fd);
    }
}

bool FaultProxy::isListening() const
{
    return d->listener >= 0 && d->port != 0;
}

quint16 FaultProxy::port() const
{
    return d->port;
}

QString FaultProxy::address() const
{
    return QStringLiteral("127.0.0.1:%1").arg(d->port);
}

void FaultProxy::setFault(Fault fault, int delayMs)
{
    d->delayMs = delayMs;
    d->fault = int(fault);
    d->wake();
}

FaultProxy::Fault FaultProxy::fault() const
{
    return d->currentFault();
}

FaultProxy::Counters FaultProxy::counters() const
{
    std::lock_guard lock(d->countersMutex);
    return d->counters;
}

void FaultProxy::closeConnections()
{
    ++d->closeRequests;
    d->wake();
}

int FaultProxy::openConnections() const
{
    return d->open.load();
}

QString FaultProxy::faultName(Fault fault)
{
    switch (fault) {
    case Fault::Pass:
        return QStringLiteral("pass");
    case Fault::Hang:
        return QStringLiteral("hang");
    case Fault::Delay:
        return QStringLiteral("delay");
    case Fault::Cut:
        return QStringLiteral("cut");
    case Fault::Reset:
        return QStringLiteral("reset");
    case Fault::Refuse:
        return QStringLiteral("refuse");
    case Fault::LoseReply:
        return QStringLiteral("lose-reply");
    }
    return {};
}

void FaultProxyPrivate::closeLink(Link &link, bool reset)
{
    if (link.closed)
        return;
    link.closed = true;
    for (int fd : {link.client, link.server}) {
        if (fd < 0)
            continue;
        if (reset)
            closeWithReset(fd);
        else
            closeCleanly(fd);
    }
    link.client = link.server = -1;
    --open;
}

void FaultProxyPrivate::acceptAll()
{
    for (;;) {
        const int client = ::accept(listener, nullptr, nullptr);
        if (client < 0)
            return;
        if (currentFault() == FaultProxy::Fault::Refuse) {
            closeWithReset(client);
            count([](FaultProxy::Counters &c) { ++c.connectionsRefused; });
            continue;
        }
        // A blocking connect on loopback ends at once: accepted or refused (no server on the port).
        const int server = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(upstreamPort);
        if (::connect(server, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
            ::close(server);
            closeWithReset(client);
            count([](FaultProxy::Counters &c) { ++c.connectionsRefused; });
            continue;
        }
        const int yes = 1;
        for (int fd : {client, server}) {
            setNonBlocking(fd);
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        }
        Link link;
        link.client = client;
        link.server = server;
        links.push_back(std::move(link));
        ++open;
        count([](FaultProxy::Counters &c) { ++c.connectionsAccepted; });
    }
}

bool FaultProxyPrivate::readFrom(Link &link, bool fromClient)
{
    char buffer[64 * 1024];
    const ssize_t n = ::recv(fromClient ? link.client : link.server, buffer, sizeof buffer, 0);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return true;
        closeLink(link, false);
        return false;
    }
    if (n == 0) {
        // gRPC never half-closes a connection: an end from either side ends both.
        closeLink(link, false);
        return false;
    }
    // Read again after the bytes arrived: a fault armed before the caller sent them applies to them.
    const FaultProxy::Fault now = currentFault();
    if (now == FaultProxy::Fault::Cut) {
        closeLink(link, false);
        return false;
    }
    // Parsed whatever the fault, so that frames stay aligned.
    const int answers = fromClient ? 0 : link.answers.feed(buffer, size_t(n));
    if (now == FaultProxy::Fault::LoseReply && answers > 0) {
        closeLink(link, false);
        return false;
    }
    if (now == FaultProxy::Fault::Reset || now == FaultProxy::Fault::Refuse) {
        closeLink(link, true);
        return false;
    }
    Chunk chunk;
    chunk.bytes.assign(buffer, buffer + n);
    chunk.due =
        Clock::now() + std::chrono::milliseconds(now == FaultProxy::Fault::Delay ? delayMs.load() : 0);
    if (fromClient) {
        link.bufferedToServer += size_t(n);
        link.toServer.push_back(std::move(chunk));
    } else {
        link.bufferedToClient += size_t(n);
        link.toClient.push_back(std::move(chunk));
    }
    return true;
}

bool FaultProxyPrivate::writeTo(Link &link, bool toClient)
{
    std::deque<Chunk> &queue = toClient ? link.toClient : link.toServer;
    const auto now = Clock::now();
    while (!queue.empty() && queue.front().due <= now) {
        Chunk &chunk = queue.front();
        const ssize_t n = ::send(toClient ? link.client : link.server, chunk.bytes.data() + chunk.sent,
                                 chunk.bytes.size() - chunk.sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                return true;
            closeLink(link, false);
            return false;
        }
        const int requests = toClient ? 0 : link.requests.feed(chunk.bytes.data() + chunk.sent, size_t(n));
        count([&](FaultProxy::Counters &c) {
            (toClient ? c.bytesToClient : c.bytesToServer) += n;
            c.requestsToServer += requests;
        });
        chunk.sent += size_t(n);
        (toClient ? link.bufferedToClient : link.bufferedToServer) -= size_t(n);
        if (chunk.sent < chunk.bytes.size())
            return true;
        queue.pop_front();
    }
    return true;
}

void FaultProxyPrivate::run()
{
    while (!stopping) {
        // The fault first, then the close requests: a close requested before the fault changed is seen.
        const FaultProxy::Fault now = currentFault();
        const bool closeAll = closeRequests.exchange(0) > 0;
        if (now == FaultProxy::Fault::Refuse || closeAll) {
            for (Link &link : links)
                closeLink(link, now == FaultProxy::Fault::Refuse);
        }
        links.erase(std::remove_if(links.begin(), links.end(), [](const Link &link) { return link.closed; }),
                    links.end());

        std::vector<pollfd> fds;
        fds.push_back({wakeRead, POLLIN, 0});
        fds.push_back({listener, POLLIN, 0});
        auto timeout = std::chrono::milliseconds(100);
        const auto clock = Clock::now();
        for (Link &link : links) {
            if (link.closed) {
                // Kept in the list until the next round, so the fds stay aligned with the links.
                fds.push_back({-1, 0, 0});
                fds.push_back({-1, 0, 0});
                continue;
            }
            short clientEvents = 0;
            short serverEvents = 0;
            if (now != FaultProxy::Fault::Hang) {
                if (link.bufferedToServer < kMaxBuffered)
                    clientEvents |= POLLIN;
                if (link.bufferedToClient < kMaxBuffered)
                    serverEvents |= POLLIN;
                for (const auto *queue : {&link.toServer, &link.toClient}) {
                    if (queue->empty())
                        continue;
                    const auto due = queue->front().due;
                    if (due <= clock)
                        (queue == &link.toServer ? serverEvents : clientEvents) |= POLLOUT;
                    else
                        timeout = std::min(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                        due - clock + std::chrono::milliseconds(1)));
                }
            }
            fds.push_back({link.client, clientEvents, 0});
            fds.push_back({link.server, serverEvents, 0});
        }
        const int ready = ::poll(fds.data(), nfds_t(fds.size()), int(timeout.count()));
        if (ready < 0 && errno != EINTR)
            break;
        if (fds[0].revents & POLLIN) {
            char drain[64];
            while (::read(wakeRead, drain, sizeof drain) > 0) {
            }
        }
        // The links polled are the first fds.size() / 2 - 1 ones; accepting appends after them.
        const size_t polled = links.size();
        for (size_t i = 0; i < polled; ++i) {
            Link &link = links[i];
            if (link.closed)
                continue;
            const pollfd &client = fds[2 + 2 * i];
            const pollfd &server = fds[3 + 2 * i];
            if ((client.revents | server.revents) & (POLLERR | POLLNVAL)) {
                closeLink(link, false);
                continue;
            }
            if ((client.revents & (POLLIN | POLLHUP)) && !readFrom(link, true))
                continue;
            if ((server.revents & (POLLIN | POLLHUP)) && !readFrom(link, false))
                continue;
            if (currentFault() == FaultProxy::Fault::Hang)
                continue;
            if (!writeTo(link, false))
                continue;
            writeTo(link, true);
        }
        if (fds[1].revents & POLLIN)
            acceptAll();
    }
}
