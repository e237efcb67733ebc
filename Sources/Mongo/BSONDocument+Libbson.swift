import BSON
import CMongoc

extension BSONDocument {
    /// Calls `body` with a `bson_t` holding this document. The `bson_t` is destroyed when
    /// `body` returns, so the pointer must not escape it.
    func withLibbson<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        guard let bson = bson_new() else { throw MongoError.invalidDocument("libbson could not allocate a document") }
        defer { bson_destroy(bson) }
        try LibbsonWriter.append(self, to: bson)
        return try body(bson)
    }

    /// Copies a `bson_t` into Swift values.
    init(libbson bson: OpaquePointer) throws {
        self = try LibbsonStorage.withIterator { iterator in
            guard bson_iter_init(iterator, bson) else { throw MongoError.invalidDocument("malformed BSON document") }
            return try LibbsonReader.document(from: iterator)
        }
    }
}

private enum LibbsonWriter {
    static func append(_ document: BSONDocument, to bson: OpaquePointer) throws {
        for field in document {
            try append(field.value, key: field.key, to: bson)
        }
    }

    static func append(_ value: BSON, key: String, to bson: OpaquePointer) throws {
        guard !key.utf8.contains(0) else {
            throw MongoError.invalidDocument("a BSON key cannot contain a NUL character: \(key.debugDescription)")
        }
        let keyLength = Int32(key.utf8.count)
        let appended = try key.withCString { key -> Bool in
            switch value {
            case .double(let number):
                return bson_append_double(bson, key, keyLength, number)
            case .string(var string):
                // By explicit length, so that strings with NUL characters survive.
                return string.withUTF8 { utf8 in
                    utf8.withMemoryRebound(to: CChar.self) {
                        bson_append_utf8(bson, key, keyLength, $0.baseAddress, Int32($0.count))
                    }
                }
            case .document(let document):
                return try LibbsonStorage.withBSON { child in
                    guard bson_append_document_begin(bson, key, keyLength, child) else { return false }
                    defer { bson_append_document_end(bson, child) }
                    try append(document, to: child)
                    return true
                }
            case .array(let elements):
                return try LibbsonStorage.withBSON { child in
                    guard bson_append_array_begin(bson, key, keyLength, child) else { return false }
                    defer { bson_append_array_end(bson, child) }
                    for (index, element) in elements.enumerated() {
                        try append(element, key: String(index), to: child)
                    }
                    return true
                }
            case .objectId(let id):
                var oid = bson_oid_t()
                withUnsafeMutableBytes(of: &oid.bytes) { oid in id.withUnsafeBytes { oid.copyMemory(from: $0) } }
                return bson_append_oid(bson, key, keyLength, &oid)
            case .bool(let flag):
                return bson_append_bool(bson, key, keyLength, flag)
            case .datetime(let milliseconds):
                return bson_append_date_time(bson, key, keyLength, milliseconds)
            case .null:
                return bson_append_null(bson, key, keyLength)
            case .int32(let number):
                return bson_append_int32(bson, key, keyLength, number)
            case .int64(let number):
                return bson_append_int64(bson, key, keyLength, number)
            }
        }
        // libbson refuses only when a document would outgrow the 2 GiB a BSON length can say;
        // the server's 16 MiB limit is the driver's to enforce.
        guard appended else { throw MongoError.invalidDocument("the document is too large at \(key.debugDescription)") }
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
