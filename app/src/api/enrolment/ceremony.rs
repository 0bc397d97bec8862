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
    use ra_db::{
        Db,
        repo::{
            audit::{self, Subject},
            enrolment::{self as repo, LinkRow},
            registration::{self as requests, RequestRow, StepChange},
        },
    };
    use ra_domain::registration::{
        RequestState,
        enrolment::{
            EMAIL_CODE_MINUTES, LinkFacts, LinkState, MAX_WRONG_CODES, link_state, otpauth_url,
        },
    };
    use serde_json::json;
    use totp_rs::{Algorithm, Secret, TOTP};

    use super::super::{EnrolmentView, SecretView, emails};
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

    fn facts(l: &LinkRow) -> LinkFacts {
        LinkFacts {
            expires_at: l.expires_at,
            used_at: l.used_at,
            replaced_at: l.replaced_at,
            wrong_codes: l.wrong_codes,
        }
    }

    /// The link and its request, or one neutral "not found" for any unknown token.
    async fn link(db: &Db, token: &str) -> Result<(LinkRow, RequestRow), AppError> {
        let not_found = || {
            AppError::Validation(
                "This link is not valid. Check you used the whole link from the email.".into(),
            )
        };
        let l = repo::find_by_token_hash(db, &token_hash(token.trim()))
            .await?
            .ok_or_else(not_found)?;
        let r = requests::find(db, l.request_id)
            .await?
            .ok_or_else(not_found)?;
        Ok((l, r))
    }

    fn usable(l: &LinkRow) -> Result<(), AppError> {
        match link_state(&facts(l), Utc::now()) {
            LinkState::Usable => Ok(()),
            other => Err(AppError::Conflict(other.message().into())),
        }
    }

    /// A TOTP as Microsoft Authenticator computes it: SHA-1, 6 digits, 30 s, ±1 step.
    fn build_totp(secret: Vec<u8>) -> TOTP {
        TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, secret)
    }

    pub async fn open(token: &str) -> Result<EnrolmentView, AppError> {
        let db = auth::db()?;
        let (l, r) = link(&db, token).await?;
        let problem = match link_state(&facts(&l), Utc::now()) {
            LinkState::Usable => None,
            other => Some(other.message().to_owned()),
        };
        Ok(EnrolmentView {
            person_name: r.person_name,
            problem,
            code_sent: l.email_code_hash.is_some(),
        })
    }

    pub async fn send_code(token: &str) -> Result<(), AppError> {
        let db = auth::db()?;
        let (l, r) = link(&db, token).await?;
        usable(&l)?;
        let code = new_code();
        repo::set_email_code(
            &db,
            l.id,
            &token_hash(&code),
            Utc::now() + Duration::minutes(EMAIL_CODE_MINUTES),
        )
        .await?;
        let mut tx = db.begin().await?;
        emails::security_code(&r, &code).enqueue(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Claims one of the link's attempts before a code is judged; refused once they are
    /// used up (however many guesses arrive at once, at most MAX_WRONG_CODES are judged).
    async fn claim_attempt(db: &Db, l: &LinkRow) -> Result<i32, AppError> {
        repo::claim_attempt(db, l.id, MAX_WRONG_CODES)
            .await?
            .ok_or_else(|| AppError::Conflict(LinkState::Locked.message().into()))
    }

    /// The answer to the `n`th wrong code.
    fn wrong_code(n: i32, what: &str) -> AppError {
        let left = MAX_WRONG_CODES - n;
        if left <= 0 {
            AppError::Conflict(LinkState::Locked.message().into())
        } else {
            AppError::field(
                "code",
                format!(
                    "That {what} is not right. You can try {left} more time{}.",
                    if left == 1 { "" } else { "s" }
                ),
            )
        }
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
        let attempt = claim_attempt(&db, &l).await?;
        if l.email_code_hash.as_deref() != Some(token_hash(code.trim()).as_str()) {
            return Err(wrong_code(attempt, "code"));
        }
        repo::give_back_attempt(&db, l.id).await?;
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
        repo::set_secret(&db, l.id, &secret_box()?.seal(&raw)).await?;
        let url = otpauth_url(&r.email, &encoded);
        let qr = qrcode::QrCode::new(url.as_bytes()).map_err(|e| {
            tracing::error!(error = %e, "QR code could not be made");
            AppError::Internal
        })?;
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
        let attempt = claim_attempt(&db, &l).await?;
        let right = code.len() == 6
            && code.bytes().all(|b| b.is_ascii_digit())
            && build_totp(raw).check(&code, now.timestamp().max(0) as u64);
        if !right {
            return Err(wrong_code(attempt, "code from the app"));
        }
        repo::give_back_attempt(&db, l.id).await?;
        let from = r.state;
        if from != RequestState::LinkSent {
            return Err(AppError::Conflict(LinkState::Used.message().into()));
        }
        let mut tx = db.begin().await?;
        if !repo::mark_used(&mut tx, l.id, now).await? {
            return Err(AppError::Conflict(LinkState::Used.message().into()));
        }
        let device = repo::insert_device(&mut tx, r.id, &r.email, now).await?;
        if !requests::change_state(
            &mut tx,
            r.id,
            from,
            RequestState::Enrolled,
            &StepChange::default(),
            now,
        )
        .await?
        {
            return Err(AppError::Conflict(LinkState::Used.message().into()));
        }
        audit::record(
            &mut tx,
            audit::AuditEvent {
                actor: None,
                action: "registration.enrol",
                subject_type: Subject::RegistrationRequest,
                subject_id: Some(&r.id.to_string()),
                details: json!({
                    "from": from.as_str(),
                    "to": "enrolled",
                    "device": device.to_string(),
                    "by": r.person_name,
                }),
                occurred_at: now,
            },
        )
        .await?;
        if let Some(mail) = emails::enrolled(&settings().public_url, &r) {
            mail.enqueue(&mut tx).await?;
        }
        tx.commit().await?;
        tracing::info!(request = %r.id, "device enrolled");
        Ok(())
    }
}
