//! One person's requests over time: the step times a real request takes (review in a few
//! days, an identity check within about ten, the link the same day, enrolment within a
//! few more), with some stalling at each step, a few rejected, cancelled, expired or
//! removed, and a quarter with an earlier closed request.

use chrono::{DateTime, Duration, Utc};
use ra_db::repo::synthetic::{SynthDevice, SynthRequest};
use ra_domain::{
    OdsCode, PersonId, RequestId,
    registration::{PhoneKind, RequestState as S},
};

use super::{Unit, rng::Rng};

pub struct Person {
    pub name: String,
    pub email: String,
    pub domain: String,
    pub site: OdsCode,
    pub phone: PhoneKind,
    pub requested_by: PersonId,
}

/// A step reached `days` (a range) after the one before, unless the request stalls there.
/// The domain's order: an identity check happens at a booked meeting.
const STEPS: [(S, u32, u32); 5] = [
    (S::Approved, 0, 3),
    (S::MeetingBooked, 0, 2),
    (S::IdentityVerified, 1, 7),
    (S::LinkSent, 0, 1),
    (S::Enrolled, 0, 5),
];
/// Chance that a request stops at any one step and waits.
const STALL: f64 = 0.07;
/// An enrolment link unused for this many days expires.
const LINK_DAYS: i64 = ra_domain::registration::enrolment::LINK_VALID_DAYS;

fn after(r: &mut Rng, t: DateTime<Utc>, lo: u32, hi: u32) -> DateTime<Utc> {
    t + Duration::minutes(i64::from(r.between(lo * 1440, hi * 1440 + 600)))
}

/// Adds the person's requests (and device, once enrolled) to `unit`.
pub fn requests(
    unit: &mut Unit,
    r: &mut Rng,
    who: &Person,
    asked: DateTime<Utc>,
    now: DateTime<Utc>,
    officers: &[PersonId],
) {
    if r.chance(0.25) {
        // An earlier request, closed before this one was raised.
        let earlier = asked - Duration::days(i64::from(r.between(5, 60)));
        let state = if r.chance(0.5) {
            S::Cancelled
        } else {
            S::Rejected
        };
        let closed = after(r, earlier, 0, 3).min(asked);
        let by = (state == S::Rejected).then(|| r.pick(officers));
        push(unit, r, who, state, earlier, closed, by);
    }
    let mut state = S::Submitted;
    let mut t = asked;
    let mut by = None;
    if r.chance(0.04) {
        let at = after(r, t, 0, 3);
        if at <= now {
            let by = r.pick(officers);
            push(unit, r, who, S::Rejected, asked, at, Some(by));
            return;
        }
    }
    for (next, lo, hi) in STEPS {
        if r.chance(STALL) {
            break;
        }
        let at = after(r, t, lo, hi);
        if at > now {
            break;
        }
        if next == S::LinkSent || next == S::Enrolled {
            by = Some(r.pick(officers));
        }
        (state, t) = (next, at);
    }
    if state == S::LinkSent && now - t > Duration::days(LINK_DAYS) {
        (state, t) = (S::LinkExpired, t + Duration::days(LINK_DAYS));
    }
    let id = push(unit, r, who, state, asked, t, by);
    if state == S::Enrolled {
        let removed = after(r, t, 10, 90);
        let removed_at = (r.chance(0.03) && removed <= now).then_some(removed);
        if let (Some(at), Some(last)) = (removed_at, unit.requests.last_mut()) {
            (last.state, last.last_step_at) = (S::DeviceRemoved, at);
        }
        unit.devices.push(SynthDevice {
            request_id: id,
            person_email: who.email.clone(),
            registered_at: t,
            removed_at,
        });
    }
}

/// A request id drawn from the unit's generator (deterministic, unlike `new_v4`).
fn request_id(r: &mut Rng) -> RequestId {
    RequestId(uuid::Uuid::from_u64_pair(r.next(), r.next()))
}

fn push(
    unit: &mut Unit,
    r: &mut Rng,
    who: &Person,
    state: S,
    asked: DateTime<Utc>,
    last: DateTime<Utc>,
    by: Option<PersonId>,
) -> RequestId {
    let id = request_id(r);
    unit.requests.push(SynthRequest {
        id,
        person_name: who.name.clone(),
        email: who.email.clone(),
        domain: who.domain.clone(),
        ods_code: who.site.clone(),
        phone_kind: who.phone,
        state,
        requested_by: who.requested_by,
        requested_at: asked,
        last_step_at: last,
        completed_by: by,
    });
    id
}
