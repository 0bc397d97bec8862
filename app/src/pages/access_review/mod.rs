//! The access review: the list of accesses and reviews (`/access-review`), and one
//! access's decision (`/access-review/{id}`).

mod decide;
mod list;

pub use decide::DecideAccessPage;
pub use list::AccessReviewPage;
