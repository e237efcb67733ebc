import TripPlannerModels

extension ErrorDetail: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .code: json.write(code.rawValue)
            case .message: json.write(message)
            // Left out when there are none, as the synthesized encoder leaves out `nil`.
            case .fields: if let fields { try json.write(fields) }
            }
        }
    }
}

extension ErrorDetail.Envelope: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .error: try json.write(error)
            }
        }
    }
}
