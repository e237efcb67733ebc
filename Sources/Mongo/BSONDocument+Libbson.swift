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
        self = try LibbsonStorage.withIterator { iterator in
            guard bson_iter_init(iterator, bson) else { throw MongoError.invalidDocument("malformed BSON document") }
            return try LibbsonReader.document(from: iterator)
        }
    }
}

private enum LibbsonReader {
    static func document(from iterator: OpaquePointer) throws -> BSONDocument {
        var document = BSONDocument()
        while bson_iter_next(iterator) {
            document.append(String(cString: bson_iter_key(iterator)), try value(at: iterator))
        }
        return document
    }

    static func value(at iterator: OpaquePointer) throws -> BSON {
        let type = bson_iter_type(iterator)
        switch type {
        case BSON_TYPE_DOUBLE:
            return .double(bson_iter_double(iterator))
        case BSON_TYPE_UTF8:
            var length: UInt32 = 0
            let bytes = UnsafeRawBufferPointer(start: bson_iter_utf8(iterator, &length), count: Int(length))
            guard let string = String(validating: bytes, as: UTF8.self) else {
                throw MongoError.invalidDocument("invalid UTF-8 in string field \(String(cString: bson_iter_key(iterator)))")
            }
            return .string(string)
        case BSON_TYPE_DOCUMENT:
            return .document(try children(of: iterator, read: document(from:)))
        case BSON_TYPE_ARRAY:
            return .array(try children(of: iterator) { child in
                var elements: [BSON] = []
                while bson_iter_next(child) {
                    elements.append(try value(at: child))
                }
                return elements
            })
        case BSON_TYPE_OID:
            return .objectId(withUnsafeBytes(of: bson_iter_oid(iterator).pointee.bytes) { ObjectId(bytes: $0)! })
        case BSON_TYPE_BOOL:
            return .bool(bson_iter_bool(iterator))
        case BSON_TYPE_DATE_TIME:
            return .datetime(millisecondsSince1970: bson_iter_date_time(iterator))
        case BSON_TYPE_NULL:
            return .null
        case BSON_TYPE_INT32:
            return .int32(bson_iter_int32(iterator))
        case BSON_TYPE_INT64:
            return .int64(bson_iter_int64(iterator))
        default:
            throw MongoError.invalidDocument(
                "unsupported BSON type 0x\(String(type.rawValue, radix: 16)) in field \(String(cString: bson_iter_key(iterator)))")
        }
    }

    private static func children<Result>(
        of iterator: OpaquePointer, read: (OpaquePointer) throws -> Result
    ) throws -> Result {
        try LibbsonStorage.withIterator { child in
            guard bson_iter_recurse(iterator, child) else { throw MongoError.invalidDocument("malformed nested BSON") }
            return try read(child)
        }
    }
}
