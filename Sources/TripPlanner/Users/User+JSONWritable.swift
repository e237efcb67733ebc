import TripPlannerModels

extension User: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .id: json.write(id)
            case .username: json.write(username)
            case .createdAt: json.write(createdAt)
            }
        }
    }
}
