import XCTest

/// The parser the metrics tests rely on must reject what a scraper would.
final class PrometheusTextTests: XCTestCase {
    func testParsesSamplesOfDeclaredFamilies() throws {
        let text = try PrometheusText(
            """
            # HELP requests Requests served.
            # TYPE requests counter
            requests{route="/trips/{id}",note="a \\"quoted\\" \\\\ value"} 3
            # TYPE latency histogram
            latency_bucket{le="+Inf"} 2
            latency_sum 0.5
            latency_count 2 1700000000000

            """)
        XCTAssertEqual(text.value("requests", ["route": "/trips/{id}", "note": #"a "quoted" \ value"#]), 3)
        XCTAssertEqual(text.value("latency_bucket", ["le": "+Inf"]), 2)
        XCTAssertEqual(text.value("latency_count"), 2)
    }

    func testRejectsMalformedLines() {
        for bad in [
            "# TYPE requests counter\nrequests 1 2 3",
            "# TYPE requests counter\nrequests{route=\"/\"",
            "# TYPE requests counter\nrequests{route=/} 1",
            "# TYPE requests counter\nrequests one",
            "# TYPE requests sometimes",
            "undeclared 1",
            "# TYPE 9lives gauge",
        ] {
            XCTAssertThrowsError(try PrometheusText(bad), bad)
        }
    }
}
