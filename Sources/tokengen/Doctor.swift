import ArgumentParser
import Foundation
import Hub
import ModelFiles
import Shell
import TensorCore

/// `tokengen doctor`: reports what TokenGen finds on this machine and fails when something required is missing.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check OpenBLAS, GTK, the display and the models TokenGen can see.")

    func run() throws {
        var problems: [String] = []
        print("TokenGen \(TokenGen.version)")
        print("OpenBLAS: \(BLASInfo.config)")
        print("OpenBLAS core: \(BLASKernelSelection.selected) (autodetected: \(BLASKernelSelection.autodetected)), threads: \(BLASInfo.threads)")
        print("GTK: \(GtkInfo.version)")
        let display = ProcessInfo.processInfo.environment["DISPLAY"] ?? ProcessInfo.processInfo.environment["WAYLAND_DISPLAY"]
        let reachable = MainActor.assumeIsolated { GtkInfo.displayReachable() }
        print("Display: \(reachable ? "reachable (\(display ?? "default"))" : "not reachable — the window needs one; headless commands work without")")
        let model = AppPaths.defaultModel()
        if let attrs = try? FileManager.default.attributesOfItem(atPath: model.path),
            let size = attrs[.size] as? Int
        {
            print("Default model: \(model.path) (\(size) bytes)")
        } else {
            print("Default model: missing at \(model.path)")
            problems.append("the default model is missing: run `make setup` (or scripts/fetch-default-model.sh) to fetch it")
        }
        let locator = ModelLocator(bundledModels: AppPaths.modelsDirectory())
        let cached = locator.cachedModels()
        print("Hugging Face cache: \(locator.hubCache.path) — \(cached.isEmpty ? "no models" : cached.joined(separator: ", "))")
        let hub = HubSettings()
        print("Hugging Face Hub: \(hub.endpoint), token \(hub.hasToken ? "set" : "not set")\(hub.offline ? ", offline (HF_HUB_OFFLINE)" : "") — `tokengen download REPO` fetches a model")
        if !problems.isEmpty {
            for p in problems { print("error: \(p)") }
            throw ExitCode(1)
        }
        print("All required parts found.")
    }
}
