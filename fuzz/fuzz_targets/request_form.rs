//! A manager's registration request form (`registration::validate_request`). The input
//! is up to six lines: full name, email, job role, ODS code, phone, phone kind. Never
//! panics; what it accepts is normalised, and validating it again gives the same result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ra_domain::allow_list::address_domain;
use ra_domain::registration::{RequestForm, validate_request};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let mut fields = s.splitn(6, '\n').map(str::to_owned);
    let mut next = || fields.next().unwrap_or_default();
    let form = RequestForm {
        full_name: next(),
        email: next(),
        job_role: next(),
        ods_code: next(),
        phone: next(),
        phone_kind: next(),
    };
    let v = match validate_request(&form) {
        Ok(v) => v,
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                assert!(!e.field.is_empty() && !e.message.is_empty(), "{e:?}");
            }
            return;
        }
    };

    assert!(v.email.contains('@'), "{}", v.email);
    assert!(v.email.ends_with(&format!("@{}", v.domain)), "{}", v.email);
    assert_eq!(address_domain(&v.email).as_ref(), Ok(&v.domain));
    let digits = v.phone.strip_prefix('+').unwrap_or(&v.phone);
    assert!(
        (10..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()),
        "phone {:?}",
        v.phone
    );
    assert!(!v.full_name.is_empty() && v.full_name.trim() == v.full_name);
    assert!(!v.job_role.is_empty() && v.job_role.trim() == v.job_role);

    // The normalised values are a valid form, and normalising is idempotent.
    let again = RequestForm {
        full_name: v.full_name.clone(),
        email: v.email.clone(),
        job_role: v.job_role.clone(),
        ods_code: v.ods_code.as_str().to_owned(),
        phone: v.phone.clone(),
        phone_kind: v.phone_kind.as_str().to_owned(),
    };
    assert_eq!(
        validate_request(&again).as_ref(),
        Ok(&v),
        "re-validating {again:?}"
    );
});
