//! `DomainName::parse`, used for allow-list entries and the domain of every address.
//! Never panics; what it accepts is normal lower-case ASCII, parsing is idempotent, and
//! the Unicode display form parses back to the same name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ra_domain::allow_list::DomainName;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(d) = DomainName::parse(s) else {
        return;
    };
    let ascii = d.as_str();
    assert!(ascii.len() <= 253, "{} bytes: {ascii}", ascii.len());
    assert_eq!(d.to_string(), ascii);
    let labels: Vec<&str> = ascii.split('.').collect();
    assert!(labels.len() >= 2, "{ascii}");
    for l in &labels {
        assert!((1..=63).contains(&l.len()), "label {l:?} of {ascii}");
        assert!(
            l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "label {l:?} of {ascii}"
        );
        assert!(
            !l.starts_with('-') && !l.ends_with('-'),
            "label {l:?} of {ascii}"
        );
    }

    // Normalisation is idempotent.
    assert_eq!(
        DomainName::parse(ascii).as_ref(),
        Ok(&d),
        "re-parsing {ascii}"
    );
    // The display form is the same domain (crash-regression-1: `xn--xn--…` once broke it).
    let unicode = d.to_unicode();
    assert_eq!(
        DomainName::parse(&unicode).as_ref(),
        Ok(&d),
        "{unicode:?} (the Unicode form of {ascii})"
    );
    // Parents are suffixes of the name, nearest first, and start with the name itself.
    let parents: Vec<&str> = d.self_and_parents().collect();
    assert_eq!(parents.first().copied(), Some(ascii));
    for p in &parents {
        assert!(ascii.ends_with(p));
    }
});
