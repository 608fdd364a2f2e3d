//! The route inventory is complete: the router serves exactly its routes, the OpenAPI document
//! describes exactly them, and the committed `openapi.json` is the generated one.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use kokuho_web::{Access, openapi_json, registered_routes, routes};
use serde_json::Value;

use crate::support::env;

fn inventory() -> BTreeSet<(String, String)> {
    routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect()
}

#[test]
fn the_router_serves_exactly_the_inventory() {
    let registered: Vec<(String, String)> = registered_routes()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let set: BTreeSet<_> = registered.iter().cloned().collect();
    assert_eq!(set.len(), registered.len(), "a route is registered twice");
    let inv = inventory();
    assert_eq!(inv.len(), routes().len(), "the inventory lists a route twice");
    let missing: Vec<_> = set.difference(&inv).collect();
    let stale: Vec<_> = inv.difference(&set).collect();
    assert!(missing.is_empty(), "routed but not in the inventory: {missing:?}");
    assert!(stale.is_empty(), "in the inventory but not routed: {stale:?}");
}

#[test]
fn the_openapi_document_describes_exactly_the_inventory() {
    let doc: Value = serde_json::from_str(&openapi_json()).unwrap();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let method = method.to_uppercase();
            let spec = routes()
                .iter()
                .find(|r| r.method == method && r.path == path)
                .unwrap_or_else(|| panic!("{method} {path} not in inventory"));
            let security = &op["security"];
            match spec.access {
                Access::Public | Access::LoginStep | Access::StaffPage(_) => {
                    assert_eq!(security, &serde_json::json!([{}]), "{method} {path}")
                }
                Access::Requires(p) => {
                    assert_eq!(security, &serde_json::json!([{"bearer": []}]), "{method} {path}");
                    assert!(
                        op["description"].as_str().unwrap().contains(p.code()),
                        "{method} {path}"
                    );
                    for status in ["401", "403", "500"] {
                        assert!(op["responses"].get(status).is_some(), "{method} {path} lacks {status}");
                    }
                }
            }
            documented.insert((method, path.clone()));
        }
    }
    let api: std::collections::BTreeSet<_> = routes()
        .iter()
        .filter(|r| r.is_api())
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(documented.into_iter().collect::<std::collections::BTreeSet<_>>(), api);
    // No route reveals a My Number or exports in bulk.
    let text = openapi_json();
    assert!(
        !text.contains("reveal") && !text.contains("export"),
        "unexpected route in the API"
    );
}

#[test]
fn the_committed_openapi_json_is_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    // What `kokuho openapi > openapi.json` writes: the document and a newline.
    let generated = format!("{}\n", openapi_json());
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "crates/kokuho-web/openapi.json is stale: regenerate with UPDATE_OPENAPI=1 cargo test -p kokuho-web --test it \
         the_committed_openapi_json_is_fresh"
    );
}

#[tokio::test]
async fn the_served_document_is_the_generated_one() {
    let env = env();
    let r = env.get("/api/v1/openapi.json", None).await.expect(StatusCode::OK);
    assert_eq!(r.text(), openapi_json());
    assert_eq!(r.headers.get("content-type").unwrap(), "application/json");
}
