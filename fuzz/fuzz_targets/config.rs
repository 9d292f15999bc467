//! `Policy::from_toml` on any UTF-8 text: an error or a policy, never a
//! panic; and a policy that loads can be asked for its insurers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zorgrecon::config::Policy;

fuzz_target!(|text: &str| {
    if let Ok(policy) = Policy::from_toml(text) {
        for name in policy.per_insurer.keys() {
            let _ = policy.for_insurer(Some(name));
        }
        for ibans in policy.insurers.values() {
            for iban in ibans {
                let _ = policy.insurer_of_iban(iban);
            }
        }
        let _ = policy.for_insurer(None);
    }
});
