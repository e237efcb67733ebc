import Foundation
import HTTPTypes
import Hummingbird
import XCTest

/// `/app/`: the web companion's files, the libraries from Debian's packages, the security
/// headers on every response, and nothing served from outside the served directories.
final class WebAppTests: XCTestCase {
    static let requiredHeaders = ["X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy"]

    static func assertSecurityHeaders(_ reply: Reply, _ path: String, file: StaticString = #filePath, line: UInt = #line) {
        let header = { (name: String) in reply.headers[HTTPField.Name(name)!] }
        XCTAssertEqual(header("X-Content-Type-Options"), "nosniff", path, file: file, line: line)
        XCTAssertEqual(header("Referrer-Policy"), "no-referrer", path, file: file, line: line)
        let policy = header("Content-Security-Policy") ?? ""
        var directives: [String: String] = [:]
        for directive in policy.split(separator: ";") {
            let parts = directive.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            if let name = parts.first {
                directives[String(name)] = parts.count > 1 ? String(parts[1]) : ""
            }
        }
        XCTAssertEqual(directives["script-src"], "'self'", "\(path): \(policy)", file: file, line: line)
        XCTAssertEqual(directives["frame-ancestors"], "'none'", "\(path): \(policy)", file: file, line: line)
        XCTAssertEqual(directives["img-src"], "'self' https://tile.openstreetmap.org", "\(path): \(policy)", file: file, line: line)
        XCTAssertFalse(policy.contains("unsafe"), "\(path): \(policy)", file: file, line: line)
    }

    func testServesTheAppAndTheLibrariesWithSecurityHeaders() async throws {
        try await withServer { api in
            for path in ["/app/", "/app"] {
                let reply = try await api.request(.get, path)
                XCTAssertEqual(reply.status, .ok, path)
                XCTAssertEqual(reply.headers[.contentType], "text/html; charset=utf-8")
                XCTAssertTrue(reply.text.contains(#"<script type="module" src="/app/js/main.js"></script>"#), reply.text)
                XCTAssertFalse(reply.text.contains("<script>"), "no inline script")
                XCTAssertTrue(reply.text.contains("<title>"))
                Self.assertSecurityHeaders(reply, path)
                let head = try await api.request(.head, path)
                XCTAssertEqual(head.status, .ok, "HEAD \(path)")
                XCTAssertEqual(head.headers[.contentLength], reply.headers[.contentLength], "HEAD \(path)")
                XCTAssertEqual(head.body.readableBytes, 0, "HEAD \(path)")
                Self.assertSecurityHeaders(head, "HEAD \(path)")
            }
            let files = [
                ("/app/js/main.js", "text/javascript; charset=utf-8"), ("/app/js/views/editor.js", "text/javascript; charset=utf-8"),
                ("/app/css/app.css", "text/css; charset=utf-8"), ("/app/icon.svg", "image/svg+xml"),
                ("/app/lib/leaflet/leaflet.esm.js", "text/javascript; charset=utf-8"),
                ("/app/lib/leaflet/leaflet.css", "text/css; charset=utf-8"),
                ("/app/lib/chart.js/chart.esm.js", "text/javascript; charset=utf-8"),
                ("/app/lib/chart.js/chunks/helpers.segment.js", "text/javascript; charset=utf-8"),
            ]
            for (path, type) in files {
                let reply = try await api.request(.get, path)
                XCTAssertEqual(reply.status, .ok, path)
                XCTAssertEqual(reply.headers[.contentType], type, path)
                XCTAssertGreaterThan(reply.body.readableBytes, 100, path)
                Self.assertSecurityHeaders(reply, path)
            }
            // No innerHTML anywhere in the app's own code: text is always inserted as text.
            for module in ["main", "dom", "api", "map", "charts", "views/signin", "views/trips", "views/trip", "views/editor", "views/places", "views/dashboard"] {
                let reply = try await api.request(.get, "/app/js/\(module).js")
                XCTAssertEqual(reply.status, .ok, module)
                XCTAssertFalse(reply.text.contains("innerHTML") || reply.text.contains("insertAdjacentHTML"), module)
            }
        }
    }

    /// The app's files are embedded in the binary and listed by path in `WebPages`: one added
    /// to `Web/app` but not listed there would be missing from the app.
    func testServesEveryFileOfTheAppAsItIsInTheSources() async throws {
        let app = URL(filePath: #filePath).deletingLastPathComponent()
            .appending(path: "../../Sources/TripPlanner/Web/app").standardizedFileURL
        let files = try XCTUnwrap(FileManager.default.subpathsOfDirectory(atPath: app.path))
            .filter { try !$0.hasPrefix(".") && !$0.contains("/.") && !isDirectory(app.appending(path: $0)) }
        XCTAssertGreaterThan(files.count, 10)
        try await withServer { api in
            for file in files {
                let reply = try await api.request(.get, "/app/\(file)")
                XCTAssertEqual(reply.status, .ok, file)
                let source = try Data(contentsOf: app.appending(path: file))
                XCTAssertTrue(reply.body.readableBytesView.elementsEqual(source), "\(file) differs from its source")
            }
        }
    }

    private func isDirectory(_ url: URL) throws -> Bool {
        try url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory == true
    }

    func testRefusesEverythingOutsideTheServedDirectories() async throws {
        let libraries = FileManager.default.temporaryDirectory.appending(path: "web-libraries-\(UUID().uuidString)")
        let leaflet = libraries.appending(path: "leaflet")
        try FileManager.default.createDirectory(at: leaflet, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: libraries.appending(path: "chart.js"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: libraries) }
        try "export const ok = 1;\n".write(to: leaflet.appending(path: "inside.js"), atomically: true, encoding: .utf8)
        try "secret".write(to: libraries.appending(path: "outside.js"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: leaflet.appending(path: "escape.js").path, withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: leaflet.appending(path: "up.js").path, withDestinationPath: "../outside.js")
        try FileManager.default.createSymbolicLink(atPath: leaflet.appending(path: "sideways.js").path, withDestinationPath: "inside.js")

        var arguments = TestArguments()
        arguments.webLibraries = libraries.path
        try await withServer(arguments) { api in
            let inside = try await api.request(.get, "/app/lib/leaflet/inside.js").status
            XCTAssertEqual(inside, .ok)
            let sideways = try await api.request(.get, "/app/lib/leaflet/sideways.js").status
            XCTAssertEqual(sideways, .ok, "a link within the directory")
            let refused = [
                "/app/../Package.swift", "/app/%2e%2e/Package.swift", "/app/%2E%2E/%2e%2e/etc/passwd", "/app/js/../../../etc/passwd",
                "/app/js/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/app/lib/leaflet/../outside.js", "/app/lib/leaflet/..%2foutside.js",
                "/app/lib/leaflet%2f..%2foutside.js", "/app/lib/leaflet/escape.js", "/app/lib/leaflet/up.js", "/app//etc/passwd",
                "/app/%2fetc/passwd", "/app/lib//etc/passwd", "/app/lib/outside.js", "/app/lib/other/inside.js",
                "/app/.hidden", "/app/index.html%00.js", "/app/lib/leaflet/", "/app/js", "/app/nothing.js", "/app/trips",
                "/app/js/main.js/", "/app/js/%5c..%5c..%5cetc%5cpasswd", "/app/%ff",
            ]
            for (method, path) in [(HTTPRequest.Method.post, "/app/"), (.delete, "/app/js/main.js"), (.put, "/app")] {
                let reply = try await api.request(method, path)
                XCTAssertTrue([.notFound, .methodNotAllowed].contains(reply.status), "\(method) \(path): \(reply.status)")
                Self.assertSecurityHeaders(reply, "\(method) \(path)")
            }
            for path in refused {
                let reply = try await api.request(.get, path)
                XCTAssertEqual(reply.status, .notFound, path)
                XCTAssertFalse(reply.text.contains("secret") || reply.text.contains("root:"), path)
                Self.assertSecurityHeaders(reply, path)
            }
        }
    }

    func testWithoutTheLibrariesTheServerStartsAndSaysWhatToInstall() async throws {
        var arguments = TestArguments()
        arguments.webLibraries = "/nonexistent-\(UUID().uuidString)"
        try await withServer(arguments) { api in
            let health = try await api.request(.get, "/health").status
            XCTAssertEqual(health, .ok)
            let account = try await api.signUp()
            let listing = try await api.request(.get, "/trips", as: account).status
            XCTAssertEqual(listing, .ok)
            let reply = try await api.request(.get, "/app/")
            XCTAssertEqual(reply.status, .serviceUnavailable)
            XCTAssertTrue(reply.text.contains("libjs-leaflet") && reply.text.contains("libjs-chart.js"), reply.text)
            XCTAssertTrue(reply.headers[.contentType]?.hasPrefix("text/html") ?? false)
            Self.assertSecurityHeaders(reply, "/app/")
            let library = try await api.request(.get, "/app/lib/leaflet/leaflet.esm.js").status
            XCTAssertEqual(library, .notFound)
            let ownModule = try await api.request(.get, "/app/js/main.js").status
            XCTAssertEqual(ownModule, .ok)
        }
    }
}
