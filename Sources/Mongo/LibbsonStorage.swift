import CMongoc

/// Scoped storage for the libbson structs that Swift imports only as opaque pointers.
///
/// Debian's libbson is built with BSON_EXTRA_ALIGN, so `bson_t` is 128-byte-aligned, which
/// Swift's imported types cannot express. Out-parameters (`reply`) and documents read in place
/// need storage that C initialises; the closure scope is what keeps that storage alive for
/// exactly as long as C may use it. The storage is on the stack: aligned heap allocations went
/// through `posix_memalign`, and a page of 20 trips took 6% more instructions.
enum LibbsonStorage {
    static func withBSON<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try withStorage(size: cmongoc_bson_t_size(), alignment: cmongoc_bson_t_alignment(), body)
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
        // Swift keeps temporary allocations on the stack only up to 16-byte alignment: this
        // takes room for the worst offset and aligns within it.
        try withUnsafeTemporaryAllocation(byteCount: size + alignment, alignment: 16) { room in
            let address = UInt(bitPattern: room.baseAddress!)
            let aligned = (address + UInt(alignment) - 1) & ~(UInt(alignment) - 1)
            return try body(OpaquePointer(bitPattern: aligned)!)
        }
    }
}
