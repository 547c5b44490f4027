/*
 * A khabar plugin in C (ABI 1.1): marks every figure khabar found, with its
 * kind and bounds as attributes and a "sentence" link to the sentence that
 * holds it. Configuration: empty, or "label=NAME" (NAME: 1 to 63 characters
 * of A-Z and _; default FIGURE), validated in create().
 *
 * Build (Linux; use -dynamiclib on macOS):
 *   cc -std=c11 -O2 -shared -fPIC -fvisibility=hidden \
 *      -I ../../crates/plugin-abi/include khabar_figures_c.c -o libkhabar_figures_c.so
 * Run:
 *   khabar extract --plugin ./libkhabar_figures_c.so \
 *      --plugin-config figures-c=label=NUMBER seeds/
 *
 * Licence: MIT OR Apache-2.0, like khabar.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "khabar_plugin.h"

#define EXPORT __attribute__((visibility("default")))

typedef struct instance {
    uint8_t label[64];
    size_t label_len;
    char attrs[512]; /* scratch for one annotation's JSON */
} instance;

static khabar_str lit(const char *s) {
    khabar_str out = {(const uint8_t *)s, strlen(s)};
    return out;
}

static void set_error(khabar_error_buf *err, const char *msg) {
    if (err == NULL || err->ptr == NULL) {
        return;
    }
    size_t n = strlen(msg);
    if (n > err->cap) {
        n = err->cap; /* the messages here are ASCII: any cut is a boundary */
    }
    memcpy(err->ptr, msg, n);
    err->len = n;
}

static khabar_status create(khabar_str config, void **out, khabar_error_buf *err) {
    static const char key[] = "label=";
    const size_t key_len = sizeof key - 1;
    if (out == NULL) {
        set_error(err, "null output pointer");
        return KHABAR_STATUS_ERROR;
    }
    instance *in = calloc(1, sizeof *in);
    if (in == NULL) {
        set_error(err, "out of memory");
        return KHABAR_STATUS_ERROR;
    }
    memcpy(in->label, "FIGURE", 6);
    in->label_len = 6;
    if (config.len > 0) {
        size_t n = config.len - key_len;
        int ok = config.len > key_len && memcmp(config.ptr, key, key_len) == 0 &&
                 n < sizeof in->label;
        for (size_t i = 0; ok && i < n; i++) {
            uint8_t c = config.ptr[key_len + i];
            ok = (c >= 'A' && c <= 'Z') || c == '_';
        }
        if (!ok) {
            free(in);
            set_error(err, "configuration must be empty or label=NAME, NAME being 1 to 63 "
                           "characters of A-Z and _ (for example label=NUMBER)");
            return KHABAR_STATUS_ERROR;
        }
        memcpy(in->label, config.ptr + key_len, n);
        in->label_len = n;
    }
    *out = in;
    return KHABAR_STATUS_OK;
}

/* Element i of a host array, walked with the host's stride. */
#define AT(type, base, size, i) ((const type *)((const uint8_t *)(base) + (i) * (size)))

static const khabar_range *sentence_at(const khabar_doc *d, size_t offset) {
    for (size_t i = 0; i < d->n_sentences; i++) {
        const khabar_range *s = AT(khabar_range, d->sentences, d->sentence_size, i);
        if (s->start <= offset && offset < s->end) {
            return s;
        }
    }
    return NULL;
}

/* A bound as JSON: a number, or null for NaN (no bound). */
static int bound(char *buf, size_t cap, double x) {
    return isnan(x) ? snprintf(buf, cap, "null") : snprintf(buf, cap, "%.17g", x);
}

static khabar_status process_batch(void *self, const khabar_batch *batch,
                                   const khabar_sink *sink, khabar_error_buf *err) {
    instance *in = self;
    if (in == NULL || batch == NULL || sink == NULL) {
        set_error(err, "null argument");
        return KHABAR_STATUS_ERROR;
    }
    for (size_t i = 0; i < batch->n_docs; i++) {
        const khabar_doc *d = AT(khabar_doc, batch->docs, batch->doc_size, i);
        for (size_t k = 0; k < d->n_figures; k++) {
            const khabar_figure *f = AT(khabar_figure, d->figures, d->figure_size, k);
            char low[32], high[32];
            bound(low, sizeof low, f->low);
            bound(high, sizeof high, f->high);
            /* kind is one of khabar's ASCII names: no escaping needed. */
            int n = snprintf(in->attrs, sizeof in->attrs,
                             "{\"kind\":\"%.*s\",\"low\":%s,\"high\":%s}", (int)f->kind.len,
                             (const char *)f->kind.ptr, low, high);
            if (n < 0 || (size_t)n >= sizeof in->attrs) {
                continue;
            }
            khabar_link links[1];
            size_t n_links = 0;
            const khabar_range *s = sentence_at(d, f->start);
            if (s != NULL) {
                links[0].role = lit("sentence");
                links[0].start = s->start;
                links[0].end = s->end;
                n_links = 1;
            }
            khabar_annotation a;
            memset(&a, 0, sizeof a);
            a.doc = i;
            a.label.ptr = in->label;
            a.label.len = in->label_len;
            a.start = f->start;
            a.end = f->end;
            a.space = KHABAR_SPACE_ORIGINAL;
            a.attrs_json.ptr = (const uint8_t *)in->attrs;
            a.attrs_json.len = (size_t)n;
            a.links = n_links ? links : NULL;
            a.n_links = n_links;
            a.link_size = sizeof(khabar_link);
            sink->emit(sink->ctx, &a);
        }
    }
    return KHABAR_STATUS_OK;
}

static void destroy(void *self) {
    free(self);
}

static const khabar_plugin_vtable VTABLE = {create, process_batch, destroy};

static const khabar_plugin_header HEADER = {
    KHABAR_PLUGIN_MAGIC,
    KHABAR_ABI_MAJOR,
    KHABAR_ABI_MINOR,
    sizeof(khabar_plugin_header),
    0, /* not thread-safe: the instance has a scratch buffer */
    {(const uint8_t *)"figures-c", 9},
    {(const uint8_t *)"0.1.0", 5},
    &VTABLE,
    sizeof(khabar_plugin_vtable),
    0,
};

EXPORT const khabar_plugin_header *khabar_plugin_v1(void) {
    return &HEADER;
}
