import TripPlannerModels

extension NewSession: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .token: json.write(token)
            case .session: try json.write(session)
            }
        }
    }
}
