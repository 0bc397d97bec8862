//! Test data made through the portal's own repositories, not copied SQL: an allow-listed
//! domain, a request at a given stage, a manager approved for email-link sign-in, and a
//! signed-in principal of each kind.
//!
//! ```ignore
//! let entry = portal.entry("meadowbank-care.org.uk").ods("VMB01").create().await;
//! let request = portal.request(ORG_A).at(RequestState::Approved).create().await;
//! let tom = portal.principal(Who::ManagerOwn).await;
//! ```

use chrono::Utc;
use ra_db::repo::{
    allow_list,
    registration::{self as requests, StepChange},
};
use ra_domain::{
    EntryId, OdsCode, PersonId, RequestId,
    allow_list::{DomainName, EntrySource, EntryStatus},
    registration::{PhoneKind, RequestSource, RequestState, ValidRequest},
};

use crate::TestPortal;

mod organisations;
mod sessions;

pub use organisations::OrgBuilder;

/// Organisation A: Meadowbank Care Home, which Tom Bell (`manager.meadowbank`) manages.
pub const ORG_A: &str = "VMB01";
/// Organisation B: a site of the Canterbury group, which Tom does not manage.
pub const ORG_B: &str = "VNC11";
/// The email-link manager's organisation, made by [`TestPortal::email_link_manager`].
pub const ORG_E: &str = "VOK01";
/// The RA team's own organisation, Northshire ICB.
pub const ORG_ICB: &str = "RX1";

/// Every organisation above.
pub const ORGS: [&str; 4] = [ORG_A, ORG_B, ORG_E, ORG_ICB];

/// The kinds of principal every right is tested against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    /// Signed in through CIS2 with no portal role (Chris Doe).
    NoRole,
    RaManager,
    RaAgent,
    /// Tom Bell acting on his own organisation (A).
    ManagerOwn,
    /// Tom Bell acting on an organisation he does not manage (B).
    ManagerOther,
    /// A manager approved for organisation E, signed in by email link.
    EmailLink,
    Auditor,
}

impl Who {
    pub const ALL: [Who; 8] = [
        Who::Anonymous,
        Who::NoRole,
        Who::RaManager,
        Who::RaAgent,
        Who::ManagerOwn,
        Who::ManagerOther,
        Who::EmailLink,
        Who::Auditor,
    ];

    /// The organisation this principal's calls concern: their own, except for a manager
    /// acting on another. (Rachel, the RA manager, is also a sponsor of her ICB: CIS2
    /// gives RA managers the B1300 activity.)
    pub fn target(self) -> &'static str {
        match self {
            Who::ManagerOther => ORG_B,
            Who::EmailLink => ORG_E,
            Who::RaManager => ORG_ICB,
            _ => ORG_A,
        }
    }
}

/// The email domain staff of each test organisation use (allow-listed by the builders).
pub fn home_domain(org: &str) -> &'static str {
    match org {
        ORG_B => "canterbury-care.org.uk",
        ORG_E => "oaklodge-care.org.uk",
        ORG_ICB => "northshire-icb.nhs.uk",
        _ => "meadowbank-care.org.uk",
    }
}

pub fn ods(code: &str) -> OdsCode {
    OdsCode::parse(code).expect("test ODS code")
}

/// A name no other test uses, for emails and domains.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}

pub struct EntryBuilder<'a> {
    portal: &'a TestPortal,
    domain: String,
    ods: String,
    status: EntryStatus,
    covers_subdomains: bool,
    by: Option<PersonId>,
}

impl EntryBuilder<'_> {
    pub fn ods(mut self, code: &str) -> Self {
        self.ods = code.to_owned();
        self
    }

    pub fn status(mut self, status: EntryStatus) -> Self {
        self.status = status;
        self
    }

    pub fn covering_subdomains(mut self) -> Self {
        self.covers_subdomains = true;
        self
    }

    pub fn by(mut self, person: PersonId) -> Self {
        self.by = Some(person);
        self
    }

    pub async fn create(self) -> EntryId {
        let db = self.portal.db();
        let by = match self.by {
            Some(p) => p,
            None => self.portal.person("RA builder").await,
        };
        let id = EntryId::new();
        let domain = DomainName::parse(&self.domain).expect("test domain");
        let code = ods(&self.ods);
        let mut tx = db.begin().await.unwrap();
        allow_list::insert(
            &mut tx,
            &[allow_list::NewEntryRow {
                id,
                domain: &domain,
                covers_subdomains: self.covers_subdomains,
                ods_code: &code,
                status: self.status,
                source: EntrySource::Direct,
                reason: "made by a test",
                evidence_url: None,
                created_by: by,
                now: Utc::now(),
            }],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    }
}

pub struct RequestBuilder<'a> {
    portal: &'a TestPortal,
    org: String,
    email: Option<String>,
    state: RequestState,
    by: Option<PersonId>,
    at: Option<chrono::DateTime<Utc>>,
}

/// The lifecycle's main road, each state with the one before it.
const ROAD: [(RequestState, RequestState); 6] = [
    (RequestState::Submitted, RequestState::InReview),
    (RequestState::InReview, RequestState::Approved),
    (RequestState::Approved, RequestState::MeetingBooked),
    (RequestState::MeetingBooked, RequestState::IdentityVerified),
    (RequestState::IdentityVerified, RequestState::LinkSent),
    (RequestState::LinkSent, RequestState::Enrolled),
];

impl RequestBuilder<'_> {
    pub fn email(mut self, email: &str) -> Self {
        self.email = Some(email.to_owned());
        self
    }

    /// A stage on the main road (submitted … enrolled).
    pub fn at(mut self, state: RequestState) -> Self {
        self.state = state;
        self
    }

    pub fn by(mut self, person: PersonId) -> Self {
        self.by = Some(person);
        self
    }

    /// Raised (and walked to its stage) at `at` rather than now.
    pub fn raised_at(mut self, at: chrono::DateTime<Utc>) -> Self {
        self.at = Some(at);
        self
    }

    /// The request, with its domain put on the allow list if it is not there yet.
    pub async fn create(self) -> RequestId {
        let email = self
            .email
            .unwrap_or_else(|| format!("{}@{}", unique("carer"), home_domain(&self.org)));
        let domain = email.rsplit('@').next().unwrap_or_default().to_owned();
        self.portal.ensure_allowed(&domain, &self.org).await;
        let by = match self.by {
            Some(p) => p,
            None => self.portal.person("Requester builder").await,
        };
        let valid = ValidRequest {
            full_name: "Amira Khan".into(),
            email: email.clone(),
            domain: DomainName::parse(&domain).expect("test domain"),
            job_role: "Senior carer".into(),
            ods_code: ods(&self.org),
            phone: "07700900123".into(),
            phone_kind: PhoneKind::Personal,
        };
        let db = self.portal.db();
        let now = self.at.unwrap_or_else(Utc::now);
        let mut tx = db.begin().await.unwrap();
        let id = requests::insert(&mut tx, &valid, RequestSource::Single, by, now)
            .await
            .unwrap();
        for (from, to) in ROAD {
            if from == self.state {
                break;
            }
            let moved = requests::change_state(&mut tx, id, from, to, &StepChange::default(), now)
                .await
                .unwrap();
            assert!(moved, "{from:?} → {to:?}");
            if to == self.state {
                break;
            }
        }
        tx.commit().await.unwrap();
        id
    }
}

impl TestPortal {
    pub fn entry(&self, domain: &str) -> EntryBuilder<'_> {
        EntryBuilder {
            portal: self,
            domain: domain.to_owned(),
            ods: ORG_A.to_owned(),
            status: EntryStatus::Active,
            covers_subdomains: false,
            by: None,
        }
    }

    pub fn request(&self, org: &str) -> RequestBuilder<'_> {
        RequestBuilder {
            portal: self,
            org: org.to_owned(),
            email: None,
            state: RequestState::Submitted,
            by: None,
            at: None,
        }
    }

    /// Puts `domain` on the allow list as active for `org`, unless it is listed already.
    pub async fn ensure_allowed(&self, domain: &str, org: &str) {
        let listed = allow_list::live_for(self.db(), &[domain]).await.unwrap();
        if listed.is_empty() {
            self.entry(domain).ods(org).create().await;
        }
    }
}
