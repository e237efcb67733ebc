#ifndef CMONGOC_SHIM_H
#define CMONGOC_SHIM_H

#include <mongoc/mongoc.h>

// Debian builds libbson with BSON_EXTRA_ALIGN, so bson_t is 128-byte aligned and Swift
// imports it as an opaque pointer. Swift still has to provide storage for it (out-parameters),
// and only C knows its real size and alignment, or can read its fields.
static inline size_t cmongoc_bson_t_size(void) { return sizeof(bson_t); }
static inline size_t cmongoc_bson_t_alignment(void) { return _Alignof(bson_t); }
// The length of the bytes bson_get_data returns.
static inline uint32_t cmongoc_bson_length(const bson_t *bson) { return bson->len; }

#endif
