// swift-tools-version:6.1
import PackageDescription

/// One section per function in the server's own modules, as the Swift runtime has (packages
/// get one per source file), so that the release link can put the code that serves requests
/// together (see `scripts/link/hot-code`).
let functionSections = SwiftSetting.unsafeFlags(["-Xfrontend", "-function-sections"], .when(configuration: .release))

let package = Package(
    name: "trip-planner",
    platforms: [.macOS(.v15), .iOS(.v18)],
    products: [
        .executable(name: "trip-planner", targets: ["TripPlannerServer"]),
        // For the mobile app: `.product(name: "TripPlannerClient", package: "trip-planner")`.
        .library(name: "TripPlannerClient", targets: ["TripPlannerClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // No default traits: `FullFoundation` links all of Foundation, ICU included, into the
        // server for URL-encoded forms' `DateFormatter`, and `ConfigurationSupport` adds
        // swift-configuration; the server uses neither, and FoundationEssentials suffices.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // libmongoc and libbson from Debian's libmongoc-dev / libbson-dev.
        .systemLibrary(
            name: "CMongoc",
            pkgConfig: "libmongoc-1.0",
            providers: [.apt(["libmongoc-dev", "libbson-dev"])]
        ),
        // Pure Swift: ObjectId, BSON values and the Codable bridge. Links nothing native, so
        // models built on it can be shared with an iOS client.
        .target(name: "BSON"),
        // The contract's types and JSON conventions, shared by the server and the client.
        .target(name: "TripPlannerModels", dependencies: ["BSON"]),
        // The mobile app's side of the contract: async/await over URLSession.
        .target(name: "TripPlannerClient", dependencies: ["TripPlannerModels"]),
        // The blocking C driver behind an async, typed Swift API.
        .target(
            name: "Mongo",
            dependencies: [
                "BSON",
                "CMongoc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: [functionSections]
        ),
        // The HTTP application: routes, resources, auth and JSON coding.
        .target(
            name: "TripPlanner",
            dependencies: [
                "Mongo",
                "TripPlannerModels",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBasicAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Embedded rather than bundled: `Bundle.module` would link all of Foundation.
            resources: [.embedInCode("OpenAPI/openapi.yaml"), .embedInCode("Web/app")],
            swiftSettings: [functionSections]
        ),
        .executableTarget(
            name: "TripPlannerServer",
            dependencies: [
                "TripPlanner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: [functionSections],
            // `--no-export-dynamic`: nothing looks the server's symbols up at run time, and
            // exporting all of them had the dynamic linker page in 2 MiB of symbol tables at
            // start-up; without them the idle server's RSS was 4 MiB lower.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
                        "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/scripts/link/hot-code.order",
                        "-Xlinker", "--no-warn-symbol-ordering",
                    ],
                    .when(configuration: .release))
            ]
        ),
        .testTarget(name: "BSONTests", dependencies: ["BSON"]),
        .testTarget(name: "MongoTests", dependencies: ["Mongo", .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(
            name: "TripPlannerTests",
            dependencies: [
                "BSON",
                "TripPlanner",
                "TripPlannerClient",
                "TripPlannerModels",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Drives the server's trip operations straight at MongoDB, for scripts/bench.
        .executableTarget(
            name: "TripPlannerBench",
            dependencies: ["Mongo", "BSON", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
    ]
)
