-- Runs once, when the `mysql` service starts on an empty data volume (the image's
-- /docker-entrypoint-initdb.d). The image has already created the database `tier` and the user
-- `tier` (MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD in docker-compose.yml) with every right on it.

-- The demo's table, as the demo creates it (apps/demo/src/seed.ts). The demo fills it with
-- `--items` rows on its first run, and recreates it whenever its content does not match.
CREATE TABLE IF NOT EXISTS tier.tier_demo_items (
  id BIGINT NOT NULL PRIMARY KEY,
  payload VARCHAR(64) NOT NULL
) ENGINE = InnoDB;

-- The packages' tests create and drop their own tables in `test` (TIER_MYSQL_URL), and one of
-- them creates a user, so they connect as root.
CREATE DATABASE IF NOT EXISTS test;
