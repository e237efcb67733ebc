/// Parses a request body into a `JSONValue`, strictly by RFC 8259: no trailing commas, comments,
/// `NaN` or unquoted keys; numbers must fit a finite `Double`; `\u` escapes must pair their
/// surrogates. A leading UTF-8 byte order mark is skipped, as the RFC allows.
///
/// The bytes must already be valid UTF-8. Parsing straight from them, rather than through
/// Foundation's `JSONDecoder` and a `Decodable` `JSONValue`, was a fifth of the CPU a
/// `POST /trips` cost: the decoder can only be asked for one kind of value at a time, and
/// every wrong guess builds an error.
struct JSONParser {
    /// Where the body stops being JSON; the contract's answer is the same for every fault.
    struct SyntaxError: Error {
        let offset: Int
    }

    /// Deeper bodies are refused rather than allowed to exhaust the stack: no body the API
    /// accepts nests more than three levels.
    static let maxDepth = 512

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0

    static func parse(_ bytes: UnsafeRawBufferPointer) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.error }
        return value
    }

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private var error: SyntaxError { SyntaxError(offset: index) }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == .space || byte == .tab || byte == .lineFeed || byte == .carriageReturn {
            index += 1
        }
    }

    private mutating func value() throws(SyntaxError) -> JSONValue {
        skipWhitespace()
        guard let byte = current else { throw error }
        switch byte {
        case UInt8(ascii: "{"): return .object(try object())
        case UInt8(ascii: "["): return .array(try array())
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let end = index + word.utf8CodeUnitCount
        guard end <= bytes.count,
            UnsafeRawBufferPointer(rebasing: bytes[index..<end]).elementsEqual(
                UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        else { throw error }
        index = end
    }

    private mutating func object() throws(SyntaxError) -> JSONObject {
        try enterContainer()
        defer { depth -= 1 }
        var object = JSONObject()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return object
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error }
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            object.append(key, try value())
            skipWhitespace()
            if try endOfContainer(UInt8(ascii: "}")) { return object }
        }
    }

    private mutating func array() throws(SyntaxError) -> [JSONValue] {
        try enterContainer()
        defer { depth -= 1 }
        var array: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return array
        }
        while true {
            array.append(try value())
            skipWhitespace()
            if try endOfContainer(UInt8(ascii: "]")) { return array }
        }
    }

    /// Steps over the opening bracket, counting the depth.
    private mutating func enterContainer() throws(SyntaxError) {
        guard depth < Self.maxDepth else { throw error }
        depth += 1
        index += 1
    }

    /// After a member: `true` past the closing bracket, `false` past a comma that another
    /// member must follow.
    private mutating func endOfContainer(_ closing: UInt8) throws(SyntaxError) -> Bool {
        switch current {
        case closing:
            index += 1
            return true
        case UInt8(ascii: ","):
            index += 1
            return false
        default:
            throw error
        }
    }

    private mutating func expect(_ byte: UInt8) throws(SyntaxError) {
        guard current == byte else { throw error }
        index += 1
    }

    /// From the opening quote to past the closing one. Runs without escapes are taken whole.
    private mutating func string() throws(SyntaxError) -> String {
        index += 1
        var decoded: [UInt8] = []
        var runStart = index
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                let run = UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])
                index += 1
                if decoded.isEmpty { return String(decoding: run, as: UTF8.self) }
                decoded.append(contentsOf: run)
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                decoded.append(contentsOf: bytes[runStart..<index])
                index += 1
                try escape(into: &decoded)
                runStart = index
            case ..<0x20:
                // Control characters must be escaped.
                throw error
            default:
                index += 1
            }
        }
        throw error
    }

    /// After a backslash: appends what the escape stands for, as UTF-8.
    private mutating func escape(into decoded: inout [UInt8]) throws(SyntaxError) {
        guard let byte = current else { throw error }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(.lineFeed)
        case UInt8(ascii: "r"): decoded.append(.carriageReturn)
        case UInt8(ascii: "t"): decoded.append(.tab)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hexQuad())
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate counts only with the low one that must follow it.
                guard current == UInt8(ascii: "\\") else { throw error }
                index += 1
                try expect(UInt8(ascii: "u"))
                let low = UInt32(try hexQuad())
                guard (0xDC00..<0xE000).contains(low) else { throw error }
                scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error }
            decoded.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw error
        }
    }

    private mutating func hexQuad() throws(SyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            // \u escapes are rare in request bodies; the standard library's digit reading will do.
            guard let byte = current, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { throw error }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, as the nearest `Double`.
    private mutating func number() throws(SyntaxError) -> Double {
        let start = index
        let negative = current == UInt8(ascii: "-")
        if negative { index += 1 }
        // Up to 19 significant digits are gathered exactly; the fast path below uses them only
        // when there are at most 15, so that the mantissa is exact in a Double.
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        if current == UInt8(ascii: "0") {
            index += 1
        } else {
            guard let first = current, Self.isDigit(first) else { throw error }
            gatherDigits(into: &mantissa, count: &digits)
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard let first = current, Self.isDigit(first) else { throw error }
            let before = index
            gatherDigits(into: &mantissa, count: &digits)
            fractionDigits = index - before
        }
        var exponent = 0
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            let negativeExponent = current == UInt8(ascii: "-")
            if negativeExponent || current == UInt8(ascii: "+") { index += 1 }
            guard let first = current, Self.isDigit(first) else { throw error }
            while let byte = current, Self.isDigit(byte) {
                // Beyond this, the value is 0 or infinite whatever the digits.
                if exponent < 100_000 { exponent = exponent * 10 + Int(byte - UInt8(ascii: "0")) }
                index += 1
            }
            if negativeExponent { exponent = -exponent }
        }
        let value: Double
        let scale = exponent - fractionDigits
        if digits <= 15, abs(scale) < Self.exactPowersOfTen.count {
            // Both operands are exact, so one correctly rounded operation gives the nearest
            // Double (Clinger's fast path).
            let power = Self.exactPowersOfTen[abs(scale)]
            let magnitude = scale < 0 ? Double(mantissa) / power : Double(mantissa) * power
            value = negative ? -magnitude : magnitude
        } else {
            guard let parsed = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else { throw error }
            value = parsed
        }
        guard value.isFinite else { throw SyntaxError(offset: start) }
        return value
    }

    /// Leading zeros of a fraction do not count as significant digits.
    private mutating func gatherDigits(into mantissa: inout UInt64, count digits: inout Int) {
        while let byte = current, Self.isDigit(byte) {
            if digits < 19 {
                mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                if mantissa > 0 { digits += 1 }
            } else {
                digits += 1
            }
            index += 1
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// 10^0 to 10^22, every power of ten a Double holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { power, _ in power * 10 }
    }
}

extension UInt8 {
    fileprivate static var space: UInt8 { UInt8(ascii: " ") }
    fileprivate static var tab: UInt8 { UInt8(ascii: "\t") }
    fileprivate static var lineFeed: UInt8 { UInt8(ascii: "\n") }
    fileprivate static var carriageReturn: UInt8 { UInt8(ascii: "\r") }
}
