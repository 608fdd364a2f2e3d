//! The one place that reads the operating system's random source.

use crate::{CryptoError, Result};

/// Fills `dest` with random bytes from the OS (getrandom).
pub(crate) fn fill(dest: &mut [u8]) -> Result<()> {
    getrandom::fill(dest).map_err(|_| CryptoError::Random)
}
