-- 0006_collection: the city's 納期 settings kept with each year's rate table (NULL = the default
-- schedule), each assessment's 徴収計画 (JSON; '' for versions recorded before this migration),
-- and the lookup of a household's assessed years (更正 after an eligibility or income change).
ALTER TABLE rate_tables ADD COLUMN collection TEXT;
ALTER TABLE assessments ADD COLUMN plan TEXT NOT NULL DEFAULT '';
CREATE INDEX assessments_household ON assessments (insurer_no, household_no, fiscal_year);
