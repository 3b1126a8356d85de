//! Test-only: deterministic damage to sample inputs, for the parsers'
//! "no input panics" tests (no dependency, the same sequence every run).

/// A xorshift64 generator.
pub struct XorShift(pub u64);

impl XorShift {
    /// The next pseudo-random number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `count` variants of `sample`, each with 1 to 8 bytes replaced, removed or
/// inserted (from `alphabet`), read back as UTF-8 lossily.
pub fn mangled(sample: &str, alphabet: &[u8], seed: u64, count: usize) -> Vec<String> {
    let mut rng = XorShift(seed);
    (0..count)
        .map(|_| {
            let mut bytes = sample.as_bytes().to_vec();
            for _ in 0..1 + rng.next() % 8 {
                if bytes.is_empty() {
                    break;
                }
                let at = (rng.next() % bytes.len() as u64) as usize;
                let pick = alphabet[(rng.next() % alphabet.len() as u64) as usize];
                match rng.next() % 3 {
                    0 => bytes[at] = pick,
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, pick),
                }
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
        .collect()
}
