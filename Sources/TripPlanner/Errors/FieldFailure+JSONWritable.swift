import TripPlannerModels

extension FieldFailure: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .path: json.write(path)
            case .message: json.write(message)
            }
        }
    }
}
