//! Organisations made through the repositories: a group or a site, with an ODS code or
//! the next portal-local code, as an RA officer would record it.

use chrono::Utc;
use ra_db::repo::organisations::{self, NewOrg};
use ra_domain::{OdsCode, OrgId, organisation::OrgKind};

use super::ods;
use crate::TestPortal;

pub struct OrgBuilder<'a> {
    portal: &'a TestPortal,
    name: String,
    code: Option<String>,
    group: Option<String>,
    kind: OrgKind,
}

impl OrgBuilder<'_> {
    /// An ODS code; without one it gets the next portal-local code.
    pub fn code(mut self, code: &str) -> Self {
        self.code = Some(code.to_owned());
        self
    }

    /// A site of the group `group` (a code).
    pub fn under(mut self, group: &str) -> Self {
        self.group = Some(group.to_owned());
        self.kind = OrgKind::CareHomeSite;
        self
    }

    /// Its code.
    pub async fn create(self) -> OdsCode {
        let db = self.portal.db();
        let parent_id = match &self.group {
            Some(g) => Some(
                organisations::find_by_code(db, &ods(g))
                    .await
                    .unwrap()
                    .expect("the group is in the portal")
                    .id,
            ),
            None => None,
        };
        let now = Utc::now();
        let mut tx = db.begin().await.unwrap();
        let code = match &self.code {
            Some(c) => ods(c),
            None => organisations::take_local_code(&mut tx).await.unwrap(),
        };
        let row = NewOrg {
            id: OrgId::new(),
            code: &code,
            name: &self.name,
            kind: self.kind,
            country: None,
            region: None,
            parent_id,
            headcount: None,
        };
        organisations::insert_many(&mut tx, &[row], now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        code
    }
}

impl TestPortal {
    /// A group (a care provider) named `name`; `.under(group)` makes it a site instead.
    pub fn organisation(&self, name: &str) -> OrgBuilder<'_> {
        OrgBuilder {
            portal: self,
            name: name.to_owned(),
            code: None,
            group: None,
            kind: OrgKind::CareProvider,
        }
    }
}
