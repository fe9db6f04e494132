package io.opengateway.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Puts everything an H2 database has committed so far into its file and syncs the file. Apart from
 * {@link DurableWrites} so that H2's classes are loaded only on H2.
 * <p>
 * {@code CHECKPOINT SYNC} alone leaves a gap: when H2's background writer has just taken the
 * latest commits, the checkpoint finds nothing left to write and returns while that writer's
 * threads are still putting them in the file. Waiting for those threads takes H2's store itself.
 */
final class H2Sync {

    private H2Sync() {
    }

    static void sync(Connection connection) throws SQLException {
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local)) {
            // an H2 server (jdbc:h2:tcp://…): its own process writes and syncs the file
            try (Statement s = connection.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
            return;
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        if (store.getFileStore() == null) {
            return; // an in-memory database: nothing outlives the process anyway
        }
        store.commit();                               // what no writer has taken yet, written now
        store.executeFilestoreOperation(() -> { });   // waits for a background write under way
        store.sync();                                  // fsync: the file, not only the OS's cache
    }
}
