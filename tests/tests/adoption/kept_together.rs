//! Many changes to one organisation at once, from two pools (two portal instances on
//! one database): the kept adoption counts still equal a count from scratch.

use chrono::{Duration, Utc};
use ra_db::repo::{
    adoption::{self, AdoptionQuery},
    registration as requests,
};
use ra_domain::{
    PersonId, RequestId, ScopeFilter,
    registration::{
        PhoneKind, RequestSource, RequestState,
        state::{Action, next},
    },
};
use ra_portal_tests::{Backend, PortalOptions, TestDb, TestPortal, both};

use super::kept::{act, assert_kept_is_fresh, request};

/// Takes `actions` in turn on a new request, a day ago.
async fn walk(db: &ra_db::Db, id: RequestId, email: &str, actions: &[Action], by: PersonId) {
    let now = Utc::now() - Duration::days(1);
    let mut from = RequestState::Submitted;
    for action in actions {
        assert!(act(db, id, email, from, *action, by, now).await);
        from = next(from, *action).unwrap();
    }
}

both!(
    kept_counts_stay_exact_when_one_organisation_changes_from_two_instances_at_once,
    |backend: Backend| async move {
        let test_db = TestDb::new(backend).await;
        let portal = TestPortal::start_on(&test_db, PortalOptions::default()).await;
        let (a, b) = (test_db.connect().await, test_db.connect().await);
        portal.organisation("VKC01").code("VKC01").create().await;
        let by = portal.person("Concurrent changer").await;
        let now = Utc::now() - Duration::days(1);
        // Twenty people with an enrolled request and a second one waiting at its link;
        // twenty more waiting for review.
        const TO_LINK: [Action; 5] = [
            Action::StartReview,
            Action::Approve,
            Action::BookMeeting,
            Action::RecordIdentity,
            Action::SendLink,
        ];
        let mut enrolled = Vec::new();
        let mut waiting = Vec::new();
        for i in 0..40 {
            let email = format!("c{i}@kept.example");
            let kind = [PhoneKind::Personal, PhoneKind::Business][i % 2];
            let r = request(&email, "VKC01", kind);
            let raise = || async {
                let mut tx = a.begin().await.unwrap();
                let id = requests::insert(&mut tx, &r, RequestSource::Single, by, now)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                id
            };
            let id = raise().await;
            if i < 20 {
                walk(
                    &a,
                    id,
                    &email,
                    &[&TO_LINK[..], &[Action::Enrol]].concat(),
                    by,
                )
                .await;
                enrolled.push((id, email.clone()));
                let second = raise().await;
                walk(&a, second, &email, &TO_LINK, by).await;
                waiting.push((second, email, RequestState::LinkSent, Action::Enrol));
            } else {
                waiting.push((id, email, RequestState::Submitted, Action::StartReview));
            }
        }
        assert_kept_is_fresh(&a, Utc::now(), "before").await;
        // At once, half on each pool: each person's old device removed while their new
        // request enrols, and the others reviewed, each with a new person raised.
        let later = Utc::now();
        let mut tasks = tokio::task::JoinSet::new();
        for (i, (id, email)) in enrolled.into_iter().enumerate() {
            let db = if i % 2 == 0 { a.clone() } else { b.clone() };
            tasks.spawn(async move {
                act(
                    &db,
                    id,
                    &email,
                    RequestState::Enrolled,
                    Action::RemoveDevice,
                    by,
                    later,
                )
                .await
            });
        }
        for (i, (id, email, from, action)) in waiting.into_iter().enumerate() {
            let db = if i % 2 == 0 { b.clone() } else { a.clone() };
            tasks.spawn(async move {
                let done = act(&db, id, &email, from, action, by, later).await;
                let r = request(&format!("n{i}@kept.example"), "VKC01", PhoneKind::Business);
                let mut tx = db.begin().await.unwrap();
                requests::insert(&mut tx, &r, RequestSource::Single, by, later)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                done
            });
        }
        while let Some(done) = tasks.join_next().await {
            assert!(done.unwrap(), "a change found its request moved");
        }
        assert_kept_is_fresh(&b, Utc::now(), "after").await;
        // And the figures are the ones these changes make: the twenty second requests
        // enrolled while their first devices went, twenty in review, forty new.
        let row = adoption::read::organisations(
            &a,
            &AdoptionQuery {
                scope: ScopeFilter::Everything,
                stale_before: Utc::now(),
                recent_since: Utc::now(),
                raised: Default::default(),
            },
        )
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.ods_code.as_str() == "VKC01")
        .unwrap();
        assert_eq!((row.requested, row.registered, row.review), (80, 20, 60));
        assert_eq!((row.personal, row.business), (10, 10));
    }
);
