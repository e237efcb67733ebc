/// Where a value sits in a request body, rendered as the contract writes it:
/// `waypoints[2].latitude`.
///
/// Built and rendered only when a rule is broken: `Validation`'s readers take it as an
/// autoclosure. Built eagerly for every field, paths were a fifth of the instructions that
/// validating a trip of five waypoints took.
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
