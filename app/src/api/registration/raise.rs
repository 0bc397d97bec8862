//! A manager asks for one person's registration.

use leptos::prelude::*;

use crate::AppError;

#[server(endpoint = "registration/raise")]
pub async fn raise_request(
    full_name: String,
    email: String,
    job_role: String,
    ods_code: String,
    phone: String,
    phone_kind: Option<String>,
) -> Result<String, AppError> {
    use ra_domain::registration::{RequestForm, validate_request};
    let me = crate::auth::admit::<RaiseRequest>()?;
    let form = RequestForm {
        full_name,
        email,
        job_role,
        ods_code,
        phone,
        phone_kind: phone_kind.unwrap_or_default(),
    };
    let valid = validate_request(&form)?;
    server::raise(&me, valid).await
}

#[cfg(feature = "ssr")]
mod server {
    use chrono::Utc;
    use ra_db::{
        DbError,
        repo::{audit, registration as repo},
    };
    use ra_domain::{
        Principal, SignInMethod,
        registration::{RequestSource, ValidRequest},
    };

    use super::super::{
        emails,
        rows::{self, SUBJECT},
    };
    use crate::{
        AppError,
        api::{allow_list, scope, settings},
        auth,
    };

    /// The queue's source for what `me` raises: `single` from a CIS2 sponsor, and
    /// `self_service` from a manager signed in by email link (lower assurance).
    pub fn source_of(me: &Principal, cis2: RequestSource) -> RequestSource {
        match me.signed_in_with {
            SignInMethod::Cis2 => cis2,
            SignInMethod::EmailLink => RequestSource::SelfService,
        }
    }

    pub async fn raise(me: &Principal, r: ValidRequest) -> Result<String, AppError> {
        let db = auth::db()?;
        let scope = scope::of_manager(&db, &me.manager()?).await?;
        let manager = scope.manager_of(&r.ods_code).ok_or_else(|| {
            AppError::Forbidden(
                "You can only request registrations for your own organisations and their sites."
                    .into(),
            )
        })?;
        // The email's domain must be active on the allow list: the form says so as the
        // manager types, and this is the check that counts.
        let outcome = allow_list::check(&db, &r.email).await?;
        if !outcome.is_allowed() {
            return Err(AppError::field("email", outcome.explain()));
        }
        let source = source_of(me, RequestSource::Single);
        let now = Utc::now();
        let mut tx = db.begin().await?;
        let id = match repo::insert(&mut tx, &r, source, manager.person_id(), now).await {
            Ok(id) => id,
            Err(DbError::Duplicate(_)) => {
                return Err(AppError::field(
                    "email",
                    format!("{} already has an open registration request", r.email),
                ));
            }
            Err(e) => return Err(e.into()),
        };
        audit::record(
            &mut tx,
            audit::AuditEvent {
                actor: Some(manager.person_id()),
                action: "registration.submitted",
                subject_type: SUBJECT,
                subject_id: Some(&id.to_string()),
                subject_org: Some(r.ods_code.as_str()),
                details: rows::submitted(&r, source, None),
                occurred_at: now,
            },
        )
        .await?;
        let s = settings();
        emails::arrived(&s.ra_team_email, &s.public_url, &me.display_name, &r, id)
            .enqueue(&mut tx)
            .await?;
        tx.commit().await?;
        tracing::info!(request = %id, "registration request submitted");
        Ok(id.to_string())
    }
}

#[cfg(feature = "ssr")]
pub(super) use server::source_of;
