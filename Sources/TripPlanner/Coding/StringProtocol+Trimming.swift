/// Trimming without Foundation's `trimmingCharacters(in:)`, which on Linux bridges every call
/// through `NSString`: it was 3% of the CPU a `POST /trips` cost.
extension StringProtocol where SubSequence == Substring {
    /// Without the Unicode white space (the `White_Space` property: spaces of every width, tabs,
    /// line breaks) at either end, scalar by scalar: what `.whitespacesAndNewlines` trims.
    func trimmingWhitespace() -> Substring {
        // Nearly every name starts and ends with a visible ASCII character: nothing to trim,
        // decided from two bytes rather than by decoding scalars from each end.
        let bytes = self[...].utf8
        if let first = bytes.first, let last = bytes.last, Self.isVisibleASCII(first), Self.isVisibleASCII(last) {
            return self[...]
        }
        let scalars = self[...].unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isWhitespace($0) }),
            let last = scalars.lastIndex(where: { !Self.isWhitespace($0) })
        else { return self[endIndex...] }
        return self[first..<scalars.index(after: last)]
    }

    /// ASCII's white space (tab to carriage return, and space) without the Unicode property
    /// tables, which cost more than the rest of the trimming.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte)
    }

    /// Without the spaces and tabs HTTP allows around a header value or list item (RFC 9110's
    /// `OWS`).
    func trimmingOptionalWhitespace() -> Substring {
        let bytes = self[...].utf8
        let isOptionalWhitespace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isOptionalWhitespace($0) }),
            let last = bytes.lastIndex(where: { !isOptionalWhitespace($0) })
        else { return self[endIndex...] }
        return self[first..<bytes.index(after: last)]
    }
}
