-- 0003_lookup_indexes: a person's work items are read on every 資格照会.
CREATE INDEX work_items_resident ON work_items (insurer_no, resident_no);
