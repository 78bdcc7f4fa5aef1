package io.takumo.aegis.server.store;

import io.takumo.aegis.server.keys.ApiKeys;
import java.nio.file.Path;
import java.security.SecureRandom;

/** A migrated embedded store in a temporary directory, for tests. */
public final class TestStores {
  private TestStores() {
  }

  public static Database open(Path dir) {
    return Database.openEmbedded(dir, 16);
  }

  public static JdbcStore store(Database database) {
    return new JdbcStore(database.dataSource(), new ApiKeys(new SecureRandom()));
  }
}
