package io.opengateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 that a test can cut and restore: a database outage as the gateway sees
 * it (open connections die, new ones are closed at once) without stopping a shared server.
 */
public final class TcpProxy extends LoopbackServer {

    private final String host;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean up = true;

    public TcpProxy(String host, int targetPort) {
        super("tcp-proxy");
        this.host = host;
        this.targetPort = targetPort;
        start();
    }

    /** The outage: every open connection is dropped and new ones are closed on arrival. */
    public void cut() {
        up = false;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    public void restore() {
        up = true;
    }

    @Override
    protected void accepted(Socket client) {
        if (!up) {
            closeQuietly(client);
            return;
        }
        try {
            Socket upstream = new Socket(host, targetPort);
            open.add(client);
            open.add(upstream);
            pool.execute(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    @Override
    public void close() {
        cut();
        super.close();
    }
}
