import TripPlannerModels

/// The bodies of `POST /users` (username and password) and `PATCH /users` (password only).
struct UserInput {
    var username: String?
    var password: String

    static let usernameLength = 3...32
    static let passwordBytes = 8...PasswordHasher.maxPasswordBytes

    /// Validates a body. Rendered fields that are not writable here are ignored, as for trips.
    init(_ body: JSONObject, signingUp: Bool) throws {
        let writable = signingUp ? [Field.username.rawValue, Field.password.rawValue] : [Field.password.rawValue]
        let validation = Validation()
        validation.rejectUnknownFields(
            of: body, writable: writable, ignored: User.CodingKeys.allCases.map(\.rawValue).filter { !writable.contains($0) },
            at: .root)
        if signingUp {
            username = Self.username(body[Field.username.rawValue], validation)
        }
        let password = Self.password(body[Field.password.rawValue], validation)
        try validation.finish()
        self.password = password!
    }

    private enum Field: String {
        case username, password
    }

    /// 3 to 32 of `A–Z a–z 0–9 . _ -`, stored lower-cased.
    private static func username(_ value: JSONValue?, _ validation: Validation) -> String? {
        let path = FieldPath.root.appending(Field.username.rawValue)
        guard let username = validation.string(value, at: path, required: true) else { return nil }
        guard usernameLength.contains(username.utf8.count), username.utf8.allSatisfy(isUsernameByte) else {
            validation.fail(path, "must be 3 to 32 characters of A–Z, a–z, 0–9, '.', '_' and '-'")
            return nil
        }
        return username.lowercased()
    }

    /// 8 to 72 bytes of UTF-8 (bcrypt reads no further) and no NUL (bcrypt would stop there).
    private static func password(_ value: JSONValue?, _ validation: Validation) -> String? {
        let path = FieldPath.root.appending(Field.password.rawValue)
        guard let password = validation.string(value, at: path, required: true) else { return nil }
        guard passwordBytes.contains(password.utf8.count) else {
            validation.fail(path, "must be 8 to 72 bytes of UTF-8")
            return nil
        }
        guard !password.utf8.contains(0) else {
            validation.fail(path, "must not contain a NUL character")
            return nil
        }
        return password
    }

    static func isUsernameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
