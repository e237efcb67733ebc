import BSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TripPlannerModels

extension TripStats {
    private typealias Field = Trip.CodingKeys

    /// Totals and the months since `since` (the first day of the oldest month, UTC), both
    /// computed inside the database in one pass over the owner's trips. Months are bucketed
    /// by `$dateToString`, in UTC on mongod and the local stand-in alike.
    static func pipeline(since: Date) -> [BSONDocument] {
        let completedCount: BSON = ["$sum": ["$cond": [.string("$\(Field.completed.rawValue)"), 1, 0]]]
        let distance: BSON = ["$sum": .string("$\(Field.distanceKm.rawValue)")]
        let createdAt = BSON.string("$\(Field.createdAt.rawValue)")
        return [
            ["$facet": [
                "totals": [
                    ["$group": [
                        "_id": .null,
                        "trips": ["$sum": 1],
                        "completed": completedCount,
                        "waypoints": ["$sum": ["$size": .string("$\(Field.waypoints.rawValue)")]],
                        "distance_km": distance,
                        "first": ["$min": createdAt],
                        "last": ["$max": createdAt],
                    ]]
                ],
                "months": [
                    ["$match": [Field.createdAt.rawValue: ["$gte": .datetime(since)]]],
                    ["$group": [
                        "_id": ["$dateToString": ["format": "%Y-%m", "date": createdAt]],
                        "trips": ["$sum": 1],
                        "completed": completedCount,
                        "distance_km": distance,
                    ]],
                ],
            ]]
        ]
    }

    /// The 12 calendar months (UTC) up to and including the one `now` is in, oldest first.
    static func monthKeys(endingAt now: Date) -> (keys: [String], start: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let thisMonth = calendar.date(from: calendar.dateComponents([.year, .month], from: now))!
        let months = (0..<12).reversed().map { calendar.date(byAdding: .month, value: -$0, to: thisMonth)! }
        let keys = months.map { month in
            let parts = calendar.dateComponents([.year, .month], from: month)
            let (year, month) = (String(parts.year!), String(parts.month!))
            return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + (month.count < 2 ? "0" : "") + month
        }
        return (keys, months[0])
    }

    /// The pipeline's single output document, with every month of `months`, zeros included.
    init(aggregated document: BSONDocument, months: [String]) throws {
        let totals = document.documents("totals").first ?? [:]
        var byMonth: [String: BSONDocument] = [:]
        for month in document.documents("months") {
            if let key = month["_id"]?.stringValue { byMonth[key] = month }
        }
        self.init(
            trips: totals.count("trips"),
            completed: totals.count("completed"),
            waypoints: totals.count("waypoints"),
            distanceKm: totals.kilometres("distance_km"),
            firstTripAt: totals["first"]?.dateValue,
            lastTripAt: totals["last"]?.dateValue,
            months: months.map { key in
                let month = byMonth[key] ?? [:]
                return Month(
                    month: key, trips: month.count("trips"), completed: month.count("completed"),
                    distanceKm: month.kilometres("distance_km"))
            })
    }
}

extension BSONDocument {
    /// The documents of a `$facet` output array.
    fileprivate func documents(_ key: String) -> [BSONDocument] {
        guard case .array(let elements) = self[key] else { return [] }
        return elements.compactMap(\.documentValue)
    }

    fileprivate func count(_ key: String) -> Int {
        self[key]?.integerValue ?? 0
    }

    /// A sum of stored distances, which the database may return as an integer when it is 0.
    fileprivate func kilometres(_ key: String) -> Double {
        let sum: Double =
            switch self[key] {
            case .double(let value)?: value
            case let value?: Double(value.integerValue ?? 0)
            case nil: 0
            }
        return RouteLength.roundedKm(sum)
    }
}
