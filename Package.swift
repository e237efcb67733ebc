// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "trip-planner",
    platforms: [.macOS(.v15), .iOS(.v18)],
    products: [
        .executable(name: "trip-planner", targets: ["TripPlannerServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
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
        // The blocking C driver behind an async, typed Swift API.
        .target(
            name: "Mongo",
            dependencies: [
                "BSON",
                "CMongoc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The HTTP application: routes, resources, auth and JSON coding.
        .target(
            name: "TripPlanner",
            dependencies: [
                "Mongo",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBasicAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "TripPlannerServer",
            dependencies: [
                "TripPlanner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "BSONTests", dependencies: ["BSON"]),
        .testTarget(name: "MongoTests", dependencies: ["Mongo"]),
        .testTarget(
            name: "TripPlannerTests",
            dependencies: [
                "BSON",
                "TripPlanner",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Drives the server's trip operations straight at MongoDB, for scripts/bench.
        .executableTarget(
            name: "TripPlannerBench",
            dependencies: ["Mongo", "BSON", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
    ]
)
