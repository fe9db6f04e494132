package io.opengateway.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port on 127.0.0.1 whose connections never complete: a listening socket that never accepts,
 * with its accept queue filled, so the kernel drops every further SYN and a client's connect
 * runs into its connect timeout (what an unreachable host looks like, without leaving loopback).
 */
public final class Blackhole implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> queued = new ArrayList<>();

    public Blackhole() {
        try {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            // fill the accept queue: connects succeed until it is full, then the first one hangs
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket();
                try {
                    s.connect(server.getLocalSocketAddress(), 200);
                    queued.add(s);
                } catch (SocketTimeoutException full) {
                    s.close();
                    return;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("the accept queue of a backlog-1 socket never filled");
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : queued) {
            s.close();
        }
        server.close();
    }
}
