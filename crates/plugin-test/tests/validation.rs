//! The host's annotation checks against a naive reference: a raw-ABI plugin
//! linked into this test emits arbitrary spans, and the host must keep
//! exactly those the reference accepts, mapped the same way. Links (ABI
//! 1.1) are checked like the main span: one bad link drops the annotation.
#![allow(clippy::unwrap_used, unsafe_code)]

use std::cell::RefCell;
use std::ffi::c_void;

use khabar_plugin_abi as abi;
use khabar_plugin_host::{Options, PluginSet};
use khabar_plugin_test::{Fixture, run_with};
use proptest::prelude::*;

/// One annotation to emit: (document, space, start, end, links).
type Emit = (usize, u32, usize, usize, Vec<(usize, usize)>);

thread_local! {
    // `process_batch` runs the plugin on the calling thread, so each test
    // thread sees its own list.
    static TO_EMIT: RefCell<Vec<Emit>> = const { RefCell::new(Vec::new()) };
}

unsafe extern "C" fn create(
    _c: abi::Str,
    out: *mut *mut c_void,
    _e: *mut abi::ErrorBuf,
) -> abi::Status {
    // SAFETY: the host passes a valid out pointer.
    unsafe { *out = std::ptr::NonNull::<u8>::dangling().as_ptr().cast() };
    abi::STATUS_OK
}

unsafe extern "C" fn process(
    _i: *mut c_void,
    _b: *const abi::Batch,
    sink: *const abi::Sink,
    _e: *mut abi::ErrorBuf,
) -> abi::Status {
    // SAFETY: the host passes a valid sink for the call.
    let sink = unsafe { &*sink };
    TO_EMIT.with(|list| {
        for (doc, space, start, end, links) in list.borrow().iter() {
            let (doc, space, start, end) = (*doc, *space, *start, *end);
            let roles = ["speaker", "source", "target"];
            let links: Vec<abi::Link> = links
                .iter()
                .enumerate()
                .map(|(i, &(s, e))| abi::Link {
                    role: abi::Str::new(roles[i % roles.len()]),
                    start: s,
                    end: e,
                })
                .collect();
            let a = abi::Annotation {
                doc,
                label: abi::Str::new("X"),
                start,
                end,
                space,
                reserved: 0,
                attrs_json: abi::Str::EMPTY,
                links: links.as_ptr(),
                n_links: links.len(),
                link_size: size_of::<abi::Link>(),
            };
            // SAFETY: host callback, called during the call on its thread.
            unsafe { (sink.emit)(sink.ctx, &a) };
        }
    });
    abi::STATUS_OK
}

unsafe extern "C" fn destroy(_i: *mut c_void) {}

static VTABLE: abi::PluginVTable = abi::PluginVTable {
    create: Some(create),
    process_batch: Some(process),
    destroy: Some(destroy),
};
static HEADER: abi::PluginHeader = abi::PluginHeader::new("raw", "0.1.0", 0, &VTABLE);

extern "C" fn entry() -> *const abi::PluginHeader {
    &HEADER
}

fn set() -> PluginSet {
    // SAFETY: `entry` follows the ABI contract (a static header, valid
    // functions).
    let ep = unsafe { abi::EntryPoint::new(entry) };
    let options = Options {
        max_invalid_annotations: u64::MAX,
        ..Options::default()
    };
    PluginSet::from_entry_points(&[("raw", ep)], options).unwrap()
}

/// A kept annotation: (doc, start, end, links as (start, end)), in
/// original offsets.
type Kept = (usize, usize, usize, Vec<(usize, usize)>);

/// The reference: one span in `space` mapped to the original text, if
/// valid.
fn naive_span(d: &Fixture, space: u32, s: usize, e: usize) -> Option<(usize, usize)> {
    let ok = |t: &str, s: usize, e: usize| {
        s <= e && e <= t.len() && t.is_char_boundary(s) && t.is_char_boundary(e)
    };
    match space {
        abi::SPACE_ORIGINAL if ok(d.text(), s, e) => Some((s, e)),
        abi::SPACE_NORMALIZED if ok(&d.normalized(), s, e) => {
            let map = d.norm_to_orig();
            let (os, oe) = (map[s] as usize, map[e] as usize);
            let oe = oe.max(os);
            ok(d.text(), os, oe).then_some((os, oe))
        }
        _ => None,
    }
}

/// The reference: which emitted annotations survive.
fn naive(docs: &[Fixture], emits: &[Emit]) -> Vec<Kept> {
    let mut out = Vec::new();
    for (doc, space, s, e, links) in emits {
        let Some(d) = docs.get(*doc) else { continue };
        let Some((s, e)) = naive_span(d, *space, *s, *e) else {
            continue;
        };
        let links: Option<Vec<(usize, usize)>> = links
            .iter()
            .map(|&(ls, le)| naive_span(d, *space, ls, le))
            .collect();
        if let Some(links) = links {
            out.push((*doc, s, e, links));
        }
    }
    out
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("أ"),
            Just("ب"),
            Just("َ"),
            Just(" "),
            Just("x"),
            Just("٣"),
            Just("ـ"),
            Just("😀")
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn host_keeps_exactly_the_valid_annotations(
        texts in proptest::collection::vec(text(), 1..3),
        emits in proptest::collection::vec(
            (0usize..3, 0u32..3, 0usize..40, 0usize..40,
             proptest::collection::vec((0usize..40, 0usize..40), 0..3)),
            0..20,
        ),
    ) {
        let docs: Vec<Fixture> = texts.iter().map(|t| Fixture::new(t.clone())).collect();
        let want = naive(&docs, &emits);
        TO_EMIT.with(|l| *l.borrow_mut() = emits.clone());
        let set = set();
        let out = run_with(&set, &docs);
        let got: Vec<Kept> = out
            .iter()
            .enumerate()
            .flat_map(|(i, o)| {
                o.annotations.iter().map(move |a| {
                    (i, a.start, a.end, a.links.iter().map(|l| (l.start, l.end)).collect())
                })
            })
            .collect();
        let mut want_sorted = want.clone();
        want_sorted.sort_by_key(|w| w.0);
        prop_assert_eq!(got, want_sorted);
        let s = &set.summary().plugins[0];
        prop_assert_eq!(s.dropped as usize, emits.len() - want.len());
        // Every document with a dropped annotation says so; others do not.
        for (i, o) in out.iter().enumerate() {
            let dropped_here = emits.iter().filter(|e| e.0 == i).count()
                - want.iter().filter(|w| w.0 == i).count();
            prop_assert_eq!(o.errors.len(), usize::from(dropped_here > 0));
        }
    }
}
