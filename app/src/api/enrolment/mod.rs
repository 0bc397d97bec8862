//! The enrolment ceremony, for the person being registered (no CIS2 sign-in: the
//! one-time link is their credential): email a one-time code, show the QR code and
//! secret once, and register the device when the app's first code is right (RFC 6238,
//! ±1 step). `ceremony` holds the server functions; `link` the link's life (sent with an
//! RA officer's step, expired by housekeeping); `emails` the wording.

use serde::{Deserialize, Serialize};

mod ceremony;
#[cfg(feature = "ssr")]
mod emails;
#[cfg(feature = "ssr")]
mod guesses;
#[cfg(feature = "ssr")]
mod link;

pub use ceremony::{
    ConfirmEnrolmentCode, FinishEnrolment, OpenEnrolment, SendEnrolmentCode,
    confirm_enrolment_code, finish_enrolment, open_enrolment, send_enrolment_code,
};
#[cfg(feature = "ssr")]
pub use link::{expire_links, send_link};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentView {
    pub person_name: String,
    /// None when the link can be used; otherwise why not.
    pub problem: Option<String>,
    pub code_sent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretView {
    /// The QR code as SVG, generated on the server from the otpauth URL.
    pub qr_svg: String,
    /// The same secret as text (base32), for typing into the app instead.
    pub secret: String,
    pub account: String,
}
