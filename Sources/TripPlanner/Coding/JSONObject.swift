/// A JSON object's members, in body order.
///
/// Request bodies have a handful of members, each read once or twice, so finding one by
/// comparing keys costs less than hashing them: as a dictionary, storing, reading and checking
/// the keys of a `POST /trips` body took about 6% of its instructions. Every lookup is linear,
/// and each body is read a fixed number of times, so a huge object costs linear time too.
struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// A struct rather than a tuple: an array of tuples is destroyed through the runtime's
    /// generic tuple code, after a lookup of the tuple's metadata.
    struct Member: Sendable {
        let key: String
        let value: JSONValue
    }

    private(set) var members: [Member] = []

    init() {}

    init(dictionaryLiteral members: (String, JSONValue)...) {
        self.members = members.map(Member.init)
    }

    mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    /// A repeated key reads as its last value, as JavaScript reads it.
    subscript(key: String) -> JSONValue? {
        members.last { $0.key == key }?.value
    }

    /// Each key once, with the value it reads as.
    var distinctMembers: [String: JSONValue] {
        Dictionary(members.lazy.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.distinctMembers == rhs.distinctMembers
    }
}
