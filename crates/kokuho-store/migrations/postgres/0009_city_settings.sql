-- 0009_city_settings: the city's own login settings (画面ロックまでの時間, パスワードの有効期間),
-- one row per insurer; a NULL falls back to the installation's default (`kokuho serve` flags).
-- Security state like 0007: changed only by an administrator, every change audited.
CREATE TABLE city_settings (
    insurer_no            TEXT    NOT NULL PRIMARY KEY,
    idle_minutes          BIGINT,
    max_password_age_days BIGINT,
    updated_at            TEXT    NOT NULL,
    updated_by            TEXT    NOT NULL
);
