//! The ceremony's four server functions, in the order the person takes them.

use leptos::prelude::*;

use super::{EnrolmentView, SecretView};
use crate::AppError;

#[server(endpoint = "enrolment/open")]
pub async fn open_enrolment(token: String) -> Result<EnrolmentView, AppError> {
    crate::auth::admit_anyone::<OpenEnrolment>()?;
    server::open(&token).await
}

#[server(endpoint = "enrolment/send-code")]
pub async fn send_enrolment_code(token: String) -> Result<(), AppError> {
    crate::auth::admit_anyone::<SendEnrolmentCode>()?;
    server::send_code(&token).await
}

#[server(endpoint = "enrolment/confirm-code")]
pub async fn confirm_enrolment_code(token: String, code: String) -> Result<SecretView, AppError> {
    crate::auth::admit_anyone::<ConfirmEnrolmentCode>()?;
    server::confirm_code(&token, &code).await
}

#[server(endpoint = "enrolment/finish")]
pub async fn finish_enrolment(token: String, code: String) -> Result<(), AppError> {
    crate::auth::admit_anyone::<FinishEnrolment>()?;
    server::finish(&token, &code).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::{Duration, Utc};
    use ra_db::repo::{
        enrolment as repo,
        registration::{self as requests, StepChange},
    };
    use ra_domain::registration::{
        RequestState,
        enrolment::{EMAIL_CODE_MINUTES, LinkState, otpauth_url},
    };
    use serde_json::json;
    use totp_rs::{Algorithm, Secret, TOTP};

    use super::super::{
        EnrolmentView, SecretView, emails,
        guesses::{audited, claim, link, problem, usable, wrong},
    };
    use crate::{
        AppError,
        api::{
            secrets::{SecretBox, new_code, token_hash},
            settings,
        },
        auth,
    };

    fn secret_box() -> Result<SecretBox, AppError> {
        leptos::prelude::use_context::<SecretBox>().ok_or_else(|| {
            tracing::error!("TOTP key missing from server-function context");
            AppError::Internal
        })
    }

    /// A TOTP as Microsoft Authenticator computes it: SHA-1, 6 digits, 30 s, ±1 step.
    fn build_totp(secret: Vec<u8>) -> TOTP {
        TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, secret)
    }

    pub async fn open(token: &str) -> Result<EnrolmentView, AppError> {
        let db = auth::db()?;
        let (l, r) = link(&db, token).await?;
        Ok(EnrolmentView {
            person_name: r.person_name,
            problem: problem(&l, Utc::now()).map(|p| p.message().to_owned()),
            code_sent: l.email_code_hash.is_some(),
        })
    }

    pub async fn send_code(token: &str) -> Result<(), AppError> {
        let db = auth::db()?;
        let (l, r) = link(&db, token).await?;
        usable(&l)?;
        let code = new_code();
        let now = Utc::now();
        let mut tx = db.begin().await?;
        let expires = now + Duration::minutes(EMAIL_CODE_MINUTES);
        repo::set_email_code(&mut tx, l.id, &token_hash(&code), expires).await?;
        emails::security_code(&r, &code).enqueue(&mut tx).await?;
        let details = json!({
            "summary": format!("A security code was emailed to {}", r.email),
            "to": r.email,
            "expires_at": expires,
        });
        audited(&mut tx, &r, "enrolment.code_sent", details, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn confirm_code(token: &str, code: &str) -> Result<SecretView, AppError> {
        let db = auth::db()?;
        let (l, r) = link(&db, token).await?;
        usable(&l)?;
        let fresh = l.email_code_expires_at.is_some_and(|t| t > Utc::now());
        if !fresh {
            return Err(AppError::field(
                "code",
                "The code has expired or was not sent. Ask for a new code.",
            ));
        }
        let mut tx = db.begin().await?;
        let attempt = claim(&mut tx, &l).await?;
        if l.email_code_hash.as_deref() != Some(token_hash(code.trim()).as_str()) {
            return Err(wrong(tx, &r, attempt, "code").await?);
        }
        repo::give_back_attempt(&mut tx, l.id).await?;
        // A new secret each time the emailed code is confirmed: it is shown only now.
        let raw: Vec<u8> = {
            use rand::RngCore;
            let mut b = vec![0u8; 20];
            rand::thread_rng().fill_bytes(&mut b);
            b
        };
        let encoded = match Secret::Raw(raw.clone()).to_encoded() {
            Secret::Encoded(s) => s,
            Secret::Raw(_) => return Err(AppError::Internal),
        };
        repo::set_secret(&mut tx, l.id, &secret_box()?.seal(&raw)).await?;
        let now = Utc::now();
        let confirmed = json!({ "summary": "The emailed security code was confirmed" });
        audited(&mut tx, &r, "enrolment.code_confirmed", confirmed, now).await?;
        let issued = json!({
            "summary": "A new authenticator secret was issued and shown once (it is not recorded here)",
        });
        audited(&mut tx, &r, "enrolment.secret_issued", issued, now).await?;
        let url = otpauth_url(&r.email, &encoded);
        let qr = qrcode::QrCode::new(url.as_bytes()).map_err(|e| {
            tracing::error!(error = %e, "QR code could not be made");
            AppError::Internal
        })?;
        tx.commit().await?;
        let qr_svg = qr
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build();
        Ok(SecretView {
            qr_svg,
            secret: encoded,
            account: r.email,
        })
    }

    pub async fn finish(token: &str, code: &str) -> Result<(), AppError> {
        let db = auth::db()?;
        let (l, r) = link(&db, token).await?;
        usable(&l)?;
        let Some(sealed) = &l.secret_enc else {
            return Err(AppError::Conflict(
                "Confirm the emailed code first, then scan the QR code.".into(),
            ));
        };
        let raw = secret_box()?.open(sealed).ok_or_else(|| {
            tracing::error!(link = %l.id, "stored TOTP secret cannot be opened with the configured key");
            AppError::Internal
        })?;
        let now = Utc::now();
        let code = code.trim().replace(' ', "");
        let mut tx = db.begin().await?;
        let attempt = claim(&mut tx, &l).await?;
        let right = code.len() == 6
            && code.bytes().all(|b| b.is_ascii_digit())
            && build_totp(raw).check(&code, now.timestamp().max(0) as u64);
        if !right {
            return Err(wrong(tx, &r, attempt, "code from the app").await?);
        }
        repo::give_back_attempt(&mut tx, l.id).await?;
        let from = r.state;
        if from != RequestState::LinkSent || !repo::mark_used(&mut tx, l.id, now).await? {
            return Err(AppError::Conflict(LinkState::Used.message().into()));
        }
        let device = repo::insert_device(&mut tx, r.id, &r.email, now).await?;
        let moved = requests::change_state(
            &mut tx,
            r.id,
            from,
            RequestState::Enrolled,
            &StepChange::default(),
            now,
        )
        .await?;
        if !moved {
            return Err(AppError::Conflict(LinkState::Used.message().into()));
        }
        let details = json!({
            "summary": format!("{} registered Microsoft Authenticator", r.person_name),
            "from": from.as_str(),
            "to": "enrolled",
            "device": device.to_string(),
            "by": r.person_name,
        });
        audited(&mut tx, &r, "registration.enrol", details, now).await?;
        if let Some(mail) = emails::enrolled(&settings().public_url, &r) {
            mail.enqueue(&mut tx).await?;
        }
        tx.commit().await?;
        tracing::info!(request = %r.id, "device enrolled");
        Ok(())
    }
}
