//! The manifests of an `apply` or `update` step, read with the manifest layer; any error or
//! skipped kind fails the step (a scenario must say exactly what it creates).

use crate::manifest;
use pv_engine::objects::Object;

pub struct Document {
    pub object: Object,
    /// See [`manifest::ParsedObject::declares_finalizers`].
    pub lists_finalizers: bool,
}

pub fn parse(text: &str) -> Result<Vec<Document>, String> {
    let parsed = manifest::parse(text);
    if let Some(error) = parsed.errors.first() {
        return Err(format!("manifest {error}"));
    }
    if let Some(skipped) = parsed.skipped.first() {
        return Err(format!(
            "manifest line {}: kind {} is not simulated",
            skipped.line, skipped.kind
        ));
    }
    Ok(parsed
        .objects
        .into_iter()
        .map(|p| Document {
            object: p.object,
            lists_finalizers: p.declares_finalizers,
        })
        .collect())
}
