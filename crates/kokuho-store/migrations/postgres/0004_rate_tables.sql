-- 0004_rate_tables: 料率表 per insurer and fiscal year (master data; a projection of the journal).
CREATE TABLE rate_tables (
    insurer_no   TEXT   NOT NULL,
    fiscal_year  BIGINT NOT NULL,
    label        TEXT   NOT NULL,
    rates        TEXT   NOT NULL,
    set_by       TEXT   NOT NULL,
    set_at       TEXT   NOT NULL,
    recorded_seq BIGINT NOT NULL,
    PRIMARY KEY (insurer_no, fiscal_year)
);
