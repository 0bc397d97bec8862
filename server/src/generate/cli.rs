//! `ra-portal generate [--seed N] [--scale nhs|demo|P%]`: writes a synthetic data set into
//! the database `DATABASE_URL` names (migrated first) and prints what is there after.

use std::process::ExitCode;

use super::{Scale, generate};

const USAGE: &str = "usage: ra-portal generate [--seed N] [--scale nhs|demo|P%]\n\
    Writes deterministic NHS-shaped synthetic data into DATABASE_URL (default \
    sqlite://data/ra-portal.db), which must hold no synthetic data yet.";

fn parse(args: &[String]) -> Result<(u64, Scale), String> {
    let (mut seed, mut scale) = (1, Scale::NHS);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--seed" => {
                seed = value
                    .parse()
                    .map_err(|_| format!("--seed {value}: not a whole number"))?
            }
            "--scale" => {
                scale = Scale::parse(value).ok_or(format!(
                    "--scale {value}: use nhs, demo or a percentage like 10%"
                ))?
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok((seed, scale))
}

pub async fn run(args: &[String]) -> ExitCode {
    let (seed, scale) = match parse(args) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://data/ra-portal.db".into());
    let db = match ra_db::connect(&url, None).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("DATABASE_URL: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = ra_db::migrate(&db).await {
        eprintln!("DATABASE_URL: cannot migrate: {e}");
        return ExitCode::from(2);
    }
    eprintln!("generating seed {seed} at {scale:?}…");
    let result = generate(&db, seed, scale, chrono::Utc::now()).await;
    db.close().await;
    match result {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options_are_read_and_bad_ones_told() {
        assert_eq!(parse(&args("")), Ok((1, Scale::NHS)));
        assert_eq!(parse(&args("--seed 9 --scale demo")), Ok((9, Scale::DEMO)));
        assert_eq!(
            parse(&args("--scale 10%")).map(|(_, s)| s.care_providers),
            Ok(1_900)
        );
        assert!(parse(&args("--scale 0%")).is_err());
        assert!(
            parse(&args("--seed"))
                .expect_err("refused")
                .contains("needs a value")
        );
        assert!(
            parse(&args("--rows 5"))
                .expect_err("refused")
                .contains("unknown option")
        );
    }
}
