//! Every action of the portal, as a table: each row is real work through the real portal
//! (server functions, uploads, exports, sign-in and sign-out at the sandbox CIS2,
//! back-channel logout, housekeeping) and the exact entries it must leave in the trail,
//! in order — action, subject, who acted and as what, the subject's organisation, the
//! key details, and where the entry came from (a request's id and address, or none for
//! housekeeping). The rows follow one another on one portal, so together they account
//! for every entry of its chain; and together they must make every action the trail
//! lists (`ra_domain::audit::actions::ACTIONS`): a new action without a row fails here.

use std::{collections::BTreeSet, future::Future, pin::Pin};

use ra_db::repo::audit::search::Entry;
use ra_portal_tests::Browser;
use serde_json::{Value, json};

use super::*;

mod allow_list;
mod enrolment;
mod managers;
mod organisations;
mod requests;
mod sessions;

/// Who an entry names as its actor: their name, and the roles they acted in (none when
/// they were not signed in, e.g. someone signing in or spending an email link).
#[derive(Debug, Clone, Copy)]
struct Person {
    name: &'static str,
    role: Option<&'static str>,
}

const RACHEL: Person = Person {
    name: "Rachel Adeyemi",
    role: Some("RA manager at RX1; Organisation manager at RX1"),
};
const SAM: Person = Person {
    name: "Sam Okafor",
    role: Some("RA agent at RX1"),
};
const TOM: Person = Person {
    name: "Tom Bell",
    role: Some("Organisation manager at VMB01"),
};
const GRACE: Person = Person {
    name: "Grace Lin",
    role: Some("Auditor at Y99"),
};

/// One entry a row must leave.
struct Expect {
    action: &'static str,
    subject: &'static str,
    /// Checked when the row knows it (a request's id, an entry's, an ODS code).
    id: Option<String>,
    actor: Option<Person>,
    org: Option<String>,
    /// Each key given must be in the entry's details with this value.
    details: Value,
    /// Made by a request (it has the request's id and the client's address); otherwise
    /// by housekeeping or start-up, with neither.
    by_request: bool,
}

fn expect(action: &'static str, subject: &'static str) -> Expect {
    Expect {
        action,
        subject,
        id: None,
        actor: None,
        org: None,
        details: json!({}),
        by_request: true,
    }
}

impl Expect {
    fn by(mut self, p: Person) -> Self {
        self.actor = Some(p);
        self
    }
    fn org(mut self, code: &str) -> Self {
        self.org = Some(code.to_owned());
        self
    }
    fn id(mut self, id: &str) -> Self {
        self.id = Some(id.to_owned());
        self
    }
    /// Adds these keys to what the details must hold.
    fn with(mut self, details: Value) -> Self {
        if let (Value::Object(all), Value::Object(more)) = (&mut self.details, details) {
            all.extend(more);
        }
        self
    }
    fn housekeeping(mut self) -> Self {
        self.by_request = false;
        self
    }
}

/// What the rows share: the portal, its people's browsers, and what earlier rows left.
struct Ctx {
    portal: TestPortal,
    rachel: Browser,
    sam: Browser,
    tom: Browser,
    grace: Browser,
    /// Every entry of the chain so far, oldest first.
    seen: Vec<Entry>,
    /// Requests closed along the way: retention redacts their entries at the end.
    closed: Vec<String>,
    /// Ids a row keeps for the rows after it, by name.
    kept: std::collections::HashMap<&'static str, String>,
}

impl Ctx {
    fn keep(&mut self, name: &'static str, value: &str) {
        self.kept.insert(name, value.to_owned());
    }

    fn kept(&self, name: &str) -> String {
        self.kept
            .get(name)
            .unwrap_or_else(|| panic!("no row before kept {name}"))
            .clone()
    }
}

type Run<'a> = Pin<Box<dyn Future<Output = Vec<Expect>> + 'a>>;
type Scenario = fn(&mut Ctx) -> Run<'_>;

/// `(name, row)` for each `module::row` named.
macro_rules! table {
    ($($m:ident :: $f:ident),* $(,)?) => {
        [$((
            concat!(stringify!($m), "::", stringify!($f)),
            {
                fn run(cx: &mut Ctx) -> Run<'_> {
                    Box::pin($m::$f(cx))
                }
                run as Scenario
            },
        )),*]
    };
}

/// In the order they run: each may use what the rows before it made.
const TABLE: [(&str, Scenario); 37] = table![
    organisations::demo_data_at_start,
    sessions::sign_in,
    sessions::sign_in_refused,
    sessions::refused_access,
    allow_list::officer_adds_and_takes_a_domain_through_nhs_england,
    allow_list::suspend_reinstate_remove,
    allow_list::manager_request_accepted,
    allow_list::manager_request_rejected,
    allow_list::csv_import,
    requests::raised_and_verified,
    enrolment::link_sent,
    enrolment::code_sent,
    enrolment::wrong_code,
    enrolment::code_confirmed,
    enrolment::enrolled,
    enrolment::device_removed,
    enrolment::locked_after_five_wrong_codes,
    enrolment::new_link,
    enrolment::link_expires,
    requests::review_stopped_then_rejected,
    requests::cancelled_by_the_requester,
    requests::access_closed,
    requests::staff_csv_upload,
    managers::asks_for_a_link,
    managers::proves_the_email,
    managers::uses_a_link_while_waiting,
    managers::approved_for_a_new_organisation,
    managers::signs_in_by_email_link,
    managers::access_review,
    managers::revoked_and_rejected,
    organisations::headcount,
    organisations::csv_import,
    organisations::recorded_and_moved,
    sessions::exports,
    sessions::sign_out,
    sessions::back_channel_logout,
    requests::retention,
];

both!(
    every_action_leaves_exactly_its_entries,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let mut cx = Ctx {
            rachel: portal.browser(),
            sam: portal.browser(),
            tom: portal.browser(),
            grace: portal.browser(),
            portal,
            seen: Vec::new(),
            closed: Vec::new(),
            kept: Default::default(),
        };
        // The chain before the portal started: the first row is its start.
        let mut at = 0;
        for (name, run) in TABLE {
            let expected = run(&mut cx).await;
            let entries = entries_after(&cx.portal, at).await;
            check(name, &expected, &entries);
            at = entries.last().map_or(at, |e| e.position);
            cx.seen.extend(entries);
        }
        assert_eq!(head(&cx.portal).await, at, "every entry is in a row");
        let made: BTreeSet<&str> = cx.seen.iter().map(|e| e.action.as_str()).collect();
        let listed: BTreeSet<&str> = ra_domain::audit::actions::ACTIONS
            .iter()
            .map(|a| a.name)
            .collect();
        let unmade: Vec<_> = listed.difference(&made).collect();
        assert!(
            unmade.is_empty(),
            "listed, but no row makes them: {unmade:?}"
        );
        let unlisted: Vec<_> = made.difference(&listed).collect();
        assert!(unlisted.is_empty(), "made, but not listed: {unlisted:?}");
        let report = verify(&cx.portal).await;
        assert!(report.verified, "{}", report.message);
    }
);

fn check(row: &str, expected: &[Expect], got: &[Entry]) {
    let want: Vec<&str> = expected.iter().map(|e| e.action).collect();
    let have: Vec<&str> = got.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(have, want, "{row}: the actions recorded, in order");
    for (i, (e, g)) in expected.iter().zip(got).enumerate() {
        let at = format!("{row}, entry {} ({})", i + 1, e.action);
        assert_eq!(g.subject_type, e.subject, "{at}: subject");
        if let Some(id) = &e.id {
            assert_eq!(g.subject_id.as_ref(), Some(id), "{at}: subject id");
        }
        assert_eq!(
            g.actor_name.as_deref(),
            e.actor.map(|p| p.name),
            "{at}: actor"
        );
        assert_eq!(
            g.actor_role.as_deref(),
            e.actor.and_then(|p| p.role),
            "{at}: the roles they acted in"
        );
        assert_eq!(g.subject_org, e.org, "{at}: organisation");
        assert!(
            contains(&g.details.0, &e.details),
            "{at}: details {} do not hold {}",
            g.details.0,
            e.details
        );
        if e.by_request {
            assert!(g.request_id.is_some(), "{at}: no request id");
            assert_eq!(g.client_addr.as_deref(), Some("127.0.0.1"), "{at}");
        } else {
            assert_eq!((&g.request_id, &g.client_addr), (&None, &None), "{at}");
        }
    }
}

/// Does `actual` hold everything `expected` says (objects key by key, anything else
/// equal)?
fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|got| contains(got, v))),
        _ => actual == expected,
    }
}

/// A step by `p` that moves allow-list entry or request `id`, at Meadowbank, `from>to`.
fn stepped(action: &'static str, p: Person, id: &str, moved: &str) -> Expect {
    let subject = match action.split_once('.') {
        Some(("allow_list", _)) => "allow_list_entry",
        _ => "registration_request",
    };
    let (from, to) = moved.split_once('>').expect("from>to");
    expect(action, subject)
        .id(id)
        .by(p)
        .org("VMB01")
        .with(json!({ "from": from, "to": to }))
}

/// A Meadowbank address no other test uses.
fn meadowbank_email(name: &str) -> String {
    format!(
        "{name}.{}@meadowbank-care.org.uk",
        uuid::Uuid::new_v4().simple()
    )
}
