//! What the access review's calls need: an access waiting in the open review.

use ra_portal_tests::{TestPortal, builders::home_domain};

/// An approved manager's access waiting for a decision in the open access review (one
/// is started when none is open): the review's id and the access's.
pub async fn undecided_access(portal: &TestPortal) -> (String, String) {
    use ra_db::repo::access_reviews as reviews;
    portal
        .email_link_manager("VOK01", home_domain("VOK01"))
        .await;
    let db = portal.db();
    let officer = portal.person("RA reviewer").await;
    let mut tx = db.begin().await.unwrap();
    let now = chrono::Utc::now();
    reviews::start(&mut tx, ra_domain::ReviewId::new(), officer, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let open = reviews::open(db).await.unwrap().expect("a review is open");
    // A review opened earlier does not cover the access just approved: add it.
    portal
        .exec(
            "INSERT INTO access_review_items (review_id, access_id) SELECT r.id, a.id \
             FROM access_reviews r, manager_access a WHERE r.open = 1 AND a.status = 'approved' \
             AND a.email <> $1 AND NOT EXISTS (SELECT 1 FROM access_review_items i \
             WHERE i.review_id = r.id AND i.access_id = a.id)",
            "",
        )
        .await;
    let item = reviews::items(db, open.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.decision.is_none())
        .expect("an access to decide");
    (open.id.to_string(), item.access_id.to_string())
}
