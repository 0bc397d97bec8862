//! Giving an organisation's known headcount: RA officers for any organisation, managers
//! for theirs and their sites; every change audited with what it replaced.

use leptos::prelude::*;

use super::OrgRecord;
use crate::AppError;

/// Records `headcount` staff at `ods_code` on the date in the three `as_of_*` boxes.
#[server(endpoint = "organisation/headcount")]
pub async fn set_headcount(
    ods_code: String,
    headcount: String,
    as_of_day: String,
    as_of_month: String,
    as_of_year: String,
) -> Result<OrgRecord, AppError> {
    use ra_domain::{
        OdsCode,
        organisation::{DateParts, parse_headcount},
    };

    use crate::{api::scope, auth};

    let me = auth::admit::<SetHeadcount>()?;
    let code = OdsCode::parse(&ods_code).map_err(|_| AppError::NotFound)?;
    let db = auth::db()?;
    let steward = match me.ra_officer() {
        Ok(officer) => officer.steward_of(&code),
        Err(_) => scope::of_manager(&db, &me.manager()?)
            .await?
            .manager_of(&code)
            .ok_or(AppError::NotFound)?
            .steward(),
    };
    let as_of = DateParts {
        day: &as_of_day,
        month: &as_of_month,
        year: &as_of_year,
    };
    let given = parse_headcount(&headcount, as_of, super::uk_today()).map_err(AppError::Invalid)?;
    service::record(&db, &steward, given).await
}

#[cfg(feature = "ssr")]
pub(super) mod service {
    use chrono::Utc;
    use ra_db::{
        Db,
        repo::{
            audit::{self, AuditEvent, Subject},
            organisations,
        },
    };
    use ra_domain::{
        PersonId, Steward,
        organisation::{GivenHeadcount, HeadcountGiver},
    };
    use serde_json::json;

    use super::OrgRecord;
    use crate::AppError;

    pub async fn record(
        db: &Db,
        steward: &Steward,
        given: GivenHeadcount,
    ) -> Result<OrgRecord, AppError> {
        let now = Utc::now();
        let mut tx = db.begin().await?;
        let before = organisations::set_headcount(&mut tx, steward, given, now)
            .await?
            .ok_or(AppError::NotFound)?;
        let code = steward.org_code().to_string();
        audit::record(
            &mut tx,
            headcount_event(
                steward.person_id(),
                &code,
                before.headcount.zip(before.headcount_as_of),
                given,
                steward.giver(),
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        let org = organisations::find_by_code(db, steward.org_code())
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(org.into())
    }

    /// The audit event of a headcount change, with the one it replaced.
    pub fn headcount_event<'a>(
        actor: PersonId,
        code: &'a str,
        before: Option<(i64, chrono::NaiveDate)>,
        given: GivenHeadcount,
        giver: HeadcountGiver,
        now: chrono::DateTime<Utc>,
    ) -> AuditEvent<'a> {
        AuditEvent {
            actor: Some(actor),
            action: "organisation.headcount_set",
            subject_type: Subject::Organisation,
            subject_id: Some(code),
            subject_org: Some(code),
            details: json!({
                "summary": format!("Headcount of {code}: {} staff on {}", given.staff, given.as_of),
                "before": before.map(|(staff, as_of)| json!({ "staff": staff, "as_of": as_of })),
                "after": { "staff": given.staff, "as_of": given.as_of },
                "given_as": giver.as_str(),
            }),
            occurred_at: now,
        }
    }
}
