// swift-tools-version:6.0
// qkdtutor — a terminal tutor for quantum key distribution.
// SPDX-License-Identifier: GPL-3.0-or-later
import PackageDescription

let package = Package(
    name: "qkdtutor",
    products: [
        .executable(name: "qkdtutor", targets: ["qkdtutor"]),
        .library(name: "QuantumSim", targets: ["QuantumSim"]),
        .library(name: "QKD", targets: ["QKD"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The live classroom: HTTP + WebSocket server and client, SQLite storage.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C libraries from Debian: link ncursesw (wide), never plain ncurses.
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]
        ),

        // Carry-less (GF(2)[z]) products on PCLMULQDQ for Toeplitz hashing; C because Swift cannot call target intrinsics.
        .target(name: "CCarrylessMultiply", exclude: ["README.md"]),

        // Which code points are controls, and how outside text is made inert (no dependencies).
        .target(name: "TextSafety", exclude: ["README.md"]),

        // The pure engine: no terminal I/O, no global state.
        .target(
            name: "QuantumSim",
            dependencies: [.product(name: "ComplexModule", package: "swift-numerics")],
            exclude: ["README.md"]
        ),
        .target(
            name: "QKD",
            dependencies: ["QuantumSim", "CCarrylessMultiply"],
            exclude: ["README.md", "KeyRate/README.md", "Distillation/README.md"]
        ),
        .target(
            name: "QKDNetwork",
            dependencies: ["QKD", "TextSafety", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"],
            resources: [.copy("Scenarios")]
        ),
        // The BB84 role-play game (issue 15): pure rules, views and reveal; no I/O.
        .target(name: "RolePlay", dependencies: ["QKD", "QuantumSim"], exclude: ["README.md"]),

        // The command language: a command runs against the engine and returns a report.
        .target(
            name: "Commands",
            dependencies: [
                "QKD", "QuantumSim", "QKDNetwork", "TextSafety",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md", "Glossary/README.md"]
        ),

        // Lesson scripts, quizzes, progress and the demo driver.
        .target(name: "Tutor", dependencies: ["Commands", "QuantumSim", "TextSafety"], exclude: ["README.md"]),

        // The full-screen ncurses visualizer: views draw reports, never simulate.
        .target(name: "Studio", dependencies: ["Commands", "Console", "Tutor", "QKD", "QKDNetwork", "RolePlay", "CNcurses", "CReadline"],
                exclude: ["README.md"]),

        // The readline REPL: prompt, completion, history, rendering of reports.
        .target(name: "Console", dependencies: ["Commands", "CReadline"], exclude: ["README.md"]),

        // The live classroom: pure messages, the server (Hummingbird + GRDB), the student/projector client.
        .target(name: "ClassProtocol", dependencies: ["TextSafety"], exclude: ["README.md"]),
        .target(
            name: "ClassServer",
            dependencies: [
                "ClassProtocol", "Tutor", "RolePlay",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "ClassClient",
            dependencies: [
                "ClassProtocol", "Tutor", "RolePlay",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            exclude: ["README.md"]
        ),

        .executableTarget(
            name: "qkdtutor",
            dependencies: [
                "ClassProtocol", "ClassServer", "ClassClient", "RolePlay",
                "Commands", "Console", "Tutor", "Studio", "QKD", "QuantumSim", "CNcurses", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "QuantumSimTests", dependencies: ["QuantumSim"]),
        .testTarget(name: "QKDTests", dependencies: ["QKD", "QuantumSim", "CCarrylessMultiply"]),
        .testTarget(name: "QKDNetworkTests", dependencies: ["QKDNetwork", "QKD"]),
        .testTarget(name: "RolePlayTests", dependencies: ["RolePlay", "QKD", "QuantumSim"]),
        .testTarget(name: "CommandsTests", dependencies: ["Commands", "TextSafety"]),
        .testTarget(name: "TutorTests", dependencies: ["Tutor", "Commands"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ClassTests", dependencies: ["ClassProtocol", "ClassServer", "ClassClient", "Tutor", "Commands", "RolePlay",
                                                    .product(name: "HummingbirdWSClient", package: "hummingbird-websocket")]),
        .testTarget(name: "StudioTests", dependencies: ["Studio", "Commands", "QKD", "CNcurses", "Tutor", "RolePlay"]),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzzing (issue 18): the entry points are an ordinary library that the test
// run replays the corpus through; the libFuzzer driver exists only for
// `make fuzz`, because it has no `main` of its own and links libFuzzer.
package.targets.append(.target(name: "FuzzEntryPoints", dependencies: ["Commands", "Tutor", "QKDNetwork"],
                               exclude: ["README.md"]))
package.targets.append(.testTarget(name: "FuzzReplayTests", dependencies: ["FuzzEntryPoints"]))
if Context.environment["QKDTUTOR_FUZZ"] == "1" {
    package.targets.append(.executableTarget(name: "QKDTutorFuzz", dependencies: ["FuzzEntryPoints"],
                                             swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
}
