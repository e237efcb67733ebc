import BSON
import CMongoc

@testable import Mongo

/// Builds documents with libbson's own `bson_append_*`, as the driver layer once did: the
/// reference that `BSONWriter`'s bytes must equal and that `BSONReader` must read back.
enum LibbsonReference {
    /// Calls `body` with a `bson_t` libbson built from `document`.
    static func withBSON<Result>(_ document: BSONDocument, _ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try LibbsonStorage.withBSON { bson in
            bson_init(bson)
            defer { bson_destroy(bson) }
            append(document, to: bson)
            return try body(bson)
        }
    }

    /// The bytes libbson builds for `document`.
    static func bytes(of document: BSONDocument) -> [UInt8] {
        withBSON(document) { bson in
            Array(UnsafeBufferPointer(start: bson_get_data(bson), count: Int(cmongoc_bson_length(bson))))
        }
    }

    private static func append(_ document: BSONDocument, to bson: OpaquePointer) {
        for field in document {
            append(field.value, key: field.key, to: bson)
        }
    }

    private static func append(_ value: BSON, key: String, to bson: OpaquePointer) {
        let length = Int32(key.utf8.count)
        let appended = key.withCString { key -> Bool in
            switch value {
            case .double(let number):
                return bson_append_double(bson, key, length, number)
            case .string(var string):
                return string.withUTF8 { utf8 in
                    utf8.withMemoryRebound(to: CChar.self) { bson_append_utf8(bson, key, length, $0.baseAddress, Int32($0.count)) }
                }
            case .document(let document):
                return LibbsonStorage.withBSON { child in
                    guard bson_append_document_begin(bson, key, length, child) else { return false }
                    append(document, to: child)
                    return bson_append_document_end(bson, child)
                }
            case .array(let elements):
                return LibbsonStorage.withBSON { child in
                    guard bson_append_array_begin(bson, key, length, child) else { return false }
                    for (index, element) in elements.enumerated() {
                        append(element, key: String(index), to: child)
                    }
                    return bson_append_array_end(bson, child)
                }
            case .objectId(let id):
                var oid = bson_oid_t()
                withUnsafeMutableBytes(of: &oid.bytes) { oid in id.withUnsafeBytes { oid.copyMemory(from: $0) } }
                return bson_append_oid(bson, key, length, &oid)
            case .bool(let flag):
                return bson_append_bool(bson, key, length, flag)
            case .datetime(let milliseconds):
                return bson_append_date_time(bson, key, length, milliseconds)
            case .null:
                return bson_append_null(bson, key, length)
            case .int32(let number):
                return bson_append_int32(bson, key, length, number)
            case .int64(let number):
                return bson_append_int64(bson, key, length, number)
            }
        }
        precondition(appended, "libbson refused \(key)")
    }
}
