//! End-to-end envelope encryption through the public API only (C14, C15): a KEK file, wrapped
//! data keys as the store would keep them, a keyring, field encryption and the blind index.

// Helpers outside `#[test]` functions are test code too.
#![allow(clippy::unwrap_used, reason = "test code")]

use kokuho_crypto::{
    Aad, BlindIndex, CryptoError, DataKey, FieldCipher, Kek, KeyPurpose, Keyring, WrappedKey, ciphertext_key_id,
};
use kokuho_domain::{InsurerNo, MyNumber};
use proptest::prelude::*;

fn insurer() -> InsurerNo {
    InsurerNo::parse("272013").unwrap()
}

fn valid_number(body: &str) -> MyNumber {
    let check = MyNumber::check_digit_for(body).unwrap();
    MyNumber::parse(&format!("{body}{check}")).unwrap()
}

/// Rows of a `data_keys` table: (key_id, purpose, wrapped).
struct StoredKeys(Vec<(u32, KeyPurpose, Vec<u8>)>);

impl StoredKeys {
    fn rows(&self) -> impl Iterator<Item = WrappedKey<'_>> {
        self.0.iter().map(|(id, purpose, wrapped)| WrappedKey {
            key_id: *id,
            purpose: *purpose,
            wrapped,
        })
    }
}

#[test]
fn init_store_restart_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let kek_path = dir.path().join("kokuho.kek");

    // `kokuho init`: a KEK file and two data keys, stored wrapped.
    let kek = Kek::generate().unwrap();
    kek.write_to_file(&kek_path).unwrap();
    let enc = DataKey::generate(1, KeyPurpose::MyNumberEncryption).unwrap();
    let idx = DataKey::generate(2, KeyPurpose::MyNumberIndex).unwrap();
    let stored = StoredKeys(vec![
        (1, KeyPurpose::MyNumberEncryption, kek.wrap(&enc).unwrap()),
        (2, KeyPurpose::MyNumberIndex, kek.wrap(&idx).unwrap()),
    ]);
    drop((kek, enc, idx));

    // Restart: load the KEK from the file and the keys from the table.
    let kek = Kek::from_file(&kek_path).unwrap();
    let ring = Keyring::from_wrapped(&kek, 1, 2, stored.rows()).unwrap();

    let alice = valid_number("12345678901");
    let bob = valid_number("98765432109");
    let aad_alice = Aad::new("insured_person", "my_number", &insurer(), "1001");
    let aad_bob = Aad::new("insured_person", "my_number", &insurer(), "1002");
    let ct_alice = ring.encrypt_my_number(&alice, &aad_alice).unwrap();
    let ct_bob = ring.encrypt_my_number(&bob, &aad_bob).unwrap();
    assert_eq!(ciphertext_key_id(&ct_alice).unwrap(), 1);

    assert_eq!(ring.decrypt_my_number(&ct_alice, &aad_alice).unwrap(), alice);
    // Swapping ciphertexts between the two rows fails.
    assert!(matches!(
        ring.decrypt_my_number(&ct_alice, &aad_bob),
        Err(CryptoError::DecryptFailed)
    ));
    assert!(matches!(
        ring.decrypt_my_number(&ct_bob, &aad_alice),
        Err(CryptoError::DecryptFailed)
    ));

    // Exact lookup by blind index finds the right row and only it.
    let rows = [("1001", ring.blind_index(&alice)), ("1002", ring.blind_index(&bob))];
    let probe = ring.blind_index(&MyNumber::parse("1234-5678-9018").unwrap());
    let hits: Vec<&str> = rows
        .iter()
        .filter(|(_, bi)| *bi == probe)
        .map(|(row, _)| *row)
        .collect();
    assert_eq!(hits, ["1001"]);
}

#[test]
fn a_wrong_index_key_finds_nothing() {
    let right = BlindIndex::new(&DataKey::generate(2, KeyPurpose::MyNumberIndex).unwrap()).unwrap();
    let wrong = BlindIndex::new(&DataKey::generate(2, KeyPurpose::MyNumberIndex).unwrap()).unwrap();
    let n = valid_number("31415926535");
    assert_ne!(right.index(&n), wrong.index(&n));
}

#[test]
fn swapped_wrapped_keys_do_not_load() {
    let kek = Kek::generate().unwrap();
    let enc = DataKey::generate(1, KeyPurpose::MyNumberEncryption).unwrap();
    let idx = DataKey::generate(2, KeyPurpose::MyNumberIndex).unwrap();
    // The two blobs were exchanged between the rows of the `data_keys` table.
    let swapped = StoredKeys(vec![
        (1, KeyPurpose::MyNumberEncryption, kek.wrap(&idx).unwrap()),
        (2, KeyPurpose::MyNumberIndex, kek.wrap(&enc).unwrap()),
    ]);
    assert!(matches!(
        Keyring::from_wrapped(&kek, 1, 2, swapped.rows()),
        Err(CryptoError::UnwrapFailed)
    ));
    // Purpose column edited.
    let relabelled = StoredKeys(vec![
        (1, KeyPurpose::MyNumberIndex, kek.wrap(&enc).unwrap()),
        (2, KeyPurpose::MyNumberEncryption, kek.wrap(&idx).unwrap()),
    ]);
    assert!(matches!(
        Keyring::from_wrapped(&kek, 2, 1, relabelled.rows()),
        Err(CryptoError::UnwrapFailed)
    ));
}

#[test]
fn nothing_secret_is_printed() {
    let kek = Kek::generate().unwrap();
    let enc = DataKey::generate(1, KeyPurpose::MyNumberEncryption).unwrap();
    let idx = DataKey::generate(2, KeyPurpose::MyNumberIndex).unwrap();
    let ring = Keyring::new(&enc, &idx).unwrap();
    let n = valid_number("12345678901");
    let ct = ring
        .encrypt_my_number(&n, &Aad::new("t", "c", &insurer(), "1"))
        .unwrap();
    let printed = format!(
        "{kek:?} {enc:?} {idx:?} {ring:?} {:?} {n:?}",
        FieldCipher::new(&enc).unwrap()
    );
    assert!(!printed.contains(n.expose_digits()));
    assert!(!printed.contains(&hex::encode(&ct)));
    let err = ring
        .decrypt_my_number(&ct, &Aad::new("t", "c", &insurer(), "2"))
        .unwrap_err();
    assert!(!err.to_string().contains(n.expose_digits()));
    assert!(!format!("{err:?}").contains(n.expose_digits()));
}

fn cipher() -> FieldCipher {
    FieldCipher::new(&DataKey::generate(9, KeyPurpose::MyNumberEncryption).unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn round_trip_any_plaintext_and_place(
        plaintext in proptest::collection::vec(any::<u8>(), 0..200),
        table in "[a-z_]{1,20}",
        column in "[a-z_]{1,20}",
        row in "[0-9]{1,15}",
    ) {
        let c = cipher();
        let aad = Aad::new(&table, &column, &insurer(), &row);
        let ct = c.encrypt(&plaintext, &aad).unwrap();
        prop_assert_eq!(&c.decrypt(&ct, &aad).unwrap()[..], &plaintext[..]);
    }

    #[test]
    fn any_flipped_bit_is_detected(
        body in "[0-9]{11}",
        position in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let c = cipher();
        let aad = Aad::new("insured_person", "my_number", &insurer(), "1");
        let mut ct = c.encrypt_my_number(&valid_number(&body), &aad).unwrap();
        let i = position.index(ct.len());
        ct[i] ^= 1 << bit;
        prop_assert!(c.decrypt_my_number(&ct, &aad).is_err());
    }

    #[test]
    fn blind_index_is_stable_and_separates_numbers(a in "[0-9]{11}", b in "[0-9]{11}") {
        let bi = BlindIndex::new(&DataKey::generate(3, KeyPurpose::MyNumberIndex).unwrap()).unwrap();
        let (na, nb) = (valid_number(&a), valid_number(&b));
        prop_assert_eq!(bi.index(&na), bi.index(&valid_number(&a)));
        prop_assert_eq!(bi.index(&na) == bi.index(&nb), a == b);
    }
}
