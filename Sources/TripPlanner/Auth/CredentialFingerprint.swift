import Crypto

/// An HMAC-SHA256 value under `CredentialCache`'s per-process random key, used as a
/// dictionary key and for comparisons: 32 bytes held inline, no allocation, and nothing
/// that helps recover what was hashed.
struct CredentialFingerprint: Hashable, Sendable {
    let words: (UInt64, UInt64, UInt64, UInt64)

    init(_ code: HashedAuthenticationCode<SHA256>) {
        words = code.withUnsafeBytes { bytes in
            (bytes.loadUnaligned(as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.words == rhs.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
