//! 資格 (eligibility): 住民異動, 取得・喪失 and the other eligibility changes, the person and
//! household views, My Number linking, and the bulk load of migrated households (一括移行).

pub mod bulk_load;
pub mod changes;
pub mod events;
mod link;
pub(crate) mod lookups;
pub mod my_number;
pub mod projection;
pub mod residents;
pub mod views;
