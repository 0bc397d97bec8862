//! What the generator writes, decided from a seed alone: NHS-shaped organisations (the
//! real code formats and proportions of research §2) with their managers, requests in
//! every state with realistic step times, and devices. Pure: no database, unit-tested.

use chrono::{DateTime, Duration, Utc};
use ra_db::repo::synthetic::{SynthOrg, SynthPerson};
use ra_domain::{
    OdsCode, OrgId, PersonId,
    organisation::{Country, OrgKind},
    registration::{PhoneKind, RequestState},
};

use super::{Scale, Unit, names, rng::Rng};

pub struct Plan {
    rng: Rng,
    scale: Scale,
    now: DateTime<Utc>,
    officers: Vec<SynthPerson>,
}

/// `prefix` then `n` in base 36, `width` characters (upper-case).
fn code(prefix: &str, n: u32, width: usize) -> OdsCode {
    let mut digits = Vec::new();
    let mut v = n;
    for _ in 0..width {
        digits.push(
            char::from_digit(v % 36, 36)
                .unwrap_or('0')
                .to_ascii_uppercase(),
        );
        v /= 36;
    }
    let s: String = prefix.chars().chain(digits.into_iter().rev()).collect();
    OdsCode::parse(&s)
        .unwrap_or_else(|_| unreachable!("generated code {s} is 3 to 9 alphanumerics"))
}

fn person(id_rng: &mut Rng, subject: String, name: String, email: String) -> SynthPerson {
    let id = PersonId(uuid::Uuid::from_u64_pair(id_rng.next(), id_rng.next()));
    SynthPerson {
        id,
        subject,
        name,
        email,
    }
}

impl Plan {
    pub fn new(seed: u64, scale: Scale, now: DateTime<Utc>) -> Self {
        let rng = Rng::new(seed);
        let mut r = rng.fork(u64::MAX);
        let officers = (1..=scale.ra_officers)
            .map(|i| {
                let name = format!("{} (synthetic RA officer)", names::person(&mut r));
                person(
                    &mut r,
                    format!("ra-{i}"),
                    name,
                    format!("ra{i}@ra.synthetic.example"),
                )
            })
            .collect();
        Self {
            rng,
            scale,
            now,
            officers,
        }
    }

    /// The RA officers who complete requests; written before any unit.
    pub fn officers(&self) -> &[SynthPerson] {
        &self.officers
    }

    /// Every unit, in the order written: ICBs, trusts, GP practices, care providers.
    pub fn units(&self) -> impl Iterator<Item = Unit> + '_ {
        let s = &self.scale;
        let icbs = (0..s.icbs).map(|i| self.icb(i));
        let trusts = (0..s.trusts).map(|i| self.trust(i));
        let gps = (0..s.gp_practices).map(|i| self.gp(i));
        let mut next_site = 0u32;
        let providers = (0..s.care_providers).map(move |i| {
            let unit = self.provider(i, next_site);
            next_site += u32::try_from(unit.orgs.len() - 1).unwrap_or(0);
            unit
        });
        icbs.chain(trusts).chain(gps).chain(providers)
    }

    fn icb(&self, i: u32) -> Unit {
        let mut r = self.rng.fork(1 << 40 | u64::from(i));
        let place = names::place(&mut r);
        let org = self.org(
            code("Q", i, 2),
            format!("NHS {place} Integrated Care Board (synthetic)"),
            OrgKind::Icb,
            None,
        );
        Unit {
            orgs: vec![org],
            ..Unit::default()
        }
    }

    fn trust(&self, i: u32) -> Unit {
        let mut r = self.rng.fork(2 << 40 | u64::from(i));
        let place = names::place(&mut r);
        let trust = code("R", i, 2);
        let mut unit = Unit {
            orgs: vec![self.org(
                trust.clone(),
                format!("{place} NHS Trust (synthetic)"),
                OrgKind::Trust,
                None,
            )],
            ..Unit::default()
        };
        let region = names::england_region(&mut r);
        unit.orgs[0].region = Some(region.into());
        let sites = r.between(2, 8);
        for s in 0..sites {
            let site =
                OdsCode::parse(&format!("{trust}{:02}", s + 1)).unwrap_or_else(|_| trust.clone());
            let mut o = self.org(
                site,
                format!("{place} Hospital, site {} (synthetic)", s + 1),
                OrgKind::TrustSite,
                Some(&trust),
            );
            o.region = Some(region.into());
            o.headcount = Some(i64::from(r.between(100, 900)));
            unit.orgs.push(o);
        }
        self.staff(&mut unit, &mut r, 0.15);
        unit
    }

    fn gp(&self, i: u32) -> Unit {
        let mut r = self.rng.fork(3 << 40 | u64::from(i));
        let letters = b"ABCDEFGHJKLMNPY";
        let letter = char::from(letters[i as usize % letters.len()]);
        let c = OdsCode::parse(&format!("{letter}{:05}", 10_000 + i / letters.len() as u32))
            .unwrap_or_else(|_| code("A", i, 5));
        let mut o = self.org(
            c,
            format!("{} Medical Practice (synthetic)", names::place(&mut r)),
            OrgKind::GpPractice,
            None,
        );
        o.region = Some(names::england_region(&mut r).into());
        o.headcount = Some(i64::from(r.between(8, 40)));
        let mut unit = Unit {
            orgs: vec![o],
            ..Unit::default()
        };
        self.staff(&mut unit, &mut r, 0.6);
        unit
    }

    /// A care provider (HQ code `C…`) and its `V…` sites: most run one to three, a long
    /// tail runs 20 to 200; English sites from CQC, Welsh from CSSIW (ODS takes no
    /// Scottish ones).
    fn provider(&self, i: u32, first_site: u32) -> Unit {
        let mut r = self.rng.fork(4 << 40 | u64::from(i));
        let x = r.unit();
        let sites = match x {
            x if x < 0.80 => 1,
            x if x < 0.90 => 2,
            x if x < 0.96 => 3,
            x if x < 0.998 => r.between(4, 10),
            _ => r.between(20, 200),
        };
        let (country, region) = if r.chance(0.06) {
            (Country::Wales, "Wales")
        } else {
            (Country::England, names::england_region(&mut r))
        };
        let brand = names::brand(&mut r);
        let hq = code("C", i, 4);
        let mut p = self.org(
            hq.clone(),
            format!("{brand} Care (synthetic)"),
            OrgKind::CareProvider,
            None,
        );
        p.country = Some(country);
        p.region = Some(region.into());
        let mut unit = Unit {
            orgs: vec![p],
            ..Unit::default()
        };
        for s in 0..sites {
            let mut o = self.org(
                code("V", first_site + s, 4),
                format!("{} (synthetic)", names::home(&mut r)),
                OrgKind::CareHomeSite,
                Some(&hq),
            );
            o.country = Some(country);
            o.region = Some(region.into());
            o.headcount = (!r.chance(0.1)).then(|| i64::from(r.between(20, 120)));
            unit.orgs.push(o);
        }
        self.staff(&mut unit, &mut r, 0.7);
        unit
    }

    /// Managers for the unit and, site by site, the staff who asked to register.
    fn staff(&self, unit: &mut Unit, r: &mut Rng, personal_share: f64) {
        let root = unit.orgs[0].code.clone();
        let domain = format!("{}.synthetic.example", root.as_str().to_lowercase());
        let managers = r.between(1, 3);
        for m in 0..managers {
            let name = format!("{} (synthetic manager)", names::person(r));
            unit.managers.push(person(
                r,
                format!("{root}-m{m}"),
                name,
                format!("manager{m}@{domain}"),
            ));
        }
        let manager_ids: Vec<PersonId> = unit.managers.iter().map(|m| m.id).collect();
        let sites: Vec<(OdsCode, Option<i64>)> = unit
            .orgs
            .iter()
            .skip(usize::from(unit.orgs.len() > 1))
            .map(|o| (o.code.clone(), o.headcount))
            .collect();
        for (site, headcount) in sites {
            // A fifth have not started; the rest are part-way, a few past their headcount.
            let progress = if r.chance(0.2) {
                0.0
            } else {
                0.2 + 0.9 * r.unit()
            };
            let staff = headcount.unwrap_or(i64::from(r.between(10, 60))) as f64;
            let people = (staff * progress).round() as u32;
            let start = self.now - Duration::days(i64::from(r.between(14, 540)));
            for n in 0..people {
                let email = format!("{}.{n}@{domain}", site.as_str().to_lowercase());
                let who = super::timeline::Person {
                    name: format!("{} (synthetic)", names::person(r)),
                    email,
                    domain: domain.clone(),
                    site: site.clone(),
                    phone: if r.chance(personal_share) {
                        PhoneKind::Personal
                    } else {
                        PhoneKind::Business
                    },
                    requested_by: r.pick(&manager_ids),
                };
                let asked = start
                    + Duration::seconds(
                        (r.unit() * (self.now - start).num_seconds() as f64) as i64,
                    );
                super::timeline::requests(unit, r, &who, asked, self.now, &self.officer_ids());
            }
        }
    }

    fn officer_ids(&self) -> Vec<PersonId> {
        self.officers.iter().map(|o| o.id).collect()
    }
}

impl Plan {
    /// An organisation's id, from the seed and its code alone: a site names its parent's
    /// id without the parent being written first.
    fn org_id(&self, code: &OdsCode) -> OrgId {
        // FNV-1a of the code picks the fork.
        let hash = code
            .as_str()
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        let mut r = self.rng.fork(5 << 40 ^ hash);
        OrgId(uuid::Uuid::from_u64_pair(r.next(), r.next()))
    }

    fn org(
        &self,
        code: OdsCode,
        name: String,
        kind: OrgKind,
        parent: Option<&OdsCode>,
    ) -> SynthOrg {
        SynthOrg {
            id: self.org_id(&code),
            parent_id: parent.map(|p| self.org_id(p)),
            code,
            name,
            kind,
            country: Some(Country::England),
            region: None,
            parent: parent.cloned(),
            headcount: None,
        }
    }
}

/// The states a generated request ends in, for tests.
pub const END_STATES: [RequestState; 9] = [
    RequestState::Submitted,
    RequestState::Approved,
    RequestState::MeetingBooked,
    RequestState::IdentityVerified,
    RequestState::LinkSent,
    RequestState::LinkExpired,
    RequestState::Enrolled,
    RequestState::Rejected,
    RequestState::DeviceRemoved,
];
