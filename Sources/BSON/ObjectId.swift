#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// A MongoDB ObjectId: 12 bytes, rendered as 24 lower-case hex characters.
///
/// It is a BSON ObjectId in the database and a hex string everywhere else (JSON, URLs),
/// which is why its `Codable` form is a string: `BSONEncoder` and `BSONDecoder` special-case it.
public struct ObjectId: Sendable, Hashable, Comparable {
    /// Stored big-endian as two integers so that equality, hashing and ordering are cheap and
    /// agree with MongoDB's byte-wise ordering.
    @usableFromInline let high: UInt64
    @usableFromInline let low: UInt32

    /// The 12 bytes, in order.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the 12 bytes, in order, without copying them to the heap. Inlinable,
    /// so that callers get it specialized: generic, it cost a BSON write 1,000 instructions.
    @inlinable
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(byteCount: 12, alignment: 8) { bytes in
            bytes.storeBytes(of: high.bigEndian, as: UInt64.self)
            bytes.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt32.self)
            return try body(UnsafeRawBufferPointer(bytes))
        }
    }

    /// Inlinable so that callers get it specialized for their collection: unspecialized, the
    /// generic iteration took about 6% of the driver threads' time, on every document read.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 12 else { return nil }
        var high: UInt64 = 0
        var low: UInt32 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 {
                high = high << 8 | UInt64(byte)
            } else {
                low = low << 8 | UInt32(byte)
            }
        }
        self.init(high: high, low: low)
    }

    /// Parses 24 hex characters in either case; anything else is `nil`.
    public init?(_ hex: some StringProtocol) {
        var digits = hex.utf8.makeIterator()
        var high: UInt64 = 0
        var low: UInt32 = 0
        for index in 0..<24 {
            guard let character = digits.next(), let nibble = Self.nibble(character) else { return nil }
            if index < 16 {
                high = high << 4 | UInt64(nibble)
            } else {
                low = low << 4 | UInt32(nibble)
            }
        }
        guard digits.next() == nil else { return nil }
        self.init(high: high, low: low)
    }

    /// A new id, unique in this process and very likely everywhere: seconds since the epoch,
    /// a per-process random value and an incrementing counter, as the ObjectId spec prescribes.
    public init() {
        let seconds = UInt64(UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970)))
        let counter = UInt64(Self.counter.add(1, ordering: .relaxed).newValue & 0xFF_FFFF)
        // Bytes 0-3 timestamp, 4-8 process random, 9-11 counter.
        let high = seconds << 32 | UInt64(Self.processRandom >> 8)
        let low = UInt32(truncatingIfNeeded: UInt64(Self.processRandom & 0xFF) << 24 | counter)
        self.init(high: high, low: low)
    }

    @usableFromInline
    init(high: UInt64, low: UInt32) {
        self.high = high
        self.low = low
    }

    public static func < (lhs: ObjectId, rhs: ObjectId) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    private static let processRandom = UInt64.random(in: 0..<(1 << 40))
    private static let counter = Atomic<UInt32>(.random(in: 0..<(1 << 24)))

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension ObjectId: LosslessStringConvertible {
    public var description: String {
        String(unsafeUninitializedCapacity: 24) { buffer in
            withUnsafeBytes { bytes in
                for (index, byte) in bytes.enumerated() {
                    buffer[index * 2] = Self.hexDigit(byte >> 4)
                    buffer[index * 2 + 1] = Self.hexDigit(byte & 0xF)
                }
            }
            return 24
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    public init?(_ description: String) {
        self.init(description[...])
    }
}

extension ObjectId: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let hex = try container.decode(String.self)
        guard let id = ObjectId(hex) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected 24 hexadecimal characters, got \"\(hex)\".")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
