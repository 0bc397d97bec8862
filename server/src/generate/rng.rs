//! SplitMix64: a tiny, fast generator whose whole state is one number, so a seed names a
//! data set exactly on every machine. Not for anything secret.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// A generator for one part (e.g. one organisation), independent of how much the
    /// other parts drew, so changing one part's rules does not reshuffle the rest.
    pub fn fork(&self, part: u64) -> Self {
        let mut r = Self(self.0 ^ part.wrapping_mul(0xA24B_AED4_963E_E407));
        r.next();
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        let span = u64::from(hi.saturating_sub(lo)) + 1;
        lo + u32::try_from(self.next() % span).unwrap_or(0)
    }

    /// True with probability `p` (0 to 1).
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.next() as usize % items.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_always_gives_the_same_numbers_and_forks_differ() {
        let a: Vec<u64> = (0..5).map(|_| Rng::new(7).next()).collect();
        assert!(a.iter().all(|n| *n == a[0]));
        let mut one = Rng::new(7);
        let first: Vec<u64> = (0..3).map(|_| one.next()).collect();
        let mut two = Rng::new(7);
        assert_eq!(first, (0..3).map(|_| two.next()).collect::<Vec<_>>());
        assert_ne!(Rng::new(7).fork(1).next(), Rng::new(7).fork(2).next());
    }

    #[test]
    fn between_stays_in_range_and_reaches_both_ends() {
        let mut r = Rng::new(1);
        let drawn: Vec<u32> = (0..1000).map(|_| r.between(3, 6)).collect();
        assert!(drawn.iter().all(|n| (3..=6).contains(n)));
        assert!(drawn.contains(&3) && drawn.contains(&6));
        assert_eq!(r.between(5, 5), 5);
    }
}
