import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A bearer token: 256 bits from the system's CSPRNG, in base64url without padding
/// (43 characters). The server keeps only `hash`, so a copy of the database does not let
/// anyone sign in; SHA-256 suffices as the one-way function because the token has far too
/// much entropy to be guessed back from it, unlike a password, which needs bcrypt.
struct SessionToken: Sendable {
    let text: String

    static let byteCount = 32
    static let length = 43

    /// A new random token.
    init() {
        let key = SymmetricKey(size: .bits256)
        text = key.withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }

    /// A token as a client sent it, if it has the shape of one; anything else is no token.
    init?(_ text: Substring) {
        guard text.utf8.count == Self.length, text.utf8.allSatisfy(Self.isTokenByte) else { return nil }
        self.text = String(text)
    }

    /// What the `sessions` collection stores and looks tokens up by: SHA-256, in hex.
    var hash: String {
        SHA256.hash(data: Data(text.utf8)).map { byte in
            String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }.joined()
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
