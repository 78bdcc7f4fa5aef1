package io.takumo.aegis.detect.catalogue;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionStringPasswordTest {

  private static final String ID = "connection-string-password";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "DATABASE_URL=postgres://app:Zq8#vLr2x@db.internal:5432/app | Zq8#vLr2x",
        "postgresql://app:s3cr3t-P4ss@10.0.0.5/app?sslmode=require | s3cr3t-P4ss",
        "postgresql+psycopg2://scott:T1ger!Tiger@localhost/test | T1ger!Tiger",
        "mysql://root:r00tPw!@127.0.0.1:3306/shop | r00tPw!",
        "mariadb://maria:m4r1a_db@maria:3306 | m4r1a_db",
        "\"mongodb+srv://admin:Mongo2024pw@cluster0.ab1cd.mongodb.net/?retryWrites=true\" | Mongo2024pw",
        "REDIS_URL=redis://:r3d1sPassw0rd@cache:6379/0 | r3d1sPassw0rd",
        "rediss://default:AbC123xyz789@eu1.upstash.io:6379 | AbC123xyz789",
        "amqp://rabbit:bunnyHop42@mq:5672/vhost | bunnyHop42",
        "amqps://rabbit:bunnyHop42@mq:5671 | bunnyHop42",
        "url: jdbc:mysql://app:jdbcPw2024@db:3306/app | jdbcPw2024",
        "https://deploy:glpat8Wq2Lk9Xz@gitlab.example.com/group/repo.git | glpat8Wq2Lk9Xz",
        "http://admin:adm1n-Pass@192.168.1.10:8080/manager | adm1n-Pass",
        "mysql://u:p@ss:w0rd@host/db | p@ss:w0rd",
      })
  void passwordOnly(String text, String password) {
    assertEquals(List.of(hit(ID, password)), found(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgres://user@db:5432/app",
        "postgres://db:5432/app",
        "https://example.com:8443/path?user=a@b.com",
        "postgres://user:${DB_PASSWORD}@db/app",
        "postgres://user:password@localhost/app",
        "mysql://%s:%s@%s/%s",
        "redis://:<password>@host:6379",
        "See https://github.com/org/repo and write to me@example.com",
      })
  void noPassword(String text) {
    assertEquals(List.of(), found(text));
  }
}
