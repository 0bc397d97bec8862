use std::collections::{HashMap, HashSet};

use chrono::{TimeZone, Utc};
use ra_domain::organisation::OrgKind;

use super::{Scale, plan::END_STATES, plan::Plan};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0)
        .single()
        .expect("a time")
}

#[test]
fn a_seed_names_one_data_set() {
    let ids = |seed| -> Vec<String> {
        Plan::new(seed, Scale::DEMO, now())
            .units()
            .flat_map(|u| {
                u.requests
                    .into_iter()
                    .map(|r| format!("{} {} {}", r.id.0, r.email, r.state.as_str()))
            })
            .collect()
    };
    assert_eq!(ids(3), ids(3));
    assert_ne!(ids(3), ids(4));
}

#[test]
fn codes_are_unique_ods_shapes_with_parents_written_first() {
    let plan = Plan::new(1, Scale::parse("20%").expect("scale"), now());
    let mut seen = HashSet::new();
    let mut sites_per_provider = Vec::new();
    for unit in plan.units() {
        for o in &unit.orgs {
            if let Some(p) = &o.parent {
                assert!(seen.contains(p), "{} before its parent {p}", o.code);
            }
            assert!(seen.insert(o.code.clone()), "{} twice", o.code);
            let c = o.code.as_str();
            let ok = match o.kind {
                OrgKind::CareHomeSite => c.len() == 5 && c.starts_with('V'),
                OrgKind::CareProvider => c.len() == 5 && c.starts_with('C'),
                OrgKind::GpPractice => c.len() == 6 && c[1..].chars().all(|d| d.is_ascii_digit()),
                OrgKind::Trust => c.len() == 3 && c.starts_with('R'),
                OrgKind::TrustSite => c.len() == 5 && c.starts_with('R'),
                OrgKind::Icb => c.len() == 3 && c.starts_with('Q'),
                _ => false,
            };
            assert!(ok, "{c} is not a {:?} code", o.kind);
            assert!(o.name.ends_with("(synthetic)"), "{}", o.name);
        }
        if unit.orgs[0].kind == OrgKind::CareProvider {
            sites_per_provider.push(unit.orgs.len() - 1);
        }
    }
    let small = sites_per_provider.iter().filter(|n| **n <= 3).count();
    assert!(
        small * 100 / sites_per_provider.len() >= 90,
        "most providers run one to three sites"
    );
    assert!(
        sites_per_provider.iter().any(|n| (20..=200).contains(n)),
        "a long tail of big groups"
    );
    let mean = sites_per_provider.iter().sum::<usize>() as f64 / sites_per_provider.len() as f64;
    assert!(
        (1.45..1.9).contains(&mean),
        "about 31,700 sites for 19,000 providers: {mean}"
    );
}

#[test]
fn requests_keep_the_portal_rules() {
    let plan = Plan::new(2, Scale::DEMO, now());
    let mut open: HashMap<String, u32> = HashMap::new();
    let mut states = HashSet::new();
    let mut phones = HashSet::new();
    let (mut requests, mut devices, mut requesters) = (0, 0, HashSet::new());
    for unit in plan.units() {
        let enrolled: HashSet<_> = unit
            .requests
            .iter()
            .filter(|r| matches!(r.state.as_str(), "enrolled" | "device_removed"))
            .map(|r| r.id)
            .collect();
        for d in &unit.devices {
            assert!(enrolled.contains(&d.request_id));
            assert!(
                d.removed_at
                    .is_none_or(|t| t > d.registered_at && t <= now())
            );
        }
        devices += unit.devices.len();
        for r in &unit.requests {
            assert!(
                r.requested_at <= r.last_step_at && r.last_step_at <= now(),
                "{}",
                r.email
            );
            assert!(r.person_name.ends_with("(synthetic)"));
            if r.state.is_open() {
                *open.entry(r.email.to_lowercase()).or_default() += 1;
            }
            states.insert(r.state);
            phones.insert(r.phone_kind.as_str());
            requesters.insert(r.requested_by);
        }
        requests += unit.requests.len();
    }
    assert!(open.values().all(|n| *n == 1), "one open request a person");
    for s in END_STATES {
        assert!(states.contains(&s), "no request ends {s:?}");
    }
    assert_eq!(phones.len(), 2);
    assert!(
        requests > 2_000 && devices > 500,
        "{requests} requests, {devices} devices"
    );
    assert!(
        requesters.len() > 100,
        "requests come from many managers: {}",
        requesters.len()
    );
}
