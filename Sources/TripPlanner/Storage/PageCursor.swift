import BSON
import Foundation

/// Where a page of a newest-first listing ended: the sort key of its last document. The next
/// page starts strictly after it, so pages neither skip nor repeat documents that existed
/// when the walk began, however many are created meanwhile.
struct PageCursor: Equatable, Sendable {
    let createdAt: Int64
    let id: ObjectId

    init(after document: some OwnedDocument) {
        createdAt = document.createdAt.millisecondsSince1970
        id = document.id
    }

    /// Opaque to clients: base64url of the 8-byte timestamp and the 12-byte id.
    var token: String {
        let bytes = withUnsafeBytes(of: createdAt.bigEndian) { Array($0) } + id.bytes
        return Data(bytes).base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    init?(token: String) {
        var base64 = token.replacing("-", with: "+").replacing("_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), data.count == 20, let id = ObjectId(bytes: data.suffix(12)) else {
            return nil
        }
        createdAt = data.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
        // Every real cursor marks a document the server stamped; a forged time outside the
        // calendar's years is refused here rather than by the database (mongomock cannot
        // even sort by it).
        guard Self.createdAtRange.contains(createdAt) else { return nil }
        self.id = id
    }

    /// 1970-01-01 to 9999-12-31, in milliseconds.
    private static let createdAtRange: ClosedRange<Int64> = 0...253_402_300_799_999

    /// Documents after this position in newest-first order.
    var filter: BSONDocument {
        let createdAt = BSON.datetime(millisecondsSince1970: createdAt)
        return ["$or": [
            [OwnedField.createdAt: ["$lt": createdAt]],
            [OwnedField.createdAt: createdAt, OwnedField.id: ["$lt": .objectId(id)]],
        ]]
    }
}
