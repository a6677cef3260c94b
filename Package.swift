// swift-tools-version: 6.0
// TokenGen: a native GTK 4 app that shows how a transformer arrives at its next token.
// Module graph (left may import right): tokengen → Shell → plugins → PluginKit → Analysis, Charts
// → Transformer → ModelFiles, Tokenizers → TensorCore → COpenBLAS; Shell → Hub → ModelFiles, CCrypto. See ../shared/DESIGN.md.
// Every target lists each of our modules it imports, not only the one it reaches them through: the native
// build re-runs a target's compile only when a listed dependency's .swiftmodule changes, so a target that
// imported Analysis only through PluginKit kept a struct's old layout after Analysis grew a field, and
// overwrote its stack (swiftlang/swift-package-manager#10502). Tests/CLITests/PackageManifestTests.swift checks it.
import PackageDescription

let pluginNames = [
    "Timeline", "Heatmap", "Clustering", "Contrast", "Comparison", "LensGrid", "Attribution", "Patching",
]
let pluginTargets: [Target] = pluginNames.map { name in
    .target(
        name: "\(name)Plugin",
        dependencies: ["PluginKit", "Analysis", "Charts"],
        path: "plugins/\(name.lowercased())"
    )
}

let package = Package(
    name: "TokenGen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tokengen", targets: ["tokengen"]),
        .library(name: "PluginKit", targets: ["PluginKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGtk", pkgConfig: "gtk4",
            providers: [.apt(["libgtk-4-dev"])]),
        .systemLibrary(
            name: "CCairo", pkgConfig: "pangocairo cairo-pdf cairo-svg cairo-png",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .target(name: "TensorCore", dependencies: ["COpenBLAS"]),
        .target(name: "ModelFiles", dependencies: ["TensorCore"]),
        .target(name: "Tokenizers"),
        .target(name: "Transformer", dependencies: ["ModelFiles", "Tokenizers", "TensorCore"]),
        .target(name: "Hub", dependencies: ["ModelFiles", "CCrypto"]),
        .target(name: "Analysis", dependencies: ["Transformer", "ModelFiles", "Tokenizers", "TensorCore"]),
        .target(name: "Charts", dependencies: ["CCairo"]),
        .target(name: "PluginKit", dependencies: ["Analysis", "Charts", "ModelFiles"]),
        .target(name: "Shell", dependencies: ["CGtk", "PluginKit", "Analysis", "Charts", "Hub"] + pluginNames.map { .target(name: "\($0)Plugin") }),
        .executableTarget(
            name: "tokengen",
            dependencies: [
                "Shell", "PluginKit", "Analysis", "Charts", "Transformer", "ModelFiles", "Tokenizers", "TensorCore", "Hub",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ] + pluginNames.map { .target(name: "\($0)Plugin") }),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"]),
        .testTarget(name: "ModelFilesTests", dependencies: ["ModelFiles", "TensorCore", "TestScratch"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "Transformer", "ModelFiles", "TestScratch"]),
        .testTarget(name: "TransformerTests", dependencies: ["Transformer", "ModelFiles", "TensorCore", "TestScratch"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Transformer", "ModelFiles", "TensorCore"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "TestScratch"]),
        .testTarget(
            name: "PluginTests",
            dependencies: ["PluginKit", "Analysis", "Charts", "ModelFiles", "TestScratch"] + pluginNames.map { .target(name: "\($0)Plugin") }),
        .testTarget(
            name: "ShellTests",
            dependencies: [
                "Shell", "PluginKit", "Analysis", "Charts", "ModelFiles", "HeatmapPlugin", "TimelinePlugin", "CGtk", "CCairo",
                "ChildProcesses",
            ]),
        .testTarget(name: "CLITests", dependencies: ["TestScratch"]),
        .testTarget(name: "HubTests", dependencies: ["Hub", "ModelFiles", "ChildProcesses"]),
        // Test support: starting the tests' child processes (no inherited pipes, killed with the test process).
        .target(name: "ChildProcesses", path: "Tests/Support/ChildProcesses"),
        // Test support: temporary folders removed when the test process exits.
        .target(name: "TestScratch", path: "Tests/Support/TestScratch"),
    ] + pluginTargets,
    swiftLanguageModes: [.v6]
)
