#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::*;

#[test]
fn canonical_json_sorts_members_and_escapes_as_rfc_8785() {
    let v: Value = serde_json::from_str(
        r#"{"b": [1, 2.0, -3, true, null], "a": {"z": "é\n\"\\", "y": "\u0001"}, "€": 0, "😀": 1}"#,
    )
    .unwrap();
    // UTF-16 order puts U+20AC (0x20AC) before U+1F600 (surrogates 0xD83D..).
    assert_eq!(
        canonical_json(&v),
        r#"{"a":{"y":"\u0001","z":"é\n\"\\"},"b":[1,2,-3,true,null],"€":0,"😀":1}"#
    );
    let reordered: Value = serde_json::from_str(
        r#"{"€":0,"😀":1,"a":{"y":"\u0001","z":"é\n\"\\"},"b":[1,2,-3,true,null]}"#,
    )
    .unwrap();
    assert_eq!(canonical_json(&v), canonical_json(&reordered));
}

fn key() -> CheckpointKey {
    CheckpointKey::from_base64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").unwrap()
}

/// An entry as the database holds it, owned so tests can tamper with it.
#[derive(Clone)]
struct Row {
    position: i64,
    action: String,
    subject_type: &'static str,
    subject_id: Option<String>,
    actor: Option<Uuid>,
    client_addr: String,
    prev: Digest,
    hash: Digest,
    payload_hash: Digest,
    payload: Option<(Salt, Value)>,
}

impl Row {
    fn stored(&self) -> StoredEntry<'_> {
        StoredEntry {
            fields: self.fields(),
            prev_hash: self.prev,
            entry_hash: self.hash,
            payload: self.payload.as_ref().map(|(s, p)| (*s, p)),
        }
    }

    fn fields(&self) -> EntryFields<'_> {
        EntryFields {
            position: self.position,
            occurred_at: Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap()
                + chrono::Duration::microseconds(self.position),
            actor: self.actor,
            action: &self.action,
            subject_type: self.subject_type,
            subject_id: self.subject_id.as_deref(),
            subject_org: Some("VNC01"),
            provenance: Provenance {
                actor_name: Some("Rachel Adeyemi"),
                actor_role: Some("RA manager at RX1"),
                actor_org: Some("RX1"),
                request_id: Some("5f0c1f7e-0000-4000-8000-000000000001"),
                client_addr: Some(&self.client_addr),
            },
            payload_hash: self.payload_hash,
        }
    }
}

fn chain(payloads: Vec<(&str, Value)>) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (i, (action, payload)) in payloads.into_iter().enumerate() {
        let salt = Salt([u8::try_from(i).unwrap(); 16]);
        let prev = rows.last().map_or(GENESIS, |r| r.hash);
        let mut row = Row {
            position: i64::try_from(i).unwrap() + 1,
            action: action.to_owned(),
            // The retention job records redactions, as the portal itself.
            subject_type: if action == REDACTION_ACTION {
                "audit"
            } else {
                "registration_request"
            },
            subject_id: Some(format!("req-{i}")),
            actor: (action != REDACTION_ACTION).then(|| Uuid::from_u128(7)),
            client_addr: "192.0.2.7".into(),
            prev,
            hash: GENESIS,
            payload_hash: payload_hash(&salt, &payload),
            payload: Some((salt, payload)),
        };
        row.hash = entry_hash(&prev, &row.fields());
        rows.push(row);
    }
    rows
}

/// The same rows with every link and hash computed again (after a test edits a column).
fn rechain(mut rows: Vec<Row>) -> Vec<Row> {
    let mut prev = GENESIS;
    for r in &mut rows {
        r.prev = prev;
        r.hash = entry_hash(&prev, &r.fields());
        prev = r.hash;
    }
    rows
}

fn five() -> Vec<Row> {
    chain(
        (0..5)
            .map(|i| {
                let email = format!("carer{i}@home.example");
                ("registration.submitted", json!({"email": email, "n": i}))
            })
            .collect(),
    )
}

fn checkpoint(rows: &[Row], position: i64) -> (Checkpoint, String) {
    let c = Checkpoint {
        position,
        entry_hash: rows[usize::try_from(position - 1).unwrap()].hash,
        signed_at: Utc.with_ymd_and_hms(2026, 12, 2, 11, 0, 0).unwrap(),
    };
    let signature = key().sign(&c);
    (c, signature)
}

fn verify(rows: &[Row], checkpoints: &[(Checkpoint, String)]) -> Result<Verdict, Fault> {
    let mut v = ChainVerifier::new(&[key().public()], checkpoints)?;
    for r in rows {
        v.check(&r.stored())?;
    }
    let head = rows.last().map_or((0, GENESIS), |r| (r.position, r.hash));
    v.finish(head)
}

#[test]
fn an_untouched_chain_verifies_with_its_checkpoints() {
    let rows = five();
    let cps = [checkpoint(&rows, 2), checkpoint(&rows, 5)];
    assert_eq!(
        verify(&rows, &cps),
        Ok(Verdict {
            entries: 5,
            redacted: 0,
            checkpoints: 2
        })
    );
    assert_eq!(
        verify(&[], &[]),
        Ok(Verdict {
            entries: 0,
            redacted: 0,
            checkpoints: 0
        })
    );
}

#[test]
fn a_tampered_payload_is_found_at_its_entry() {
    let mut rows = five();
    rows[2].payload.as_mut().unwrap().1["email"] = json!("someone.else@home.example");
    assert_eq!(
        verify(&rows, &[]),
        Err(Fault::PayloadAltered { position: 3 })
    );
}

#[test]
fn a_tampered_column_is_found_at_its_entry() {
    let mut rows = five();
    rows[1].action = "registration.approved".into();
    assert_eq!(verify(&rows, &[]), Err(Fault::EntryAltered { position: 2 }));
    let mut rows = five();
    rows[3].subject_id = None;
    assert_eq!(verify(&rows, &[]), Err(Fault::EntryAltered { position: 4 }));
    // Where a change came from is covered too.
    let mut rows = five();
    rows[4].client_addr = "198.51.100.1".into();
    assert_eq!(verify(&rows, &[]), Err(Fault::EntryAltered { position: 5 }));
}

#[test]
fn a_deleted_entry_is_a_gap() {
    let mut rows = five();
    rows.remove(1);
    assert_eq!(
        verify(&rows, &[]),
        Err(Fault::Gap {
            expected: 2,
            found: 3
        })
    );
}

#[test]
fn a_reordered_pair_does_not_verify() {
    // Swapped rows keep their positions: the walk meets 3 where 2 belongs.
    let mut rows = five();
    rows.swap(1, 2);
    assert_eq!(
        verify(&rows, &[]),
        Err(Fault::Gap {
            expected: 2,
            found: 3
        })
    );
    // Swapped positions too: the links give it away.
    let mut rows = five();
    rows.swap(1, 2);
    rows[1].position = 2;
    rows[2].position = 3;
    assert_eq!(verify(&rows, &[]), Err(Fault::BrokenLink { position: 2 }));
}

#[test]
fn removed_last_entries_are_caught_by_the_head() {
    let rows = five();
    let mut v = ChainVerifier::new(&[key().public()], &[]).unwrap();
    for r in &rows[..3] {
        v.check(&r.stored()).unwrap();
    }
    assert_eq!(
        v.finish((5, rows[4].hash)),
        Err(Fault::Truncated { last: 3, head: 5 })
    );
}

#[test]
fn a_forged_checkpoint_is_refused() {
    let rows = five();
    let (mut c, signature) = checkpoint(&rows, 3);
    c.position = 4;
    c.entry_hash = rows[3].hash;
    assert_eq!(
        verify(&rows, &[(c, signature)]),
        Err(Fault::CheckpointForged { position: 4 })
    );
    let other = CheckpointKey::from_base64("HxwdHhscGRoXGBUWExQREg8QDQ4LDAkKBwgFBgMEAQI=").unwrap();
    let (c, _) = checkpoint(&rows, 3);
    assert_eq!(
        verify(&rows, &[(c, other.sign(&c))]),
        Err(Fault::CheckpointForged { position: 3 })
    );
}

#[test]
fn checkpoints_signed_before_a_key_rotation_verify_while_the_old_key_is_trusted() {
    let rows = five();
    let old = key();
    let new = CheckpointKey::from_base64("HxwdHhscGRoXGBUWExQREg8QDQ4LDAkKBwgFBgMEAQI=").unwrap();
    let (before, by_old) = checkpoint(&rows, 2);
    let (after, _) = checkpoint(&rows, 4);
    let cps = [(before, by_old), (after, new.sign(&after))];
    let walk = |keys: &[PublicKey]| -> Result<Verdict, Fault> {
        let mut v = ChainVerifier::new(keys, &cps)?;
        for r in &rows {
            v.check(&r.stored())?;
        }
        v.finish((5, rows[4].hash))
    };
    assert_eq!(
        walk(&[new.public(), old.public()]).map(|v| v.checkpoints),
        Ok(2)
    );
    assert_eq!(
        walk(&[new.public()]),
        Err(Fault::CheckpointForged { position: 2 }),
        "a key no longer trusted proves nothing"
    );
    assert_eq!(walk(&[]), Err(Fault::CheckpointForged { position: 2 }));
}

#[test]
fn a_rewritten_history_with_fresh_hashes_fails_its_checkpoint() {
    let rows = five();
    let cps = [checkpoint(&rows, 4)];
    // Whoever rewrites entry 2 and recomputes every hash after it leaves a chain that
    // links, but not the one that was signed.
    let mut payloads: Vec<(&str, Value)> = rows
        .iter()
        .map(|r| ("registration.submitted", r.payload.clone().unwrap().1))
        .collect();
    payloads[1].1["email"] = json!("forged@home.example");
    let forged = chain(payloads);
    assert_eq!(
        verify(&forged, &cps),
        Err(Fault::CheckpointMismatch { position: 4 })
    );
    // A checkpoint beyond the end is also a mismatch: entries were cut off.
    assert_eq!(
        verify(&rows[..3], &cps),
        Err(Fault::CheckpointMismatch { position: 4 })
    );
}

#[test]
fn a_redacted_entry_still_verifies_when_its_redaction_is_recorded() {
    let mut payloads: Vec<(&str, Value)> = five()
        .into_iter()
        .map(|r| ("registration.submitted", r.payload.unwrap().1))
        .collect();
    payloads.push((REDACTION_ACTION, redaction_payload(&[2, 4])));
    let mut rows = chain(payloads);
    rows[1].payload = None;
    rows[3].payload = None;
    let cps = [checkpoint(&rows, 6)];
    assert_eq!(
        verify(&rows, &cps),
        Ok(Verdict {
            entries: 6,
            redacted: 2,
            checkpoints: 1
        })
    );
    // A payload removed with no record of it is reported, not passed.
    let mut unrecorded = rows.clone();
    unrecorded[2].payload = None;
    assert_eq!(
        verify(&unrecorded, &[]),
        Err(Fault::RemovedWithoutRedaction { position: 3 })
    );
    // A record written by someone, not the retention job, redacts nothing.
    let mut payloads: Vec<(&str, Value)> = five()
        .into_iter()
        .map(|r| ("registration.submitted", r.payload.unwrap().1))
        .collect();
    payloads.push((REDACTION_ACTION, redaction_payload(&[2])));
    let mut forged = chain(payloads.clone());
    forged[5].actor = Some(Uuid::from_u128(9));
    forged = rechain(forged);
    forged[1].payload = None;
    assert_eq!(
        verify(&forged, &[]),
        Err(Fault::RemovedWithoutRedaction { position: 2 })
    );
    // Only a request's entries may be redacted, recorded or not.
    let mut other = chain(payloads);
    other[1].subject_type = "allow_list_entry";
    other = rechain(other);
    other[1].payload = None;
    assert_eq!(
        verify(&other, &[]),
        Err(Fault::RedactedOutsideRetention { position: 2 })
    );
}

#[test]
fn digests_and_keys_round_trip_their_text() {
    let d = Digest([0xab; 32]);
    assert_eq!(Digest::from_hex(&d.to_hex()), Some(d));
    assert_eq!(Digest::from_hex("ab"), None);
    assert_eq!(Digest::from_hex(&"+f".repeat(32)), None);
    let public = key().public();
    assert_eq!(PublicKey::from_base64(&public.to_base64()), Some(public));
    assert!(CheckpointKey::from_base64("c2hvcnQ=").is_err());
}

#[test]
fn the_encoding_is_the_one_docs_audit_md_writes_down() {
    // Computed from the written description alone (Python's hashlib), not from this code.
    let salt = Salt([1; 16]);
    let payload = json!({ "b": 1, "a": "é" });
    let ph = payload_hash(&salt, &payload);
    assert_eq!(
        ph.to_hex(),
        "8f3e9edfa52a6c7c31d576f97cba78dbc489fb9951acfa600a81de91f2e2fc86"
    );
    let fields = EntryFields {
        position: 1,
        occurred_at: Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap(),
        actor: Some(Uuid::from_u128(7)),
        action: "registration.approve",
        subject_type: "registration_request",
        subject_id: Some("req-1"),
        subject_org: Some("VMB01"),
        provenance: Provenance {
            client_addr: Some("192.0.2.7"),
            ..Provenance::default()
        },
        payload_hash: ph,
    };
    assert_eq!(
        entry_hash(&GENESIS, &fields).to_hex(),
        "187e3e732e3434b418e5a8abf4a2b8fae52ccb76ae4b5cbc4123ad3680bcb967"
    );
}
