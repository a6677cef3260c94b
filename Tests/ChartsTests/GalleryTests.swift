import Foundation
import Testing
@testable import Charts

/// Renders the sample charts to files a person can look at (NSTemporaryDirectory()/charts-gallery).
@Suite("Gallery")
struct GalleryTests {
    @Test("sample charts render in light and dark themes without Cairo errors")
    func renderGallery() throws {
        let dir = NSTemporaryDirectory() + "charts-gallery"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let size = Size(width: 640, height: 420)
        for (themeName, theme) in [("light", Theme.light), ("dark", Theme.dark)] {
            let charts: [(String, (Canvas, Rect) -> Void)] = [
                ("line", { Samples.lineChart().draw(on: $0, in: $1, theme: theme) }),
                ("heatmap", { Samples.heatmap().draw(on: $0, in: $1, theme: theme) }),
                ("scatter", { Samples.scatter().draw(on: $0, in: $1, theme: theme) }),
                ("bars", { Samples.bars().draw(on: $0, in: $1, theme: theme) }),
            ]
            for (name, body) in charts {
                let path = "\(dir)/\(name)-\(themeName).png"
                try ChartExporter.export(to: path, size: size, scale: 1.5, overwrite: true) { canvas, size in
                    canvas.paint(theme.background)
                    body(canvas, Rect(size: size))
                }
                #expect(FileManager.default.fileExists(atPath: path))
            }
        }
    }
}
