//! People and their sessions for tests: principals of each kind signed in, a manager
//! approved for email-link sign-in, a pending access, an enrolment link.

use chrono::Utc;
use ra_db::repo::{manager_access, organisations, people};
use ra_domain::{
    PersonId, RequestId,
    manager_access::{AccessStatus, EMAIL_LINK_ISSUER},
    registration::RequestState,
};

use super::{ORG_E, Who, home_domain, ods, unique};
use crate::{Browser, TestPortal};

impl TestPortal {
    /// A request at `org` whose enrolment link is out, and the link's token.
    pub async fn enrolment_link(&self, org: &str) -> (RequestId, String) {
        let id = self.request(org).at(RequestState::LinkSent).create().await;
        let token = unique("enrol");
        let now = Utc::now();
        let mut tx = self.db().begin().await.unwrap();
        ra_db::repo::enrolment::insert_link(
            &mut tx,
            id,
            &app::api::secrets::token_hash(&token),
            now,
            ra_domain::registration::enrolment::link_expiry(now),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        (id, token)
    }

    /// Sets the enrolment link's emailed code to `code`, as if it had just been sent.
    pub async fn set_email_code(&self, token: &str, code: &str) {
        let db = self.db();
        let hash = app::api::secrets::token_hash;
        let link = ra_db::repo::enrolment::find_by_token_hash(db, &hash(token))
            .await
            .unwrap()
            .expect("the link exists");
        let expires = Utc::now() + chrono::Duration::minutes(5);
        let mut tx = db.begin().await.unwrap();
        ra_db::repo::enrolment::set_email_code(&mut tx, link.id, &hash(code), expires)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }

    /// A manager's access to `org`, waiting for an RA officer.
    pub async fn pending_access(&self, org: &str) -> ra_domain::AccessId {
        let email = format!("{}@oaklodge-care.org.uk", unique("asker"));
        let now = Utc::now();
        let mut tx = self.db().begin().await.unwrap();
        let person = people::upsert_on_sign_in(
            &mut tx,
            &people::SignedInPerson {
                issuer: EMAIL_LINK_ISSUER,
                subject: &email,
                display_name: "Bea Asker",
                email: Some(&email),
            },
            now,
        )
        .await
        .unwrap();
        let link = manager_access::LinkRow {
            email,
            full_name: "Bea Asker".into(),
            ods_code: ods(org),
        };
        let id = manager_access::insert_pending(&mut tx, person, &link, now)
            .await
            .unwrap()
            .expect("a new access");
        tx.commit().await.unwrap();
        id
    }

    /// Gives the person signed in as `display_name` an email address no other test uses
    /// (the sandbox's demo users share theirs across parallel tests), and returns it.
    pub async fn give_email(&self, display_name: &str) -> String {
        let email = format!("{}@meadowbank-care.org.uk", unique("requester"));
        ra_db::on_pool!(self.db(), |p| sqlx::query(
            "UPDATE people SET email = $1 WHERE display_name = $2"
        )
        .bind(&email)
        .bind(display_name)
        .execute(p)
        .await
        .map(|_| ()))
        .unwrap();
        email
    }

    /// A person known to the portal (not signed in), e.g. who raised a request.
    pub async fn person(&self, name: &str) -> PersonId {
        let mut tx = self.db().begin().await.unwrap();
        let subject = unique("builder");
        let id = people::upsert_on_sign_in(
            &mut tx,
            &people::SignedInPerson {
                issuer: "https://test.invalid",
                subject: &subject,
                display_name: name,
                email: Some(&format!("{subject}@meadowbank-care.org.uk")),
            },
            Utc::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    }

    /// A browser signed in as `who` (anonymous: not signed in).
    pub async fn principal(&self, who: Who) -> Browser {
        match who {
            Who::Anonymous => self.browser(),
            Who::NoRole => self.signed_in("no.roles").await,
            Who::RaManager => self.signed_in("ra.manager").await,
            Who::RaAgent => self.signed_in("ra.agent").await,
            Who::ManagerOwn | Who::ManagerOther => self.signed_in("manager.meadowbank").await,
            Who::EmailLink => self.email_link_manager(ORG_E, home_domain(ORG_E)).await,
            Who::Auditor => self.signed_in("auditor").await,
        }
    }

    /// A manager of `org` without a CIS2 identity, approved by an RA officer and signed in
    /// by spending a one-time link at `POST /auth/email-link`, as the emailed page does.
    pub async fn email_link_manager(&self, org: &str, domain: &str) -> Browser {
        let db = self.db();
        let code = ods(org);
        let email = format!("{}@{domain}", unique("manager"));
        self.ensure_allowed(domain, org).await;
        let officer = self.person("RA approver").await;
        let token = unique("link");
        let now = Utc::now();
        let mut tx = db.begin().await.unwrap();
        organisations::upsert(&mut tx, &code, "Oak Lodge Care Home", None, now)
            .await
            .unwrap();
        let person = people::upsert_on_sign_in(
            &mut tx,
            &people::SignedInPerson {
                issuer: EMAIL_LINK_ISSUER,
                subject: &email,
                display_name: "Ada Obi",
                email: Some(&email),
            },
            now,
        )
        .await
        .unwrap();
        let link = manager_access::LinkRow {
            email: email.clone(),
            full_name: "Ada Obi".into(),
            ods_code: code.clone(),
        };
        let access = manager_access::insert_pending(&mut tx, person, &link, now)
            .await
            .unwrap()
            .expect("a new access");
        manager_access::decide(
            &mut tx,
            access,
            AccessStatus::Pending,
            AccessStatus::Approved,
            officer,
            None,
            now,
        )
        .await
        .unwrap();
        manager_access::insert_link(
            &mut tx,
            &manager_access::NewLink {
                token_hash: &app::api::secrets::token_hash(&token),
                email: &email,
                full_name: "Ada Obi",
                ods_code: &code,
                created_at: now,
                expires_at: now + chrono::Duration::minutes(15),
            },
            i64::MAX,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let b = self.browser();
        let page = match b
            .post_form(&self.url("/auth/email-link"), &[("token", &token)], false)
            .await
        {
            crate::Hop::Page(p) => p,
            crate::Hop::Callback(_) => unreachable!("no CIS2 here"),
        };
        assert_eq!(page.path(), "/organisation", "{}", page.body);
        b
    }
}
