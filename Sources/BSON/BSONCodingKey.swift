/// The keys the coders make up themselves: array positions, `super`, and the field names of
/// BSON documents coded by other coders.
struct BSONCodingKey: CodingKey {
    static let `super` = BSONCodingKey(stringValue: "super")

    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }

    /// Named as JSONDecoder names them, so that error paths read the same.
    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }
}
