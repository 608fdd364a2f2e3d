-- 0007_staff_auth: the staff web login (issue: staff web application). Security state, not
-- business facts: these tables are not projections of the journal; every event on them is in the
-- audit trail.
-- Second factor and lockout per user. The TOTP secret is encrypted with the insurer's data key
-- (associated data: the login); recovery codes are SHA-256 digests.
CREATE TABLE staff_credentials (
    insurer_no      TEXT    NOT NULL,
    login           TEXT    NOT NULL PRIMARY KEY,
    totp_secret     BYTEA,
    totp_last_step  BIGINT,
    recovery_codes  TEXT    NOT NULL DEFAULT '[]',
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    locked_until    TEXT,
    password_set_at TEXT
);
-- One-time enrolment links issued by an administrator (first login, TOTP reset); the TOTP
-- secret shown on the link's page waits here (encrypted) until the first code confirms it.
CREATE TABLE enrolment_links (
    token_hash BYTEA    NOT NULL PRIMARY KEY,
    insurer_no TEXT    NOT NULL,
    login      TEXT    NOT NULL,
    issued_by  TEXT    NOT NULL,
    issued_at  TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT,
    pending_secret BYTEA
);
-- Server-side sessions: only the SHA-256 of the cookie value is kept. `stage` is `password`
-- (second factor still due) or `mfa`; `verified_at` is the last password+TOTP check (step-up).
CREATE TABLE sessions (
    id_hash      BYTEA NOT NULL PRIMARY KEY,
    insurer_no   TEXT NOT NULL,
    login        TEXT NOT NULL,
    stage        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    verified_at  TEXT,
    expires_at   TEXT NOT NULL,
    ended_at     TEXT
);
CREATE INDEX sessions_login ON sessions (login);
