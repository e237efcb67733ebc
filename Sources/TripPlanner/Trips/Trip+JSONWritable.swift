import TripPlannerModels

extension Trip: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .id: json.write(id)
            case .owner: json.write(owner)
            case .name: json.write(name)
            case .completed: json.write(completed)
            case .waypoints: try json.write(waypoints)
            case .distanceKm: try json.write(distanceKm)
            case .createdAt: json.write(createdAt)
            case .updatedAt: json.write(updatedAt)
            }
        }
    }
}
