// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "arrearsd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "arrearsd", targets: ["arrearsd"]),
        .library(name: "ArrearsEngine", targets: ["ArrearsEngine"]),
        .library(name: "ArrearsSystemd", targets: ["ArrearsSystemd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        // The command-line interface.
        .executableTarget(
            name: "arrearsd",
            dependencies: [
                "ArrearsEngine", "ArrearsRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks: run with `swift run -c release arrearsd-bench`.
        .executableTarget(name: "arrearsd-bench", dependencies: ["ArrearsEngine", "ArrearsRuntime"]),
        .testTarget(name: "ArrearsEngineTests", dependencies: ["ArrearsEngine"], resources: [.copy("Corpus")]),
        .testTarget(
            name: "ArrearsdTests",
            dependencies: ["ArrearsRuntime", "ArrearsEngine", .product(name: "SystemPackage", package: "swift-system")]
        ),
        .testTarget(
            name: "ArrearsSystemdTests",
            dependencies: ["ArrearsSystemd", .product(name: "Logging", package: "swift-log")]
        ),
    ]
)
