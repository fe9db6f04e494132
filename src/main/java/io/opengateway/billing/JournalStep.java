package io.opengateway.billing;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

/**
 * The billing route's journal step ({@code journal-record}): hands the priced record to the
 * journal's next group sync and lets the route go on once the sync covered it, with no thread
 * waiting meanwhile (an asynchronous step: Camel resumes the exchange on the journal writer). A
 * failed write fails the exchange, so the route's error handler retries and at last logs the
 * record whole, as when the step waited. The exchange stays in flight in the billing route until
 * then, which is what the shutdown waits for ({@link BillingTapPool#pending}).
 */
@Component("billingJournalStep")
public class JournalStep extends AsyncProcessorSupport {

    private final BillingJournal journal;

    public JournalStep(BillingJournal journal) {
        this.journal = journal;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            journal.append(exchange.getMessage().getMandatoryBody(BillingRecord.class), failure -> {
                if (failure != null) {
                    exchange.setException(new IllegalStateException(
                            "billing journal write failed: " + failure.getMessage(), failure));
                }
                callback.done(false);
            });
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }
}
