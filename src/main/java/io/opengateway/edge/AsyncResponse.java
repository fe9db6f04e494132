package io.opengateway.edge;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response a route writes from its own thread under {@link DirectDispatch}'s async context. Once
 * the container has ended the request (the client left, or the time limit ran out), every write
 * fails with an IOException: Tomcat would otherwise drop the writes silently, and a stream whose
 * client left would read its provider to the end instead of aborting it (stream.SseRelay aborts
 * when a write fails). A write in progress finishes before the request is ended. Spring MVC's async
 * support did the same for the starter's consumer.
 */
final class AsyncResponse extends HttpServletResponseWrapper implements AsyncListener {

    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean ended;
    private Output output;

    AsyncResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (output == null) {
            output = new Output(super.getOutputStream());
        }
        return output;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        check();
        return super.getWriter();
    }

    @Override
    public void sendError(int status) throws IOException {
        sendError(status, null);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        whileOpen(() -> super.sendError(status, message));
    }

    /** The client is gone: writes fail from now on, and the request ends without an error page. */
    @Override
    public void onError(AsyncEvent event) {
        end();
        complete(event);
    }

    /** The time limit ran out: a 503 if nothing was sent yet (as Spring MVC answered it), then the end. */
    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
        lock.lock();
        try {
            if (!ended && !isCommitted()) {
                super.sendError(503);
            }
            ended = true;
        } finally {
            lock.unlock();
        }
        complete(event);
    }

    private static void complete(AsyncEvent event) {
        complete(event.getAsyncContext());
    }

    /** Ends the request, unless the other side (the route's thread, or the container) already has. */
    static void complete(AsyncContext async) {
        try {
            async.complete();
        } catch (IllegalStateException ended) {
            // already ended
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not started again
    }

    private void end() {
        lock.lock();
        try {
            ended = true;
        } finally {
            lock.unlock();
        }
    }

    private void check() throws IOException {
        if (ended) {
            throw new IOException("The request has ended (the client closed the connection, or its time limit ran out)");
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    /** Runs a write holding the lock, so that the request is not ended under it; fails once it has ended. */
    private void whileOpen(Write write) throws IOException {
        lock.lock();
        try {
            check();
            write.run();
        } finally {
            lock.unlock();
        }
    }

    /** The servlet's output stream, each write and flush through {@link #whileOpen}. */
    private final class Output extends ServletOutputStream {
        private final ServletOutputStream out;

        Output(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            whileOpen(() -> out.write(b));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            whileOpen(() -> out.write(b, off, len));
        }

        @Override
        public void flush() throws IOException {
            whileOpen(out::flush);
        }

        @Override
        public void close() throws IOException {
            lock.lock();
            try {
                if (!ended) {
                    out.close();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
