//! 監査 screens: audit search, 定期点検レポート and chain check.

pub(crate) mod review;
