package io.opengateway.front.responses.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.opengateway.config.DurableWrites;
import io.opengateway.config.GatewayClock;
import io.opengateway.config.GatewayDatabase;
import io.opengateway.error.GatewayException;

/**
 * Responses the gateway keeps for models whose provider keeps none the gateway could use
 * ({@code store}, {@code previous_response_id}, {@code GET/DELETE /v1/responses/{id}}), in the
 * gateway's database, each visible only to the account that made it and only within the retention.
 * <p>
 * The front saves each response with the whole input it was made from, previous turns included (what
 * {@link #loadConversation} gave it, then the request's own input): continuing from a response needs
 * its row only, and deleting an earlier turn never breaks a later one. A save is durable when it
 * returns (DurableWrites), so an id the client was given survives a crash right after the answer.
 */
@Component
public class ResponseStore implements InitializingBean, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseStore.class);

    private final JdbcTemplate jdbc;
    private final DurableWrites writes;
    private final ObjectMapper json;
    private final Supplier<Instant> clock;
    private final ResponseRetention retention;
    private ScheduledExecutorService purger;

    @Autowired
    public ResponseStore(GatewayDatabase db, ObjectMapper json, GatewayClock clock, ResponseRetention retention) {
        this(db.jdbc(), db.writes(), json, clock::now, retention);
    }

    public ResponseStore(JdbcTemplate jdbc, DurableWrites writes, ObjectMapper json, Supplier<Instant> clock,
            ResponseRetention retention) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.json = json;
        this.clock = clock;
        this.retention = retention;
    }

    /** Keeps a response made only of items: a completed response object is made around its output. */
    public StoredResponse save(String account, String responseId, ArrayNode inputItems, ArrayNode outputItems) {
        Instant now = clock.get();
        ObjectNode response = json.createObjectNode();
        response.put("id", responseId);
        response.put("object", "response");
        response.put("created_at", now.getEpochSecond());
        response.put("status", "completed");
        response.set("output", outputItems);
        return save(account, response, inputItems, now);
    }

    /** Keeps a whole response object (its {@code id}, {@code output} and the rest, as the client got it). */
    public StoredResponse save(String account, ObjectNode response, ArrayNode inputItems) {
        return save(account, response, inputItems, clock.get());
    }

    private StoredResponse save(String account, ObjectNode response, ArrayNode inputItems, Instant now) {
        String id = response.path("id").asText("");
        if (id.isEmpty() || !response.path("output").isArray()) {
            throw new IllegalArgumentException("a stored response needs an id and an output array");
        }
        String input = write(inputItems);
        String body = write(response);
        writes.run(j -> j.update("INSERT INTO stored_responses (id, account, created_at, input_items, response) "
                + "VALUES (?, ?, ?, ?, ?)", id, account, Timestamp.from(now), input, body));
        return new StoredResponse(id, account, now, inputItems, response);
    }

    /** The account's response with this id, if it is still kept. */
    public Optional<StoredResponse> find(String account, String responseId) {
        List<StoredResponse> rows = jdbc.query("SELECT id, account, created_at, input_items, response FROM stored_responses "
                + "WHERE id = ? AND account = ? AND created_at >= ?", this::row, responseId, account,
                Timestamp.from(oldestKept()));
        return rows.stream().findFirst();
    }

    /**
     * The items a request with {@code previous_response_id} continues from: the previous response's
     * input and output, in order. Unknown, another account's or past its retention: OpenAI's 400.
     */
    public ArrayNode loadConversation(String account, String previousResponseId) {
        return find(account, previousResponseId).map(StoredResponse::conversation)
                .orElseThrow(() -> new GatewayException(400, "invalid_request_error", "previous_response_not_found",
                        "previous_response_id", "Previous response with id " + GatewayException.quote(previousResponseId)
                        + " not found."));
    }

    /** Deletes the account's response; false when it has none with this id. Durable when it returns. */
    public boolean delete(String account, String responseId) {
        Timestamp oldest = Timestamp.from(oldestKept());
        return writes.run(j -> j.update("DELETE FROM stored_responses WHERE id = ? AND account = ? AND created_at >= ?",
                responseId, account, oldest)) > 0;
    }

    /** Deletes every response past the retention; returns how many. */
    public int purge() {
        return jdbc.update("DELETE FROM stored_responses WHERE created_at < ?", Timestamp.from(oldestKept()));
    }

    private Instant oldestKept() {
        return clock.get().minus(retention.retention());
    }

    private StoredResponse row(ResultSet rs, int n) throws SQLException {
        return new StoredResponse(rs.getString("id"), rs.getString("account"), rs.getTimestamp("created_at").toInstant(),
                (ArrayNode) read(rs.getString("input_items")), (ObjectNode) read(rs.getString("response")));
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a stored response", e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored response is not JSON", e);
        }
    }

    /** Purges on a schedule of its own (a daemon thread), so an embedding application needs no @EnableScheduling. */
    @Override
    public void afterPropertiesSet() {
        purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opengateway-responses-purge");
            t.setDaemon(true);
            return t;
        });
        long every = retention.purgeInterval().toMillis();
        purger.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void purgeQuietly() {
        try {
            int purged = purge();
            if (purged > 0) {
                LOG.info("Purged {} stored responses older than {}", purged, retention.retention());
            }
        } catch (RuntimeException e) {
            // the database may be down for a while: the next run purges what this one could not
            LOG.warn("Purging stored responses failed: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        if (purger != null) {
            purger.shutdownNow();
        }
    }
}
