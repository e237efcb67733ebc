import TripPlannerModels

extension Session: JSONWritable {
    private static let jsonKeys = JSONObjectKeys(CodingKeys.self)

    func write(to json: inout JSONWriter) throws {
        json.writeObject(Self.jsonKeys) { key, json in
            switch key {
            case .id: json.write(id)
            // `null` when none was given, as the contract shows it.
            case .device: json.write(device)
            case .createdAt: json.write(createdAt)
            case .lastUsedAt: json.write(lastUsedAt)
            case .expiresAt: json.write(expiresAt)
            case .current: json.write(current)
            }
        }
    }
}
