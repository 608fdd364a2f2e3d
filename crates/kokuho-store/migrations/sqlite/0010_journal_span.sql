-- 0010_journal_span: one entry may stand for several consecutive events (a bulk load records a
-- household as one entry). It covers seq .. seq + span - 1: the events inside are numbered as if
-- appended one by one, so the ids they create are unchanged, and the next entry starts after it.
ALTER TABLE journal ADD COLUMN span INTEGER NOT NULL DEFAULT 1;
