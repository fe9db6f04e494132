package io.opengateway.routing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.springframework.stereotype.Component;

import io.opengateway.error.GatewayException;
import io.opengateway.error.UpstreamException;

/**
 * The catch of every provider route: a transport failure (refused, reset, timed out) becomes a
 * typed {@link UpstreamException}; every upstream failure is recorded as the attempt's and thrown
 * on for failover. Anything else passes unchanged.
 */
@Component("upstreamFault")
public class UpstreamFault implements Processor {

    private final ProviderBreakers breakers;

    public UpstreamFault(ProviderBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof GatewayException g && !(g instanceof UpstreamException)) {
            breakers.release(exchange);
            throw g; // the gateway's own refusal (a parameter the provider cannot honour): no fallback
        }
        if (!(caught instanceof UpstreamException) && !(caught instanceof IOException)) {
            breakers.release(exchange);
            throw caught; // a fault of the gateway itself
        }
        if (caught instanceof ProviderBreakers.Skipped skipped) {
            throw skipped; // no call was made; the skip is in the attempt log already
        }
        RequestContext ctx = RequestContext.of(exchange);
        UpstreamException e = classify(ctx.attempt().target().provider(), caught);
        breakers.failed(exchange, e);
        ctx.attempt().fail(e, ctx.attempt().usage());
        throw e;
    }

    public static UpstreamException classify(String provider, Throwable t) {
        if (t instanceof UpstreamException u) {
            return u;
        }
        if (t instanceof ConnectTimeoutException) {
            return UpstreamException.timeout(provider, "Provider '" + provider + "' could not be reached within its connect timeout");
        }
        if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException
                && t.getClass().getSimpleName().contains("Timeout")) {
            return UpstreamException.timeout(provider, "Provider '" + provider + "' did not answer within its read timeout");
        }
        return UpstreamException.badGateway(provider, "upstream_unavailable", "Provider '" + provider + "' " + what(t), null);
    }

    /** The transport failure in words a caller can read; the class name only where there are none. */
    private static String what(Throwable t) {
        String msg = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof ConnectException) {
            return "could not be reached (connection refused)";
        }
        if (t instanceof NoHttpResponseException) {
            return "closed the connection without an answer";
        }
        if (t instanceof ConnectionClosedException) {
            return "closed the connection before its answer was complete";
        }
        if (t instanceof SocketException && msg.contains("reset")) {
            return "reset the connection";
        }
        return "connection failed (" + t.getClass().getSimpleName() + ")";
    }
}
