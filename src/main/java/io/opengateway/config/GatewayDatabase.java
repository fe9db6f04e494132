package io.opengateway.config;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The database of the gateway's keys and billing ledger: the application's DataSource, or one of
 * its own when {@code opengateway.datasource.url} is set. Its tables are migrated here, from
 * {@code db/opengateway} with their own history table, so they never mix with the migrations of
 * an application that embeds the gateway (same SQL on H2 and PostgreSQL). Reads go through
 * {@link #jdbc()}; every write an admin is answered about goes through {@link #writes()}, which
 * returns once its commit is on disk.
 */
@Component
public class GatewayDatabase implements DisposableBean {

    public static final String MIGRATIONS = "classpath:db/opengateway";
    public static final String HISTORY_TABLE = "opengateway_schema_history";

    /** An optional database of the gateway's own. */
    @ConfigurationProperties("opengateway.datasource")
    public record Settings(String url, String username, String password) {
    }

    private final DataSource dataSource;
    private final boolean owned;
    private final JdbcTemplate jdbc;
    private final DurableWrites writes;

    public GatewayDatabase(Settings settings, ObjectProvider<DataSource> application,
            ObjectProvider<FlywayMigrationInitializer> applicationMigrations) {
        // the application's own migrations first: once the gateway's tables are in its schema, an
        // application Flyway without a history table of its own yet would refuse a non-empty schema
        applicationMigrations.orderedStream().forEach(m -> { });
        if (settings.url() != null && !settings.url().isBlank()) {
            this.dataSource = DataSourceBuilder.create().url(settings.url()).username(settings.username())
                    .password(settings.password()).build();
            this.owned = true;
        } else {
            this.dataSource = application.getIfAvailable();
            this.owned = false;
            if (dataSource == null) {
                throw new IllegalStateException("The gateway needs a database for its keys and billing ledger: "
                        + "set spring.datasource.url, or opengateway.datasource.url for one of its own");
            }
        }
        migrate(flyway().dataSource(dataSource));
        this.jdbc = new JdbcTemplate(dataSource);
        this.writes = new DurableWrites(dataSource);
    }

    /** Flyway set up for the gateway's tables; give it the data source (and schema) to migrate. */
    public static org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        // a database that already holds the application's tables has no history of ours yet:
        // baseline below our first version so that every migration of ours still runs
        return Flyway.configure().locations(MIGRATIONS).table(HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0");
    }

    public static void migrate(org.flywaydb.core.api.configuration.FluentConfiguration config) {
        config.load().migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** The way to write a key, a revocation, a limit: durable when it returns. */
    public DurableWrites writes() {
        return writes;
    }

    @Override
    public void destroy() throws Exception {
        if (owned && dataSource instanceof AutoCloseable c) {
            c.close();
        }
    }
}
