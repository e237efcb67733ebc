import TripPlannerModels

extension SessionList: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .sessions: try json.write(sessions)
            }
        }
    }
}
