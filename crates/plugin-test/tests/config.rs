//! A plugin that refuses to start without a configuration can still be
//! tested: `Harness::in_process_config` reads the name from the header
//! without starting it, then starts it with the configuration.
#![allow(clippy::unwrap_used)]

use khabar_plugin_sdk::{Doc, Error, Extractor, Output, export_plugin};
use khabar_plugin_test::{Fixture, Harness, LoadErrorKind};

struct Needs {
    label: String,
}

impl Extractor for Needs {
    fn new(config: &str) -> Result<Self, Error> {
        match config.strip_prefix("label=") {
            Some(l) if !l.is_empty() => Ok(Needs { label: l.into() }),
            _ => Err(Error::new("configuration required: label=NAME")),
        }
    }

    fn extract(&mut self, doc: &Doc<'_>, out: &mut Output<'_>) -> Result<(), Error> {
        out.add(&self.label, doc.span(0, 0)?);
        Ok(())
    }
}

export_plugin!(Needs, name = "needs-config", version = "0.1.0");

#[test]
fn a_plugin_that_needs_a_configuration() {
    let err = Harness::in_process("needs", KHABAR_PLUGIN).unwrap_err();
    assert!(matches!(err.kind(), LoadErrorKind::Create { .. }), "{err}");
    assert!(err.to_string().contains("configuration required"), "{err}");
    let h = Harness::in_process_config("needs", KHABAR_PLUGIN, "label=X").unwrap();
    assert_eq!(
        h.run_one(&Fixture::hand_made("نص")).annotations[0].label,
        "X"
    );
}
