package io.opengateway.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A database that can be switched off: while it is down no connection can be had, as from a pool
 * whose server is gone (the exception Hikari throws when its connection timeout is up).
 */
public final class SwitchableDataSource extends DelegatingDataSource {

    private volatile boolean down;

    public SwitchableDataSource(DataSource target) {
        super(target);
    }

    public void down(boolean down) {
        this.down = down;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down) {
            throw new SQLTransientConnectionException("database down (test): connection is not available", "08001");
        }
        return super.getConnection();
    }
}
