//! `ra-portal verify-audit [--public-key BASE64]...`: walks the audit chain in the
//! database `DATABASE_URL` names and checks every signed checkpoint. Exits 0 when the
//! trail verifies, 1 when it does not, 2 when it cannot be read.
//!
//! The keys default to the one derived from `RA_AUDIT_SIGNING_KEY_FILE` and those in
//! `RA_AUDIT_EARLIER_PUBLIC_KEYS`; an auditor without the secret passes the keys the
//! portal publishes instead, `--public-key` once for each.

use std::process::ExitCode;

use ra_domain::audit::{CheckpointKey, PublicKey};

use crate::config::Config;

const USAGE: &str = "usage: ra-portal verify-audit [--public-key BASE64]...";

fn public_keys(args: &[String], config: &Config) -> Result<Vec<PublicKey>, String> {
    if args.is_empty() {
        let path = &config.audit.signing_key_file;
        let current = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
            .and_then(|t| CheckpointKey::from_base64(&t))
            .map(|k| k.public())
            .map_err(|e| format!("RA_AUDIT_SIGNING_KEY_FILE: {e}"))?;
        return Ok(std::iter::once(current)
            .chain(config.audit.earlier_public_keys.iter().copied())
            .collect());
    }
    args.chunks(2)
        .map(|pair| match pair {
            [flag, value] if flag == "--public-key" => PublicKey::from_base64(value)
                .ok_or_else(|| format!("--public-key: {value:?} is not an Ed25519 public key")),
            _ => Err(USAGE.to_owned()),
        })
        .collect()
}

pub async fn run(args: &[String]) -> ExitCode {
    let config = match Config::from_env() {
        Ok((c, _)) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let keys = match public_keys(args, &config) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    // No migration: verifying must not change the database it checks.
    let db = match ra_db::connect(&config.database_url, None).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("DATABASE_URL: {e}");
            return ExitCode::from(2);
        }
    };
    let report = app::api::audit::check_trail(&db, &keys).await;
    db.close().await;
    match report {
        Ok(r) => {
            println!("{} ({:.2} s)", r.message, r.seconds);
            if r.verified {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("cannot read the audit trail: {e}");
            ExitCode::from(2)
        }
    }
}
