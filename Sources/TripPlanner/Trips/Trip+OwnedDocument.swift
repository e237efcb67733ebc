import TripPlannerModels

extension Trip: OwnedDocument {
    static let collectionName = "trips"
}
