//! `khabar extract --plugin` and `khabar plugin info` with the example
//! plugins, built by the test itself into a target directory of its own.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::util::*;

fn plugins() -> &'static BTreeMap<String, PathBuf> {
    static LIBS: OnceLock<BTreeMap<String, PathBuf>> = OnceLock::new();
    LIBS.get_or_init(|| {
        let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-plugins");
        khabar_plugin_test::build_plugins(
            &root().join("Cargo.toml"),
            &target,
            &["-p", "dates", "-p", "quotes"],
            &[],
        )
        .unwrap_or_else(|e| panic!("building the example plugins failed: {e}"))
    })
}

fn lib(name: &str) -> String {
    plugins()[name].to_str().unwrap().to_string()
}

#[test]
fn plugins_annotate_every_document_identically_for_any_thread_count() {
    let (dates, quotes) = (lib("dates"), lib("quotes"));
    let args = |j: &'static str| {
        vec![
            "extract",
            "--include-text",
            "--progress",
            "never",
            "-j",
            j,
            "--plugin",
            &dates,
            "--plugin",
            &quotes,
            "seeds",
        ]
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>()
    };
    let one_args = args("1");
    let one = run(
        &one_args.iter().map(String::as_str).collect::<Vec<_>>(),
        b"",
    );
    let two_args = args("2");
    let two = run(
        &two_args.iter().map(String::as_str).collect::<Vec<_>>(),
        b"",
    );
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert!(
        one.stdout == two.stdout,
        "-j 1 and -j 2 differ with plugins"
    );
    let recs = records(&one);
    assert_eq!(recs.len(), 5);
    let mut by_plugin = BTreeMap::new();
    for rec in &recs {
        assert!(
            rec.get("plugin_errors").is_none(),
            "{}",
            rec["plugin_errors"]
        );
        let text = rec["text"].as_str().unwrap();
        for a in rec["annotations"].as_array().unwrap() {
            *by_plugin
                .entry(a["plugin"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
            let (s, e) = (
                a["start"].as_u64().unwrap() as usize,
                a["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..e], a["text"].as_str().unwrap());
        }
    }
    assert!(
        by_plugin.get("dates").copied().unwrap_or(0) >= 5,
        "{by_plugin:?}"
    );
    assert!(
        by_plugin.get("quotes").copied().unwrap_or(0) >= 5,
        "{by_plugin:?}"
    );
    // The seeds date "من 11 إلى 13 يوليو" is found by the dates plugin.
    let seed0 = recs
        .iter()
        .find(|r| r["id"] == "000_6676827a9a6cb8aa")
        .unwrap();
    assert!(
        seed0["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["plugin"] == "dates" && a["text"].as_str().unwrap().contains("يوليو")),
        "{}",
        seed0["annotations"]
    );
}

#[test]
fn plugin_info_and_load_errors() {
    let dates = lib("dates");
    let out = run(&["plugin", "info", &dates], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let info = String::from_utf8(out.stdout).unwrap();
    assert!(info.contains("dates"), "{info}");

    let out = run(
        &["extract", "--plugin", "no/such/libplugin.so", "seeds"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("libplugin.so"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());

    let pinned = format!("{dates}#sha256={}", "0".repeat(64));
    let out = run(&["extract", "--plugin", &pinned, "seeds"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).to_lowercase().contains("sha"),
        "{}",
        stderr(&out)
    );

    let not_a_lib = root().join("seeds/000_6676827a9a6cb8aa.txt");
    let out = run(
        &["extract", "--plugin", not_a_lib.to_str().unwrap(), "seeds"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("000_6676827a9a6cb8aa.txt"),
        "{}",
        stderr(&out)
    );
}
