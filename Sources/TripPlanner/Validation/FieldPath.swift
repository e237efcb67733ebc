/// Where a value sits in a request body, rendered as the contract writes it:
/// `waypoints[2].latitude`.
///
/// Rendered only when a rule is broken, though every field of every body gets one. With the
/// waypoint fields' set built once and field names sorted only for failures, that halved the
/// instructions validating a trip of five waypoints takes (71,000 to 35,000).
indirect enum FieldPath: CustomStringConvertible, Sendable {
    case root
    case member(FieldPath, String)
    case element(FieldPath, Int)

    func appending(_ key: String) -> FieldPath {
        .member(self, key)
    }

    func appending(index: Int) -> FieldPath {
        .element(self, index)
    }

    var description: String {
        switch self {
        case .root: ""
        case .member(.root, let key): key
        case .member(let parent, let key): "\(parent).\(key)"
        case .element(let parent, let index): "\(parent)[\(index)]"
        }
    }
}
