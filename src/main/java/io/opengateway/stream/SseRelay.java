package io.opengateway.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import io.opengateway.error.GatewayException;
import io.opengateway.error.UpstreamException;
import io.opengateway.routing.Outcome;
import io.opengateway.routing.RequestContext;
import io.opengateway.routing.UpstreamFault;

/**
 * The body of a streamed answer: an {@link InputStream} whose {@code read} pulls the next upstream
 * event, translates it and returns the bytes at once, so every event goes out as it arrives (the
 * platform-http writer flushes after each read). {@link #prime()} reads ahead only until the first
 * piece of content, so a stream that fails before it can still fall back to the next model.
 * Closing before the end (the client left) aborts the upstream connection.
 */
public abstract class SseRelay extends InputStream {

    /** What the client is told when a shutdown cuts its stream. */
    private static final GatewayException SHUTTING_DOWN = new GatewayException(503, "server_error",
            "gateway_shutting_down", null, "The gateway is shutting down and its drain time is up: the stream was cut. "
                    + "Retry the request.");
    private static final String CUT_NOTE = "the gateway shut down before the stream's end (its drain time was up)";

    protected final RequestContext ctx;
    private final UpstreamBody upstream;
    private final SseReader reader;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private byte[] current;
    private int currentPos;
    private boolean upstreamOver;
    private boolean ended;
    private boolean sawContent;
    private volatile boolean cut;

    protected SseRelay(UpstreamBody upstream, RequestContext ctx) {
        this.upstream = upstream;
        this.reader = new SseReader(upstream.stream());
        this.ctx = ctx;
    }

    /** Translates one event; returns false when it is the stream's last. */
    protected abstract boolean onEvent(SseEvent event) throws UpstreamException;

    /** The upstream stream ended cleanly: emit what is still owed and the end marker. */
    protected abstract void onEnd() throws UpstreamException;

    /** The event that tells the client the stream failed after it began. */
    protected abstract byte[] errorEvent(GatewayException e);

    protected final void emit(byte[] event, boolean content) {
        queue.add(event);
        if (content) {
            sawContent = true;
        }
    }

    protected static byte[] sse(String event, byte[] data) {
        byte[] prefix = ((event == null ? "" : "event: " + event + "\n") + "data: ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + data.length + 2];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(data, 0, out, prefix.length, data.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    /**
     * Reads until the first content (or the stream's clean end). Failing here still allows a
     * fallback: the upstream is aborted and the failure thrown.
     */
    public void prime() {
        try {
            while (!sawContent && !upstreamOver) {
                pump();
            }
        } catch (UpstreamException e) {
            upstream.abort();
            throw e;
        } catch (IOException e) {
            upstream.abort();
            throw UpstreamFault.classify(ctx.attempt().target().provider(), e);
        }
    }

    private void pump() throws IOException {
        SseEvent event = reader.next();
        if (cut) {
            throw new IOException("cut at shutdown");
        }
        if (event == null || !onEvent(event)) {
            upstreamOver = true;
            onEnd();
            upstream.finished();
            ctx.attempt().finish(Outcome.OK, null);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (current == null) {
            current = queue.poll();
            currentPos = 0;
            if (current != null) {
                break;
            }
            if (upstreamOver || ended) {
                ended = true;
                return -1;
            }
            try {
                pump();
            } catch (UpstreamException e) {
                failMidStream(cut ? SHUTTING_DOWN : e);
            } catch (IOException e) {
                failMidStream(cut ? SHUTTING_DOWN : UpstreamFault.classify(ctx.attempt().target().provider(), e));
            }
        }
        ctx.attempt().streamStarted(true);
        int n = Math.min(len, current.length - currentPos);
        System.arraycopy(current, currentPos, b, off, n);
        currentPos += n;
        if (currentPos == current.length) {
            current = null;
        }
        return n;
    }

    /**
     * The shutdown's drain time is up (called from another thread): the stream ends now, billed
     * as cancelled with the usage the provider reported so far. Dropping the upstream connection
     * wakes the thread that waits for its next event; that thread then ends the stream.
     */
    public void cut() {
        cut = true;
        ctx.attempt().finish(Outcome.CANCELLED, CUT_NOTE);
        upstream.abort();
    }

    private void failMidStream(GatewayException e) {
        upstream.abort();
        upstreamOver = true;
        ctx.attempt().finish(Outcome.ERROR, e.getMessage());
        queue.add(errorEvent(e));
    }

    @Override
    public void close() {
        if (!upstreamOver) {
            // the client went away before the end: stop the provider at once
            upstream.abort();
            upstreamOver = true;
            ctx.attempt().finish(Outcome.CANCELLED, "the client closed the stream before its end");
        }
        ended = true;
        queue.clear();
        current = null;
    }
}
