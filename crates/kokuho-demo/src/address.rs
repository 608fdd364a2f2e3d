//! 架空の住所 (fictional addresses) in 「デモ県デモ市」.
//!
//! An address is 町名 + 丁目-番-号 (「デモ県デモ市桜台二丁目15番3号」), a quarter of them with an
//! apartment (「　コーポ若葉203号室」). Postal codes are 7 digits starting with `999`, which no
//! real Japanese postal code uses: `999` + 2-digit town code (10–) + 2-digit 丁目 for the city,
//! `9998` + 3 digits for places outside it (転出先, 学遠の修学先).

use kokuho_domain::eligibility::resident::Address;

use crate::random::Gen;
use crate::text::{push_num, push_padded};

/// 町名 of デモ市 (all fictional; common place-name words).
pub(crate) const TOWNS: &[&str] = &[
    "中央",
    "本町",
    "栄町",
    "緑町",
    "桜台",
    "若葉町",
    "旭町",
    "東町",
    "西町",
    "南町",
    "北町",
    "青葉台",
    "日の出町",
    "松原",
    "梅が丘",
    "竹の台",
    "富士見",
    "朝日ヶ丘",
    "港町",
    "川端町",
    "泉町",
    "新町",
    "元町",
    "寿町",
    "宮下",
    "平和町",
    "昭和町",
    "弥生町",
    "白山",
    "柳町",
];

const BUILDINGS: &[&str] = &[
    "デモハイツ",
    "コーポ若葉",
    "メゾン中央",
    "グリーンハイム",
    "サンハイツ",
    "パークサイド",
];

/// Other fictional municipalities (転出先, 修学先).
const OTHER_PLACES: &[&str] = &["架空県みらい市", "架空県ひかり町", "仮想府あおば市", "空想県さくら市"];

const CHOME: &[&str] = &["一", "二", "三", "四", "五", "六"];

/// A compact address, turned into an [`Address`] only when a record is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Addr {
    /// Index into OTHER_PLACES for an address outside デモ市.
    outside: Option<u8>,
    town: u8,
    chome: u8,
    ban: u8,
    go: u8,
    building: Option<(u8, u16)>,
}

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(1)
}

impl Addr {
    /// A random address in デモ市.
    pub(crate) fn random(g: &mut Gen) -> Addr {
        let town = u8::try_from(g.below(small(TOWNS.len()))).unwrap_or(0);
        let chome = u8::try_from(g.int32(1, 5)).unwrap_or(1);
        let ban = u8::try_from(g.int32(1, 30)).unwrap_or(1);
        let go = u8::try_from(g.int32(1, 25)).unwrap_or(1);
        let building = if g.chance(1, 4) {
            let b = u8::try_from(g.below(small(BUILDINGS.len()))).unwrap_or(0);
            let room = u16::try_from(g.int32(1, 5) * 100 + g.int32(1, 12)).unwrap_or(101);
            Some((b, room))
        } else {
            None
        };
        Addr {
            outside: None,
            town,
            chome,
            ban,
            go,
            building,
        }
    }

    /// A random address outside デモ市 (転出先, 学遠の修学先).
    pub(crate) fn random_outside(g: &mut Gen) -> Addr {
        let mut a = Addr::random(g);
        a.outside = Some(u8::try_from(g.below(small(OTHER_PLACES.len()))).unwrap_or(0));
        a
    }

    pub(crate) fn to_address(self) -> Address {
        let town = TOWNS.get(usize::from(self.town)).copied().unwrap_or("中央");
        let chome = CHOME
            .get(usize::from(self.chome).saturating_sub(1))
            .copied()
            .unwrap_or("一");
        let mut postal_code = String::with_capacity(7);
        let place = match self.outside {
            None => {
                postal_code.push_str("999");
                push_padded(&mut postal_code, 10 + u64::from(self.town), 2);
                push_padded(&mut postal_code, u64::from(self.chome), 2);
                "デモ県デモ市"
            }
            Some(o) => {
                postal_code.push_str("9998");
                push_padded(&mut postal_code, u64::from(o), 1);
                push_padded(&mut postal_code, 10 + u64::from(self.town), 2);
                OTHER_PLACES.get(usize::from(o)).copied().unwrap_or("架空県みらい市")
            }
        };
        let mut line = String::with_capacity(96);
        line.push_str(place);
        line.push_str(town);
        line.push_str(chome);
        line.push_str("丁目");
        push_num(&mut line, u64::from(self.ban));
        line.push('番');
        push_num(&mut line, u64::from(self.go));
        line.push('号');
        if let Some((b, room)) = self.building {
            let name = BUILDINGS.get(usize::from(b)).copied().unwrap_or("デモハイツ");
            line.push('\u{3000}');
            line.push_str(name);
            push_num(&mut line, u64::from(room));
            line.push_str("号室");
        }
        Address { postal_code, line }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_fictional_and_well_formed() {
        let mut g = Gen::new(1, 2);
        for _ in 0..500 {
            let a = Addr::random(&mut g).to_address();
            assert_eq!(a.postal_code.len(), 7);
            assert!(a.postal_code.starts_with("999"));
            assert!(a.postal_code.bytes().all(|b| b.is_ascii_digit()));
            assert!(a.line.starts_with("デモ県デモ市"), "{}", a.line);
            assert!(a.line.contains("丁目") && a.line.contains('番') && a.line.contains('号'));
            let o = Addr::random_outside(&mut g).to_address();
            assert!(o.postal_code.starts_with("9998"), "{}", o.postal_code);
            assert_eq!(o.postal_code.len(), 7);
            assert!(!o.line.contains("デモ市"));
        }
    }
}
