// swift-tools-version: 6.0
// An out-of-tree TokenGen plugin: entropy and KL(final ‖ layer) per layer, as a line chart.
// Built on its own (`swift build --package-path plugins/example-entropy -c release`); it shares nothing
// with the app but the C ABI in `tokengen_plugin.h` and the JSON payload, so it needs no TokenGen sources.
import PackageDescription

let package = Package(
    name: "EntropyPlugin",
    products: [
        .library(name: "EntropyPlugin", type: .dynamic, targets: ["EntropyPlugin"])
    ],
    targets: [
        .systemLibrary(
            name: "CEntropyCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]),
        .target(name: "TokenGenPluginABI"),
        .target(name: "EntropyPlugin", dependencies: ["CEntropyCairo", "TokenGenPluginABI"]),
    ],
    swiftLanguageModes: [.v6]
)
