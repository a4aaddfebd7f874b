#pragma once

#include <QString>
#include <QtGlobal>

#include <memory>

class FaultProxyPrivate;

// A loopback TCP proxy for tests that sits between a client and a real server and breaks the connection on
// demand: it stops forwarding (the server "hangs"), delays every chunk, closes connections cleanly or with a
// reset, refuses new ones, or lets requests through and drops the connection when the answer comes back (the
// answer is lost after the server acted). Faults are switched at runtime from any thread and act on the next
// byte the proxy sees, so a test can arm one right before a call starts and be sure that call meets it.
//
// Threads: forwarding runs on a thread of its own (plain poll() on non-blocking sockets), so a hang never
// blocks the test's event loop. Every public method may be called from any thread. The destructor stops the
// thread and closes every socket.
//
// Counters: connections accepted and refused, bytes each way, and the gRPC requests forwarded to the
// server, counted as HTTP/2 HEADERS frames from the client (a unary gRPC call starts with exactly one; the
// method is in HPACK-compressed headers and is not decoded).
class FaultProxy
{
public:
    enum class Fault {
        // Forward both ways.
        Pass,
        // Read nothing and forward nothing; keep every socket open.
        Hang,
        // Forward every chunk delayMs after it arrived.
        Delay,
        // On a connection's next byte either way, close both sides cleanly (FIN); nothing is forwarded.
        Cut,
        // The same with a reset (RST, SO_LINGER 0).
        Reset,
        // Reset every open connection at once and reset each new one as soon as it is accepted: the
        // server is gone.
        Refuse,
        // Forward requests; when the server's answer comes (an HTTP/2 HEADERS frame from the server: a gRPC
        // server sends a call's response headers once its handler returned), close both sides without
        // forwarding it: the server acted, the answer is lost. (Closing at the server's first byte would cut
        // calls the server was still running: HTTP/2 housekeeping such as a PING often comes first, and is
        // forwarded.)
        LoseReply,
    };
    struct Counters
    {
        int connectionsAccepted = 0;
        int connectionsRefused = 0;
        qint64 bytesToServer = 0;
        qint64 bytesToClient = 0;
        int requestsToServer = 0;
    };

    // Listens on a free port of 127.0.0.1 and forwards to 127.0.0.1:upstreamPort.
    explicit FaultProxy(quint16 upstreamPort);
    ~FaultProxy();
    FaultProxy(const FaultProxy &) = delete;
    FaultProxy &operator=(const FaultProxy &) = delete;

    bool isListening() const;
    quint16 port() const;
    // "127.0.0.1:PORT", what a client connects to.
    QString address() const;

    // Arms a fault; delayMs is the delay of Fault::Delay. Takes effect before the proxy forwards anything
    // else.
    void setFault(Fault fault, int delayMs = 0);
    Fault fault() const;
    // Closes every open connection cleanly without forwarding what it holds (a hang's held request is
    // dropped, as by a server that went away). Done before anything else is forwarded: call it before
    // setFault(Pass) to end a hang without delivering the late request.
    void closeConnections();
    Counters counters() const;
    // Connections open right now.
    int openConnections() const;

    static QString faultName(Fault fault);

private:
    std::unique_ptr<FaultProxyPrivate> d;
};
