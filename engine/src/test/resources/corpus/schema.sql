-- Roles for the orders service (applied by the DBA, not by Flyway).
SET password_encryption = 'scram-sha-256';

CREATE ROLE orders_owner NOLOGIN;
CREATE USER orders_app WITH PASSWORD '⟦sql-password⟧';
ALTER ROLE orders_readonly WITH LOGIN PASSWORD '⟦sql-password=Rd0nly!2026-q4⟧' VALID UNTIL '2027-01-01';
ALTER USER reporting PASSWORD '⟦sql-password=rep#Ort9x2Lm⟧';
ALTER ROLE orders_legacy PASSWORD NULL;

-- From psql: \set app_password `cat /run/secrets/app_password`
CREATE USER orders_batch WITH PASSWORD :'app_password';

-- MySQL replica
CREATE USER 'repl'@'10.0.%' IDENTIFIED BY '⟦sql-password=R3pl!ca-Secr3t⟧';
GRANT REPLICATION SLAVE ON *.* TO 'repl'@'10.0.%';

-- Oracle
CREATE USER audit_ro IDENTIFIED BY "⟦sql-password=Aud1t_R0#77⟧";
CREATE USER ext_user IDENTIFIED EXTERNALLY;

SELECT id, password_hash, password_changed_at FROM users WHERE email = 'ops@example.com';
UPDATE users SET password_hash = crypt('changeme', gen_salt('bf')) WHERE id = 42;
