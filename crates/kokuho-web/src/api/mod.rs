//! The API's JSON bodies and their OpenAPI schemas: the request bodies the routes read (converted
//! into the use cases' requests) and the responses they send (converted from the use cases'
//! results). The use cases know nothing of OpenAPI; the field names, serde attributes and doc
//! comments here are what the committed `openapi.json` documents.

pub mod assessment;
pub mod eligibility;
pub mod staff;
