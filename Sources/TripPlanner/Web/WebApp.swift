#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import NIOCore

/// `/app/`: the web companion, another client of this API. Its own pages, styles and modules
/// are embedded in the binary (`WebPages`); Leaflet and Chart.js are served, under `/app/lib/`,
/// from the directory Debian's `libjs-leaflet` and `libjs-chart.js` install them into.
/// Navigation inside the app is by URL fragment, so `/app/` is its only page.
struct WebApp: Sendable {
    /// `leaflet` and `chart.js` below the configured libraries' directory.
    let libraries: [Substring: StaticDirectory]

    init(librariesDirectory: String) {
        let root = URL(filePath: librariesDirectory, directoryHint: .isDirectory)
        libraries = Dictionary(uniqueKeysWithValues: Self.debianPackages.keys.map {
            ($0, StaticDirectory(root: root.appending(path: String($0), directoryHint: .isDirectory)))
        })
    }

    /// The directory below the libraries' directory, and the Debian package that installs it.
    static let debianPackages: [Substring: String] = ["leaflet": "libjs-leaflet", "chart.js": "libjs-chart.js"]

    /// HEAD too, as HTTP asks of every resource that answers GET: NIO sends its headers alone.
    func addRoutes(to router: Router<AppRequestContext>) {
        for path in ["/app", "/app/**"] {
            router.get(RouterPath(path), use: serve)
            router.head(RouterPath(path), use: serve)
        }
    }

    @Sendable func serve(_ request: Request, context: AppRequestContext) async throws -> Response {
        // Decoded first, so that `%2e%2e` is refused as `..` is.
        guard let path = request.uri.path.percentDecoded() else { return Self.notFound }
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2)
        if components.isEmpty || components == [""] {
            return try await index()
        }
        let file: StaticFile?
        if components.first == "lib" {
            let rest = components.dropFirst()
            file = try await rest.first.flatMap { libraries[$0] }?.file(rest.dropFirst())
        } else {
            file = WebPages.file(components)
        }
        guard let file else { return Self.notFound }
        return Self.response(file)
    }

    /// The app, or without the libraries a page that says which packages to install.
    private func index() async throws -> Response {
        var missing: [String] = []
        for (name, directory) in libraries where try await !directory.exists() {
            missing += Self.debianPackages[name].map { [$0] } ?? []
        }
        missing.sort()
        guard missing.isEmpty else {
            return Self.page(
                status: .serviceUnavailable, title: "Trip Planner needs its map and chart libraries",
                text: "The web app needs the Debian packages \(missing.joined(separator: " and ")), installed with "
                    + "`apt-get install \(missing.joined(separator: " "))` (make run does this), or the server's "
                    + "--web-libraries option set to the directory that holds them. The API itself works.")
        }
        guard let file = WebPages.file(["index.html"]) else { return Self.notFound }
        return Self.response(file)
    }

    private static func response(_ file: StaticFile) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: file.contentType, .contentLength: String(file.body.readableBytes), .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: file.body))
    }

    private static var notFound: Response {
        page(status: .notFound, title: "Not found", text: "There is no such page. The app starts at /app/.")
    }

    /// A page of plain text, escaped, for the answers that are not the app itself.
    private static func page(status: HTTPResponse.Status, title: String, text: String) -> Response {
        let escaped = { (text: String) in
            text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
        }
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escaped(title))</title></head>
            <body><main><h1>\(escaped(title))</h1><p>\(escaped(text))</p><p><a href="/app/">Trip Planner</a></p></main></body></html>

            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .contentLength: String(html.utf8.count)],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
