import TripPlannerModels

/// The body of `POST /sessions`: an optional device name. Rendered session fields are
/// ignored, as for trips; anything else gets 400.
struct SessionInput {
    var device: String?

    static let deviceLength = 100

    init() {}

    init(_ body: JSONObject) throws {
        let device = Session.CodingKeys.device.rawValue
        let validation = Validation()
        validation.rejectUnknownFields(
            of: body, writable: [device], ignored: Session.CodingKeys.allCases.map(\.rawValue).filter { $0 != device }, at: .root)
        self.device = validation.name(body[device], at: FieldPath.root.appending(device), maxLength: Self.deviceLength)
        try validation.finish()
    }
}
