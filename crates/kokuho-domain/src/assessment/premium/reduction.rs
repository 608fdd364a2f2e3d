//! 軽減 (7割・5割・2割): the statutory reduction of the per-capita and per-household levies.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// 7割・5割・2割軽減.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reduction {
    /// 軽減なし.
    None,
    /// 2割軽減.
    Twenty,
    /// 5割軽減.
    Fifty,
    /// 7割軽減.
    Seventy,
}

impl Reduction {
    /// The share kept, in tenths (7割軽減 → 3).
    pub fn kept_tenths(self) -> i64 {
        match self {
            Reduction::None => 10,
            Reduction::Twenty => 8,
            Reduction::Fifty => 5,
            Reduction::Seventy => 3,
        }
    }

    /// Every reduction, from none to 7割.
    pub const ALL: [Reduction; 4] = [Reduction::None, Reduction::Twenty, Reduction::Fifty, Reduction::Seventy];

    /// The reduction with the contract's value `code` ("none", "70", "50", "20"), as stored in a
    /// 賦課決定 and sent by the calculator.
    pub fn from_code(code: &str) -> Option<Reduction> {
        Reduction::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The contract's value: "none", "70", "50", "20".
    pub fn code(self) -> &'static str {
        match self {
            Reduction::None => "none",
            Reduction::Twenty => "20",
            Reduction::Fifty => "50",
            Reduction::Seventy => "70",
        }
    }

    /// 表示名.
    pub fn label(self) -> &'static str {
        match self {
            Reduction::None => "軽減なし",
            Reduction::Twenty => "2割軽減",
            Reduction::Fifty => "5割軽減",
            Reduction::Seventy => "7割軽減",
        }
    }
}

impl Serialize for Reduction {
    /// The contract's value ("none", "70", …).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Reduction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Reduction, D::Error> {
        let code = String::deserialize(d)?;
        Reduction::from_code(&code).ok_or_else(|| serde::de::Error::custom(format!("軽減の区分ではありません: {code}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_and_has_a_label() {
        for r in Reduction::ALL {
            assert_eq!(Reduction::from_code(r.code()), Some(r));
            assert!(r.label().contains("軽減"));
        }
        assert_eq!(Reduction::from_code("70"), Some(Reduction::Seventy));
        assert_eq!(Reduction::from_code("7割"), None);
    }

    #[test]
    fn it_is_written_and_read_as_its_code() {
        for r in Reduction::ALL {
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.code()));
            assert_eq!(serde_json::from_str::<Reduction>(&json).unwrap(), r);
        }
        assert!(serde_json::from_str::<Reduction>("\"7割\"").is_err());
    }
}
