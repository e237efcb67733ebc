/// A value the server renders with `JSONWriter`. Its `Encodable` conformance stays the
/// definition of its JSON, which clients decode: `write(to:)` must produce exactly what
/// `JSONCoding.encoder` makes of it, and takes its member names from the type's `CodingKeys`.
protocol JSONWritable: Encodable {
    func write(to json: inout JSONWriter) throws
}
