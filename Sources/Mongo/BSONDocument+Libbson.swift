import BSON
import CMongoc

extension BSONDocument {
    /// Calls `body` with a `bson_t` holding this document. The `bson_t` and its bytes last
    /// only until `body` returns, so the pointer must not escape it.
    func withLibbson<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        try BSONWriter.bytes(of: self).withUnsafeBufferPointer { bytes in
            try LibbsonStorage.withBSON { bson in
                // Read in place: a static bson_t owns nothing and needs no destroying.
                guard bson_init_static(bson, bytes.baseAddress, bytes.count) else {
                    throw MongoError.invalidDocument("libbson could not read a serialised document")
                }
                return try body(bson)
            }
        }
    }

    /// Copies a `bson_t` into Swift values.
    init(libbson bson: OpaquePointer) throws {
        let bytes = UnsafeRawBufferPointer(start: bson_get_data(bson), count: Int(cmongoc_bson_length(bson)))
        self = try BSONReader.document(from: bytes)
    }
}
