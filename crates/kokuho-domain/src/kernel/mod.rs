//! The common kernel: the value types every business area shares.

pub mod code;
pub mod date;
pub mod digits;
pub mod ids;
pub mod kana;
pub mod money;
pub mod my_number;
pub mod rate;
pub mod work;
