//! Checking one address against a 100,000-entry allow list, in memory.
//! Target: under 1 ms per check. Run: `cargo bench -p ra-domain --bench allow_list_check`.

use std::time::{Duration, Instant};

use ra_domain::{
    OdsCode,
    allow_list::{AllowListIndex, DomainName, EntryStatus, ListedDomain},
};

const ENTRIES: usize = 100_000;
const CHECKS: usize = 20_000;

fn main() {
    let started = Instant::now();
    let index = AllowListIndex::new((0..ENTRIES).map(|i| ListedDomain {
        id: ra_domain::EntryId::new(),
        domain: DomainName::parse(&format!("care-home-{i:06}.org.uk")).expect("valid"),
        covers_subdomains: i % 3 == 0,
        ods_code: OdsCode::parse(&format!("V{:05}", i % 30_000)).expect("valid"),
        status: if i % 10 == 0 {
            EntryStatus::Submitted
        } else {
            EntryStatus::Active
        },
    }));
    let built = started.elapsed();
    assert_eq!(index.len(), ENTRIES);

    // Exact matches, subdomains (covered or not), unlisted domains, IDN and bad input.
    let addresses: Vec<String> = (0..CHECKS)
        .map(|i| match i % 5 {
            0 => format!("Carer.{i}@Care-Home-{:06}.ORG.uk", i * 7 % ENTRIES),
            1 => format!("a@rota.care-home-{:06}.org.uk", i * 13 % ENTRIES),
            2 => format!("b@unlisted-{i}.example.com"),
            3 => format!("c@bücher-{i}.example"),
            _ => format!("not-an-address-{i}"),
        })
        .collect();
    let mut times: Vec<Duration> = Vec::with_capacity(CHECKS);
    let mut allowed = 0;
    for a in &addresses {
        let t = Instant::now();
        let out = index.check(a);
        times.push(t.elapsed());
        allowed += usize::from(out.is_allowed());
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!("allow-list check, {ENTRIES} entries in memory (index built in {built:?})");
    println!(
        "  {CHECKS} checks ({allowed} allowed): mean {mean:?}, median {:?}, p99 {:?}, max {:?}",
        pct(0.5),
        pct(0.99),
        times[times.len() - 1]
    );
    let verdict = if pct(0.99) < Duration::from_millis(1) {
        "MET"
    } else {
        "MISSED"
    };
    println!("  target p99 < 1 ms: {verdict}");
}
