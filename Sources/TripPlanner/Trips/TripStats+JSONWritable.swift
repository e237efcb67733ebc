import TripPlannerModels

extension TripStats: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .trips: json.write(trips)
            case .completed: json.write(completed)
            case .waypoints: json.write(waypoints)
            case .distanceKm: try json.write(distanceKm)
            case .firstTripAt: json.write(firstTripAt)
            case .lastTripAt: json.write(lastTripAt)
            case .months: try json.write(months)
            }
        }
    }
}

extension TripStats.Month: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .month: json.write(month)
            case .trips: json.write(trips)
            case .completed: json.write(completed)
            case .distanceKm: try json.write(distanceKm)
            }
        }
    }
}
