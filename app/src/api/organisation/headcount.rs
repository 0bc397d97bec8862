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
    // The UK's date: never behind UTC's, at most an hour ahead (BST), so "today" may be
    // up to an hour early in winter rather than refusing today's date in summer.
    let uk_today = (chrono::Utc::now() + chrono::Duration::hours(1)).date_naive();
    let given = parse_headcount(&headcount, as_of, uk_today).map_err(AppError::Invalid)?;
    service::record(&db, &steward, given).await
}

#[cfg(feature = "ssr")]
mod service {
    use chrono::Utc;
    use ra_db::{
        Db,
        repo::{
            audit::{self, AuditEvent, Subject},
            organisations,
        },
    };
    use ra_domain::{Steward, organisation::GivenHeadcount};
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
        let was = before
            .headcount
            .map(|staff| json!({ "staff": staff, "as_of": before.headcount_as_of }));
        audit::record(
            &mut tx,
            AuditEvent {
                actor: Some(steward.person_id()),
                action: "organisation.headcount_set",
                subject_type: Subject::Organisation,
                subject_id: Some(&code),
                details: json!({
                    "summary": format!("Headcount of {code}: {} staff on {}", given.staff, given.as_of),
                    "before": was,
                    "after": { "staff": given.staff, "as_of": given.as_of },
                    "given_as": steward.giver().as_str(),
                }),
                occurred_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        let org = organisations::find_by_code(db, steward.org_code())
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(org.into())
    }
}
