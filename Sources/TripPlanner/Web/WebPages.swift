import NIOCore

/// The web companion's own files, embedded in the binary (`.embedInCode` in Package.swift), by
/// their path below `Web/app`. SwiftPM names each embedded file by its file name alone, so a
/// file added to `Web/app` gets its path here; `WebAppTests` checks that every file there does.
enum WebPages {
    static let files: [String: [UInt8]] = [
        "index.html": PackageResources.index_html,
        "icon.svg": PackageResources.icon_svg,
        "css/app.css": PackageResources.app_css,
        "js/api.js": PackageResources.api_js,
        "js/charts.js": PackageResources.charts_js,
        "js/dom.js": PackageResources.dom_js,
        "js/main.js": PackageResources.main_js,
        "js/map.js": PackageResources.map_js,
        "js/views/dashboard.js": PackageResources.dashboard_js,
        "js/views/editor.js": PackageResources.editor_js,
        "js/views/places.js": PackageResources.places_js,
        "js/views/signin.js": PackageResources.signin_js,
        "js/views/trip.js": PackageResources.trip_js,
        "js/views/trips.js": PackageResources.trips_js,
    ]

    /// The file at `components`, ready to serve; `nil` when the app has no such file.
    static func file(_ components: some BidirectionalCollection<Substring>) -> StaticFile? {
        guard let last = components.last, let type = StaticFile.contentType(of: last),
            let bytes = files[components.joined(separator: "/")]
        else { return nil }
        return StaticFile(body: ByteBuffer(bytes: bytes), contentType: type)
    }
}
