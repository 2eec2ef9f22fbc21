// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "arrearsd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "arrearsd", targets: ["arrearsd"]),
        .library(name: "ArrearsEngine", targets: ["ArrearsEngine"]),
        .library(name: "ArrearsStore", targets: ["ArrearsStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The engine: rules language, case state, decisions. No file system, no systemd.
        .target(name: "ArrearsEngine", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The durable state (SQLite through GRDB, WAL): events, work items, wake-ups, files.
        .target(name: "ArrearsStore", dependencies: [
            "ArrearsEngine", .product(name: "GRDB", package: "GRDB.swift"),
            // GRDB's own SQLite module, for binding the hot inserts directly.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // libsystemd (sd_notify, sd_journal_sendv) for the daemon runtime.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // The daemon runtime: rule directory loading, rule tests (YAML), inbox, store, queue writer, systemd.
        .target(name: "ArrearsRuntime", dependencies: ["ArrearsEngine", "CSystemd", .product(name: "Yams", package: "Yams")]),
        // The command-line interface.
        .executableTarget(
            name: "arrearsd",
            dependencies: [
                "ArrearsEngine", "ArrearsRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks: run with `swift run -c release arrearsd-bench`.
        .executableTarget(name: "arrearsd-bench", dependencies: ["ArrearsEngine", "ArrearsRuntime", "ArrearsStore"]),
        .testTarget(name: "ArrearsEngineTests", dependencies: ["ArrearsEngine"], resources: [.copy("Corpus")]),
        .testTarget(name: "ArrearsStoreTests", dependencies: ["ArrearsStore", "ArrearsEngine"]),
        .testTarget(name: "ArrearsdTests", dependencies: ["ArrearsRuntime", "ArrearsEngine"]),
    ]
)
