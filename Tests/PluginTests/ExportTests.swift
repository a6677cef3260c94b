import Charts
import Foundation
import PluginKit
import Testing
import TimelinePlugin

@Suite("Exporting a plugin")
@MainActor
struct ExportTests {
    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plugin-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("writes PNG at size × scale, PDF and SVG; never overwrites unless asked")
    func formats() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plugin = TimelinePlugin()
        plugin.update(try #require(FixtureRun.full.finished))
        for format in ExportFormat.allCases {
            let path = dir.appendingPathComponent(PluginExporter.fileName(for: plugin.info, format: format))
                .path
            try PluginExporter.export(plugin, to: path, size: Size(width: 300, height: 200), scale: 2)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            switch format {
            case .png:
                #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
                // IHDR width and height, big-endian at bytes 16…23.
                let w = data[16..<20].reduce(0) { $0 << 8 | Int($1) },
                    h = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
                #expect(w == 600 && h == 400)
            case .pdf: #expect(data.starts(with: Array("%PDF".utf8)))
            case .svg: #expect(String(decoding: data, as: UTF8.self).contains("<svg"))
            }
            #expect(path.hasSuffix("timeline.\(format.rawValue)"))
            #expect(throws: ChartsError.fileExists(path: path)) {
                try PluginExporter.export(plugin, to: path, size: Size(width: 50, height: 50))
            }
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: path)) == data,
                "the refused export left the file alone")
            try PluginExporter.export(plugin, to: path, size: Size(width: 50, height: 50), overwrite: true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) != data)
        }
    }

    @Test("sizes parse as WIDTHxHEIGHT and bad ones are refused with a hint")
    func sizes() throws {
        #expect(try PluginExporter.parseSize("1200x800") == Size(width: 1200, height: 800))
        #expect(try PluginExporter.parseSize("640X480") == Size(width: 640, height: 480))
        for bad in ["1200", "x800", "0x10", "-5x5", "axb", "10x10x10"] {
            #expect(throws: PluginError.invalidSize(text: bad)) { try PluginExporter.parseSize(bad) }
        }
    }
}
