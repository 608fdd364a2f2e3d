-- 0001 base: the tenant table. Every later table carries insurer_no (保険者番号).
-- SQLite: STRICT tables reject values of the wrong type, as PostgreSQL does.
CREATE TABLE insurers (
    insurer_no TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
