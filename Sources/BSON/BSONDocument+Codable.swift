/// BSONEncoder and BSONDecoder take a document as it is. Other coders see it as a keyed
/// container, with its fields in order.
extension BSONDocument: Codable {
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? BSONValueDecoder {
            self = try decoder.decode(BSONDocument.self)
            return
        }
        let container = try decoder.container(keyedBy: BSONCodingKey.self)
        self.init(try container.allKeys.map { ($0.stringValue, try container.decode(BSON.self, forKey: $0)) })
    }

    public func encode(to encoder: any Encoder) throws {
        if encoder is BSONValueEncoder {
            var container = encoder.singleValueContainer()
            return try container.encode(self)
        }
        var container = encoder.container(keyedBy: BSONCodingKey.self)
        // Other coders keep the last of a repeated key; BSON readers, this one included, the first.
        var seen = Set<String>()
        for field in fields where seen.insert(field.key).inserted {
            try container.encode(field.value, forKey: BSONCodingKey(stringValue: field.key))
        }
    }
}
