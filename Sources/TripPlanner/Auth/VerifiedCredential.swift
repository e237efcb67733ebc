import BSON
import TripPlannerModels

/// What a credential was found to stand for, as `CredentialCache` remembers it: nothing
/// secret, and enough to confirm with one point read that it still holds.
struct VerifiedCredential: Sendable {
    let user: User
    /// The session a bearer token opens; `nil` for Basic.
    let session: ObjectId?
    /// For Basic, the stored password hash the password matched, as the cache's keyed
    /// fingerprint: while the account still has that hash, the password is still right,
    /// with no bcrypt needed to know it.
    let passwordHash: CredentialFingerprint?
}
