/*
 * khabar_plugin.h: the C declarations of the khabar plugin ABI 1.1.
 *
 * Hand-written from crates/plugin-abi/src/lib.rs (the source of truth) and
 * checked against it by that crate's tests (tests/c_header.rs compiles a C
 * file that prints every size, offset and constant below and compares them
 * with the Rust definitions), so the two cannot drift apart unnoticed.
 *
 * Rules (see the crate docs for the full contract):
 *   - Export one function, KHABAR_PLUGIN_ENTRY_SYMBOL, of type
 *     khabar_entry_fn, returning a pointer to a static khabar_plugin_header.
 *   - Rust `usize` is `size_t` here (khabar supports only targets where
 *     size_t and uintptr_t have the same width as a pointer).
 *   - Rust `Option<extern "C" fn>` is a nullable function pointer; the host
 *     refuses a header whose create/process_batch/destroy is NULL.
 *   - Strings are pointer + length, UTF-8, not NUL-terminated.
 *   - Structs only grow by appending fields in a new minor version; arrays
 *     are walked with the element size the writer recorded, never with the
 *     reader's sizeof.
 *   - Never let a C++ exception or a longjmp cross a khabar call.
 *
 * Licence: MIT OR Apache-2.0, like khabar.
 */
#ifndef KHABAR_PLUGIN_H
#define KHABAR_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ASCII bytes "KHABARPL" read as a little-endian uint64_t. */
#define KHABAR_PLUGIN_MAGIC UINT64_C(0x4C5052414241484B)
#define KHABAR_ABI_MAJOR 1u
#define KHABAR_ABI_MINOR 1u
/* The oldest minor of KHABAR_ABI_MAJOR that a host of this version loads. */
#define KHABAR_ABI_MINOR_OLDEST 0u
#define KHABAR_PLUGIN_ENTRY_SYMBOL "khabar_plugin_v1"

/* Status codes returned by plugin functions. */
typedef int32_t khabar_status;
#define KHABAR_STATUS_OK 0
#define KHABAR_STATUS_ERROR 1
#define KHABAR_STATUS_PANIC 2

/* Capability bits (khabar_plugin_header.capabilities). */
#define KHABAR_CAP_THREAD_SAFE 0x1u

/* Kinds for khabar_sink.doc_error. */
#define KHABAR_DOC_ERROR 1u
#define KHABAR_DOC_PANIC 2u

/* khabar_annotation.space */
#define KHABAR_SPACE_ORIGINAL 0u
#define KHABAR_SPACE_NORMALIZED 1u

/* Most links one annotation may carry. */
#define KHABAR_MAX_LINKS 64u

/* A borrowed byte string; len == 0 is the empty string whatever ptr is. */
typedef struct khabar_str {
    const uint8_t *ptr;
    size_t len;
} khabar_str;

/* A host-provided buffer for an error message: write at most cap bytes of
 * UTF-8 at ptr and set len. */
typedef struct khabar_error_buf {
    uint8_t *ptr;
    size_t cap;
    size_t len;
} khabar_error_buf;

/* A span of the original text (byte offsets), e.g. one sentence. (1.1) */
typedef struct khabar_range {
    size_t start;
    size_t end;
} khabar_range;

/* An entity found by the host (span in the original text). */
typedef struct khabar_entity {
    size_t start;
    size_t end;
    khabar_str id;     /* empty when none (how == "pattern") */
    khabar_str kind;   /* PER, LOC, ORG, ... */
    khabar_str name;   /* canonical name */
    /* 1.1 */
    khabar_str prefix; /* stripped proclitic, empty when none */
    khabar_str how;    /* gazetteer, pattern, coreference */
} khabar_entity;

/* A figure parsed by the host. low/high may be negative or fractional;
 * NaN means "no bound". */
typedef struct khabar_figure {
    size_t start;
    size_t end;
    double low;
    double high;
    khabar_str approx; /* exact, about, at_least, ... */
    khabar_str unit;   /* empty when none */
    khabar_str kind;   /* count, percent, money, ..., quantity, label */
} khabar_figure;

/* One document: host-owned views, valid during one process_batch call. */
typedef struct khabar_doc {
    khabar_str text;          /* decoded original text; spans index it */
    khabar_str normalized;    /* search-profile normalized text */
    const uint32_t *norm_to_orig; /* normalized.len + 1 offsets */
    size_t norm_to_orig_len;
    const khabar_entity *entities;
    size_t n_entities;
    size_t entity_size;       /* stride in bytes */
    const khabar_figure *figures;
    size_t n_figures;
    size_t figure_size;       /* stride in bytes */
    /* 1.1 */
    khabar_str id;            /* document id, empty when none */
    khabar_str meta_json;     /* other input fields as a JSON object, or empty */
    const khabar_range *sentences;
    size_t n_sentences;
    size_t sentence_size;     /* stride in bytes */
    const uint32_t *orig_to_norm; /* text.len + 1 offsets */
    size_t orig_to_norm_len;
} khabar_doc;

/* A batch of documents. */
typedef struct khabar_batch {
    size_t size;              /* sizeof(khabar_batch) as the host knows it */
    const khabar_doc *docs;
    size_t n_docs;
    size_t doc_size;          /* stride in bytes: use it, not sizeof */
} khabar_batch;

/* An extra labelled span of an annotation, in the annotation's space. (1.1) */
typedef struct khabar_link {
    khabar_str role;          /* e.g. "speaker"; non-empty, at most 64 bytes */
    size_t start;
    size_t end;
} khabar_link;

/* One annotation, copied by the host inside khabar_sink.emit. */
typedef struct khabar_annotation {
    size_t doc;               /* index in the batch */
    khabar_str label;         /* non-empty UTF-8, at most 256 bytes */
    size_t start;
    size_t end;
    uint32_t space;           /* KHABAR_SPACE_* */
    uint32_t reserved;        /* zero */
    khabar_str attrs_json;    /* JSON or empty */
    /* 1.1 (read only from plugins declaring abi_minor >= 1) */
    const khabar_link *links;
    size_t n_links;
    size_t link_size;         /* sizeof(khabar_link) */
} khabar_annotation;

typedef khabar_status (*khabar_emit_fn)(void *ctx, const khabar_annotation *annotation);
typedef void (*khabar_doc_error_fn)(void *ctx, size_t doc, uint32_t kind, khabar_str message);

/* The host's callbacks: call them only during process_batch, from the
 * thread that received the call. */
typedef struct khabar_sink {
    void *ctx;
    khabar_emit_fn emit;           /* never NULL */
    khabar_doc_error_fn doc_error; /* never NULL */
} khabar_sink;

typedef khabar_status (*khabar_create_fn)(khabar_str config, void **out, khabar_error_buf *err);
typedef khabar_status (*khabar_process_batch_fn)(void *instance, const khabar_batch *batch,
                                                 const khabar_sink *sink, khabar_error_buf *err);
typedef void (*khabar_destroy_fn)(void *instance);

/* The function table; the entries are nullable (and NULL is refused). */
typedef struct khabar_plugin_vtable {
    khabar_create_fn create;
    khabar_process_batch_fn process_batch;
    khabar_destroy_fn destroy;
} khabar_plugin_vtable;

typedef struct khabar_plugin_header {
    uint64_t magic;           /* KHABAR_PLUGIN_MAGIC */
    uint32_t abi_major;       /* KHABAR_ABI_MAJOR */
    uint32_t abi_minor;       /* KHABAR_ABI_MINOR (or older) */
    uint32_t header_size;     /* sizeof(khabar_plugin_header) */
    uint32_t capabilities;    /* KHABAR_CAP_* */
    khabar_str name;          /* non-empty UTF-8, at most 256 bytes */
    khabar_str version;       /* non-empty UTF-8, at most 256 bytes */
    const khabar_plugin_vtable *vtable;
    uint32_t vtable_size;     /* sizeof(khabar_plugin_vtable) */
    uint32_t reserved;        /* zero */
} khabar_plugin_header;

typedef const khabar_plugin_header *(*khabar_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* KHABAR_PLUGIN_H */
