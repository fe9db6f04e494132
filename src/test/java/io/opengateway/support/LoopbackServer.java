package io.opengateway.support;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP server on 127.0.0.1 and a random port, for the socket-level test helpers: each accepted
 * connection runs on a daemon thread of its own. A subclass calls {@link #start} once built.
 */
abstract class LoopbackServer implements AutoCloseable {

    private final ServerSocket server;
    protected final ExecutorService pool;

    protected LoopbackServer(String threadName) {
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts accepting connections. */
    protected final void start() {
        pool.execute(this::acceptLoop);
    }

    /** One accepted connection, on a thread of its own. */
    protected abstract void accepted(Socket s);

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                pool.execute(() -> accepted(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        pool.shutdownNow();
    }
}
