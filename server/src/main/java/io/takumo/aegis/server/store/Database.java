package io.takumo.aegis.server.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/** Opens the embedded database and brings its schema up to date with Flyway's migrations. */
public final class Database implements AutoCloseable {
  private static final String MIGRATIONS = "classpath:db/migration";

  private final JdbcConnectionPool pool;

  private Database(JdbcConnectionPool pool) {
    this.pool = pool;
  }

  /**
   * The H2 database in file mode under {@code dir} ({@code takumo.mv.db}), migrated. H2 lets one
   * process at a time open it: a second gateway on the same directory fails here, with H2's message.
   */
  public static Database openEmbedded(Path dir, int maxConnections) {
    String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("takumo") + ";DB_CLOSE_ON_EXIT=FALSE";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "takumo", "");
    pool.setMaxConnections(maxConnections);
    try {
      migrate(pool);
    } catch (RuntimeException e) {
      pool.dispose();
      // H2's and Flyway's messages run over several lines; the first says what happened.
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new IllegalStateException("cannot open the database in " + dir + ": " + message);
    }
    return new Database(pool);
  }

  /** Runs the migrations not yet applied; a no-op on an up-to-date database. */
  static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
