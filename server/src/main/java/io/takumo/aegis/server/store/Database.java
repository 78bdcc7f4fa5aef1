package io.takumo.aegis.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Opens the embedded database (or, for the coordinator, PostgreSQL) and brings its schema up to
 * date with Flyway's migrations.
 */
public final class Database implements AutoCloseable {
  private static final String MIGRATIONS = "classpath:db/migration";

  private final DataSource pool;
  private final Runnable closer;

  private Database(DataSource pool, Runnable closer) {
    this.pool = pool;
    this.closer = closer;
  }

  private Database(JdbcConnectionPool pool) {
    this(pool, pool::dispose);
  }

  /**
   * A PostgreSQL database given by its JDBC URL (user and password as URL parameters),
   * pooled by HikariCP and migrated. Several coordinators may share it: Flyway
   * serialises concurrent migrations with a database lock.
   *
   * @throws IllegalArgumentException for a URL that is not {@code jdbc:postgresql:}
   */
  public static Database openUrl(String url, int maxConnections) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--db: expected a jdbc:postgresql://HOST:PORT/DATABASE URL");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(maxConnections);
    config.setPoolName("takumo-store");
    // Start without the database up (it may come later); each use waits at most this long.
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(5_000);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      migrate(pool);
    } catch (RuntimeException e) {
      pool.close();
      // Never the URL: it may carry a password.
      throw new IllegalStateException("cannot open the database given by --db: " + firstLine(e));
    }
    return new Database(pool, pool::close);
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
      throw new IllegalStateException("cannot open the database in " + dir + ": " + firstLine(e));
    }
    return new Database(pool);
  }

  /** H2's and Flyway's messages run over several lines; the first says what happened. */
  private static String firstLine(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
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
    closer.run();
  }
}
