// The models the client takes and returns (`Trip`, `Waypoint`, `User`, `Session`, their
// `ObjectId`s), so that `import TripPlannerClient` is all an app writes.
@_exported import BSON
@_exported import TripPlannerModels
