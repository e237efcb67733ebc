/// Where a value sits in a request body, rendered as the contract writes it:
/// `waypoints[2].latitude`.
struct FieldPath: CustomStringConvertible, Sendable {
    private(set) var description: String

    static let root = FieldPath(description: "")

    func appending(_ key: String) -> FieldPath {
        FieldPath(description: description.isEmpty ? key : "\(description).\(key)")
    }

    func appending(index: Int) -> FieldPath {
        FieldPath(description: "\(description)[\(index)]")
    }
}
