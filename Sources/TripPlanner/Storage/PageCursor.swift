import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
        self.id = id
        // Only the exact text this server writes is a cursor, so that the OpenAPI document can
        // state the format as a pattern and anything else is a 400, never a query. The time
        // must be one a document can have (mongomock cannot even sort by others): from 1970
        // to before 2^47 ms, the year 6429, which keeps the first 17 bits zero.
        guard Self.createdAtRange.contains(createdAt), self.token == token else { return nil }
    }

    private static let createdAtRange: Range<Int64> = 0..<(1 << 47)

    /// Documents after this position in newest-first order.
    var filter: BSONDocument {
        let createdAt = BSON.datetime(millisecondsSince1970: createdAt)
        return ["$or": [
            [OwnedField.createdAt: ["$lt": createdAt]],
            [OwnedField.createdAt: createdAt, OwnedField.id: ["$lt": .objectId(id)]],
        ]]
    }
}
