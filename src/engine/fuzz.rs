//! Hostile inputs for the property tests: values a crafted file may hold.

/// Replaces one leaf of a JSON value (picked by `rng`) with a hostile value.
pub fn mutate_json(value: &mut serde_json::Value, rng: &mut crate::engine::rng::Rng) {
    use serde_json::Value;
    let hostile = [
        Value::from(u64::MAX),
        Value::from(i64::MAX),
        Value::from(i64::MIN),
        Value::from(u32::MAX),
        Value::from(i32::MAX - 1),
        Value::from(255),
        Value::from(0),
        Value::from(-1),
        Value::from(""),
        Value::from("w-other"),
        Value::from("\u{FEFF}\"=cmd"),
        Value::Null,
    ];
    // Down to a random leaf (or a whole object or array, now and then).
    let descend = rng.chance(0.85);
    match value {
        Value::Object(map) if descend && !map.is_empty() => {
            let index = rng.below(map.len() as u64) as usize;
            let child = map
                .values_mut()
                .nth(index)
                .expect("an index below the length");
            mutate_json(child, rng);
        }
        Value::Array(items) if descend && !items.is_empty() => {
            let index = rng.below(items.len() as u64) as usize;
            mutate_json(&mut items[index], rng);
        }
        _ => *value = rng.pick(&hostile).clone(),
    }
}
