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
            &["-p", "dates", "-p", "quotes", "-p", "khabar-template"],
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

#[test]
fn version_names_the_plugin_abi_range() {
    let out = run(&["--version"], b"");
    assert_eq!(out.status.code(), Some(0));
    let v = String::from_utf8(out.stdout).unwrap();
    let range = khabar::plugin_host::abi_range();
    assert!(v.contains(&format!("loads {range}")), "{v}");
    assert!(v.starts_with("khabar "), "{v}");
}

#[test]
fn plugin_info_prints_the_sha256_and_accepts_a_pin() {
    use sha2::Digest;
    let dates = lib("dates");
    let digest: String = sha2::Sha256::digest(std::fs::read(&dates).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let out = run(&["plugin", "info", &dates], b"");
    let info = String::from_utf8(out.stdout).unwrap();
    assert!(info.contains(&format!("sha256:       {digest}")), "{info}");
    assert!(info.contains("this khabar loads ABI"), "{info}");
    let pinned = format!("{dates}#sha256={digest}");
    let out = run(&["plugin", "info", &pinned], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let wrong = format!("{dates}#sha256={}", "f".repeat(64));
    let out = run(&["plugin", "info", &wrong], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("SHA-256 mismatch") && err.contains("this khabar loads ABI"),
        "{err}"
    );
}

#[test]
fn plugin_configuration_reaches_the_named_plugin() {
    let template = lib("khabar-template");
    let text = "{\"id\": \"c1\", \"text\": \"التقى وزير الخارجية وعمدة المدينة\"}\n";
    let config = r#"khabar-template={"label": "JOB", "titles": ["عمده"]}"#;
    let out = run(
        &[
            "extract",
            "--progress",
            "never",
            "--plugin",
            &template,
            "--plugin-config",
            config,
            "-",
        ],
        text.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    let got: Vec<(&str, &str)> = recs[0]["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["label"].as_str().unwrap(), a["text"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("JOB", "وزير"), ("JOB", "عمدة")]);

    // A configuration the plugin refuses: exit 2, its message, no output.
    let bad = r#"khabar-template={"colour": "red"}"#;
    let out = run(
        &[
            "extract",
            "--plugin",
            &template,
            "--plugin-config",
            bad,
            "-",
        ],
        text.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("unknown key \"colour\"") && err.contains("libkhabar_template"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    // A name no plugin has, a malformed option, a configuration in the path.
    for (args, want) in [
        (
            vec!["--plugin", template.as_str(), "--plugin-config", "dates=x"],
            "no loaded plugin has that name",
        ),
        (
            vec!["--plugin", template.as_str(), "--plugin-config", "=x"],
            "expected NAME=STRING",
        ),
        (
            vec!["--plugin", "lib.so#kinds=count"],
            "--plugin-config NAME=STRING",
        ),
    ] {
        let mut all = vec!["extract"];
        all.extend(args);
        all.push("-");
        let out = run(&all, text.as_bytes());
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(stderr(&out).contains(want), "{all:?}: {}", stderr(&out));
    }
}

#[test]
fn links_are_converted_with_char_offsets_and_plugins_see_id_and_meta() {
    let (dates, quotes) = (lib("dates"), lib("quotes"));
    let input = concat!(
        r#"{"id": "q1", "text": "وقالت المتحدثة ماريا زاخاروفا إن الوفد “سيزور البلاد الأسبوع المقبل” بعد اجتماع أمس.", "date": "2025-01-01"}"#,
        "\n"
    );
    for offsets in ["byte", "char"] {
        let out = run(
            &[
                "extract",
                "--progress",
                "never",
                "--include-text",
                "--offsets",
                offsets,
                "--plugin",
                &dates,
                "--plugin",
                &quotes,
                "-",
            ],
            input.as_bytes(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let rec = &records(&out)[0];
        let text = rec["text"].as_str().unwrap();
        let slice = |s: &serde_json::Value, e: &serde_json::Value| -> String {
            let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
            if offsets == "byte" {
                text[s..e].to_string()
            } else {
                text.chars().skip(s).take(e - s).collect()
            }
        };
        let anns = rec["annotations"].as_array().unwrap();
        let quote = anns.iter().find(|a| a["plugin"] == "quotes").unwrap();
        let links = quote["links"].as_array().unwrap();
        assert_eq!(links[0]["role"], "speaker");
        for l in links {
            assert_eq!(
                slice(&l["start"], &l["end"]),
                l["text"].as_str().unwrap(),
                "{offsets}: {l}"
            );
        }
        assert_eq!(links[0]["text"], "ماريا زاخاروفا");
        // The document date in the input's meta reaches the dates plugin.
        let yesterday = anns
            .iter()
            .find(|a| a["plugin"] == "dates" && a["text"] == "أمس")
            .unwrap();
        assert_eq!(yesterday["attrs"]["resolved"], "2024-12-31", "{yesterday}");
    }
}
