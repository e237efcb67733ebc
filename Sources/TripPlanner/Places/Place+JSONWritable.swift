import TripPlannerModels

extension Place: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .name: json.write(name)
            case .latitude: try json.write(latitude)
            case .longitude: try json.write(longitude)
            case .trips: json.write(trips)
            case .lastVisitedAt: json.write(lastVisitedAt)
            }
        }
    }
}

extension PlaceList: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .places: try json.write(places)
            }
        }
    }
}
