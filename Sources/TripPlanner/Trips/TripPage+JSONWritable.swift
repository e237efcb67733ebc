import TripPlannerModels

extension TripPage: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        try json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .trips: try json.write(trips)
            // `null` on the last page, as the contract shows it.
            case .next: json.write(next)
            }
        }
    }
}
