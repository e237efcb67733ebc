/// The body of `GET /trips`. `next` is always present: the cursor of the next page, or `null`.
public struct TripPage: Codable, Equatable, Sendable {
    public var trips: [Trip]
    public var next: String?

    public init(trips: [Trip], next: String?) {
        self.trips = trips
        self.next = next
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case trips, next
    }

    // The synthesized encoder would leave `next` out on the last page; the contract shows it as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trips, forKey: .trips)
        try container.encode(next, forKey: .next)
    }
}
