import Hummingbird
import Mongo
import XCTest

/// `GET /metrics`: valid Prometheus text, and the counters that serving requests should move.
final class MetricsTests: XCTestCase {
    func testMetricsAreValidPrometheusTextWithTypedFamilies() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            assertStatus(try await api.request(.get, "/users", as: account), .ok)
            let text = try await scrape(api)
            for (family, type) in [
                ("http_requests_total", "counter"), ("http_request_duration_seconds", "histogram"),
                ("mongodb_operation_duration_seconds", "histogram"), ("mongodb_pool_connections_in_use", "gauge"),
                ("mongodb_pool_connections_max", "gauge"), ("credential_cache_lookups_total", "counter"),
            ] {
                XCTAssertEqual(text.types[family], type, family)
            }
            XCTAssertEqual(text.value("mongodb_pool_connections_max"), Double(MongoConfiguration.defaultMaxConnections))
            XCTAssertNotNil(text.value("mongodb_pool_connections_in_use"))
        }
    }

    func testRequestCountsAndDurationsAreLabelledByRouteTemplateMethodAndStatus() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let trip = try await api.createTrip(account, name: "Counted")
            let labels = ["method": "GET", "route": "/trips/{id}", "status": "200"]
            let before = try await scrape(api)
            _ = try await api.getTrip(account, trip.id)
            _ = try await api.getTrip(account, trip.id)
            assertStatus(try await api.request(.delete, "/health"), .methodNotAllowed)
            assertStatus(try await api.request(.get, "/no/such/thing?secret=1"), .notFound)
            let after = try await scrape(api)

            XCTAssertEqual(after.value("http_requests_total", labels), (before.value("http_requests_total", labels) ?? 0) + 2)
            XCTAssertEqual(
                after.value("http_request_duration_seconds_count", labels),
                (before.value("http_request_duration_seconds_count", labels) ?? 0) + 2)
            XCTAssertEqual(after.value("http_requests_total", ["method": "DELETE", "route": "/health", "status": "405"]), 1)
            XCTAssertEqual(after.value("http_requests_total", ["method": "GET", "route": "NotFound", "status": "404"]), 1)
            let routes = Set(after.samples.filter { $0.name == "http_requests_total" }.compactMap { $0.labels["route"] })
            XCTAssertFalse(routes.contains { $0.contains(trip.id) || $0.contains("secret") }, "concrete paths in \(routes)")
        }
    }

    func testDatabaseOperationsAreTimedPerOperation() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let find = ["operation": "find", "outcome": "success"]
            let before = try await scrape(api).value("mongodb_operation_duration_seconds_count", find) ?? 0
            _ = try await api.listTrips(account)
            let after = try await scrape(api)
            XCTAssertGreaterThan(try XCTUnwrap(after.value("mongodb_operation_duration_seconds_count", find)), before)
            XCTAssertGreaterThanOrEqual(
                after.value("mongodb_operation_duration_seconds_count", ["operation": "insertOne", "outcome": "success"]) ?? 0, 1,
                "the sign-up's insert")
        }
    }

    func testCredentialCacheCountsAMissThenAHit() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let hit = ["result": "hit"], miss = ["result": "miss"]
            let before = try await scrape(api)
            assertStatus(try await api.request(.get, "/users", as: account), .ok)
            let afterFirst = try await scrape(api)
            assertStatus(try await api.request(.get, "/users", as: account), .ok)
            let afterSecond = try await scrape(api)

            let hits = { (text: PrometheusText) in text.value("credential_cache_lookups_total", hit) ?? 0 }
            let misses = { (text: PrometheusText) in text.value("credential_cache_lookups_total", miss) ?? 0 }
            XCTAssertEqual(misses(afterFirst), misses(before) + 1, "the first request verifies")
            XCTAssertEqual(hits(afterFirst), hits(before))
            XCTAssertEqual(hits(afterSecond), hits(afterFirst) + 1, "the second is remembered")
        }
    }

    /// A busy token costs the database one read per confirmation, about one a second, not
    /// one per request: many requests within the trust window are hits.
    func testABusyTokenIsConfirmedWithOneReadPerWindow() async throws {
        try await withServer { api in
            let account = try await api.signUp()
            let (withToken, _) = try await api.signIn(account)
            let reads = { (text: PrometheusText) in text.value("authentication_database_reads_total", ["credential": "bearer"]) ?? 0 }
            let lookups = { (text: PrometheusText, result: String) in text.value("credential_cache_lookups_total", ["result": result]) ?? 0 }
            let before = try await scrape(api)
            for _ in 0..<20 {
                assertStatus(try await api.request(.get, "/users", as: withToken), .ok)
            }
            let busy = try await scrape(api)
            let confirms = lookups(busy, "confirm") - lookups(before, "confirm")
            XCTAssertEqual(lookups(busy, "miss") - lookups(before, "miss"), 1)
            XCTAssertEqual(
                reads(busy) - reads(before), 2 + confirms,
                "the first use reads the session and the account, each confirmation the session")
            XCTAssertGreaterThanOrEqual(lookups(busy, "hit") - lookups(before, "hit"), 10, "most were answered from memory")
            try await Task.sleep(for: .seconds(1))
            assertStatus(try await api.request(.get, "/users", as: withToken), .ok)
            let later = try await scrape(api)
            XCTAssertEqual(lookups(later, "confirm") - lookups(busy, "confirm"), 1, "past the window, confirmed")
            XCTAssertEqual(reads(later) - reads(busy), 1, "by one read of the session")
        }
    }

    func testMetricsIsListedAtTheIndexAndAnswers405() async throws {
        try await withServer { api in
            let index = try await api.request(.get, "/").object()
            let endpoints = try XCTUnwrap(index["endpoints"] as? [[String: String]])
            XCTAssertTrue(endpoints.contains { $0["method"] == "GET" && $0["path"] == "/metrics" && $0["authentication"] == "none" })
            let reply = try await api.request(.post, "/metrics", json: "{}")
            assertError(reply, .methodNotAllowed, "method_not_allowed")
            XCTAssertEqual(allowSet(reply), ["GET"])
        }
    }
}

/// `GET /metrics`, checked and parsed.
private func scrape(_ api: API, file: StaticString = #filePath, line: UInt = #line) async throws -> PrometheusText {
    let reply = try await api.request(.get, "/metrics")
    assertStatus(reply, .ok, file: file, line: line)
    XCTAssertEqual(reply.headers[.contentType], "text/plain; version=0.0.4; charset=utf-8", file: file, line: line)
    return try PrometheusText(reply.text)
}
