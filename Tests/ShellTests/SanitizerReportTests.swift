import Testing

/// `AppProcess.stop()` fails a window test whose instrumented app (`TOKENGEN_TEST_APP`) wrote a sanitizer report.
@Suite("Sanitizer reports from the app")
struct SanitizerReportTests {
    @Test("a ThreadSanitizer or AddressSanitizer report in the app's stderr is found, from its first line")
    func reportFound() {
        let tsan = "Gtk-WARNING: theme\n==================\nWARNING: ThreadSanitizer: data race (pid=7)\n"
            + "  Write of size 8 at 0x7b0400000010 by thread T2:\n    #0 Shell.MainWindow.update"
        let report = AppProcess.sanitizerReport(in: tsan)
        #expect(report?.hasPrefix("WARNING: ThreadSanitizer: data race") == true)
        #expect(report?.contains("Write of size 8") == true)
        let asan = "==9==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011"
        #expect(AppProcess.sanitizerReport(in: asan) == asan)
    }

    @Test("ordinary stderr, warnings included, is no report")
    func ordinaryStderr() {
        let log = "(tokengen:12): Gtk-WARNING **: 20:41:02.118: Theme parser error\n"
            + "{\"error\": \"the heads is 0 but must be between 1 and 1024\"}\n"
        #expect(AppProcess.sanitizerReport(in: log) == nil)
        #expect(AppProcess.sanitizerReport(in: "") == nil)
    }
}
