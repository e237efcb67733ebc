import CMongoc

/// Scoped storage for the libbson structs that Swift imports only as opaque pointers.
///
/// Debian's libbson is built with BSON_EXTRA_ALIGN, so `bson_t` and `bson_iter_t` are
/// 128-byte-aligned and there is no stack `bson_t` in Swift. Out-parameters (`reply`),
/// child documents and iterators need storage that C initialises; the closure scope is what
/// keeps that storage alive for exactly as long as C may use it.
enum LibbsonStorage {
    static func withBSON<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try withStorage(size: cmongoc_bson_t_size(), alignment: cmongoc_bson_t_alignment(), body)
    }

    static func withIterator<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try withStorage(size: cmongoc_bson_iter_t_size(), alignment: cmongoc_bson_iter_t_alignment(), body)
    }

    /// Calls `body` with an initialised `reply` and destroys the reply afterwards. libmongoc
    /// initialises `reply` on success and failure alike, so it is always destroyed.
    static func withReply<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try withBSON { reply in
            defer { bson_destroy(reply) }
            return try body(reply)
        }
    }

    private static func withStorage<Result>(
        size: Int, alignment: Int, _ body: (OpaquePointer) throws -> Result
    ) rethrows -> Result {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: alignment)
        defer { storage.deallocate() }
        return try body(OpaquePointer(storage))
    }
}
