import Foundation
import ModelFiles
import Shell

/// A model the user chose: what the picker holds (a path or cache name) and where its files are.
struct ChosenModel: Sendable, Equatable {
    var path: String
    var location: ModelLocation

    /// Resolves a picker or `--model` value; nil is the bundled default model.
    static func resolve(_ name: String?) throws -> ChosenModel {
        let location = try ModelOption.resolve(name)
        return ChosenModel(path: name ?? location.url.path, location: location)
    }

    /// What the picker shows: a cache name as is, a file or folder by its name.
    static func displayName(_ path: String) -> String {
        guard path.hasPrefix("/") else { return path }
        let url = URL(fileURLWithPath: path)
        if url.path == AppPaths.defaultModel().path { return "SmolLM2-135M-Instruct (bundled)" }
        let name = url.lastPathComponent
        // A Hugging Face snapshot folder is named by its revision: show the repository instead.
        if url.deletingLastPathComponent().lastPathComponent == "snapshots" {
            let repo = url.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
            return repo.replacingOccurrences(of: "models--", with: "").replacingOccurrences(
                of: "--", with: "/")
        }
        return name
    }
}

/// The model pickers: what they list, choosing, and putting a choice back when a model fails.
extension AppController {
    func setUpModels(recent: [String]) {
        let locator = ModelLocator(bundledModels: AppPaths.modelsDirectory())
        var paths = [AppPaths.defaultModel().path, model.path] + (compareModel.map { [$0.path] } ?? [])
        paths += locator.cachedModels() + recent
        var seen = Set<String>()
        entries = paths.filter { seen.insert($0).inserted }.map {
            ModelEntry(name: ChosenModel.displayName($0), path: $0)
        }
        showPickers()
    }

    /// Selects the committed model and comparison model in the pickers.
    func showPickers() {
        let selected = index(of: model.path)
        let compare = compareModel.flatMap { index(of: $0.path) }
        window.setModels(entries, selected: selected, compare: compare)
    }

    /// The picker index of `path`, adding an entry for it when it is not listed.
    func index(of path: String) -> Int? {
        if let i = entries.firstIndex(where: { $0.path == path }) { return i }
        entries.append(ModelEntry(name: ChosenModel.displayName(path), path: path))
        return entries.count - 1
    }

    func chooseModel(_ path: String) {
        guard path != (pendingModel ?? model).path else { return }
        do {
            pendingModel = try ChosenModel.resolve(path)
        } catch {
            showPickers()
            window.showError("Cannot open the model \(path): \(error)")
            return
        }
        if entries.firstIndex(where: { $0.path == path }) == nil {
            _ = index(of: path)
            window.setModels(
                entries, selected: entries.count - 1, compare: compareModel.flatMap { index(of: $0.path) })
        }
        queryPosition = nil
        clearSelection()
        startRun()
    }

    func chooseCompareModel(_ path: String?) {
        guard let path else {
            compareModel = nil
            startRun()
            return
        }
        do {
            compareModel = try ChosenModel.resolve(path)
        } catch {
            compareModel = nil
            showPickers()
            window.showError("Cannot open the comparison model \(path): \(error)")
            return
        }
        showPickers()
        startRun()
    }

    /// The run with a newly chosen model failed: keep the previous model and say why.
    func revertPendingModel(_ error: Error) {
        guard let failed = pendingModel else { return }
        pendingModel = nil
        showPickers()
        let reason = "\(error)".trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        window.showError(
            "Could not use the model \(ChosenModel.displayName(failed.path)): \(reason). "
                + "Still showing \(ChosenModel.displayName(model.path)).")
    }

    /// The comparison model failed (the primary analysis is intact): drop it and say why.
    func dropComparison(_ reason: String) {
        let name = compareModel.map { ChosenModel.displayName($0.path) } ?? "the comparison model"
        compareModel = nil
        showPickers()
        window.showError("Could not compare with \(name): \(reason)")
    }
}
