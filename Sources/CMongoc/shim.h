#ifndef CMONGOC_SHIM_H
#define CMONGOC_SHIM_H

#include <mongoc/mongoc.h>

// Debian builds libbson with BSON_EXTRA_ALIGN, so bson_t and bson_iter_t are 128-byte aligned
// and Swift imports them as opaque pointers. Swift still has to provide storage for them
// (out-parameters, iterators), and only C knows their real size and alignment.
static inline size_t cmongoc_bson_t_size(void) { return sizeof(bson_t); }
static inline size_t cmongoc_bson_t_alignment(void) { return _Alignof(bson_t); }
static inline size_t cmongoc_bson_iter_t_size(void) { return sizeof(bson_iter_t); }
static inline size_t cmongoc_bson_iter_t_alignment(void) { return _Alignof(bson_iter_t); }

#endif
