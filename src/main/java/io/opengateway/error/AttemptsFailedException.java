package io.opengateway.error;

import java.util.List;

/** Every model of a request failed: the last failure, with each attempt listed. */
public class AttemptsFailedException extends GatewayException {

    private final UpstreamException last;
    private final List<Attempt> attempts;

    public AttemptsFailedException(UpstreamException last, List<Attempt> attempts) {
        super(last.status(), last.type(), last.code(), last.param(), last.getMessage());
        this.last = last;
        this.attempts = List.copyOf(attempts);
    }

    /** The failure of the last attempt. */
    public UpstreamException last() {
        return last;
    }

    @Override
    public String retryAfter() {
        return last.retryAfter();
    }

    @Override
    public List<Attempt> attempts() {
        return attempts;
    }
}
