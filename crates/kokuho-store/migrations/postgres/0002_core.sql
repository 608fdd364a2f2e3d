-- 0002_core: journal, audit, access control, keys, and the projections of 宛名・世帯・資格・所得・個人番号.
-- Every table carries insurer_no (保険者番号), the tenant key. Entity ids are the journal seq of the
-- entry that created the entity, so a rebuild from the journal reproduces them exactly.

-- 異動ジャーナル: append-only, per insurer, hash-chained. The source of truth for every projection.
CREATE TABLE journal (
    insurer_no   TEXT    NOT NULL,
    seq          BIGINT NOT NULL,
    recorded_at  TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    effective_on TEXT,
    subject      TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    prev_hash    BYTEA    NOT NULL,
    hash         BYTEA    NOT NULL,
    PRIMARY KEY (insurer_no, seq)
);

-- 監査ログ (アクセス記録): append-only, per insurer, hash-chained. Never holds a My Number.
CREATE TABLE audit_log (
    insurer_no   TEXT    NOT NULL,
    seq          BIGINT NOT NULL,
    at           TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,
    detail       TEXT    NOT NULL,
    prev_hash    BYTEA    NOT NULL,
    hash         BYTEA    NOT NULL,
    PRIMARY KEY (insurer_no, seq)
);
CREATE INDEX audit_log_actor ON audit_log (insurer_no, actor, seq);
CREATE INDEX audit_log_subject ON audit_log (insurer_no, subject, seq);

-- Head of each hash chain (journal, audit): the row lock serialises appends on PostgreSQL.
CREATE TABLE chain_heads (
    insurer_no TEXT    NOT NULL,
    chain      TEXT    NOT NULL,
    seq        BIGINT NOT NULL,
    hash       BYTEA    NOT NULL,
    PRIMARY KEY (insurer_no, chain)
);

-- 職員 (named accounts only), roles and the role → permission map.
CREATE TABLE users (
    insurer_no    TEXT    NOT NULL,
    login         TEXT    NOT NULL PRIMARY KEY,
    display_name  TEXT    NOT NULL,
    password_hash TEXT,
    disabled      BIGINT NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL
);
CREATE TABLE user_roles (
    insurer_no TEXT NOT NULL,
    login      TEXT NOT NULL,
    role       TEXT NOT NULL,
    PRIMARY KEY (login, role)
);
CREATE TABLE role_permissions (
    insurer_no TEXT NOT NULL,
    role       TEXT NOT NULL,
    permission TEXT NOT NULL,
    PRIMARY KEY (insurer_no, role, permission)
);
CREATE TABLE api_tokens (
    insurer_no TEXT NOT NULL,
    token_hash BYTEA NOT NULL PRIMARY KEY,
    login      TEXT NOT NULL,
    label      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Wrapped data keys (envelope encryption); the key-encryption key is never in the database.
CREATE TABLE data_keys (
    insurer_no TEXT    NOT NULL,
    key_id     BIGINT NOT NULL,
    purpose    TEXT    NOT NULL,
    wrapped    BYTEA    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (insurer_no, key_id)
);

-- 宛名 (current state) and the household membership history (世帯 as of any date).
CREATE TABLE residents (
    insurer_no   TEXT    NOT NULL,
    resident_no  TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    name_kana    TEXT    NOT NULL,
    kana_key     TEXT    COLLATE "C" NOT NULL,
    birth_date   TEXT    NOT NULL,
    sex          TEXT    NOT NULL,
    nationality  TEXT,
    stay_until   TEXT,
    postal_code  TEXT,
    address      TEXT,
    household_no TEXT    NOT NULL,
    is_head      BIGINT NOT NULL,
    relationship TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    status_since TEXT    NOT NULL,
    PRIMARY KEY (insurer_no, resident_no)
);
CREATE INDEX residents_kana ON residents (insurer_no, kana_key);
CREATE INDEX residents_household ON residents (insurer_no, household_no);
CREATE INDEX residents_birth ON residents (insurer_no, birth_date);

CREATE TABLE household_memberships (
    insurer_no   TEXT    NOT NULL,
    resident_no  TEXT    NOT NULL,
    from_date    TEXT    NOT NULL,
    until_date   TEXT,
    household_no TEXT    NOT NULL,
    is_head      BIGINT NOT NULL,
    relationship TEXT    NOT NULL,
    PRIMARY KEY (insurer_no, resident_no, from_date)
);
CREATE INDEX household_memberships_household ON household_memberships (insurer_no, household_no);

-- 住民異動 already applied (re-importing the same file is harmless).
CREATE TABLE resident_changes_applied (
    insurer_no TEXT    NOT NULL,
    change_id  TEXT    NOT NULL,
    seq        BIGINT NOT NULL,
    PRIMARY KEY (insurer_no, change_id)
);

-- 資格期間.
CREATE TABLE eligibility_periods (
    insurer_no              TEXT    NOT NULL,
    period_id               BIGINT NOT NULL,
    resident_no             TEXT    NOT NULL,
    acquired_on             TEXT    NOT NULL,
    acquisition_reason      TEXT    NOT NULL,
    acquisition_notified_on TEXT    NOT NULL,
    acquisition_late        BIGINT NOT NULL,
    lost_on                 TEXT,
    loss_reason             TEXT,
    loss_notified_on        TEXT,
    loss_late               BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (insurer_no, period_id)
);
CREATE INDEX eligibility_periods_resident ON eligibility_periods (insurer_no, resident_no);

-- 記号・番号 per NHI household, and 枝番 per person (never reused within a card number).
CREATE TABLE cards (
    insurer_no   TEXT NOT NULL,
    household_no TEXT NOT NULL,
    card_symbol  TEXT NOT NULL,
    card_number  TEXT NOT NULL,
    PRIMARY KEY (insurer_no, household_no)
);
CREATE UNIQUE INDEX cards_number ON cards (insurer_no, card_number);
CREATE TABLE branch_numbers (
    insurer_no  TEXT NOT NULL,
    card_number TEXT NOT NULL,
    branch_no   TEXT NOT NULL,
    resident_no TEXT NOT NULL,
    PRIMARY KEY (insurer_no, card_number, branch_no)
);
CREATE UNIQUE INDEX branch_numbers_resident ON branch_numbers (insurer_no, card_number, resident_no);
CREATE INDEX branch_numbers_by_resident ON branch_numbers (insurer_no, resident_no);

-- 日付つき区分 (支援措置, 学遠, 住所地特例, 非自発的失業 ...).
CREATE TABLE flags (
    insurer_no   TEXT    NOT NULL,
    flag_id      BIGINT NOT NULL,
    kind         TEXT    NOT NULL,
    resident_no  TEXT,
    household_no TEXT,
    from_date    TEXT    NOT NULL,
    until_date   TEXT,
    attributes   TEXT    NOT NULL,
    PRIMARY KEY (insurer_no, flag_id)
);
CREATE INDEX flags_resident ON flags (insurer_no, resident_no);
CREATE INDEX flags_household ON flags (insurer_no, household_no);

-- 資格確認書・資格情報のお知らせ.
CREATE TABLE certificates (
    insurer_no     TEXT    NOT NULL,
    certificate_id BIGINT NOT NULL,
    resident_no    TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    issued_on      TEXT    NOT NULL,
    valid_until    TEXT,
    copay_ratio    TEXT,
    status         TEXT    NOT NULL,
    reissue_of     BIGINT,
    returned_on    TEXT,
    PRIMARY KEY (insurer_no, certificate_id)
);
CREATE INDEX certificates_resident ON certificates (insurer_no, resident_no);

-- 所得 per person and calendar year.
CREATE TABLE incomes (
    insurer_no                 TEXT    NOT NULL,
    resident_no                TEXT    NOT NULL,
    year                       BIGINT NOT NULL,
    salary_revenue             BIGINT NOT NULL,
    pension_revenue            BIGINT NOT NULL,
    other_income               BIGINT NOT NULL,
    separate_income            BIGINT NOT NULL,
    separate_special_deduction BIGINT NOT NULL,
    family_employee_pay        BIGINT NOT NULL,
    taxable_income             BIGINT NOT NULL,
    tax_exempt                 BIGINT NOT NULL,
    undeclared                 BIGINT NOT NULL,
    recorded_seq               BIGINT NOT NULL,
    PRIMARY KEY (insurer_no, resident_no, year)
);

-- 個人番号: only ciphertext and the keyed blind index (both are 特定個人情報 themselves).
CREATE TABLE my_numbers (
    insurer_no  TEXT    NOT NULL,
    resident_no TEXT    NOT NULL,
    ciphertext  BYTEA    NOT NULL,
    blind_index BYTEA    NOT NULL,
    linked_seq  BIGINT NOT NULL,
    PRIMARY KEY (insurer_no, resident_no)
);
CREATE UNIQUE INDEX my_numbers_blind_index ON my_numbers (insurer_no, blind_index);

-- 要確認リスト: My Number links that must not overwrite silently; resolved by a second person.
CREATE TABLE my_number_confirmations (
    insurer_no        TEXT    NOT NULL,
    confirmation_id   BIGINT NOT NULL,
    resident_no       TEXT    NOT NULL,
    reason            TEXT    NOT NULL,
    ciphertext        BYTEA,
    blind_index       BYTEA,
    other_resident_no TEXT,
    raised_by         TEXT    NOT NULL,
    raised_at         TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    resolved_by       TEXT,
    resolved_at       TEXT,
    resolution        TEXT,
    PRIMARY KEY (insurer_no, confirmation_id)
);

-- 作業リスト: to-dos raised by resident-register changes and age events.
CREATE TABLE work_items (
    insurer_no   TEXT    NOT NULL,
    work_item_id BIGINT NOT NULL,
    kind         TEXT    NOT NULL,
    resident_no  TEXT    NOT NULL,
    household_no TEXT,
    detail       TEXT    NOT NULL,
    due_on       TEXT,
    status       TEXT    NOT NULL,
    raised_at    TEXT    NOT NULL,
    closed_by    TEXT,
    closed_at    TEXT,
    closing_note TEXT,
    PRIMARY KEY (insurer_no, work_item_id)
);
CREATE INDEX work_items_open ON work_items (insurer_no, status, work_item_id);
