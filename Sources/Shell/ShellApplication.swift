import CGtk
import Foundation

/// The GtkApplication: one instance per session, one main window, settings restored and saved.
///
/// Use from the executable's `run()` (on the main thread):
/// ```swift
/// let app = ShellApplication(initialPrompt: prompt)
/// app.onWindowCreated = { window in /* add panes, wire window.onAnalyze, … */ }
/// let status = app.run()
/// ```
/// `run()` installs the main-loop bridge, so `DispatchQueue.main.async` and `@MainActor` tasks work.
@MainActor public final class ShellApplication {
    public static let defaultID = "io.github.tokengen.TokenGen"

    public let settingsStore: SettingsStore
    /// The settings restored at start; updated when the window closes, then saved.
    public private(set) var settings: ShellSettings
    /// Put in the prompt entry when the window opens (e.g. from `--prompt`).
    public var initialPrompt: String?
    /// Shown in About.
    public var version = "0.1.0"
    /// Called once, when the main window has been built and before it is shown: wire it here.
    public var onWindowCreated: ((MainWindow) -> Void)?
    /// The main window once the application is active.
    public private(set) var window: MainWindow?
    private let application: UnsafeMutablePointer<GtkApplication>?
    private let readiness: any ReadinessTrace
    /// The scripting and test hooks, read once at start-up and handed to the window.
    public let environment: ShellEnvironment

    /// - Parameters:
    ///   - unique: register on the session bus so a second launch raises the first window;
    ///     false for tests and scripted runs (no D-Bus needed).
    public init(
        id: String = ShellApplication.defaultID, unique: Bool = true, initialPrompt: String? = nil,
        settingsStore: SettingsStore = SettingsStore(), environment: ShellEnvironment = .current,
        readiness: (any ReadinessTrace)? = nil
    ) {
        self.environment = environment
        let readiness = readiness ?? ReadinessReporter(environment: environment)
        self.settingsStore = settingsStore
        self.settings = settingsStore.load()
        self.initialPrompt = initialPrompt
        self.readiness = readiness
        let flags = unique ? G_APPLICATION_DEFAULT_FLAGS : G_APPLICATION_NON_UNIQUE
        application = gtk_application_new(id, flags)
        if let application {
            Signal.onVoid(application, "activate") { [weak self] in self?.activate() }
        }
    }

    /// Runs the main loop until the last window closes; returns the process exit status.
    /// Prints `cannot open display` and returns 1 when there is no display.
    public func run() -> Int32 {
        guard gtk_init_check() != 0 else {
            FileHandle.standardError.write(Data("tokengen: \(ShellError.noDisplay)\n".utf8))
            return 1
        }
        guard let application else { return 1 }
        MainLoopBridge.install()
        // Arguments are parsed by the executable; GApplication sees none.
        return g_application_run(g(application), 0, nil)
    }

    /// Ends the main loop (saving settings first).
    public func quit() {
        saveSettings()
        guard let application else { return }
        g_application_quit(g(application))
    }

    private func activate() {
        if let window {
            window.present()
            return
        }
        let window = MainWindow(
            application: application.map { g($0) }, settings: settings, environment: environment,
            readiness: readiness)
        self.window = window
        window.version = version
        if let initialPrompt { window.prompt = initialPrompt }
        window.onQuit = { [weak self] in self?.quit() }
        Signal.onBool(window.window, "close-request") { [weak self] in
            guard let self else { return false }
            saveSettings()
            return false
        }
        onWindowCreated?(window)
        window.present()
    }

    private func saveSettings() {
        if let window { settings = window.settings }
        do {
            try settingsStore.save(settings)
        } catch {
            FileHandle.standardError.write(Data("tokengen: warning: \(error)\n".utf8))
        }
    }
}
