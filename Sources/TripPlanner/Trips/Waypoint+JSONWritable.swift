import TripPlannerModels

extension Waypoint: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .name: json.write(name)
            case .latitude: try json.write(latitude)
            case .longitude: try json.write(longitude)
            }
        }
    }
}
