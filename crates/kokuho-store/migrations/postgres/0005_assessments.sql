-- 0005_assessments: 賦課決定 per household and fiscal year; every version kept (更正 adds one).
CREATE TABLE assessments (
    insurer_no   TEXT   NOT NULL,
    fiscal_year  BIGINT NOT NULL,
    household_no TEXT   NOT NULL,
    version      BIGINT NOT NULL,
    input_digest TEXT   NOT NULL,
    total        BIGINT NOT NULL,
    reduction    TEXT   NOT NULL,
    components   TEXT   NOT NULL,
    incomplete   TEXT   NOT NULL,
    assessed_by  TEXT   NOT NULL,
    assessed_at  TEXT   NOT NULL,
    recorded_seq BIGINT NOT NULL,
    PRIMARY KEY (insurer_no, fiscal_year, household_no, version)
);
