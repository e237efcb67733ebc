/// One rule a request broke, at the field it names (`waypoints[2].latitude`).
public struct FieldFailure: Codable, Equatable, Sendable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case path, message
    }
}
