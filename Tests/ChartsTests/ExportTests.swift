import Foundation
import Testing
@testable import Charts

private struct DrawFailure: Error {}

@Suite("ChartExporter")
struct ExportTests {
    @Test("a filled rectangle reads back red inside and background outside (premultiplied BGRA)")
    func pixelsReadBack() throws {
        let image = try ChartExporter.renderImage(size: Size(width: 40, height: 30)) { canvas, _ in
            canvas.paint(.white)
            canvas.fill(Rect(x: 10, y: 10, width: 10, height: 10), color: Color(hex: 0xFF0000))
            canvas.fill(Rect(x: 25, y: 5, width: 10, height: 10), color: Color(hex: 0x0000FF, alpha: 0.5))
        }
        #expect(image.width == 40 && image.height == 30)
        #expect(image.pixels[15 * 40 + 15] == 0xFFFF_0000)
        #expect(image.color(x: 15, y: 15) == Color(hex: 0xFF0000))
        #expect(image.color(x: 2, y: 2) == Color(hex: 0xFFFFFF))
        #expect(image.color(x: 21, y: 15) == Color(hex: 0xFFFFFF))
        let blend = image.color(x: 30, y: 10)
        #expect(abs(blend.red - 0.5) < 0.01 && blend.blue == 1)
    }

    @Test("a circle drawn after a line does not join it (new sub-path)")
    func circleHasNoJoin() throws {
        let image = try ChartExporter.renderImage(size: Size(width: 60, height: 60)) { canvas, _ in
            canvas.paint(.white)
            canvas.circle(center: Point(x: 40, y: 40), radius: 5, fill: nil, stroke: .black, lineWidth: 2)
        }
        #expect(image.color(x: 5, y: 5) == .white)
        #expect(image.color(x: 20, y: 20) == .white)
        #expect(image.color(x: 45, y: 40).red < 0.5)
    }

    @Test("PNG at scale 2 has twice the pixel size in its IHDR")
    func pngScale() throws {
        let dir = try makeTempDir()
        let path = dir + "/chart.png"
        try ChartExporter.export(to: path, size: Size(width: 300, height: 200), scale: 2) { c, s in
            Samples.lineChart().draw(on: c, in: Rect(size: s), theme: .light)
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        func be32(_ o: Int) -> Int { bytes[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(String(bytes: bytes[12..<16], encoding: .ascii) == "IHDR")
        #expect(be32(16) == 600 && be32(20) == 400)
        #expect(filesIn(dir) == ["chart.png"])
    }

    @Test("PDF has one page with the requested MediaBox in points")
    func pdfPageSize() throws {
        let dir = try makeTempDir()
        let path = dir + "/chart.pdf"
        try ChartExporter.export(to: path, size: Size(width: 432, height: 288)) { c, s in
            Samples.heatmap().draw(on: c, in: Rect(size: s), theme: .light)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-"))
        #expect(text.contains("/MediaBox [ 0 0 432 288 ]"))
        #expect(text.contains("/FontFile"))  // fonts embedded
    }

    @Test("SVG has the requested width and height")
    func svgSize() throws {
        let dir = try makeTempDir()
        let path = dir + "/chart.svg"
        try ChartExporter.export(to: path, size: Size(width: 500, height: 320)) { c, s in
            Samples.scatter().draw(on: c, in: Rect(size: s), theme: .dark)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("<svg"))
        #expect(text.contains("width=\"500pt\"") && text.contains("height=\"320pt\""))
    }

    @Test("an existing file is not overwritten unless asked, and keeps its content")
    func noSilentOverwrite() throws {
        let dir = try makeTempDir()
        let path = dir + "/keep.png"
        try Data("original".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ChartsError.fileExists(path: path)) {
            try ChartExporter.export(to: path, size: Size(width: 10, height: 10)) { c, _ in c.paint(.white) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("original".utf8))
        #expect(filesIn(dir) == ["keep.png"])
        try ChartExporter.export(to: path, size: Size(width: 10, height: 10), overwrite: true) { c, _ in
            c.paint(.white)
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(filesIn(dir) == ["keep.png"])
    }

    @Test("a failing drawing leaves neither the target nor a temp file")
    func noTempOnFailure() throws {
        let dir = try makeTempDir()
        for ext in ["png", "pdf", "svg"] {
            #expect(throws: DrawFailure.self) {
                try ChartExporter.export(to: dir + "/x.\(ext)", size: Size(width: 10, height: 10)) { _, _ in
                    throw DrawFailure()
                }
            }
        }
        #expect(filesIn(dir).isEmpty)
    }

    @Test("bad targets and sizes give typed errors with actionable messages")
    func badInput() throws {
        let dir = try makeTempDir()
        let missing = dir + "/nope/sub"
        #expect(throws: ChartsError.directoryMissing(path: missing)) {
            try ChartExporter.export(to: missing + "/a.png", size: Size(width: 10, height: 10)) { _, _ in }
        }
        #expect(throws: ChartsError.unknownFormat(pathExtension: "gif")) {
            try ChartExporter.export(to: dir + "/a.gif", size: Size(width: 10, height: 10)) { _, _ in }
        }
        #expect(throws: ChartsError.invalidSize(width: 0, height: 10)) {
            try ChartExporter.export(to: dir + "/a.png", size: Size(width: 0, height: 10)) { _, _ in }
        }
        #expect(throws: ChartsError.invalidScale(-1)) {
            try ChartExporter.export(to: dir + "/a.png", size: Size(width: 10, height: 10), scale: -1) {
                _, _ in
            }
        }
        #expect(ChartsError.fileExists(path: "/a.png").description.contains("allow overwriting"))
        #expect(filesIn(dir).isEmpty)
    }
}
