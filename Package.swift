// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "arrearsd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "arrearsd", targets: ["arrearsd"]),
        .library(name: "ArrearsEngine", targets: ["ArrearsEngine"]),
        .library(name: "ArrearsSystemd", targets: ["ArrearsSystemd"]),
        .library(name: "ArrearsStore", targets: ["ArrearsStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // The engine: rules language, case state, decisions. No file system, no systemd.
        .target(name: "ArrearsEngine", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // libsystemd (sd_notify, sd_journal_sendv), used only by ArrearsSystemd.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // systemd integration: sd_notify, journald and stderr log handlers (swift-log).
        .target(name: "ArrearsSystemd", dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")]),
        // The daemon runtime: rule directory loading, rule tests (YAML), inbox, file moves, queue writer.
        .target(
            name: "ArrearsRuntime",
            dependencies: [
                "ArrearsEngine",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The durable state (SQLite through GRDB, WAL): events, work items, wake-ups, files.
        .target(name: "ArrearsStore", dependencies: [
            "ArrearsEngine", .product(name: "GRDB", package: "GRDB.swift"),
            // GRDB's own SQLite module, for binding the hot inserts directly.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // The daemon: batches, re-evaluation over time, reload, queue file, signals (service-lifecycle).
        .target(name: "ArrearsDaemon", dependencies: [
            "ArrearsEngine", "ArrearsRuntime", "ArrearsStore", "ArrearsSystemd",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // Synthetic event streams (`arrearsd generate`, benchmarks): deterministic, day by day.
        .target(name: "ArrearsSynthetic", dependencies: ["ArrearsEngine"]),
        // `arrearsd simulate`: replay of cases as the daemon would evaluate them, queue differences.
        .target(name: "ArrearsSimulation", dependencies: ["ArrearsEngine"]),
        // The command-line interface.
        .executableTarget(
            name: "arrearsd",
            dependencies: [
                "ArrearsEngine", "ArrearsRuntime", "ArrearsDaemon", "ArrearsSystemd", "ArrearsStore", "ArrearsSynthetic", "ArrearsSimulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks: run with `swift run -c release arrearsd-bench`.
        .executableTarget(name: "arrearsd-bench", dependencies: ["ArrearsEngine", "ArrearsRuntime", "ArrearsStore", "ArrearsSynthetic"]),
        .testTarget(name: "ArrearsEngineTests", dependencies: ["ArrearsEngine"], resources: [.copy("Corpus")]),
        .testTarget(
            name: "ArrearsdTests",
            dependencies: ["ArrearsRuntime", "ArrearsEngine", "ArrearsStore", "ArrearsDaemon", "ArrearsSimulation", "ArrearsSynthetic",
                           "JournaldTestSupport", .product(name: "SystemPackage", package: "swift-system")]
        ),
        .testTarget(
            name: "ArrearsSystemdTests",
            dependencies: ["ArrearsSystemd", "JournaldTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        // A running journald and its entries, for the tests of both targets above.
        .target(name: "JournaldTestSupport", dependencies: ["ArrearsSystemd"], path: "Tests/JournaldTestSupport"),
        .testTarget(
            name: "ArrearsStoreTests",
            // GRDB: to build a store at an older schema and check its migration.
            dependencies: ["ArrearsStore", "ArrearsEngine", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
