package io.opengateway.config;

import java.sql.DatabaseMetaData;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way to write what an admin is answered about (a key, a revocation, and any limit or
 * budget to come): one transaction whose commit is on disk when {@link #run} returns, so the
 * answer that follows survives a crash of the gateway, or of the machine, sent right after it.
 * <ul>
 * <li>H2: a commit is in memory when it returns, and H2's background writer puts it in the file up
 * to WRITE_DELAY (500 ms) later; after the commit, the store is written and the file synced
 * ({@link H2Sync}).</li>
 * <li>PostgreSQL: a commit returns once its WAL is flushed, unless {@code synchronous_commit} is off
 * (for the server, the database or the role): the transaction turns it on for itself.</li>
 * </ul>
 * Billing does not write this way: its records are durable in the journal before the answer, and
 * the database takes them in batches at its own pace. A write per commit on H2 for the whole
 * database ({@code WRITE_DELAY=0}) would also stop H2's background writer, and with it the
 * compaction of its file.
 */
public final class DurableWrites {

    private enum Engine { H2, POSTGRESQL, OTHER }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Engine engine;

    public DurableWrites(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.engine = engine(dataSource);
    }

    private static Engine engine(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return switch (product) {
                case "H2" -> Engine.H2;
                case "PostgreSQL" -> Engine.POSTGRESQL;
                default -> Engine.OTHER;
            };
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot tell which database the gateway writes to: " + e.getMessage(), e);
        }
    }

    /** Runs {@code write} in one transaction; returns its result once the commit is durable. */
    public <T> T run(Function<JdbcTemplate, T> write) {
        T result = tx.execute(status -> {
            if (engine == Engine.POSTGRESQL) {
                // only raised from off: 'local', 'remote_write' or 'remote_apply' are already durable here
                jdbc.query("SELECT set_config('synchronous_commit', 'on', true) "
                        + "WHERE current_setting('synchronous_commit') = 'off'", rs -> { });
            }
            return write.apply(jdbc);
        });
        if (engine == Engine.H2) {
            jdbc.execute((ConnectionCallback<Void>) c -> {
                H2Sync.sync(c);
                return null;
            });
        }
        return result;
    }
}
