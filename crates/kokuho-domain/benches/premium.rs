//! Benchmark: the premium calculation alone (no JSON), over households of varied size, ages and
//! incomes — the kernel of the annual assessment and of the rate-setting simulation.
//!
//!     cargo bench -p kokuho-domain --bench premium        # KOKUHO_BENCH_HOUSEHOLDS (default 200,000)
//!
//! `KOKUHO_BENCH_PATH=amounts` (or `explanations`) runs one path only. Instructions per household,
//! steady on a shared machine: `valgrind --tool=callgrind --toggle-collect='*calculate_amounts*'`
//! on the bench binary, divided by the households.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_precision_loss)] // a benchmark harness

use std::time::Instant;

use kokuho_domain::assessment::premium::{PremiumInput, calculate, calculate_amounts};
use serde_json::json;

fn main() {
    let n: usize = std::env::var("KOKUHO_BENCH_HOUSEHOLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let rates = kokuho_domain::assessment::premium::published::published_rates()
        .into_iter()
        .find(|t| t.fiscal_year == 2025)
        .map(|t| serde_json::from_str::<serde_json::Value>(t.rates).unwrap())
        .unwrap();
    // 64 distinct households (1–4 members), reused: the work per household is what is measured.
    let inputs: Vec<PremiumInput> = (0..64u32)
        .map(|i| {
            let members: Vec<_> = (0..=(i % 4))
                .map(|k| {
                    json!({
                        "id": format!("p{k}"),
                        "birth_date": format!(
                            "{}-{:02}-{:02}",
                            1945 + (i * 7 + k * 13) % 75,
                            1 + (i + k) % 12,
                            1 + (i * 3 + k) % 28
                        ),
                        "income": {
                            "salary_revenue": u64::from((i * 379_000 + k * 150_000) % 9_000_000),
                            "pension_revenue": u64::from((i * 97_000) % 3_000_000)
                        }
                    })
                })
                .collect();
            serde_json::from_value(
                json!({"fiscal_year": 2025, "rates": rates, "household": {"head": "p0", "members": members}}),
            )
            .unwrap()
        })
        .collect();
    let only = std::env::var("KOKUHO_BENCH_PATH").ok();
    let paths = [
        ("explanations", "with explanations", calculate as fn(&PremiumInput) -> _),
        ("amounts", "amounts only", calculate_amounts),
    ];
    for (_, name, f) in paths
        .into_iter()
        .filter(|(key, _, _)| only.as_deref().is_none_or(|o| o == *key))
    {
        let started = Instant::now();
        let mut total = 0i64;
        for k in 0..n {
            total += f(&inputs[k % inputs.len()]).unwrap().total.value();
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "premium ({name}): {n} households in {secs:.2} s = {:.0} households/s (one core; checksum {total})",
            n as f64 / secs
        );
    }
}
