package io.opengateway.front.responses.store;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.opengateway.config.DurableWrites;
import io.opengateway.config.GatewayDatabase;
import io.opengateway.error.GatewayException;
import io.opengateway.support.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The response store on both databases the gateway runs on, with the production migrations. */
class ResponseStoreTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    final AtomicReference<Instant> now = new AtomicReference<>(T0);

    ResponseStore store(String db) {
        DataSource ds;
        if (db.equals("postgresql")) {
            PostgresDatabase.assumeAvailable();
            ds = PostgresDatabase.dataSource(PostgresDatabase.freshSchemaUrl());
        } else {
            ds = new DriverManagerDataSource("jdbc:h2:mem:responses-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
            GatewayDatabase.migrate(GatewayDatabase.flyway().dataSource(ds));
        }
        return new ResponseStore(new JdbcTemplate(ds), new DurableWrites(ds), JSON, now::get,
                new ResponseRetention(Duration.ofDays(30), Duration.ofHours(1)));
    }

    static ArrayNode items(String json) throws Exception {
        return (ArrayNode) JSON.readTree(json);
    }

    static final String INPUT = """
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in Paris?"}]}]""";
    static final String OUTPUT = """
            [{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"c2lnbmF0dXJl"},
             {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}]""";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_saved_response_continues_as_its_input_then_its_output(String db) throws Exception {
        ResponseStore store = store(db);
        store.save("acme", "resp_a1", items(INPUT), items(OUTPUT));

        ArrayNode conversation = store.loadConversation("acme", "resp_a1");

        assertThat(conversation).hasSize(3);
        assertThat(conversation.get(0).path("role").asText()).isEqualTo("user");
        assertThat(conversation.get(1).path("encrypted_content").asText()).isEqualTo("c2lnbmF0dXJl");
        assertThat(conversation.get(2).path("call_id").asText()).isEqualTo("call_1");
        StoredResponse found = store.find("acme", "resp_a1").orElseThrow();
        assertThat(found.response().path("object").asText()).isEqualTo("response");
        assertThat(found.response().path("status").asText()).isEqualTo("completed");
        assertThat(found.response().path("created_at").asLong()).isEqualTo(T0.getEpochSecond());
        assertThat(found.response().path("output")).isEqualTo(items(OUTPUT));
        assertThat(found.createdAt()).isEqualTo(T0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_whole_response_object_is_kept_as_given(String db) throws Exception {
        ResponseStore store = store(db);
        ObjectNode response = (ObjectNode) JSON.readTree("""
                {"id":"resp_w1","object":"response","created_at":1796000000,"status":"incomplete",
                 "incomplete_details":{"reason":"max_output_tokens"},"model":"anthropic/claude-sonnet-5-5",
                 "output":[],"usage":{"input_tokens":12,"output_tokens":9,"total_tokens":21}}""");
        store.save("acme", response, items(INPUT));

        assertThat(store.find("acme", "resp_w1").orElseThrow().response()).isEqualTo(response);
        assertThat(store.loadConversation("acme", "resp_w1")).isEqualTo(items(INPUT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void another_account_sees_nothing_and_cannot_delete(String db) throws Exception {
        ResponseStore store = store(db);
        store.save("acme", "resp_iso", items(INPUT), items(OUTPUT));

        assertThat(store.find("globex", "resp_iso")).isEmpty();
        assertThat(store.delete("globex", "resp_iso")).isFalse();
        assertThatThrownBy(() -> store.loadConversation("globex", "resp_iso"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("previous_response_not_found");
                    assertThat(e.param()).isEqualTo("previous_response_id");
                    assertThat(e.getMessage()).isEqualTo("Previous response with id 'resp_iso' not found.");
                });
        assertThat(store.find("acme", "resp_iso")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void a_deleted_response_is_gone(String db) throws Exception {
        ResponseStore store = store(db);
        store.save("acme", "resp_del", items(INPUT), items(OUTPUT));

        assertThat(store.delete("acme", "resp_del")).isTrue();

        assertThat(store.find("acme", "resp_del")).isEmpty();
        assertThat(store.delete("acme", "resp_del")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void past_its_retention_a_response_is_hidden_at_once_and_purged(String db) throws Exception {
        ResponseStore store = store(db);
        store.save("acme", "resp_old", items(INPUT), items(OUTPUT));
        now.set(T0.plus(Duration.ofDays(20)));
        store.save("acme", "resp_new", items(INPUT), items(OUTPUT));

        now.set(T0.plus(Duration.ofDays(30)));
        assertThat(store.find("acme", "resp_old")).as("exactly 30 days old").isPresent();
        now.set(T0.plus(Duration.ofDays(30)).plusSeconds(1));
        assertThat(store.find("acme", "resp_old")).as("hidden before any purge").isEmpty();
        assertThatThrownBy(() -> store.loadConversation("acme", "resp_old")).isInstanceOf(GatewayException.class);

        assertThat(store.purge()).isEqualTo(1);
        assertThat(store.purge()).isZero();
        assertThat(store.find("acme", "resp_new")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void the_purge_runs_on_its_own_schedule(String db) throws Exception {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:purge-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        GatewayDatabase.migrate(GatewayDatabase.flyway().dataSource(ds));
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        ResponseStore store = new ResponseStore(jdbc, new DurableWrites(ds), JSON, now::get,
                new ResponseRetention(Duration.ofDays(1), Duration.ofMillis(50)));
        store.save("acme", "resp_sched", items(INPUT), items(OUTPUT));
        store.afterPropertiesSet();
        try {
            now.set(T0.plus(Duration.ofDays(2)));
            org.awaitility.Awaitility.await("the scheduled purge").atMost(Duration.ofSeconds(10))
                    .until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM stored_responses", Integer.class) == 0);
        } finally {
            store.destroy();
        }
    }
}
