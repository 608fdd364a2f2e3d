-- 0008_audit_review: the auditors' review (監査ログの点検) reads the audit trail by period: the
-- search's 期間 and the periodic report's aggregates are range scans on `at` per insurer.
CREATE INDEX audit_log_at ON audit_log (insurer_no, at);
