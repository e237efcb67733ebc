import BSON

/// Serialises a document to BSON bytes, which libbson then reads in place (`bson_init_static`).
///
/// One pass measures the document, so that its bytes are allocated once, and a second stores
/// them. Building the `bson_t` through libbson's `bson_append_*` cost about 200 instructions
/// a field, a C string made for each key, and reallocations as the document grew.
struct BSONWriter {
    static func bytes(of document: BSONDocument) throws -> [UInt8] {
        let count = size(of: document)
        // Every length inside is at most the whole document's.
        guard count <= Int32.max else {
            throw MongoError.invalidDocument("the document is larger than the 2 GiB a BSON length can say")
        }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let start = UnsafeMutableRawPointer(buffer.baseAddress!)
            var writer = BSONWriter(next: start)
            try writer.write(document)
            // The two passes switch over the same cases; a mismatch would be a bug here.
            precondition(writer.next == start + count, "BSONWriter measured \(count) bytes and wrote \(writer.next - start)")
            initialized = count
        }
    }

    private var next: UnsafeMutableRawPointer

    /// A document is its length, its elements, then a NUL.
    private mutating func write(_ document: BSONDocument) throws {
        let start = next
        next += 4
        for field in document {
            store(BSONElementType(of: field.value).rawValue)
            try writeKey(field.key)
            try write(field.value)
        }
        end(documentAt: start)
    }

    private mutating func end(documentAt start: UnsafeMutableRawPointer) {
        store(UInt8(0))
        start.storeBytes(of: Int32(truncatingIfNeeded: next - start).littleEndian, as: Int32.self)
    }

    private mutating func write(_ value: BSON) throws {
        switch value {
        case .double(let number):
            store(number.bitPattern)
        case .string(var string):
            string.withUTF8 { utf8 in
                store(Int32(truncatingIfNeeded: utf8.count + 1))
                copy(UnsafeRawBufferPointer(utf8))
            }
            store(UInt8(0))
        case .document(let document):
            try write(document)
        case .array(let elements):
            let start = next
            next += 4
            for (index, element) in elements.enumerated() {
                store(BSONElementType(of: element).rawValue)
                storeDigits(of: index)
                store(UInt8(0))
                try write(element)
            }
            end(documentAt: start)
        case .objectId(let id):
            id.withUnsafeBytes { copy($0) }
        case .bool(let flag):
            store(UInt8(flag ? 1 : 0))
        case .datetime(let milliseconds):
            store(milliseconds)
        case .null:
            break
        case .int32(let number):
            store(number)
        case .int64(let number):
            store(number)
        }
    }

    private mutating func writeKey(_ key: String) throws {
        var contiguous = key
        let hasNUL = contiguous.withUTF8 { utf8 in
            copy(UnsafeRawBufferPointer(utf8))
            return utf8.contains(0)
        }
        // A key is a C string: a NUL inside it would end it early and shift every later byte.
        guard !hasNUL else {
            throw MongoError.invalidDocument("a BSON key cannot contain a NUL character: \(key.debugDescription)")
        }
        store(UInt8(0))
    }

    /// An array's keys are its indexes in decimal.
    private mutating func storeDigits(of index: Int) {
        if index >= 10 {
            storeDigits(of: index / 10)
        }
        store(UInt8(truncatingIfNeeded: 0x30 + index % 10))
    }

    private mutating func store(_ number: some FixedWidthInteger) {
        next.storeBytes(of: number.littleEndian, as: type(of: number))
        next += MemoryLayout.size(ofValue: number)
    }

    private mutating func copy(_ bytes: UnsafeRawBufferPointer) {
        UnsafeMutableRawBufferPointer(start: next, count: bytes.count).copyMemory(from: bytes)
        next += bytes.count
    }

    private static func size(of document: BSONDocument) -> Int {
        document.reduce(5) { size, field in size + field.key.utf8.count + 2 + Self.size(of: field.value) }
    }

    private static func size(of value: BSON) -> Int {
        switch value {
        case .double, .datetime, .int64: 8
        case .string(let string): string.utf8.count + 5
        case .document(let document): size(of: document)
        case .array(let elements):
            elements.indices.reduce(5) { size, index in size + digitCount(of: index) + 2 + Self.size(of: elements[index]) }
        case .objectId: 12
        case .bool: 1
        case .null: 0
        case .int32: 4
        }
    }

    private static func digitCount(of index: Int) -> Int {
        index < 10 ? 1 : digitCount(of: index / 10) + 1
    }
}
