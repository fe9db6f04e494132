package io.opengateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.opengateway.support.PostgresDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write through {@link DurableWrites} is on disk when it returns. On H2 the database file is
 * copied at that moment, as a crash would leave it, and the copy opened: the row is there. The
 * databases here write late on purpose (an H2 write delay of a minute, PostgreSQL without
 * synchronous commit), so only the write path can have put it there.
 */
class DurableWritesTest {

    private static final String LATE = ";WRITE_DELAY=60000";

    @TempDir
    Path dir;

    @Test
    void an_h2_file_holds_the_commit_when_the_write_returns() throws Exception {
        SingleConnectionDataSource ds = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("db") + LATE, "sa", "", true);
        try {
            writeAndFindInACopy(ds, dir.resolve("db.mv.db"));
        } finally {
            ds.destroy();
        }
    }

    @Test
    void an_h2_server_holds_the_commit_in_its_file_when_the_write_returns() throws Exception {
        Server server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
        SingleConnectionDataSource ds = new SingleConnectionDataSource(
                "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/served" + LATE, "sa", "", true);
        try {
            writeAndFindInACopy(ds, dir.resolve("served.mv.db"));
        } finally {
            ds.destroy();
            server.stop();
        }
    }

    private void writeAndFindInACopy(DataSource ds, Path file) throws SQLException, java.io.IOException {
        new JdbcTemplate(ds).execute("CREATE TABLE IF NOT EXISTS answered (id VARCHAR(40) PRIMARY KEY)");
        new DurableWrites(ds).run(db -> db.update("INSERT INTO answered (id) VALUES ('key_1')"));

        Path copy = dir.resolve("after-crash.mv.db");
        Files.copy(file, copy);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("after-crash") + ";IFEXISTS=TRUE", "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM answered WHERE id = 'key_1'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the row in the file as a crash would leave it").isEqualTo(1);
        }
    }

    @Test
    void on_postgres_a_write_commits_synchronously_where_the_session_would_not() {
        PostgresDatabase.assumeAvailable();
        SingleConnectionDataSource ds = postgres("off");
        try {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).as("the session's setting").isEqualTo("off");

            String inside = new DurableWrites(ds).run(db -> db.queryForObject("SHOW synchronous_commit", String.class));

            assertThat(inside).isEqualTo("on");
            assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).as("for that transaction only").isEqualTo("off");
        } finally {
            ds.destroy();
        }
    }

    @Test
    void on_postgres_a_stronger_setting_is_left_as_it_is() {
        PostgresDatabase.assumeAvailable();
        SingleConnectionDataSource ds = postgres("remote_apply");
        try {
            String inside = new DurableWrites(ds).run(db -> db.queryForObject("SHOW synchronous_commit", String.class));
            assertThat(inside).isEqualTo("remote_apply");
        } finally {
            ds.destroy();
        }
    }

    /** One session whose synchronous_commit is {@code setting} (as a server, database or role setting would make it). */
    private static SingleConnectionDataSource postgres(String setting) {
        String url = PostgresDatabase.URL + (PostgresDatabase.URL.contains("?") ? "&" : "?")
                + "options=-c%20synchronous_commit%3D" + setting;
        return new SingleConnectionDataSource(url, PostgresDatabase.USER, PostgresDatabase.PASSWORD, true);
    }
}
