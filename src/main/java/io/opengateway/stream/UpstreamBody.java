package io.opengateway.stream;

import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * The provider's response stream, owned by the gateway. Closing an unfinished HttpClient 5
 * response stream reads it to its end (the provider keeps generating and billing), so an
 * abandoned stream is aborted instead: the connection is dropped at once.
 */
public final class UpstreamBody {

    private final InputStream in;
    private volatile boolean done;

    public UpstreamBody(InputStream in) {
        this.in = in;
    }

    public InputStream stream() {
        return in;
    }

    /** The stream was read to its end: release the connection for reuse. */
    public void finished() {
        if (!done) {
            done = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is discarded by the pool
            }
        }
    }

    /** Drop the connection without reading the rest. */
    public void abort() {
        if (!done) {
            done = true;
            try {
                if (in instanceof EofSensorInputStream sensor) {
                    sensor.abort();
                } else {
                    in.close();
                }
            } catch (IOException ignored) {
                // already broken: nothing left to release
            }
        }
    }
}
