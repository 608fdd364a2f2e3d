//! Time is a parameter: use cases read the clock through this trait so tests can fix it.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// A source of the current time.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;

    /// Today's date in Japan (the statutory calendar is JST).
    fn today(&self) -> Date {
        self.now().to_zoned(japan()).date()
    }
}

/// Asia/Tokyo without a tz database: Japan has no daylight saving, so a fixed +09:00 is exact.
pub fn japan() -> TimeZone {
    TimeZone::fixed(jiff::tz::offset(9))
}

/// The real clock. Only the binary's shell constructs it.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one place allowed to read the wall clock
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that only moves when told to (tests, demo loads).
#[derive(Debug)]
pub struct FixedClock(std::sync::Mutex<Timestamp>);

impl FixedClock {
    pub fn new(at: Timestamp) -> Self {
        Self(std::sync::Mutex::new(at))
    }

    /// A clock at 09:00 JST on the given date.
    pub fn at_date(date: Date) -> Self {
        let ts = date
            .at(9, 0, 0, 0)
            .to_zoned(japan())
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH);
        Self::new(ts)
    }

    /// Moves the clock to 09:00 JST on `date`.
    pub fn set_date(&self, date: Date) {
        let at = Self::at_date(date);
        if let (Ok(mut t), Ok(new)) = (self.0.lock(), at.0.into_inner()) {
            *t = new;
        }
    }

    pub fn advance(&self, span: jiff::SignedDuration) {
        if let Ok(mut t) = self.0.lock()
            && let Ok(next) = t.checked_add(span)
        {
            *t = next;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0.lock().map(|t| *t).unwrap_or(Timestamp::UNIX_EPOCH)
    }
}

/// Timestamps are stored as RFC 3339 UTC text with microseconds: sortable in both databases.
pub fn format_timestamp(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A stored UTC time as JST, `2026-06-01 09:00:00` (the stored text if it does not parse).
pub fn jst_display(at: &str) -> String {
    at.parse::<Timestamp>().map_or_else(
        |_| at.to_string(),
        |t| t.to_zoned(japan()).strftime("%Y-%m-%d %H:%M:%S").to_string(),
    )
}
